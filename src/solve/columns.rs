//! The column path: candidates and model built once ([`Prepared`]), solved, and the chosen
//! columns read as a plan; an infeasible scenario is explained in its own words.

use super::outcome::{Origin, checked_outcome, everyone_alone_at_limit};
use super::{AtTimeLimit, Formulation, Outcome, explain_infeasible, reach};
use crate::error::Error;
use crate::evaluate;
use crate::formulation::columns::{self, candidates};
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use crate::solver::{self, SolveOptions};
use std::time::Instant;

/// A scenario's candidates and model, built once and solved possibly several times (with
/// extra rows: k-best cuts, near-optimal alternatives).
pub struct Prepared {
    /// Every partner's NPV alone, in scenario order, euro of the base year.
    pub baseline_npv: Vec<f64>,
    /// The candidate columns the model was built from.
    pub candidates: candidates::Candidates,
    /// The column MILP, with where each variable came from.
    pub model: columns::Model,
    /// Seconds to compute the baseline, enumerate the candidates and build the model.
    pub build_seconds: f64,
}

/// Enumerates the candidates and builds the model.
pub fn prepare(s: &Scenario) -> Result<Prepared, Error> {
    let t0 = Instant::now();
    let baseline_npv = evaluate::baseline_npv(s);
    let candidates = candidates::enumerate(s)?;
    let model = columns::build(s, &candidates, &baseline_npv);
    Ok(Prepared {
        baseline_npv,
        candidates,
        model,
        build_seconds: t0.elapsed().as_secs_f64(),
    })
}

/// Builds the column model of a scenario (for benchmarks and export).
pub fn build_model(s: &Scenario) -> Result<columns::Model, Error> {
    prepare(s).map(|p| p.model)
}

/// The column formulation.
pub fn optimise_columns(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    solve(s, opts, AtTimeLimit::Fail, false)
}

/// The column path; `auto` (the formulation was not asked for) keeps a model beyond microlp's
/// reach from microlp without a bound on the wait: HiGHS takes it when compiled in and the
/// solver was left to `auto`; otherwise the cluster heuristic, or, where a rule spans the
/// whole plan (a criterion's minimum score), the exact model within a default time limit.
pub(super) fn solve(
    s: &Scenario,
    opts: &SolveOptions,
    at: AtTimeLimit,
    auto: bool,
) -> Result<Outcome, Error> {
    let prep = prepare(s)?;
    if !(auto && reach::kept_from_microlp(s, &prep.model.milp, opts)?) {
        return solve_exact(s, &prep, opts, at);
    }
    if reach::highs_takes_it(opts) {
        return solve_exact(s, &prep, &reach::on_highs(opts), at);
    }
    let limit = opts.time_limit.unwrap_or(reach::MICROLP_HEURISTIC_LIMIT);
    let milp = &prep.model.milp;
    if crate::criteria::cost_alone(s)
        && let Some(out) =
            super::hubs::heuristic_only(s, milp, opts, Origin::columns(&prep), limit)?
    {
        return Ok(out);
    }
    bounded_exact(s, &prep, opts, at, limit)
}

/// The exact column model on microlp within `limit` seconds, saying why it was bounded.
fn bounded_exact(
    s: &Scenario,
    prep: &Prepared,
    opts: &SolveOptions,
    at: AtTimeLimit,
    limit: f64,
) -> Result<Outcome, Error> {
    let bounded = SolveOptions {
        time_limit: Some(limit),
        ..*opts
    };
    let mut out = solve_exact(s, prep, &bounded, at)?;
    let milp = &prep.model.milp;
    out.info.limited = Some(reach::limited_note(s, milp.binaries(), false, Some(limit)));
    Ok(out)
}

/// The prepared column model solved as it is; an infeasible one explained.
fn solve_exact(
    s: &Scenario,
    prep: &Prepared,
    opts: &SolveOptions,
    at: AtTimeLimit,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    match solve_prepared(s, prep, &prep.model.milp, opts) {
        Err(Error::Infeasible(_)) => Err(Error::Infeasible(explain_infeasible(s, opts))),
        Err(Error::TimeLimitNoPlan { stopped }) if at == AtTimeLimit::EveryoneAlone => {
            let ran = (started.elapsed().as_secs_f64(), stopped);
            everyone_alone_at_limit(s, &prep.model.milp, opts, Origin::columns(prep), ran)
        }
        other => other,
    }
}

/// Solves `milp` (the prepared model, possibly with extra rows or another objective over the
/// same variables), turns the chosen columns into a plan, evaluates it and checks that the
/// evaluation agrees with the model's cost objective.
pub fn solve_prepared(
    s: &Scenario,
    prep: &Prepared,
    milp: &crate::milp::Milp,
    opts: &SolveOptions,
) -> Result<Outcome, Error> {
    let sol = solver::solve(milp, opts)?;
    let plan = plan_of(prep, &sol.values);
    checked_outcome(
        s,
        plan,
        &sol,
        &prep.model.milp,
        milp,
        opts,
        Origin::columns(prep),
    )
}

impl Origin {
    /// The column formulation's model, as prepared.
    fn columns(prep: &Prepared) -> Origin {
        Origin {
            formulation: Formulation::Columns,
            exact_costs: true,
            candidates: prep.candidates.shared.len(),
            build_seconds: prep.build_seconds,
        }
    }
}

/// The plan of a solution: the shared columns set to 1.
pub fn plan_of(prep: &Prepared, values: &[f64]) -> Plan {
    let groups = prep
        .candidates
        .shared
        .iter()
        .zip(&prep.model.x_shared)
        .filter(|&(_, &x)| values[x] > 0.5)
        .map(|(col, _)| Group {
            domain: col.domain,
            form: col.form.unwrap_or(0),
            members: col.members.clone(),
            start: None,
        })
        .collect();
    Plan::new(groups)
}
