//! The scenario's cost game: c(T) = the optimal NPV when only the partners in T cooperate
//! among themselves, c({p}) = p's NPV alone. The main hot path: 2^N − N − 1 sub-solves.
//!
//! Reuse: the candidate columns and the model are built once for the whole scenario; c(T) is
//! the same model with every shared column that is not inside T switched off (its upper bound
//! set to 0), minus the standalone NPV of the partners outside T, who then run alone. When
//! that is infeasible (a rule ties T to an outsider, or an outsider cannot meet its budget
//! alone), T is re-solved as the scenario restricted to T; if T has no feasible plan of its
//! own at all, c(T) = Σ c({p}) (the partners can always go alone) and the coalition is listed
//! as a fallback.

use crate::analysis::sweep_options;
use crate::error::Error;
use crate::game::{Coalition, Game, Kind, members};
use crate::scenario::Scenario;
use crate::solve::{self, Prepared};
use crate::solver::{self, SolveOptions};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Mutex;

/// How one coalition's value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Standalone,
    SharedModel,
    Restricted,
    Fallback,
}

/// Computes c(T) for coalitions of a scenario, memoised, reusing the prepared model.
pub struct CoalitionValues<'a> {
    s: &'a Scenario,
    prep: Prepared,
    opts: SolveOptions,
    memo: Mutex<HashMap<Coalition, (f64, Source)>>,
}

impl<'a> CoalitionValues<'a> {
    pub fn new(s: &'a Scenario, opts: &SolveOptions) -> Result<Self, Error> {
        if s.partners.len() > 32 {
            return Err(Error::TooLarge(format!(
                "{} partners: coalition values need at most 32",
                s.partners.len()
            )));
        }
        Ok(CoalitionValues {
            s,
            prep: solve::prepare(s)?,
            opts: sweep_options(opts),
            memo: Mutex::new(HashMap::new()),
        })
    }

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
        let base = &self.prep.baseline_npv;
        let inside: Vec<usize> = members(t).collect();
        let alone: f64 = inside.iter().map(|&p| base[p]).sum();
        if inside.len() == 1 {
            return Ok((alone, Source::Standalone));
        }
        let outside: f64 = (0..base.len())
            .filter(|p| t & (1 << p) == 0)
            .map(|p| base[p])
            .sum();
        let mut milp = self.prep.model.milp.clone();
        for (col, &x) in self
            .prep
            .candidates
            .shared
            .iter()
            .zip(&self.prep.model.x_shared)
        {
            if col.members.iter().any(|&p| t & (1 << p) == 0) {
                milp.vars[x].upper = 0.0;
            }
        }
        match solver::solve(&milp, &self.opts) {
            Ok(sol) => {
                let total = self.prep.model.milp.objective_value(&sol.values);
                return Ok((total - outside, Source::SharedModel));
            }
            Err(Error::Infeasible(_)) => {}
            Err(e) => return Err(e),
        }
        let restricted = self.s.restricted_to(&inside);
        match solve::optimise(&restricted, &self.opts) {
            Ok(out) => Ok((out.evaluation.npv(&restricted), Source::Restricted)),
            Err(Error::Infeasible(_)) => Ok((alone, Source::Fallback)),
            Err(e) => Err(e),
        }
    }

    /// The whole game (all 2^N coalitions), in parallel; `tick` is called after each.
    pub fn game(&self, tick: &(dyn Fn() + Sync)) -> Result<Game, Error> {
        let n = self.players();
        let values: Vec<f64> = (0..(1u32 << n))
            .into_par_iter()
            .map(|t| {
                let v = self.value(t);
                tick();
                v
            })
            .collect::<Result<_, _>>()?;
        Game::from_values(Kind::Cost, values)
    }
}
