//! A solver's solution as an [`Outcome`]: the plan evaluated and checked against the model
//! it came from, and everyone alone when a time limit left no plan.

use super::{Formulation, OBJECTIVE_TOLERANCE, Outcome, SolveInfo};
use crate::criteria;
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

/// How a solve ended: what its [`SolveInfo`] reports besides the model and the options.
pub(super) struct Ending {
    pub(super) status: Status,
    pub(super) solver: &'static str,
    pub(super) gap: Option<f64>,
    pub(super) seconds: f64,
    pub(super) objective: f64,
    pub(super) bound: Option<f64>,
    pub(super) fallback: Option<String>,
}

impl Origin {
    /// The report of a solve of `model` (as solved) under `opts` that ended as `end`.
    pub(super) fn info(self, opts: &SolveOptions, model: &Milp, end: Ending) -> SolveInfo {
        SolveInfo {
            status: end.status,
            solver: end.solver,
            formulation: self.formulation,
            gap: end.gap,
            exact_costs: self.exact_costs,
            mip_gap: opts.mip_gap,
            time_limit: opts.time_limit,
            candidate_columns: self.candidates,
            rows: model.rows.len(),
            columns: model.vars.len(),
            binaries: model.binaries(),
            build_seconds: self.build_seconds,
            solve_seconds: end.seconds,
            objective: end.objective,
            bound: end.bound,
            heuristic: None,
            fallback: end.fallback,
            restricted: None,
            limited: None,
            retried: None,
            stopped: None,
        }
    }
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
    breaks_no_rule(&evaluation)?;
    let objective = costed.objective_value(&sol.values);
    if origin.exact_costs {
        // The objective: the NPV (less spare staff's salary under the capacity objective),
        // less Σ value_eur · score with valued criteria (`crate::criteria`).
        check_objective(
            objective,
            evaluation.objective_value(s) - criteria::value(s, &plan),
        )?;
    }
    let end = Ending {
        status: sol.status,
        solver: sol.solver,
        gap: sol.gap,
        seconds: sol.seconds,
        objective,
        bound: sol.bound,
        fallback: None,
    };
    let mut info = origin.info(opts, solved, end);
    info.retried = sol.retried.clone();
    info.stopped = sol.stopped.clone();
    Ok(Outcome {
        plan,
        evaluation,
        info,
    })
}

/// The solver's plan must break no rule.
fn breaks_no_rule(evaluation: &evaluate::Evaluation) -> Result<(), Error> {
    match evaluation.violations.first() {
        Some(v) => Err(Error::Internal(format!(
            "the solver's plan breaks `{}`: {}",
            v.rule, v.message
        ))),
        None => Ok(()),
    }
}

/// Exact costs: the solver's objective must be the plan's evaluated NPV (less the value of
/// its criteria scores, when criteria carry one).
fn check_objective(objective: f64, npv: f64) -> Result<(), Error> {
    if (npv - objective).abs() > OBJECTIVE_TOLERANCE * npv.abs().max(1.0) {
        return Err(Error::Internal(format!(
            "the solver's objective {objective:.2} differs from the plan's evaluated NPV {npv:.2}"
        )));
    }
    Ok(())
}

/// When a time limit ends a solve before any plan is found: everyone alone, if no rule
/// forbids it, with status `time_limit`, an unknown gap and a note saying so; else the
/// time-limit error. `(seconds, stopped)`: how long the solve ran, and why samen stopped
/// waiting for the solver if it did ([`SolveInfo::stopped`]).
pub(super) fn everyone_alone_at_limit(
    s: &Scenario,
    milp: &Milp,
    opts: &SolveOptions,
    origin: Origin,
    (seconds, stopped): (f64, Option<String>),
) -> Result<Outcome, Error> {
    let plan = Plan::default();
    let evaluation = evaluate::evaluate(s, &plan);
    if !evaluation.violations.is_empty() {
        return Err(Error::TimeLimitNoPlan { stopped });
    }
    let solver = solver_name(opts, milp)?;
    let end = Ending {
        status: Status::TimeLimit,
        solver,
        gap: None,
        seconds,
        objective: evaluation.objective_value(s) - criteria::value(s, &plan),
        bound: None,
        fallback: Some(no_plan_in_time(solver)),
    };
    let info = SolveInfo {
        stopped,
        ..origin.info(opts, milp, end)
    };
    Ok(Outcome {
        plan,
        evaluation,
        info,
    })
}

/// The note of [`everyone_alone_at_limit`]: what to try next depends on the solver.
fn no_plan_in_time(solver: &str) -> String {
    let next = if solver == "highs" {
        "raise --time-limit (HiGHS starts this model from no plan, and on a large model its presolve alone can take minutes); for a plan without a bound within the limit, `--solver microlp` with the default `--formulation auto` gives a scenario of more than 8 partners the cluster heuristic's"
    } else {
        "raise --time-limit, or use HiGHS (--solver highs)"
    };
    format!(
        "the time limit ended the search before the solver found any plan; everyone alone is reported (a plan, but probably not the best: the gap is unknown); {next}"
    )
}

/// The solver `opts` choose for `milp`.
fn solver_name(opts: &SolveOptions, milp: &Milp) -> Result<&'static str, Error> {
    Ok(match solver::resolve(opts.solver, milp)? {
        solver::SolverChoice::Highs => "highs",
        _ => "microlp",
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
        let opts = SolveOptions::default();
        let out =
            everyone_alone_at_limit(&s, &prep.model.milp, &opts, origin(), (1.5, None)).unwrap();
        assert!(out.plan.groups.is_empty());
        assert_eq!(
            out.info.solve_seconds, 1.5,
            "the time the solve ran, not the limit"
        );
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

    /// microlp's way out is HiGHS; HiGHS's is a longer limit, not itself.
    #[test]
    fn the_no_plan_note_names_the_way_out_for_the_solver_that_ran() {
        assert!(no_plan_in_time("microlp").contains("--solver highs"));
        let highs = no_plan_in_time("highs");
        assert!(!highs.contains("--solver highs"), "{highs}");
        assert!(highs.contains("raise --time-limit"), "{highs}");
    }

    /// When a rule forbids everyone alone, the time-limit error stands.
    #[test]
    fn no_fallback_when_everyone_alone_breaks_a_rule() {
        let mut s = small();
        s.constraints.must_together.push((vec![0, 1], Some(0)));
        let prep = super::super::prepare(&s).unwrap();
        let opts = SolveOptions::default();
        let out = everyone_alone_at_limit(&s, &prep.model.milp, &opts, origin(), (0.0, None));
        assert!(matches!(out, Err(Error::TimeLimitNoPlan { .. })));
    }
}
