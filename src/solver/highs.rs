//! The HiGHS backend (cargo feature `highs`): for large and hard models.
//!
//! It talks to the `highs` crate directly rather than through good_lp, because good_lp's
//! HiGHS solution does not expose the MIP gap HiGHS reached, and a time-limited regional
//! solve must always report its gap.

use super::{Backend, SolveOptions, Status, pow2_scale};
use crate::error::Error;
use crate::milp::{Milp, Sense, VarKind};
use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem};

pub(super) fn solve(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<Backend, Error> {
    let (pb, k) = problem(milp);
    let mut model = pb
        .try_optimise(highs::Sense::Minimise)
        .map_err(|e| fail("could not load the model", e))?;
    configure(&mut model, opts)?;
    if let Some(start) = start.filter(|v| v.len() == milp.vars.len()) {
        model
            .try_set_solution(Some(start), None, None, None)
            .map_err(|e| fail("rejected the starting point", e))?;
    }
    let solved = model.try_solve().map_err(|e| fail("failed", e))?;
    let has_plan = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = status_of(&solved, has_plan)?;
    if !has_plan {
        return Err(Error::Solver("HiGHS returned no feasible solution".into()));
    }
    let gap = reached_gap(milp, &solved);
    let values = solved.get_solution().columns().to_vec();
    if start.is_some() && start_came_back(milp, &solved, &values, k) {
        return solve(milp, opts, None);
    }
    let bound = bound(milp, &solved, &values, k);
    Ok(Backend {
        values,
        status,
        name: "highs",
        gap: Some(gap),
        bound,
    })
}

fn fail(what: &str, e: highs::HighsStatus) -> Error {
    Error::Solver(format!("HiGHS {what}: {e:?}"))
}

/// The model for HiGHS, and the power-of-two factor its objective is scaled by.
fn problem(milp: &Milp) -> (RowProblem, f64) {
    let mut dense = vec![0.0; milp.vars.len()];
    for &(j, c) in &milp.objective {
        dense[j] += c;
    }
    // Same power-of-two scaling as the good_lp translation (exact in floating point).
    let k = pow2_scale(dense.iter().copied());
    let mut pb = RowProblem::default();
    let cols = add_columns(&mut pb, milp, &dense, k);
    add_rows(&mut pb, milp, &cols);
    (pb, k)
}

fn add_columns(pb: &mut RowProblem, milp: &Milp, dense: &[f64], k: f64) -> Vec<highs::Col> {
    milp.vars
        .iter()
        .zip(dense)
        .map(|(v, &c)| {
            let integer = v.kind == VarKind::Binary;
            if v.upper.is_finite() {
                pb.add_column_with_integrality(c * k, v.lower..=v.upper, integer)
            } else {
                pb.add_column_with_integrality(c * k, v.lower.., integer)
            }
        })
        .collect()
}

/// Every row, each scaled by its own power of two.
fn add_rows(pb: &mut RowProblem, milp: &Milp, cols: &[highs::Col]) {
    for r in &milp.rows {
        let s = pow2_scale(r.coefs.iter().map(|&(_, c)| c));
        let factors: Vec<(highs::Col, f64)> =
            r.coefs.iter().map(|&(j, c)| (cols[j], c * s)).collect();
        let rhs = r.rhs * s;
        match r.sense {
            Sense::Le => pb.add_row(..=rhs, factors),
            Sense::Ge => pb.add_row(rhs.., factors),
            Sense::Eq => pb.add_row(rhs..=rhs, factors),
        };
    }
}

/// Logging, the gap, the options from the environment, the time limit and the threads.
fn configure(model: &mut highs::Model, opts: &SolveOptions) -> Result<(), Error> {
    set_logging(model, opts.solver_log);
    set(model, "mip_rel_gap", opts.mip_gap)?;
    set_extra_options(model, opts.highs_options.unwrap_or(""))?;
    if let Some(limit) = opts.time_limit {
        set(model, "time_limit", limit)?;
    }
    if let Some(threads) = opts.threads.and_then(std::num::NonZeroU32::new) {
        model.set_threads(threads);
    }
    Ok(())
}

/// HiGHS's own log on standard output, or quiet (the default).
fn set_logging(model: &mut highs::Model, log: bool) {
    if !log {
        model.make_quiet();
    } else {
        let _ = model.try_set_option("output_flag", true);
        let _ = model.try_set_option("log_to_console", true);
    }
}

fn set(model: &mut highs::Model, key: &str, v: f64) -> Result<(), Error> {
    model
        .try_set_option(key, v)
        .map_err(|e| Error::Solver(format!("HiGHS rejected option {key}: {e:?}")))
}

/// `key=value,key=value` passed to HiGHS (for experiments).
fn set_extra_options(model: &mut highs::Model, extra: &str) -> Result<(), Error> {
    for kv in extra.split(',').filter(|kv| !kv.is_empty()) {
        if !set_extra_option(model, kv) {
            return Err(Error::Solver(format!("HiGHS rejected option {kv}")));
        }
    }
    Ok(())
}

/// Sets `key=value` with the value's type: integer, float, boolean or text.
fn set_extra_option(model: &mut highs::Model, kv: &str) -> bool {
    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
    if let Ok(x) = v.parse::<i32>() {
        model.try_set_option(k, x).is_ok()
    } else if let Ok(x) = v.parse::<f64>() {
        model.try_set_option(k, x).is_ok()
    } else if let Ok(x) = v.parse::<bool>() {
        model.try_set_option(k, x).is_ok()
    } else {
        model.try_set_option(k, v).is_ok()
    }
}

fn status_of(solved: &highs::SolvedModel, has_plan: bool) -> Result<Status, Error> {
    match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            Err(Error::Infeasible(String::new()))
        }
        HighsModelStatus::Unbounded => Err(Error::Internal("the model is unbounded".into())),
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedMemoryLimit => {
            if !has_plan {
                return Err(Error::TimeLimitNoPlan);
            }
            Ok(Status::TimeLimit)
        }
        HighsModelStatus::Optimal
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => {
            let gap = solved.mip_gap();
            if gap.is_finite() && gap > 1e-9 {
                Ok(Status::GapLimit)
            } else {
                Ok(Status::Optimal)
            }
        }
        other => Err(Error::Solver(format!(
            "HiGHS stopped with status {other:?}"
        ))),
    }
}

/// The relative gap HiGHS reached (0 for an LP, infinite without a bound).
fn reached_gap(milp: &Milp, solved: &highs::SolvedModel) -> f64 {
    if milp.binaries() == 0 {
        return 0.0;
    }
    let g = solved.mip_gap();
    if g.is_finite() {
        g.max(0.0)
    } else {
        f64::INFINITY
    }
}

/// HiGHS 1.16 can improve a MIP start inside presolve ("feasible in the reduced space"),
/// report that objective, and hand back the start itself as the solution. A solution whose
/// objective is not the one HiGHS reports is not its optimum: the caller solves again without
/// the start.
fn start_came_back(milp: &Milp, solved: &highs::SolvedModel, values: &[f64], k: f64) -> bool {
    let reported = solved.objective_value() / k;
    let ours = milp.objective_value(values);
    (reported - ours).abs() > 1e-6 * ours.abs().max(1.0)
}

/// The solver's lower bound on the objective (an LP's optimum is its own bound).
fn bound(milp: &Milp, solved: &highs::SolvedModel, values: &[f64], k: f64) -> Option<f64> {
    if milp.binaries() == 0 {
        Some(milp.objective_value(values))
    } else {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b / k)
    }
}
