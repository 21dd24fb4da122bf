//! The scenario's cost game: c(T) = the optimal NPV when only the partners in T cooperate
//! among themselves, c({p}) = p's NPV alone (its best on its own when the scenario has an
//! existing provider it may join alone). The main hot path: 2^N − N − 1 sub-solves.
//!
//! c(T) is the optimum of the scenario restricted to T (rules naming an outsider dropped):
//! the restricted model is small for the many small coalitions. An earlier version solved the
//! whole model with the outsiders' columns switched off; it gives the same values whenever it
//! is feasible, at two to three times the cost on the trio (measured: 8 s vs 3 s). If T has no
//! feasible plan of its own, c(T) = Σ c({p}) (the partners can always go alone) and the
//! coalition is listed as a fallback.

use crate::analysis::sweep_options;
use crate::error::Error;
use crate::game::{Coalition, Game, Kind, grand, largest_first, members};
use crate::scenario::Scenario;
use crate::solve;
use crate::solver::SolveOptions;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// How one coalition's value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Standalone,
    Restricted,
    Fallback,
}

/// Computes c(T) for coalitions of a scenario, memoised.
pub struct CoalitionValues<'a> {
    s: &'a Scenario,
    /// Each partner's NPV alone: c({p}).
    baseline_npv: Vec<f64>,
    opts: SolveOptions,
    memo: Mutex<HashMap<Coalition, (f64, Source)>>,
    /// Coalitions whose solve failed numerically first, and how it was solved.
    retried: Mutex<Vec<(Coalition, String)>>,
}

impl<'a> CoalitionValues<'a> {
    /// The coalition values of scenario `s` (at most 32 partners), solved with `opts`.
    pub fn new(s: &'a Scenario, opts: &SolveOptions) -> Result<Self, Error> {
        if s.partners.len() > 32 {
            return Err(Error::TooLarge(format!(
                "{} partners: coalition values need at most 32",
                s.partners.len()
            )));
        }
        Ok(CoalitionValues {
            s,
            baseline_npv: crate::evaluate::baseline_npv(s),
            opts: sweep_options(opts),
            memo: Mutex::new(HashMap::new()),
            retried: Mutex::new(Vec::new()),
        })
    }

    /// Records c(T) = `value`, solved elsewhere (the plan's own optimum is the grand
    /// coalition's value when the scenario is about cost alone): it is not solved again.
    pub fn seed(&self, t: Coalition, value: f64) {
        self.memo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(t, (value, Source::Restricted));
    }

    /// Values the coalitions in `order` one after the other until `stop` is set: for a
    /// caller that will need them and has a core to spare now (while the plan is solved). A
    /// coalition whose solve fails is left out, to be solved again, and its error reported,
    /// where it is needed.
    pub fn value_ahead(&self, order: &[Coalition], stop: &AtomicBool) {
        for &t in order {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let _ = self.value(t);
        }
    }

    /// Takes over what `ahead` (the game of a scenario this one is restricted from) has
    /// valued of this game's proper coalitions: this game's players are `ahead`'s players
    /// `members` (sorted), in that order. Restricting twice is restricting once, so those
    /// values are this game's; its own whole (a cooperation's bill) is not taken.
    pub fn adopt(&self, ahead: &CoalitionValues, members: &[usize]) {
        let local = |t: Coalition| local_coalition(t, members);
        let whole = grand(members.len());
        let mine = |t: &Coalition| local(*t).filter(|&l| l != whole);
        {
            let theirs = ahead.memo.lock().unwrap_or_else(|e| e.into_inner());
            let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            for (t, &entry) in theirs.iter() {
                if let Some(l) = mine(t) {
                    memo.insert(l, entry);
                }
            }
        }
        let theirs = ahead.retried.lock().unwrap_or_else(|e| e.into_inner());
        let mut retried = self.retried.lock().unwrap_or_else(|e| e.into_inner());
        for (t, how) in theirs.iter() {
            if let Some(l) = mine(t) {
                retried.push((l, how.clone()));
            }
        }
    }

    /// Number of players: the scenario's partners.
    pub fn players(&self) -> usize {
        self.s.partners.len()
    }

    /// Coalitions whose value fell back to going alone, and how many were solved.
    pub fn fallbacks(&self) -> (Vec<Coalition>, usize) {
        let memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        let mut f: Vec<Coalition> = memo
            .iter()
            .filter(|(_, (_, src))| *src == Source::Fallback)
            .map(|(&t, _)| t)
            .collect();
        f.sort_unstable();
        (f, memo.len())
    }

    /// Coalitions whose sub-solve failed numerically before it was solved (rows reordered,
    /// unscaled, or HiGHS), with how, in coalition order: their values are as exact as the
    /// others', and the report lists them.
    pub fn retried(&self) -> Vec<(Coalition, String)> {
        let mut r = self
            .retried
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        r.sort();
        r
    }

    /// c(T).
    pub fn value(&self, t: Coalition) -> Result<f64, Error> {
        if t == 0 {
            return Ok(0.0);
        }
        if let Some(&(v, _)) = self.memo.lock().unwrap_or_else(|e| e.into_inner()).get(&t) {
            return Ok(v);
        }
        let (v, src) = self.compute(t)?;
        self.memo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(t, (v, src));
        Ok(v)
    }

    fn compute(&self, t: Coalition) -> Result<(f64, Source), Error> {
        let base = &self.baseline_npv;
        let inside: Vec<usize> = members(t).collect();
        let alone: f64 = inside.iter().map(|&p| base[p]).sum();
        // Alone is all a partner can do on its own, unless it can join an existing provider
        // without anyone: then its best on its own is solved like any coalition's, so that a
        // cooperation's split never hands out what a member saves with the provider.
        if inside.len() == 1 && !self.s.forms.iter().any(|f| f.is_provider()) {
            return Ok((alone, Source::Standalone));
        }
        // The scenario restricted to T is much smaller than the whole model with the
        // outsiders' columns switched off, and has the same optimum whenever the latter is
        // feasible (outsiders then run alone and touch no rule of T's); it is tried first.
        // A coalition's value is its least cost on its own: criteria minimums and values
        // judge the council's plan, not what a coalition could pay (`criteria::cost_only`).
        let restricted = crate::criteria::cost_only(&self.s.restricted_to(&inside));
        let solved = solve::prepare(&restricted).and_then(|prep| {
            solve::solve_prepared(&restricted, &prep, &prep.model.milp, &self.opts)
        });
        match solved {
            Ok(out) => {
                if let Some(how) = out.info.retried {
                    let mut r = self.retried.lock().unwrap_or_else(|e| e.into_inner());
                    r.push((t, how));
                }
                return Ok((out.evaluation.npv(&restricted), Source::Restricted));
            }
            Err(Error::Infeasible(_)) => {}
            Err(e) => return Err(e),
        }
        Ok((alone, Source::Fallback))
    }

    /// The whole game (all 2^N coalitions), in parallel; `tick` is called after each.
    /// Larger coalitions are far costlier, so they are started first and handed out one at a
    /// time (longest-first scheduling): otherwise rayon's contiguous chunks leave the biggest
    /// solves to one thread at the end.
    pub fn game(&self, tick: &(dyn Fn() + Sync)) -> Result<Game, Error> {
        let n = self.players();
        let mut order = vec![grand(n)];
        order.extend(largest_first(n));
        let values = self.table(n, order, &|t| t, tick)?;
        Game::from_values(Kind::Cost, values)
    }

    /// The values of a game of `k` players, indexed by coalition (2^k, the empty one 0): the
    /// coalitions in `order` valued in parallel, handed out one at a time in that order, each
    /// as this game's coalition `global(t)`; the others left at 0. `tick` after each.
    pub fn table(
        &self,
        k: usize,
        order: Vec<Coalition>,
        global: &(dyn Fn(Coalition) -> Coalition + Sync),
        tick: &(dyn Fn() + Sync),
    ) -> Result<Vec<f64>, Error> {
        let solved: Vec<(Coalition, f64)> = order
            .into_par_iter()
            .with_max_len(1)
            .map(|t| {
                let v = self.value(global(t));
                tick();
                v.map(|v| (t, v))
            })
            .collect::<Result<_, _>>()?;
        let mut values = vec![0.0; 1usize << k];
        for (t, v) in solved {
            values[t as usize] = v;
        }
        Ok(values)
    }
}

/// Coalition `t` of a game's players in the numbering of its sub-game of players
/// `inside` (sorted): player `inside[i]` is the sub-game's player `i`; `None` when `t` has a
/// player outside `inside`.
fn local_coalition(t: Coalition, inside: &[usize]) -> Option<Coalition> {
    members(t).try_fold(0, |acc, p| {
        let i = inside.binary_search(&p).ok()?;
        Some(acc | 1 << i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coalition_is_renumbered_into_the_sub_game_of_its_players() {
        let inside = [1, 3, 4];
        assert_eq!(local_coalition(0b01010, &inside), Some(0b011));
        assert_eq!(local_coalition(0b11000, &inside), Some(0b110));
        assert_eq!(local_coalition(0, &inside), Some(0));
        assert_eq!(local_coalition(0b00011, &inside), None);
    }
}
