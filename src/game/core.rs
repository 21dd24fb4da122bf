//! The core test for any allocation, e.g. a fixed key: is it efficient, and does any
//! coalition do better on its own? In a cost game `x` is in the core when `x(N) = c(N)` and
//! `x(T) <= c(T)` for every coalition `T` (no group of partners pays more together than it
//! would alone); in a profit game when `x(N) = v(N)` and `x(T) >= v(T)`. A coalition with
//! positive excess ([`Game::excess`]) *blocks* `x`: it has reason to leave.

use super::characteristic::{Coalition, Game, coalition_sums};
use crate::error::Error;
use serde::Serialize;

/// At most this many blocking coalitions are listed in a [`CoreReport`].
pub const BLOCKING_CAP: usize = 20;

/// A coalition and its excess at the allocation tested.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Blocking {
    /// The coalition (bitmask).
    pub coalition: Coalition,
    /// Its excess: for a cost game how much it pays above its stand-alone cost, for a profit
    /// game how much it earns below its stand-alone profit.
    pub excess: f64,
}

/// The result of [`core_check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoreReport {
    /// Efficient and blocked by no coalition (within the tolerance).
    pub in_core: bool,
    /// `Σ x_i` minus the grand coalition's value (0 for an efficient allocation).
    pub efficiency_gap: f64,
    /// The proper coalition with the largest excess: the most violated one when `x` is
    /// blocked, else the one closest to blocking. `None` for a one-player game.
    pub most_violated: Option<Blocking>,
    /// Blocking coalitions, largest excess first (ties: smaller bitmask first), at most
    /// [`BLOCKING_CAP`].
    pub blocking: Vec<Blocking>,
    /// How many proper coalitions block `x` in all.
    pub blocking_total: usize,
    /// The absolute tolerance used: `1e-9` times the larger of `max |c|` and `max |x_i|`.
    pub tolerance: f64,
}

/// Tests allocation `x` (in the game's units) against the core.
pub fn core_check(game: &Game, x: &[f64]) -> Result<CoreReport, Error> {
    game.check_allocation(x)?;
    let scale = x.iter().fold(game.scale(), |m, v| m.max(v.abs()));
    core_check_with(game, x, 1e-9 * scale)
}

/// [`core_check`] with an explicit absolute tolerance (finite, non-negative).
pub fn core_check_with(game: &Game, x: &[f64], tolerance: f64) -> Result<CoreReport, Error> {
    game.check_allocation(x)?;
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(Error::Game(format!(
            "the tolerance must be finite and non-negative, not {tolerance}"
        )));
    }
    let sign = game.sign();
    let values = game.values();
    let sums = coalition_sums(x);
    let grand = game.grand();
    let efficiency_gap = sums[grand as usize] - game.grand_value();
    let mut most_violated: Option<Blocking> = None;
    let mut blocking: Vec<Blocking> = Vec::new();
    let mut blocking_total = 0;
    for t in 1..grand {
        let excess = sign * (sums[t as usize] - values[t as usize]);
        let b = Blocking {
            coalition: t,
            excess,
        };
        if most_violated.is_none_or(|m| excess > m.excess) {
            most_violated = Some(b);
        }
        if excess > tolerance {
            blocking_total += 1;
            blocking.push(b);
            // Keep memory bounded on large games: trim to the best BLOCKING_CAP now and then.
            if blocking.len() >= 8 * BLOCKING_CAP {
                sort_and_trim(&mut blocking);
            }
        }
    }
    sort_and_trim(&mut blocking);
    Ok(CoreReport {
        in_core: efficiency_gap.abs() <= tolerance && blocking_total == 0,
        efficiency_gap,
        most_violated,
        blocking,
        blocking_total,
        tolerance,
    })
}

fn sort_and_trim(list: &mut Vec<Blocking>) {
    list.sort_by(|a, b| {
        b.excess
            .total_cmp(&a.excess)
            .then(a.coalition.cmp(&b.coalition))
    });
    list.truncate(BLOCKING_CAP);
}
