//! Analyses that re-solve variants of a scenario: the scale curve (maximum group size 1..N)
//! and domain priorities (the optimum with one domain kept in house by everyone). Variants
//! are solved in parallel (rayon; HiGHS with one thread per solve). Under uncertainty: the
//! risk of a plan over draws of the uncertain inputs ([`risk`]) and the inputs it hangs
//! on ([`sensitivity`]). Apart from these, [`fit`] calibrates a scale curve to benchmark
//! points (no scenario, no solve).

pub mod allocation;
pub mod alternatives;
pub mod compare;
pub mod dossier;
pub mod fit;
pub mod priorities;
pub mod risk;
pub mod scale;
pub mod sensitivity;

use crate::error::Error;
use crate::scenario::Scenario;
use crate::solve::{self, Outcome};
use crate::solver::SolveOptions;

/// A plan's groups by name, `members|domain|form`, in plan order.
pub fn group_names(s: &Scenario, plan: &crate::plan::Plan) -> Vec<String> {
    (plan.groups.iter())
        .map(|g| crate::rules::group_name(s, &g.members, g.domain, g.form))
        .collect()
}

/// Options for a solve inside a parallel sweep: one HiGHS thread per worker.
pub fn sweep_options(opts: &SolveOptions) -> SolveOptions {
    SolveOptions {
        threads: Some(1),
        ..*opts
    }
}

/// Solves a variant; `Ok(None)` when it is infeasible.
pub fn solve_variant(s: &Scenario, opts: &SolveOptions) -> Result<Option<Outcome>, Error> {
    match solve::optimise(s, opts) {
        Ok(o) => Ok(Some(o)),
        Err(Error::Infeasible(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Σ_t δ_t over the horizon: divides an NPV into an equivalent constant yearly amount.
pub fn annuity_factor(s: &Scenario) -> f64 {
    (0..s.horizon).map(|t| s.discount(t)).sum()
}

/// Sum of a driver over all partners (0 when nobody has it).
pub fn total_driver(s: &Scenario, driver: &str) -> f64 {
    s.partners
        .iter()
        .filter_map(|p| p.drivers.get(driver))
        .sum()
}
