//! From a validated scenario to the best plan: candidates -> model -> solver -> plan ->
//! evaluation, with the checks that make the answer trustworthy (residuals, and the
//! evaluation of the plan agreeing with the solver's objective).

use crate::candidates;
use crate::error::Error;
use crate::evaluate::{self, Evaluation};
use crate::model::{self, Relaxation};
use crate::report;
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
        Err(Error::Infeasible(_)) => return Err(Error::Infeasible(explain_infeasible(s, opts))),
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

/// Explains an infeasible scenario in its own words: solves the elastic model (every
/// relaxable rule gets a penalised slack) and lists the rules that must give way, and by how
/// much, in the least change that admits a plan.
pub fn explain_infeasible(s: &Scenario, opts: &SolveOptions) -> String {
    match elastic_relaxations(s, opts) {
        Ok(list) if list.is_empty() => {
            "the solver found no plan, but relaxing the rules changes nothing; please report this scenario".into()
        }
        Ok(list) => format!(
            "no plan satisfies every rule. The least change that admits one:\n{}",
            list.iter().map(|l| format!("  - {l}")).collect::<Vec<_>>().join("\n")
        ),
        Err(e) => format!("no plan satisfies every rule (the explanation failed: {e})"),
    }
}

/// The rules given way in the elastic optimum, as sentences.
pub fn elastic_relaxations(s: &Scenario, opts: &SolveOptions) -> Result<Vec<String>, Error> {
    let base: Vec<f64> = evaluate::baseline(s).iter().map(|(l, _)| l.npv(s)).collect();
    let cands = candidates::enumerate_with(s, true)?;
    let m = model::build_with(s, &cands, &base, true);
    let sol = solver::solve(&m.milp, opts)?;
    let mut out = Vec::new();
    let mut short: std::collections::BTreeMap<usize, Vec<(usize, f64)>> = Default::default();
    for (r, var) in &m.relax {
        let v = sol.values[*var];
        let id = |p: usize| s.partners[p].id.as_str();
        match r {
            Relaxation::Rule(_, message) if v > 0.5 => out.push(format!("give way on: {message}")),
            Relaxation::Budget(p, t) if v > 0.5 => short.entry(*p).or_default().push((*t, v)),
            Relaxation::Rational(p) if v > 0.5 => {
                let alone = base[*p];
                let limit = (1.0 - s.constraints.min_saving) * alone;
                let saving = if alone != 0.0 { 100.0 * (1.0 - (limit + v) / alone) } else { 0.0 };
                out.push(if s.constraints.min_saving > 0.0 {
                    format!(
                        "{} cannot save the required {:.1}% (constraints.min_saving): the closest plan saves {saving:.1}%, {} short",
                        id(*p),
                        100.0 * s.constraints.min_saving,
                        report::eur(v)
                    )
                } else {
                    format!(
                        "{} would pay {} more than alone (individual rationality)",
                        id(*p),
                        report::eur(v)
                    )
                });
            }
            Relaxation::Vehicles(p) if v > 1e-6 => out.push(format!(
                "{} needs {:.0} more vehicle(s) than constraints.max_vehicles_per_partner = {}",
                id(*p),
                v.round().max(1.0),
                s.constraints.max_vehicles_per_partner.unwrap_or(0)
            )),
            _ => {}
        }
    }
    for (p, years) in short {
        let list: Vec<String> = years
            .iter()
            .map(|&(t, v)| format!("{} in {}", report::eur(v), s.base_year + t as i32))
            .collect();
        out.push(format!(
            "{}'s budget of {} a year is short by {}",
            s.partners[p].id,
            report::eur(s.partners[p].budget.unwrap_or(0.0)),
            list.join(", ")
        ));
    }
    Ok(out)
}
