//! A solver's solution as an [`Outcome`]: the plan evaluated and checked against the model
//! it came from, and everyone alone when a time limit left no plan.

use super::{Formulation, OBJECTIVE_TOLERANCE, Outcome, SolveInfo};
use crate::error::Error;
use crate::evaluate;
use crate::milp::Milp;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solver::{self, SolveOptions, Status};

/// Which model a solution came from, for its [`SolveInfo`].
#[derive(Clone, Copy)]
pub(super) struct Origin {
    pub(super) formulation: Formulation,
    /// Whether the model's cost objective is the plan's exact NPV.
    pub(super) exact_costs: bool,
    /// Candidate columns, or hub slots.
    pub(super) candidates: usize,
    pub(super) build_seconds: f64,
}

/// Evaluates the plan of a solution and checks it: it breaks no rule, and (when the model's
/// costs are exact) its NPV equals the cost objective of `costed` (the model as built; `solved`
/// may carry extra rows or another objective over the same variables).
pub(super) fn checked_outcome(
    s: &Scenario,
    plan: Plan,
    sol: &solver::MilpSolution,
    costed: &Milp,
    solved: &Milp,
    opts: &SolveOptions,
    origin: Origin,
) -> Result<Outcome, Error> {
    let evaluation = evaluate::evaluate(s, &plan);
    if let Some(v) = evaluation.violations.first() {
        return Err(Error::Internal(format!(
            "the solver's plan breaks `{}`: {}",
            v.rule, v.message
        )));
    }
    let objective = costed.objective_value(&sol.values);
    let npv = evaluation.npv(s);
    if origin.exact_costs && (npv - objective).abs() > OBJECTIVE_TOLERANCE * npv.abs().max(1.0) {
        return Err(Error::Internal(format!(
            "the solver's objective {objective:.2} differs from the plan's evaluated NPV {npv:.2}"
        )));
    }
    Ok(Outcome {
        plan,
        evaluation,
        info: SolveInfo {
            status: sol.status,
            solver: sol.solver,
            formulation: origin.formulation,
            gap: sol.gap,
            exact_costs: origin.exact_costs,
            mip_gap: opts.mip_gap,
            time_limit: opts.time_limit,
            candidate_columns: origin.candidates,
            rows: solved.rows.len(),
            columns: solved.vars.len(),
            binaries: solved.binaries(),
            build_seconds: origin.build_seconds,
            solve_seconds: sol.seconds,
            objective,
            bound: sol.bound,
            heuristic: None,
            fallback: None,
            restricted: None,
        },
    })
}

/// When a time limit ends a solve before any plan is found: everyone alone, if no rule
/// forbids it, with status `time_limit`, an unknown gap and a note saying so; else the
/// time-limit error.
pub(super) fn everyone_alone_at_limit(
    s: &Scenario,
    milp: &Milp,
    opts: &SolveOptions,
    origin: Origin,
) -> Result<Outcome, Error> {
    let plan = Plan::default();
    let evaluation = evaluate::evaluate(s, &plan);
    if !evaluation.violations.is_empty() {
        return Err(Error::TimeLimitNoPlan);
    }
    let npv = evaluation.npv(s);
    let solver = match solver::resolve(opts.solver, milp)? {
        solver::SolverChoice::Highs => "highs",
        _ => "microlp",
    };
    Ok(Outcome {
        plan,
        evaluation,
        info: SolveInfo {
            status: Status::TimeLimit,
            solver,
            formulation: origin.formulation,
            gap: None,
            exact_costs: origin.exact_costs,
            mip_gap: opts.mip_gap,
            time_limit: opts.time_limit,
            candidate_columns: origin.candidates,
            rows: milp.rows.len(),
            columns: milp.vars.len(),
            binaries: milp.binaries(),
            build_seconds: origin.build_seconds,
            solve_seconds: opts.time_limit.unwrap_or(0.0),
            objective: npv,
            bound: None,
            heuristic: None,
            restricted: None,
            fallback: Some(
                "the time limit ended the search before the solver found any plan; everyone alone is reported (a plan, but probably not the best: the gap is unknown); raise --time-limit, or use HiGHS (--solver highs)".into(),
            ),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            formulation: Formulation::Columns,
            exact_costs: true,
            candidates: 0,
            build_seconds: 0.0,
        }
    }

    fn small() -> Scenario {
        let text = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
        Scenario::from_toml(&text, "small.toml").unwrap().scenario
    }

    /// A time limit that ends the search before any plan: everyone alone is reported, with
    /// status `time_limit`, an unknown gap and the reason.
    #[test]
    fn a_time_limit_without_a_plan_reports_everyone_alone() {
        let s = small();
        let prep = super::super::prepare(&s).unwrap();
        let out = everyone_alone_at_limit(&s, &prep.model.milp, &SolveOptions::default(), origin())
            .unwrap();
        assert!(out.plan.groups.is_empty());
        assert_eq!(out.info.status, Status::TimeLimit);
        assert_eq!(out.info.gap, None);
        assert!(
            out.info
                .fallback
                .as_deref()
                .unwrap()
                .contains("everyone alone")
        );
        let alone: f64 = evaluate::baseline_npv(&s).iter().sum();
        assert!((out.evaluation.npv(&s) - alone).abs() <= 1e-9 * alone);
    }

    /// When a rule forbids everyone alone, the time-limit error stands.
    #[test]
    fn no_fallback_when_everyone_alone_breaks_a_rule() {
        let mut s = small();
        s.constraints.must_together.push((vec![0, 1], Some(0)));
        let prep = super::super::prepare(&s).unwrap();
        let out = everyone_alone_at_limit(&s, &prep.model.milp, &SolveOptions::default(), origin());
        assert!(matches!(out, Err(Error::TimeLimitNoPlan)));
    }
}
