//! From a validated scenario to the best plan: candidates -> model -> solver -> plan ->
//! evaluation, with the checks that make the answer trustworthy (residuals, and the
//! evaluation of the plan agreeing with the solver's objective).
//!
//! This module holds what a solve reports ([`Outcome`], [`SolveInfo`]) and the choice of
//! formulation ([`optimise`]); the column path is in `columns`, the hub path (with the
//! cluster heuristic of [`region`]) in `hubs`, the explanation of an infeasible scenario in
//! `explain`, microlp's reach in [`reach`], and the checks that turn a solution into an
//! outcome in `outcome`.

mod columns;
mod explain;
mod hubs;
mod outcome;
pub mod reach;
pub mod region;

pub use columns::{Prepared, build_model, optimise_columns, plan_of, prepare, solve_prepared};
pub use explain::{elastic_relaxations, explain_infeasible};
pub use hubs::{
    FIRST_PASS_SHARE, HeuristicInfo, REGION_TIME_LIMIT, RELAXATION_ROWS, Relaxation, optimise_hubs,
};
pub use reach::{MICROLP_HEURISTIC_LIMIT, MICROLP_REACH_BINARIES};

use crate::error::Error;
use crate::evaluate::Evaluation;
use crate::formulation::columns::candidates;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solver::{SolveOptions, Status};
use serde::Serialize;

/// Which MILP is built: candidate columns (`docs/model.md`: exact for any cost curve, up to a few
/// thousand candidate groups) or hubs (§3: facility location, for regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Formulation {
    /// Columns while the candidate groups stay below [`AUTO_HUB_GROUPS`], hubs beyond.
    Auto,
    /// Candidate columns (`src/formulation/columns/`): exact, up to a few thousand groups.
    Columns,
    /// Hubs (`src/formulation/hub/`): slots per host, domain, form and start; region mode.
    Hubs,
}

/// Candidate groups (partner subsets within the size limit) above which `auto` builds hubs.
pub const AUTO_HUB_GROUPS: u128 = 5_000;

impl Formulation {
    /// The formulation `auto` stands for on this scenario.
    pub fn resolve(self, s: &Scenario) -> Formulation {
        match self {
            Formulation::Auto => {
                let n = s.partners.len();
                let max = s.constraints.max_group_size.unwrap_or(n);
                if candidates::group_count(n, max) > AUTO_HUB_GROUPS {
                    Formulation::Hubs
                } else {
                    Formulation::Columns
                }
            }
            f => f,
        }
    }
}

/// How the plan was found.
#[derive(Debug, Clone, Serialize)]
pub struct SolveInfo {
    /// How the solver ended: optimal, within the MIP gap, or at the time limit.
    pub status: Status,
    /// The backend that solved the MILP: `microlp` or `highs`.
    pub solver: &'static str,
    /// The formulation that was built (never `auto`).
    pub formulation: Formulation,
    /// Relative gap between the plan and the solver's best bound when it stopped (`None`:
    /// the solver cannot tell).
    pub gap: Option<f64>,
    /// Whether the model's objective is the plan's exact NPV. The hub formulation on an
    /// approximate volume grid interpolates costs; the reported figures are then the plan's
    /// exact re-evaluation and `objective` is the model's estimate.
    pub exact_costs: bool,
    /// The relative MIP gap the solver was allowed to stop at.
    pub mip_gap: f64,
    /// Time limit of the solve, seconds (`None`: none); on a region 300 s unless one was given.
    pub time_limit: Option<f64>,
    /// Candidates of the model: shared columns (columns formulation) or slots (hubs).
    pub candidate_columns: usize,
    /// Rows of the MILP solved (extra rows such as cuts included).
    pub rows: usize,
    /// Variables of the MILP solved.
    pub columns: usize,
    /// Binary variables of the MILP solved.
    pub binaries: usize,
    /// Seconds to enumerate the candidates and build the model.
    pub build_seconds: f64,
    /// Seconds the solver took (on a region, the heuristic's time included).
    pub solve_seconds: f64,
    /// The solver's objective (equals the plan's NPV, checked, when `exact_costs`; with
    /// criteria that carry a `value_eur`, the NPV less Σ value_eur · score).
    pub objective: f64,
    /// Lower bound on the NPV of any plan, from the solver (`None`: unknown). On a region
    /// (hub formulation) the gap is the reported plan's NPV against it.
    pub bound: Option<f64>,
    /// On a region: the cluster heuristic that gave the first plan.
    pub heuristic: Option<HeuristicInfo>,
    /// Set when the time limit ended the search before the solver found any plan and
    /// everyone alone (always a plan when no rule forbids it) is reported instead.
    pub fallback: Option<String>,
    /// Set when the formulation left some plans out (the hub formulation and groups without
    /// volume): the plan is then optimal only within what it modelled.
    pub restricted: Option<String>,
    /// Set when the default build's solver (microlp) would have been given a model it cannot
    /// finish: the plan is then the cluster heuristic's, within a time limit, and this says
    /// why and what gives a bound.
    pub limited: Option<String>,
    /// Set when the solver failed numerically first: what failed and how it was solved.
    pub retried: Option<String>,
    /// Set when HiGHS had not stopped shortly after its time limit (it does not check it
    /// through most of its presolve) and samen stopped waiting: which plan that left.
    pub stopped: Option<String>,
}

impl SolveInfo {
    /// The status as results name it: the solver's, except that a restricted plan space
    /// never yields a plan called "optimal".
    pub fn status_name(&self) -> String {
        if self.restricted.is_some() && self.status == Status::Optimal {
            return "optimal_in_restricted_space".into();
        }
        serde_json::to_value(self.status)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }
}

/// A solved plan: the plan, its exact evaluation and how it was found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan: its shared groups.
    pub plan: Plan,
    /// The plan evaluated by the cost code (the figures reported).
    pub evaluation: Evaluation,
    /// Solver, status, gap, model size and times.
    pub info: SolveInfo,
}

/// Relative tolerance between the solver's objective and the evaluated plan NPV.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-6;

/// Finds the plan of least NPV that satisfies every rule of the scenario, with the column
/// formulation or, beyond [`AUTO_HUB_GROUPS`] candidate groups, the hub formulation.
pub fn optimise(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    optimise_with(s, opts, Formulation::Auto)
}

/// [`optimise`] with a chosen formulation.
pub fn optimise_with(s: &Scenario, opts: &SolveOptions, f: Formulation) -> Result<Outcome, Error> {
    optimise_as(s, opts, f, AtTimeLimit::Fail)
}

/// What a time limit that ends the search before any plan gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtTimeLimit {
    /// [`Error::TimeLimitNoPlan`]: for every analysis that compares plans.
    Fail,
    /// Everyone alone, with a note, when no rule forbids it: for `samen solve`, whose report
    /// says so (status `time_limit`, `fallback`).
    EveryoneAlone,
}

/// [`optimise_with`] for `samen solve`: a time limit that ends the search before any plan
/// reports everyone alone (when no rule forbids it) with a note, instead of an error. Other
/// analyses must not use it: they would take everyone alone for a solved plan.
pub fn optimise_or_alone(
    s: &Scenario,
    opts: &SolveOptions,
    f: Formulation,
) -> Result<Outcome, Error> {
    optimise_as(s, opts, f, AtTimeLimit::EveryoneAlone)
}

/// The MILP `solve` builds for formulation `f` (`auto` resolved as a solve resolves it), for
/// `samen export`: on a region that is the hub model, whose bound the region's gap is
/// measured against.
pub fn model_of(s: &Scenario, f: Formulation) -> Result<crate::milp::Milp, Error> {
    match f.resolve(s) {
        Formulation::Hubs => {
            let baseline = crate::evaluate::baseline_npv(s);
            crate::formulation::hub::build(s, &baseline).map(|m| m.milp)
        }
        _ => build_model(s).map(|m| m.milp),
    }
}

fn optimise_as(
    s: &Scenario,
    opts: &SolveOptions,
    f: Formulation,
    at: AtTimeLimit,
) -> Result<Outcome, Error> {
    match f.resolve(s) {
        Formulation::Hubs => hubs::solve(s, opts, at),
        _ => columns::solve(s, opts, at, f == Formulation::Auto),
    }
}
