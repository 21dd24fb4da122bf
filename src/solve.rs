//! From a validated scenario to the best plan: candidates -> model -> solver -> plan ->
//! evaluation, with the checks that make the answer trustworthy (residuals, and the
//! evaluation of the plan agreeing with the solver's objective).

use crate::candidates;
use crate::error::Error;
use crate::evaluate::{self, Evaluation};
use crate::model;
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use crate::solver::{self, SolveOptions, Status};
use serde::Serialize;
use std::time::Instant;

/// How the plan was found.
#[derive(Debug, Clone, Serialize)]
pub struct SolveInfo {
    pub status: Status,
    pub solver: &'static str,
    /// The relative MIP gap the solver was allowed to stop at.
    pub mip_gap: f64,
    pub time_limit: Option<f64>,
    pub candidate_columns: usize,
    pub rows: usize,
    pub columns: usize,
    pub binaries: usize,
    pub build_seconds: f64,
    pub solve_seconds: f64,
    /// The solver's objective (equals the plan's NPV, checked).
    pub objective: f64,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub plan: Plan,
    pub evaluation: Evaluation,
    pub info: SolveInfo,
}

/// Relative tolerance between the solver's objective and the evaluated plan NPV.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-6;

/// Builds the model of a scenario (for benchmarks and export).
pub fn build_model(s: &Scenario) -> Result<model::Model, Error> {
    let base: Vec<f64> = evaluate::baseline(s)
        .iter()
        .map(|(l, _)| l.npv(s))
        .collect();
    let cands = candidates::enumerate(s)?;
    Ok(model::build(s, &cands, &base))
}

/// Finds the plan of least NPV that satisfies every rule of the scenario.
pub fn optimise(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    let t0 = Instant::now();
    let base: Vec<f64> = evaluate::baseline(s)
        .iter()
        .map(|(l, _)| l.npv(s))
        .collect();
    let cands = candidates::enumerate(s)?;
    let m = model::build(s, &cands, &base);
    let build_seconds = t0.elapsed().as_secs_f64();
    let sol = match solver::solve(&m.milp, opts) {
        Err(Error::Infeasible(_)) => return Err(Error::Infeasible(explain_infeasible(s))),
        other => other?,
    };
    let groups: Vec<Group> = cands
        .shared
        .iter()
        .zip(&m.x_shared)
        .filter(|&(_, &x)| sol.values[x] > 0.5)
        .map(|(col, _)| Group {
            domain: col.domain,
            form: col.form.unwrap_or(0),
            members: col.members.clone(),
        })
        .collect();
    let plan = Plan::new(groups);
    let evaluation = evaluate::evaluate(s, &plan);
    if let Some(v) = evaluation.violations.first() {
        return Err(Error::Internal(format!(
            "the solver's plan breaks `{}`: {}",
            v.rule, v.message
        )));
    }
    let objective = m.milp.objective_value(&sol.values);
    let npv = evaluation.npv(s);
    if (npv - objective).abs() > OBJECTIVE_TOLERANCE * npv.abs().max(1.0) {
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
            mip_gap: opts.mip_gap,
            time_limit: opts.time_limit,
            candidate_columns: cands.shared.len(),
            rows: m.milp.rows.len(),
            columns: m.milp.vars.len(),
            binaries: m.milp.binaries(),
            build_seconds,
            solve_seconds: sol.seconds,
            objective,
        },
    })
}

/// A first explanation of infeasibility: the rules that even going alone breaks, or the
/// families of rules in play.
pub fn explain_infeasible(s: &Scenario) -> String {
    let alone = evaluate::evaluate(s, &Plan::default());
    if !alone.violations.is_empty() {
        let list: Vec<String> = alone
            .violations
            .iter()
            .map(|v| format!("  - {} ({})", v.message, v.rule))
            .collect();
        return format!(
            "even with every partner alone the scenario breaks these rules, and no cooperation fixes all of them:\n{}",
            list.join("\n")
        );
    }
    let c = &s.constraints;
    let mut rules = Vec::new();
    if !c.must_together.is_empty() {
        rules.push("must_together");
    }
    if s.partners.iter().any(|p| p.budget.is_some()) {
        rules.push("partner budgets");
    }
    if c.individual_rationality && c.min_saving > 0.0 {
        rules.push("individual_rationality with min_saving");
    }
    if c.max_vehicles_per_partner.is_some() {
        rules.push("max_vehicles_per_partner");
    }
    format!(
        "no plan satisfies all rules together; the ones that can conflict here: {}",
        if rules.is_empty() {
            "(none found)".into()
        } else {
            rules.join(", ")
        }
    )
}
