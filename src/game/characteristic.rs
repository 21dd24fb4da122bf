//! The characteristic function: the value of every coalition, stored as one `Vec<f64>` of
//! length `2^n` indexed by the coalition's bitmask (bit `i` set = player `i` is a member).
//!
//! A [`Game`] is either a cost game (`c(T)`: what coalition `T` would pay on its own) or a
//! profit game (`v(T)`: what `T` could earn on its own). Every solution in [`crate::game`]
//! works on both; internally a profit game is handled as the cost game `c = -v` with the
//! allocation negated, which maps excesses, the core and the nucleolus one to one (see the
//! module docs of [`crate::game`]).

use crate::error::Error;
use serde::Serialize;

/// A coalition as a bitmask over the players: bit `i` set means player `i` is a member.
/// `0` is the empty coalition, `(1 << n) - 1` the grand coalition `N`.
pub type Coalition = u32;

/// Largest number of players a tabulated [`Game`] may have (`2^24` values, 128 MiB).
pub const MAX_PLAYERS: usize = 24;

/// Whether the characteristic function gives costs or profits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `c(T)` is what `T` pays when it acts alone; players share `c(N)` and want to pay little.
    Cost,
    /// `v(T)` is what `T` earns when it acts alone; players share `v(N)` and want much.
    Profit,
}

/// A transferable-utility game in characteristic-function form, tabulated over all `2^n`
/// coalitions. Construct with [`Game::from_fn`] or [`Game::from_values`]; both check that
/// the empty coalition is worth 0 and every value is finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    players: usize,
    kind: Kind,
    values: Vec<f64>,
}

impl Game {
    /// Tabulates `value(T)` for every coalition `T` of `players` players (`value(0)` too,
    /// which must return 0).
    pub fn from_fn(
        players: usize,
        kind: Kind,
        mut value: impl FnMut(Coalition) -> f64,
    ) -> Result<Game, Error> {
        check_players(players)?;
        let values: Vec<f64> = (0..1u32 << players).map(&mut value).collect();
        Game::from_values(kind, values)
    }

    /// Takes the full table: `values[T]` for every bitmask `T`, length `2^n` with `n >= 1`.
    pub fn from_values(kind: Kind, values: Vec<f64>) -> Result<Game, Error> {
        let len = values.len();
        if len < 2 || !len.is_power_of_two() {
            return Err(Error::Game(format!(
                "a characteristic function needs 2^n values (n >= 1), one per coalition; got {len}"
            )));
        }
        let players = len.trailing_zeros() as usize;
        check_players(players)?;
        if values[0] != 0.0 {
            return Err(Error::Game(format!(
                "the empty coalition must be worth 0, not {}",
                values[0]
            )));
        }
        if let Some(t) = values.iter().position(|v| !v.is_finite()) {
            return Err(Error::Game(format!(
                "the value of coalition {} is {}, not a finite number",
                format_coalition(t as Coalition),
                values[t]
            )));
        }
        Ok(Game {
            players,
            kind,
            values,
        })
    }

    /// Number of players `n`.
    pub fn players(&self) -> usize {
        self.players
    }

    /// Cost or profit.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The grand coalition `N` as a bitmask.
    pub fn grand(&self) -> Coalition {
        grand(self.players)
    }

    /// The value of coalition `t`; `None` if `t` names a player the game does not have.
    pub fn value(&self, t: Coalition) -> Option<f64> {
        self.values.get(t as usize).copied()
    }

    /// The value of the grand coalition: the total to be shared.
    pub fn grand_value(&self) -> f64 {
        self.values[self.grand() as usize]
    }

    /// The whole table, indexed by bitmask (length `2^n`).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The stand-alone values `c({i})` (or `v({i})`), one per player.
    pub fn standalone(&self) -> Vec<f64> {
        (0..self.players).map(|i| self.values[1 << i]).collect()
    }

    /// The largest absolute value of the characteristic function (0 for the zero game).
    /// Tolerances in this module are relative to it.
    pub fn scale(&self) -> f64 {
        self.values.iter().fold(0.0, |m, v| m.max(v.abs()))
    }

    /// The same situation in the other convention: a cost game `c` becomes the profit game
    /// `v = -c` and vice versa. Allocations of the one are the negated allocations of the
    /// other; excesses, the core and the nucleolus correspond exactly.
    pub fn negated(&self) -> Game {
        Game {
            players: self.players,
            kind: match self.kind {
                Kind::Cost => Kind::Profit,
                Kind::Profit => Kind::Cost,
            },
            values: self.values.iter().map(|v| -v).collect(),
        }
    }

    /// The game with players renamed: old player `i` becomes player `perm[i]`. `perm` must be
    /// a permutation of `0..n`.
    pub fn relabelled(&self, perm: &[usize]) -> Result<Game, Error> {
        let n = self.players;
        let mut seen = vec![false; n];
        if perm.len() != n
            || perm
                .iter()
                .any(|&p| p >= n || std::mem::replace(&mut seen[p], true))
        {
            return Err(Error::Game(format!(
                "{perm:?} is not a permutation of the {n} players"
            )));
        }
        let mut values = vec![0.0; self.values.len()];
        for (t, &v) in self.values.iter().enumerate() {
            let image = members(t as Coalition).fold(0, |acc, i| acc | 1 << perm[i]);
            values[image as usize] = v;
        }
        Ok(Game {
            players: n,
            kind: self.kind,
            values,
        })
    }

    /// The excess of coalition `t` at allocation `x`: how much worse `t` fares under `x`
    /// than on its own. Cost game: `x(t) - c(t)` (what `t` pays above its stand-alone cost);
    /// profit game: `v(t) - x(t)` (what `t` earns less than alone). Positive = `t` blocks.
    pub fn excess(&self, x: &[f64], t: Coalition) -> Result<f64, Error> {
        self.check_allocation(x)?;
        let Some(value) = self.value(t) else {
            return Err(self.outside(t));
        };
        let paid: f64 = members(t).map(|i| x[i]).sum();
        Ok(self.sign() * (paid - value))
    }

    /// The error for a coalition `t` with a player beyond the game's.
    fn outside(&self, t: Coalition) -> Error {
        Error::Game(format!(
            "coalition {} names a player outside the {} players",
            format_coalition(t),
            self.players
        ))
    }

    /// The excesses of all `2^n` coalitions at `x`, indexed by bitmask (see [`Game::excess`]).
    pub fn excesses(&self, x: &[f64]) -> Result<Vec<f64>, Error> {
        self.check_allocation(x)?;
        let sign = self.sign();
        let mut e = coalition_sums(x);
        for (e, v) in e.iter_mut().zip(&self.values) {
            *e = sign * (*e - v);
        }
        Ok(e)
    }

    /// Checks that `x` has one finite entry per player.
    pub fn check_allocation(&self, x: &[f64]) -> Result<(), Error> {
        if x.len() != self.players {
            return Err(Error::Game(format!(
                "the allocation has {} entries but the game has {} players",
                x.len(),
                self.players
            )));
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return Err(Error::Game(format!(
                "the allocation's entry for player {i} is {}, not a finite number",
                x[i]
            )));
        }
        Ok(())
    }

    /// +1 for cost games, -1 for profit games: cost-form value = sign * value.
    pub(crate) fn sign(&self) -> f64 {
        match self.kind {
            Kind::Cost => 1.0,
            Kind::Profit => -1.0,
        }
    }

    /// The characteristic function in cost form (`c`, or `-v` for a profit game).
    pub(crate) fn cost_form(&self) -> Vec<f64> {
        let sign = self.sign();
        self.values.iter().map(|v| sign * v).collect()
    }
}

/// The grand coalition of `n` players.
pub fn grand(n: usize) -> Coalition {
    if n >= 32 { u32::MAX } else { (1u32 << n) - 1 }
}

/// The proper, non-empty coalitions of `n` players (at most 31), largest first: the order
/// to solve coalition values in, since a coalition's sub-solve grows with its size and the
/// longest jobs go first when they are handed out one at a time.
pub fn largest_first(n: usize) -> Vec<Coalition> {
    let mut order: Vec<Coalition> = (1..grand(n)).collect();
    order.sort_by_key(|t| std::cmp::Reverse(t.count_ones()));
    order
}

/// The coalition of the listed players (0-based; duplicates allowed); error beyond player 31.
pub fn coalition(players: &[usize]) -> Result<Coalition, Error> {
    players.iter().try_fold(0, |acc, &i| Ok(acc | bit(i)?))
}

/// The coalition of player `i` alone; error beyond player 31.
fn bit(i: usize) -> Result<Coalition, Error> {
    if i < 32 {
        Ok(1 << i)
    } else {
        Err(Error::Game(format!(
            "player {i} does not fit a 32-bit coalition mask"
        )))
    }
}

/// The members of coalition `t`, in increasing order.
pub fn members(t: Coalition) -> impl Iterator<Item = usize> {
    let mut rest = t;
    std::iter::from_fn(move || {
        if rest == 0 {
            None
        } else {
            let i = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            Some(i)
        }
    })
}

/// A coalition for messages: `{0, 2, 5}`.
pub fn format_coalition(t: Coalition) -> String {
    let names: Vec<String> = members(t).map(|i| i.to_string()).collect();
    format!("{{{}}}", names.join(", "))
}

/// `x(T)` for every coalition `T` (indexed by bitmask, length `2^n`), in `O(2^n)`.
/// `x` must have at most [`MAX_PLAYERS`] entries (longer inputs give an empty table).
pub fn coalition_sums(x: &[f64]) -> Vec<f64> {
    if x.len() > MAX_PLAYERS {
        return Vec::new();
    }
    let size = 1usize << x.len();
    let mut sums = vec![0.0; size];
    for t in 1..size {
        sums[t] = sums[t & (t - 1)] + x[t.trailing_zeros() as usize];
    }
    sums
}

fn check_players(players: usize) -> Result<(), Error> {
    if players == 0 {
        return Err(Error::Game("a game needs at least one player".into()));
    }
    if players > MAX_PLAYERS {
        return Err(Error::Game(format!(
            "{players} players is more than the {MAX_PLAYERS} a tabulated game can hold \
             (2^n values); use shapley_sampled_fn for larger games"
        )));
    }
    Ok(())
}
