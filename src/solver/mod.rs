//! Solver backends: one module per solver, one generic translation of a [`Milp`] into good_lp,
//! and the residual check every solution must pass before samen believes it.

mod dual_bound;
mod feed;
#[cfg(feature = "highs")]
mod highs;
mod microlp;
#[cfg(feature = "highs")]
mod watchdog;

use crate::error::Error;
use crate::milp::{Milp, Sense, VarKind};
use good_lp::{Constraint, Expression, ProblemVariables, Variable, variable};
use serde::Serialize;
use std::sync::Arc;

pub use crate::milp::RESIDUAL_TOLERANCE;
pub use dual_bound::dual_bound;
pub use feed::{Fed, Feed};

/// Which MILP solver to use (`--solver`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SolverChoice {
    /// HiGHS for large models when it is compiled in, else microlp.
    Auto,
    /// The pure-Rust solver (always compiled in).
    Microlp,
    /// HiGHS (only with the `highs` feature; an error otherwise).
    Highs,
}

/// Binaries above which `auto` prefers HiGHS (microlp is faster on small set-partitioning
/// models, HiGHS on large and hard ones; see the benchmarks in docs/development.md).
pub const AUTO_HIGHS_BINARIES: usize = 3_000;

/// How the MILP is solved: solver, time limit, MIP gap and threads.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SolveOptions {
    /// Which backend to use.
    pub solver: SolverChoice,
    /// Seconds; None = no limit.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which the solver may stop (0 = prove optimality).
    pub mip_gap: f64,
    /// HiGHS threads (None = HiGHS's default). Set 1 in parallel sweeps.
    pub threads: Option<u32>,
    /// Show HiGHS's own log on standard output (a debugging aid; the binary sets it from
    /// `SAMEN_SOLVER_LOG`, the library never reads the environment).
    pub solver_log: bool,
    /// Extra HiGHS options, `key=value,key=value` (for experiments; the binary reads them
    /// from `SAMEN_HIGHS_OPTIONS`). Static: set once for the whole process.
    pub highs_options: Option<&'static str>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            solver: SolverChoice::Auto,
            time_limit: None,
            mip_gap: 0.0,
            threads: None,
            solver_log: false,
            highs_options: None,
        }
    }
}

/// How a MILP solve ended with a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (within the solver's tolerances).
    Optimal,
    /// Within the requested relative MIP gap of the best bound.
    GapLimit,
    /// The time limit stopped the search; the plan is the best found, maybe not optimal.
    TimeLimit,
}

/// A MILP solution that passed the residual check.
#[derive(Debug, Clone)]
pub struct MilpSolution {
    /// The value of every variable, indexed like `Milp::vars`.
    pub values: Vec<f64>,
    /// How the solve ended.
    pub status: Status,
    /// The backend's name: `microlp` or `highs`.
    pub solver: &'static str,
    /// Wall-clock seconds of the backend's solve and the residual check.
    pub seconds: f64,
    /// Relative gap between the solution and the solver's best bound when it stopped; `None`
    /// when the solver cannot tell (microlp after a time limit).
    pub gap: Option<f64>,
    /// The solver's best lower bound on the objective when it stopped (`None`: unknown).
    pub bound: Option<f64>,
    /// Set when the first attempt failed numerically: what failed and how it was solved.
    pub retried: Option<String>,
    /// Set when the solver had not stopped shortly after its time limit and samen stopped
    /// waiting for it: why, and which plan that left.
    pub stopped: Option<String>,
}

/// What a backend returns.
pub(crate) struct Backend {
    pub values: Vec<f64>,
    pub status: Status,
    pub name: &'static str,
    pub gap: Option<f64>,
    pub bound: Option<f64>,
    /// See [`MilpSolution::stopped`].
    pub stopped: Option<String>,
}

/// Why `--solver highs` is refused in a build without HiGHS.
pub const NO_HIGHS: &str = "this samen was built without HiGHS; rebuild with `--features highs` (needs cmake and libclang) or use --solver microlp";

/// Which backend `choice` resolves to for this model.
pub fn resolve(choice: SolverChoice, milp: &Milp) -> Result<SolverChoice, Error> {
    match choice {
        SolverChoice::Auto => Ok(
            if cfg!(feature = "highs") && milp.binaries() > AUTO_HIGHS_BINARIES {
                SolverChoice::Highs
            } else {
                SolverChoice::Microlp
            },
        ),
        SolverChoice::Highs if !cfg!(feature = "highs") => Err(Error::Usage(NO_HIGHS.into())),
        c => Ok(c),
    }
}

/// How the LP relaxation's bound came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelaxationBound {
    /// The bound (in the objective's units).
    Bound(f64),
    /// The LP did not finish within the time limit (or this build has no HiGHS).
    NotInTime,
    /// The LP finished, but its duals leave this variable's reduced cost pointing at an
    /// infinite bound that its rows do not bound either.
    Unbounded(String),
    /// HiGHS failed on the LP (the message): the plan stands without a bound.
    Failed(String),
}

/// A lower bound on `milp`'s optimum from its LP relaxation, solved by HiGHS's interior point
/// method without crossover within `opts.time_limit` and checked by samen ([`dual_bound`]):
/// for a model whose MILP root LP (simplex, or interior point with crossover) does not finish
/// in the time a region has.
pub fn relaxation_bound(milp: &Milp, opts: &SolveOptions) -> Result<RelaxationBound, Error> {
    #[cfg(feature = "highs")]
    {
        Ok(match highs::relaxation_duals(milp, opts)? {
            None => RelaxationBound::NotInTime,
            Some(w) => match dual_bound(milp, &w) {
                Ok(b) => RelaxationBound::Bound(b),
                Err(name) => RelaxationBound::Unbounded(name),
            },
        })
    }
    #[cfg(not(feature = "highs"))]
    {
        let _ = (milp, opts);
        Ok(RelaxationBound::NotInTime)
    }
}

/// Solves the MILP with the chosen backend and checks the solution's residuals.
pub fn solve(milp: &Milp, opts: &SolveOptions) -> Result<MilpSolution, Error> {
    solve_from(milp, opts, None)
}

/// [`solve`] from a known feasible point: both backends take it as their first incumbent, so
/// a time limit always leaves a plan and every branch no better than it is pruned at once.
pub fn solve_from(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<MilpSolution, Error> {
    solve_any(milp, opts, start, None)
}

/// [`solve_from`] that also takes the plans posted to `feed` while it runs as new incumbents
/// (HiGHS, before each dive; microlp ignores the feed: it has no way to take a plan
/// mid-search).
pub fn solve_fed(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
    feed: &Arc<Feed>,
) -> Result<MilpSolution, Error> {
    solve_any(milp, opts, start, Some(feed))
}

fn solve_any(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
    #[cfg_attr(not(feature = "highs"), allow(unused_variables))] feed: Option<&Arc<Feed>>,
) -> Result<MilpSolution, Error> {
    let started = std::time::Instant::now();
    let (
        Backend {
            values,
            status,
            name,
            gap,
            bound,
            stopped,
        },
        retried,
    ) = match resolve(opts.solver, milp)? {
        #[cfg(feature = "highs")]
        SolverChoice::Highs => (highs::solve(milp, opts, start, feed)?, None),
        _ => microlp_or_highs(milp, opts, start)?,
    };
    if let Some(r) = milp.worst_residual(&values)
        && r.relative > RESIDUAL_TOLERANCE
    {
        return Err(Error::Solver(format!(
            "{name} returned a solution that violates `{}` by {:.3e} (relative {:.3e}); refusing it",
            r.row, r.absolute, r.relative
        )));
    }
    Ok(MilpSolution {
        values,
        status,
        solver: name,
        seconds: started.elapsed().as_secs_f64(),
        gap,
        bound,
        retried,
        stopped,
    })
}

/// microlp; when it fails numerically in every layout and the solver was left to `auto`,
/// HiGHS (when compiled in) instead of a failure, within the time the layouts left.
fn microlp_or_highs(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<(Backend, Option<String>), Error> {
    #[cfg(feature = "highs")]
    let started = std::time::Instant::now();
    match microlp::solve(milp, opts, start) {
        #[cfg(feature = "highs")]
        Err(Error::Solver(m)) if opts.solver == SolverChoice::Auto && microlp::is_numerical(&m) => {
            let left = SolveOptions {
                time_limit: opts
                    .time_limit
                    .map(|l| (l - started.elapsed().as_secs_f64()).max(1.0)),
                ..*opts
            };
            let how = "microlp failed numerically (rows reordered, unscaled); solved with HiGHS";
            Ok((
                highs::solve(milp, &left, start, None)?,
                Some(how.to_string()),
            ))
        }
        other => other,
    }
}

/// How the MILP is handed to a backend: a numerical failure (microlp's "Singular matrix")
/// depends on the pivot order and on scaling, so a retry may present the same model in
/// another row order or unscaled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Rows in reverse order.
    pub reversed: bool,
    /// Rows and objective as written (no power-of-two scaling).
    pub unscaled: bool,
}

/// The MILP as good_lp variables, objective and constraints, in a given layout.
pub(crate) fn translate_as(
    milp: &Milp,
    layout: Layout,
) -> (ProblemVariables, Vec<Variable>, Expression, Vec<Constraint>) {
    let mut pv = ProblemVariables::new();
    let vars: Vec<Variable> = milp.vars.iter().map(|v| pv.add(definition(v))).collect();
    // Rows and the objective are scaled by powers of two (exact in floating point) so that
    // their largest coefficient is about 1: euro rows (budgets, NPVs ~1e7) and FTE rows
    // (~1) otherwise differ by seven orders of magnitude, which costs microlp accuracy and
    // speed. The residual check runs on the unscaled model.
    let objective = objective_of(milp, layout, &vars);
    let order: Box<dyn Iterator<Item = &crate::milp::Row>> = if layout.reversed {
        Box::new(milp.rows.iter().rev())
    } else {
        Box::new(milp.rows.iter())
    };
    let constraints = order.map(|r| constraint(r, layout, &vars)).collect();
    (pv, vars, objective, constraints)
}

/// A variable's kind and bounds for good_lp.
fn definition(v: &crate::milp::Var) -> good_lp::VariableDefinition {
    match v.kind {
        VarKind::Binary => variable().binary().min(v.lower).max(v.upper),
        VarKind::Continuous => {
            let d = variable().min(v.lower);
            if v.upper.is_finite() {
                d.max(v.upper)
            } else {
                d
            }
        }
    }
}

/// The power-of-two factor of a row or the objective (1 when the layout is unscaled).
fn layout_scale(layout: Layout, coefs: &mut dyn Iterator<Item = f64>) -> f64 {
    if layout.unscaled {
        1.0
    } else {
        pow2_scale(coefs)
    }
}

fn objective_of(milp: &Milp, layout: Layout, vars: &[Variable]) -> Expression {
    let mut objective = Expression::with_capacity(milp.objective.len());
    let k = layout_scale(layout, &mut milp.objective.iter().map(|&(_, c)| c));
    for &(j, c) in &milp.objective {
        objective.add_mul(c * k, vars[j]);
    }
    objective
}

fn constraint(r: &crate::milp::Row, layout: Layout, vars: &[Variable]) -> Constraint {
    let k = layout_scale(layout, &mut r.coefs.iter().map(|&(_, c)| c));
    let mut e = Expression::with_capacity(r.coefs.len());
    for &(j, c) in &r.coefs {
        e.add_mul(c * k, vars[j]);
    }
    let rhs = r.rhs * k;
    match r.sense {
        Sense::Le => e.leq(rhs),
        Sense::Ge => e.geq(rhs),
        Sense::Eq => e.eq(rhs),
    }
}

/// 2^-round(log2(max |c|)): brings the largest coefficient near 1 without rounding error.
pub(crate) fn pow2_scale(coefs: impl Iterator<Item = f64>) -> f64 {
    let max = coefs.map(f64::abs).fold(0.0, f64::max);
    if max > 0.0 && max.is_finite() {
        2f64.powi(-(max.log2().round() as i32))
    } else {
        1.0
    }
}

pub(crate) fn map_error(e: good_lp::ResolutionError) -> Error {
    match e {
        good_lp::ResolutionError::Infeasible => Error::Infeasible(String::new()),
        good_lp::ResolutionError::Unbounded => Error::Internal("the model is unbounded".into()),
        good_lp::ResolutionError::Other(m) if m.contains("Time limit") => {
            Error::TimeLimitNoPlan { stopped: None }
        }
        other => Error::Solver(other.to_string()),
    }
}

pub(crate) fn map_status(s: good_lp::solvers::SolutionStatus) -> Status {
    match s {
        good_lp::solvers::SolutionStatus::Optimal => Status::Optimal,
        good_lp::solvers::SolutionStatus::GapLimit => Status::GapLimit,
        good_lp::solvers::SolutionStatus::TimeLimit => Status::TimeLimit,
    }
}
