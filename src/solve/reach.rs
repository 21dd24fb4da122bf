//! microlp's reach: which models the default solver is not trusted to finish, and the note a
//! plan carries when one was kept from it. One rule for both formulations, set from the
//! measured table in docs/development.md (Solver reach).

use super::Formulation;
use crate::error::Error;
use crate::milp::Milp;
use crate::scenario::Scenario;
use crate::solver::{self, SolveOptions, SolverChoice};

/// Column model binaries above which microlp, on more partners than one cluster of the
/// heuristic, is not given the column model when the formulation was left to `auto`: solve
/// times there range from seconds to hours.
pub const MICROLP_REACH_BINARIES: usize = 2_000;
/// Hub model binaries (a model that is no region) above which microlp is not trusted to
/// finish: the hub relaxation is weaker than the columns', so the bar sits where `auto`
/// prefers HiGHS.
pub const MICROLP_HUB_REACH_BINARIES: usize = crate::solver::AUTO_HIGHS_BINARIES;
/// Time limit of the cluster heuristic when microlp would get a model it cannot finish and no
/// limit is given (seconds): the default build then returns a plan within two minutes, build
/// and evaluation included.
pub const MICROLP_HEURISTIC_LIMIT: f64 = 100.0;

/// Whether a model of `formulation` with `binaries` binaries, on this scenario, is beyond
/// what microlp finishes in useful time. A column model needs more partners than one
/// cluster of the heuristic as well: the heuristic solves clusters of that size exactly, so
/// a smaller model would gain nothing from it.
pub fn beyond_microlp(s: &Scenario, formulation: Formulation, binaries: usize) -> bool {
    match formulation {
        Formulation::Hubs => binaries > MICROLP_HUB_REACH_BINARIES,
        _ => s.partners.len() > super::region::CLUSTER_SIZE && binaries > MICROLP_REACH_BINARIES,
    }
}

/// Whether `opts` would give the column model `milp` of `s` to microlp, which is not trusted
/// to finish it.
pub fn kept_from_microlp(s: &Scenario, milp: &Milp, opts: &SolveOptions) -> Result<bool, Error> {
    let microlp = solver::resolve(opts.solver, milp)? == SolverChoice::Microlp;
    Ok(microlp && beyond_microlp(s, Formulation::Columns, milp.binaries()))
}

/// Whether `samen solve` (formulation `auto`) gives `s` a limited solve
/// ([`super::SolveInfo::limited`]): its column model kept from microlp and HiGHS not there to
/// take it (not compiled in, or another solver asked for). What an analysis that would solve
/// it again many times must know beforehand; it builds the model to count its binaries.
pub fn solve_is_limited(s: &Scenario, opts: &SolveOptions) -> Result<bool, Error> {
    if Formulation::Auto.resolve(s) != Formulation::Columns || highs_takes_it(opts) {
        return Ok(false);
    }
    let prep = super::prepare(s)?;
    kept_from_microlp(s, &prep.model.milp, opts)
}

/// Whether a model kept from microlp goes to HiGHS instead: compiled in and the solver left
/// to `auto`.
pub fn highs_takes_it(opts: &SolveOptions) -> bool {
    cfg!(feature = "highs") && opts.solver == SolverChoice::Auto
}

/// `opts` for the exact column model `milp` of `s`: HiGHS where it takes a model kept from
/// microlp, else `opts` as they are.
pub fn exact_options(
    s: &Scenario,
    milp: &Milp,
    opts: &SolveOptions,
) -> Result<SolveOptions, Error> {
    let kept = highs_takes_it(opts) && kept_from_microlp(s, milp, opts)?;
    Ok(if kept { on_highs(opts) } else { *opts })
}

/// `opts` with HiGHS as the solver.
pub fn on_highs(opts: &SolveOptions) -> SolveOptions {
    SolveOptions {
        solver: SolverChoice::Highs,
        ..*opts
    }
}

/// Why microlp was kept from a model it cannot finish, and what ran instead (the cluster
/// heuristic, or the exact model within `limit` seconds).
pub fn limited_note(s: &Scenario, binaries: usize, heuristic: bool, limit: Option<f64>) -> String {
    let size = format!(
        "microlp does not finish a model this size ({binaries} binaries, {} partners) in useful time",
        s.partners.len()
    );
    let limit = limit.unwrap_or(MICROLP_HEURISTIC_LIMIT);
    let what = match heuristic {
        true => format!(
            "so the plan is the cluster heuristic's, found within {limit} s, without a lower bound"
        ),
        false => format!(
            "and the cluster heuristic does not fit this scenario (its objective, a criterion's minimum or value, or a rule its cluster plans broke), so the exact model was solved within {limit} s"
        ),
    };
    format!(
        "{size}, {what}; for a proven optimum or a gap, use HiGHS (`--features highs`, `--solver auto`)"
    )
}
