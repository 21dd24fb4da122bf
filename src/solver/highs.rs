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
    let mut dense = vec![0.0; milp.vars.len()];
    for &(j, c) in &milp.objective {
        dense[j] += c;
    }
    // Same power-of-two scaling as the good_lp translation (exact in floating point).
    let k = pow2_scale(dense.iter().copied());
    let mut pb = RowProblem::default();
    let cols: Vec<highs::Col> = milp
        .vars
        .iter()
        .zip(&dense)
        .map(|(v, &c)| {
            let integer = v.kind == VarKind::Binary;
            if v.upper.is_finite() {
                pb.add_column_with_integrality(c * k, v.lower..=v.upper, integer)
            } else {
                pb.add_column_with_integrality(c * k, v.lower.., integer)
            }
        })
        .collect();
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
    let fail = |what: &str, e: highs::HighsStatus| Error::Solver(format!("HiGHS {what}: {e:?}"));
    let mut model = pb
        .try_optimise(highs::Sense::Minimise)
        .map_err(|e| fail("could not load the model", e))?;
    // SAMEN_SOLVER_LOG=1 shows HiGHS's own log on standard output (a debugging aid).
    if std::env::var_os("SAMEN_SOLVER_LOG").is_none() {
        model.make_quiet();
    } else {
        let _ = model.try_set_option("output_flag", true);
        let _ = model.try_set_option("log_to_console", true);
    }
    let set = |model: &mut highs::Model, key: &str, v: f64| {
        model
            .try_set_option(key, v)
            .map_err(|e| Error::Solver(format!("HiGHS rejected option {key}: {e:?}")))
    };
    set(&mut model, "mip_rel_gap", opts.mip_gap)?;
    // SAMEN_HIGHS_OPTIONS="key=value,key=value" passes options to HiGHS (for experiments).
    if let Ok(extra) = std::env::var("SAMEN_HIGHS_OPTIONS") {
        for kv in extra.split(',').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let ok = if let Ok(x) = v.parse::<i32>() {
                model.try_set_option(k, x).is_ok()
            } else if let Ok(x) = v.parse::<f64>() {
                model.try_set_option(k, x).is_ok()
            } else if let Ok(x) = v.parse::<bool>() {
                model.try_set_option(k, x).is_ok()
            } else {
                model.try_set_option(k, v).is_ok()
            };
            if !ok {
                return Err(Error::Solver(format!("HiGHS rejected option {kv}")));
            }
        }
    }
    if let Some(limit) = opts.time_limit {
        set(&mut model, "time_limit", limit)?;
    }
    if let Some(threads) = opts.threads.and_then(std::num::NonZeroU32::new) {
        model.set_threads(threads);
    }
    if let Some(start) = start.filter(|v| v.len() == milp.vars.len()) {
        model
            .try_set_solution(Some(start), None, None, None)
            .map_err(|e| fail("rejected the starting point", e))?;
    }
    let solved = model.try_solve().map_err(|e| fail("failed", e))?;
    let has_plan = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Err(Error::Infeasible(String::new()));
        }
        HighsModelStatus::Unbounded => {
            return Err(Error::Internal("the model is unbounded".into()));
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedMemoryLimit => {
            if !has_plan {
                return Err(Error::TimeLimitNoPlan);
            }
            Status::TimeLimit
        }
        HighsModelStatus::Optimal
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => {
            let gap = solved.mip_gap();
            if gap.is_finite() && gap > 1e-9 {
                Status::GapLimit
            } else {
                Status::Optimal
            }
        }
        other => {
            return Err(Error::Solver(format!(
                "HiGHS stopped with status {other:?}"
            )));
        }
    };
    if !has_plan {
        return Err(Error::Solver("HiGHS returned no feasible solution".into()));
    }
    let gap = if milp.binaries() == 0 {
        0.0
    } else {
        let g = solved.mip_gap();
        if g.is_finite() {
            g.max(0.0)
        } else {
            f64::INFINITY
        }
    };
    let values = solved.get_solution().columns().to_vec();
    // HiGHS 1.16 can improve a MIP start inside presolve ("feasible in the reduced space"),
    // report that objective, and hand back the start itself as the solution. A solution whose
    // objective is not the one HiGHS reports is not its optimum: solve again without the start.
    let reported = solved.objective_value() / k;
    let ours = milp.objective_value(&values);
    if start.is_some() && (reported - ours).abs() > 1e-6 * ours.abs().max(1.0) {
        return solve(milp, opts, None);
    }
    let bound = if milp.binaries() == 0 {
        Some(milp.objective_value(&values))
    } else {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b / k)
    };
    Ok(Backend {
        values,
        status,
        name: "highs",
        gap: Some(gap),
        bound,
    })
}
