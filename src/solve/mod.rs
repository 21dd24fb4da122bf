//! From a validated scenario to the best plan: candidates -> model -> solver -> plan ->
//! evaluation, with the checks that make the answer trustworthy (residuals, and the
//! evaluation of the plan agreeing with the solver's objective).

pub mod region;

use crate::error::Error;
use crate::evaluate::{self, Evaluation};
use crate::formulation::columns::candidates;
use crate::formulation::columns::{self, Relaxation, Rules};
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use crate::solver::{self, SolveOptions, Status};
use serde::Serialize;
use std::time::Instant;

/// Which MILP is built: candidate columns (MODEL.md §2: exact for any cost curve, up to a few
/// thousand candidate groups) or hubs (§3: facility location, for regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Formulation {
    /// Columns while the candidate groups stay below [`AUTO_HUB_GROUPS`], hubs beyond.
    Auto,
    Columns,
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
    pub status: Status,
    pub solver: &'static str,
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
    pub time_limit: Option<f64>,
    pub candidate_columns: usize,
    pub rows: usize,
    pub columns: usize,
    pub binaries: usize,
    pub build_seconds: f64,
    pub solve_seconds: f64,
    /// The solver's objective (equals the plan's NPV, checked, when `exact_costs`).
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

#[derive(Debug, Clone)]
pub struct Outcome {
    pub plan: Plan,
    pub evaluation: Evaluation,
    pub info: SolveInfo,
}

/// Relative tolerance between the solver's objective and the evaluated plan NPV.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-6;

/// A scenario's candidates and model, built once and solved possibly several times (with
/// extra rows: k-best cuts, near-optimal alternatives).
pub struct Prepared {
    pub baseline_npv: Vec<f64>,
    pub candidates: candidates::Candidates,
    pub model: columns::Model,
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

/// Builds the model of a scenario (for benchmarks and export).
pub fn build_model(s: &Scenario) -> Result<columns::Model, Error> {
    prepare(s).map(|p| p.model)
}

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

fn optimise_as(
    s: &Scenario,
    opts: &SolveOptions,
    f: Formulation,
    at: AtTimeLimit,
) -> Result<Outcome, Error> {
    match f.resolve(s) {
        Formulation::Hubs => hubs(s, opts, at),
        _ => columns(s, opts, at),
    }
}

/// Time limit of a region-mode solve when none is given (seconds): proving optimality on a
/// region can take hours, and a region-mode plan always comes with its gap.
pub const REGION_TIME_LIMIT: f64 = 300.0;
/// Share of the time limit given to the cluster heuristic on a region (the MILP gets the rest).
pub const HEURISTIC_SHARE: f64 = 0.4;

/// The hub formulation: build, solve, read the plan off the open slots and price it exactly.
/// On a region ([`crate::formulation::hub::HubModel::region`]) the cluster heuristic runs first and its
/// plan is the MILP's first incumbent; the reported plan is the better of the two by exact
/// NPV, and its gap is measured against the MILP's bound.
pub fn optimise_hubs(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    hubs(s, opts, AtTimeLimit::Fail)
}

fn hubs(s: &Scenario, opts: &SolveOptions, at: AtTimeLimit) -> Result<Outcome, Error> {
    let t0 = Instant::now();
    let baseline_npv = evaluate::baseline_npv(s);
    let model = crate::formulation::hub::build(s, &baseline_npv)?;
    let build_seconds = t0.elapsed().as_secs_f64();
    let binaries = model.milp.binaries();
    let microlp = solver::resolve(opts.solver, &model.milp)? == solver::SolverChoice::Microlp;
    if microlp
        && binaries > solver::AUTO_HIGHS_BINARIES
        && opts.time_limit.is_none()
        && !model.region
    {
        return Err(Error::TooLarge(format!(
            "the hub model has {binaries} binaries: too hard for microlp without a time limit; build with `--features highs` and use --solver highs, or give --time-limit"
        )));
    }
    let limit = opts
        .time_limit
        .or(model.region.then_some(REGION_TIME_LIMIT));
    // microlp does not finish a region model's first LP in useful time: on a region it
    // leaves the whole time to the heuristic and reports no bound.
    let run_milp = !(model.region && microlp);
    let heuristic = match limit {
        Some(l) if model.region => {
            let share = if run_milp { HEURISTIC_SHARE } else { 1.0 };
            Some(crate::solve::region::improve_region(s, opts, share * l)?)
        }
        _ => None,
    };
    let start = match &heuristic {
        Some(h) => model.start_of(s, &h.plan).or_else(|| model.start.clone()),
        None => model.start.clone(),
    };
    let milp_opts = SolveOptions {
        time_limit: limit.map(|l| (l - t0.elapsed().as_secs_f64()).max(1.0)),
        ..*opts
    };
    let origin = Origin {
        formulation: Formulation::Hubs,
        exact_costs: model.exact,
        candidates: model.slots.len(),
        build_seconds,
    };
    let solved = match run_milp
        .then(|| solver::solve_from(&model.milp, &milp_opts, start.as_deref()))
    {
        None => None,
        Some(result) => match result {
            Err(Error::Infeasible(_)) => {
                return Err(Error::Infeasible(
                "no plan satisfies every rule (the hub formulation cannot say which rules conflict; run with --formulation columns on a smaller part of the region, or relax individual rationality, min_members or max_distance_km)".into(),
            ));
            }
            // On a region the heuristic's plan stands when the MILP finds none in time.
            Err(Error::TimeLimitNoPlan) if heuristic.is_some() => None,
            Err(Error::TimeLimitNoPlan) if at == AtTimeLimit::EveryoneAlone => {
                return everyone_alone_at_limit(s, &model.milp, opts, origin);
            }
            other => Some(other?),
        },
    };
    let Some(h) = heuristic else {
        let sol = solved.expect("without a heuristic every error returned above");
        let plan = model.plan_of(&sol.values);
        let mut out = checked_outcome(s, plan, &sol, &model.milp, &model.milp, opts, origin)?;
        out.info.restricted = model.restricted.clone();
        return Ok(out);
    };
    // Region: the MILP's plan if it is valid and better, else the heuristic's.
    let milp_plan = solved.as_ref().and_then(|sol| {
        let plan = model.plan_of(&sol.values);
        let ev = evaluate::evaluate(s, &plan);
        (ev.violations.is_empty() && ev.npv(s) < h.npv).then_some((plan, ev))
    });
    let from_milp = milp_plan.is_some();
    let (plan, evaluation) = match milp_plan {
        Some(found) => found,
        None => (h.plan.clone(), evaluate::evaluate(s, &h.plan)),
    };
    let npv = evaluation.npv(s);
    let bound = solved.as_ref().and_then(|sol| sol.bound);
    let gap = bound.map(|b| ((npv - b) / npv.abs().max(1.0)).max(0.0));
    let (status, seconds) = match &solved {
        Some(sol) => (sol.status, sol.seconds),
        None => (Status::TimeLimit, 0.0),
    };
    let status = match (status, gap) {
        (Status::Optimal, Some(g)) if g > 1e-6 => Status::GapLimit,
        (st, _) => st,
    };
    let objective = match (&solved, from_milp) {
        (Some(sol), true) => model.milp.objective_value(&sol.values),
        _ => npv,
    };
    Ok(Outcome {
        plan,
        evaluation,
        info: SolveInfo {
            status,
            solver: match &solved {
                Some(sol) => sol.solver,
                None if microlp => "microlp",
                None => "highs",
            },
            formulation: Formulation::Hubs,
            gap,
            exact_costs: false,
            mip_gap: opts.mip_gap,
            time_limit: limit,
            candidate_columns: origin.candidates,
            rows: model.milp.rows.len(),
            columns: model.milp.vars.len(),
            binaries,
            build_seconds,
            solve_seconds: h.seconds + seconds,
            objective,
            bound,
            heuristic: Some(HeuristicInfo {
                chosen: !from_milp,
                milp: run_milp,
                run: h,
            }),
            fallback: None,
            restricted: model.restricted.clone(),
        },
    })
}

/// What the cluster heuristic did, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct HeuristicInfo {
    /// Whether the reported plan is the heuristic's (the MILP found nothing better).
    pub chosen: bool,
    /// Whether the hub MILP ran after it (not with microlp: no bound then).
    pub milp: bool,
    /// Its figures (its plan is not serialised: it is the reported plan when `chosen`).
    #[serde(flatten)]
    pub run: crate::solve::region::Heuristic,
}

/// The column formulation.
pub fn optimise_columns(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    columns(s, opts, AtTimeLimit::Fail)
}

fn columns(s: &Scenario, opts: &SolveOptions, at: AtTimeLimit) -> Result<Outcome, Error> {
    let prep = prepare(s)?;
    match solve_prepared(s, &prep, &prep.model.milp, opts) {
        Err(Error::Infeasible(_)) => Err(Error::Infeasible(explain_infeasible(s, opts))),
        Err(Error::TimeLimitNoPlan) if at == AtTimeLimit::EveryoneAlone => {
            everyone_alone_at_limit(s, &prep.model.milp, opts, Origin::columns(&prep))
        }
        other => other,
    }
}

/// When a time limit ends a solve before any plan is found: everyone alone, if no rule
/// forbids it, with status `time_limit`, an unknown gap and a note saying so; else the
/// time-limit error.
fn everyone_alone_at_limit(
    s: &Scenario,
    milp: &crate::milp::Milp,
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

/// Which model a solution came from, for its [`SolveInfo`].
#[derive(Clone, Copy)]
struct Origin {
    formulation: Formulation,
    /// Whether the model's cost objective is the plan's exact NPV.
    exact_costs: bool,
    /// Candidate columns, or hub slots.
    candidates: usize,
    build_seconds: f64,
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

/// Evaluates the plan of a solution and checks it: it breaks no rule, and (when the model's
/// costs are exact) its NPV equals the cost objective of `costed` (the model as built; `solved`
/// may carry extra rows or another objective over the same variables).
fn checked_outcome(
    s: &Scenario,
    plan: Plan,
    sol: &solver::MilpSolution,
    costed: &crate::milp::Milp,
    solved: &crate::milp::Milp,
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
        })
        .collect();
    Plan::new(groups)
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

/// The rules given way in the elastic optimum, as sentences: first the fewest rules that must
/// give way (a budget, a rationality bound or a vehicle limit counts as one rule per partner),
/// then, with that many, the least change (the penalised slacks of the elastic model).
pub fn elastic_relaxations(s: &Scenario, opts: &SolveOptions) -> Result<Vec<String>, Error> {
    let base = evaluate::baseline_npv(s);
    let cands = candidates::enumerate_with(s, Rules::Elastic)?;
    let mut m = columns::build_with(s, &cands, &base, Rules::Elastic);
    let indicators = give_way_indicators(s, &cands, &mut m);
    let least = fewest_rules(&m.milp, &indicators, opts)?;
    let count: Vec<(usize, f64)> = indicators.iter().map(|&b| (b, 1.0)).collect();
    m.milp.add_row(
        "fewest_rules".into(),
        count,
        crate::milp::Sense::Le,
        least + 0.5,
    );
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
                let saving = if alone != 0.0 {
                    100.0 * (1.0 - (limit + v) / alone)
                } else {
                    0.0
                };
                out.push(if s.constraints.min_saving > 0.0 {
                    format!(
                        "{} cannot save the required {:.1}% (constraints.min_saving): the closest plan saves {saving:.1}%, {} short",
                        id(*p),
                        100.0 * s.constraints.min_saving,
                        crate::format::eur(v)
                    )
                } else {
                    format!(
                        "{} would pay {} more than alone (individual rationality)",
                        id(*p),
                        crate::format::eur(v)
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
        let budget = s.partners[p].budget.unwrap_or(0.0);
        let list: Vec<String> = years
            .iter()
            .map(|&(t, v)| {
                format!(
                    "{} in {} (a budget of at least {})",
                    crate::format::eur(v),
                    s.base_year + t as i32,
                    crate::format::eur(budget + v)
                )
            })
            .collect();
        out.push(format!(
            "{}'s budget of {} a year is short by {}",
            s.partners[p].id,
            crate::format::eur(budget),
            list.join(", ")
        ));
    }
    Ok(out)
}

/// One binary per rule that can give way: the group rules' own binaries, a new binary for
/// every partner's budget and rationality bound, and one for the vehicle limit, that their
/// slacks need (slack ≤ M·b, with M a bound on what the slack can ever have to be).
fn give_way_indicators(
    s: &Scenario,
    c: &candidates::Candidates,
    m: &mut columns::Model,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut per_rule: Vec<(String, usize)> = Vec::new();
    let relax = m.relax.clone();
    for (r, var) in &relax {
        let (key, big) = match r {
            Relaxation::Rule(..) => {
                out.push(*var);
                continue;
            }
            Relaxation::Budget(p, t) => (format!("budget[{p}]"), most_cash(s, c, *p, *t)),
            Relaxation::Rational(p) => (
                format!("rational[{p}]"),
                (0..=s.horizon)
                    .map(|t| s.discount(t) * most_cash(s, c, *p, t))
                    .sum(),
            ),
            // One scenario-wide limit: relaxing it for several partners is one rule.
            Relaxation::Vehicles(p) => (
                "vehicles".to_string(),
                c.vehicles.iter().filter(|(ms, _)| ms.contains(p)).count() as f64,
            ),
        };
        let b = match per_rule.iter().find(|(k, _)| *k == key) {
            Some(&(_, b)) => b,
            None => {
                let b = m.milp.add_var(
                    format!("gives_way[{key}]"),
                    crate::milp::VarKind::Binary,
                    0.0,
                    1.0,
                );
                per_rule.push((key.clone(), b));
                out.push(b);
                b
            }
        };
        m.milp.add_row(
            format!("gives_way[{key},{}]", m.milp.vars[*var].name),
            vec![(*var, 1.0), (b, -big.max(1.0))],
            crate::milp::Sense::Le,
            0.0,
        );
    }
    out
}

/// A bound on what partner p can pay in year t under any plan: every column and vehicle it
/// could be in at once, and its whole current staff plus every in-house need.
fn most_cash(s: &Scenario, c: &candidates::Candidates, p: usize, t: usize) -> f64 {
    let mut total = 0.0;
    let mut fte = s.partners[p].ict_fte;
    for col in c.shared.iter().chain(c.alone.iter().flatten()) {
        if let Some(i) = col.members.iter().position(|&q| q == p) {
            total += col.ledgers[i].cash(t).max(0.0);
            fte += col.own_fte[i].get(t).copied().unwrap_or(0.0);
        }
    }
    for (members, f) in &c.vehicles {
        if let Some(i) = members.iter().position(|&q| q == p) {
            total += crate::costs::vehicle(s, members, *f)[i].cash(t).max(0.0);
        }
    }
    total + s.salary_of(p) * fte
}

/// The fewest rules that must give way: the elastic model with the number of indicators as
/// its objective.
fn fewest_rules(
    milp: &crate::milp::Milp,
    indicators: &[usize],
    opts: &SolveOptions,
) -> Result<f64, Error> {
    let mut count = milp.clone();
    count.objective = indicators.iter().map(|&b| (b, 1.0)).collect();
    let sol = solver::solve(&count, opts)?;
    Ok(indicators
        .iter()
        .map(|&b| sol.values[b])
        .sum::<f64>()
        .round())
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
        let prep = prepare(&s).unwrap();
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
        let prep = prepare(&s).unwrap();
        let out = everyone_alone_at_limit(&s, &prep.model.milp, &SolveOptions::default(), origin());
        assert!(matches!(out, Err(Error::TimeLimitNoPlan)));
    }
}
