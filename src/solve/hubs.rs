//! The hub path: build the hub model, solve it, read the plan off the open slots and price it
//! exactly. On a region the cluster heuristic ([`super::region`]) runs first and gives the
//! MILP its first incumbent.

use super::outcome::{Ending, Origin, checked_outcome, everyone_alone_at_limit};
use super::reach::{self, MICROLP_HEURISTIC_LIMIT};
use super::region::{self, Heuristic};
use super::{AtTimeLimit, Formulation, Outcome, SolveInfo};
use crate::error::Error;
use crate::evaluate::{self, Evaluation};
use crate::formulation::hub::{self, HubModel};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solver::{self, Fed, Feed, MilpSolution, SolveOptions, Status};
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Time limit of a region-mode solve when none is given (seconds): proving optimality on a
/// region can take hours, and a region-mode plan always comes with its gap.
pub const REGION_TIME_LIMIT: f64 = 300.0;
/// Share of a region's time limit the heuristic's first pass may take (in parallel, on every
/// core) before the MILP starts from its plan; the neighbourhood search and the MILP then
/// share the cores until the limit.
pub const FIRST_PASS_SHARE: f64 = 0.2;
/// Share of a region's time limit given to the heuristic inside a parallel analysis, where
/// the MILP runs after it (the analysis's pool has the cores).
pub const HEURISTIC_SHARE: f64 = 0.4;
/// Rows of a hub model beyond which region mode runs the LP relaxation, not the MILP, beside
/// the heuristic: HiGHS's MILP starts from a simplex solve of the root LP (or interior point
/// with crossover, for a basis), and on Flanders' four domains (532,079 rows) neither finished
/// in 600 s (dual simplex not in 900 s alone), so the MILP gave neither a plan nor a bound
/// beyond the trivial. The relaxation by interior point without crossover finished in about
/// 470 s on one core; the province's four domains (83,357 rows) keep the MILP, whose root LP
/// finishes and whose cuts then close the gap to 0.4%. Measured on this 2-core machine
/// (docs/development.md, "The LP relaxation's bound").
pub const RELAXATION_ROWS: usize = 200_000;
/// Seconds the completion of a posted plan may take (an LP with every binary fixed: well
/// under a second on the province's hub model).
const COMPLETION_LIMIT: f64 = 30.0;

/// What the cluster heuristic did, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct HeuristicInfo {
    /// Whether the reported plan is the heuristic's (the MILP found nothing better).
    pub chosen: bool,
    /// Whether the hub MILP ran after it (not with microlp: no bound then).
    pub milp: bool,
    /// With the MILP beside the neighbourhood search: the better plans sent to it.
    pub fed: Option<Fed>,
    /// On a model of [`RELAXATION_ROWS`] or more, where the LP relaxation ran in the MILP's
    /// place: its bound and time.
    pub relaxation: Option<Relaxation>,
    /// Its figures (its plan is not serialised: it is the reported plan when `chosen`).
    #[serde(flatten)]
    pub run: Heuristic,
}

/// The LP relaxation that ran beside the heuristic in the MILP's place.
#[derive(Debug, Clone, Serialize)]
pub struct Relaxation {
    /// Its lower bound on the plan's NPV (EUR), or why there is none.
    pub bound: solver::RelaxationBound,
    /// Wall-clock seconds it ran.
    pub seconds: f64,
    /// The model's rows.
    pub rows: usize,
}

/// The hub formulation: build, solve, read the plan off the open slots and price it exactly.
/// On a region ([`crate::formulation::hub::HubModel::region`]) the cluster heuristic runs first and its
/// plan is the MILP's first incumbent; the reported plan is the better of the two by exact
/// NPV, and its gap is measured against the MILP's bound.
pub fn optimise_hubs(s: &Scenario, opts: &SolveOptions) -> Result<Outcome, Error> {
    solve(s, opts, AtTimeLimit::Fail)
}

/// The error of an infeasible hub model.
fn infeasible() -> Error {
    Error::Infeasible(
        "no plan satisfies every rule (the hub formulation cannot say which rules conflict; run with --formulation columns on a smaller part of the region, or relax individual rationality, min_members or max_distance_km)".into(),
    )
}

pub(super) fn solve(s: &Scenario, opts: &SolveOptions, at: AtTimeLimit) -> Result<Outcome, Error> {
    let t0 = Instant::now();
    if let Some(why) = crate::formulation::criteria::unreachable_minimum(s) {
        return Err(Error::Infeasible(format!(
            "no plan satisfies every rule: {why}"
        )));
    }
    let baseline_npv = evaluate::baseline_npv(s);
    let model = hub::build(s, &baseline_npv)?;
    let origin = Origin {
        formulation: Formulation::Hubs,
        exact_costs: model.exact,
        candidates: model.slots.len(),
        build_seconds: t0.elapsed().as_secs_f64(),
    };
    let microlp = solver::resolve(opts.solver, &model.milp)? == solver::SolverChoice::Microlp;
    let beyond = microlp
        && !model.region
        && reach::beyond_microlp(s, Formulation::Hubs, model.milp.binaries());
    let heuristic = model.region || (beyond && crate::criteria::cost_alone(s));
    let limit = opts
        .time_limit
        .or(model.region.then_some(REGION_TIME_LIMIT))
        .or(beyond.then_some(MICROLP_HEURISTIC_LIMIT));
    let mut out = match limit {
        Some(limit) if heuristic => {
            let call = Call {
                s,
                model: &model,
                opts,
                limit,
                t0,
            };
            let run = region_run(call, microlp)?;
            region_outcome(s, &model, opts, origin, run)
        }
        _ => {
            let milp_opts = SolveOptions {
                time_limit: limit.map(|l| (l - t0.elapsed().as_secs_f64()).max(1.0)),
                ..*opts
            };
            solve_whole(s, &model, opts, &milp_opts, origin, at)?
        }
    };
    if beyond {
        let binaries = model.milp.binaries();
        out.info.limited = Some(reach::limited_note(s, binaries, heuristic, limit));
    }
    Ok(out)
}

/// The hub MILP of a model that is no region, solved with `milp_opts`; `at` says what a time
/// limit without a plan gives.
fn solve_whole(
    s: &Scenario,
    model: &HubModel,
    opts: &SolveOptions,
    milp_opts: &SolveOptions,
    origin: Origin,
    at: AtTimeLimit,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let sol = match solver::solve_from(&model.milp, milp_opts, model.start.as_deref()) {
        Err(Error::Infeasible(_)) => return Err(infeasible()),
        Err(Error::TimeLimitNoPlan { stopped }) if at == AtTimeLimit::EveryoneAlone => {
            let ran = (started.elapsed().as_secs_f64(), stopped);
            return everyone_alone_at_limit(s, &model.milp, opts, origin, ran);
        }
        other => other?,
    };
    let plan = model.plan_of(&sol.values);
    let mut out = checked_outcome(s, plan, &sol, &model.milp, &model.milp, opts, origin)?;
    out.info.restricted = model.restricted.clone();
    Ok(out)
}

/// A region's solve: the heuristic's plan, and the MILP's solution when it ran and found one.
struct RegionRun {
    heuristic: Heuristic,
    solved: Option<MilpSolution>,
    /// Whether the MILP ran (microlp does not finish a region model's first LP in useful
    /// time: the heuristic then has the whole time and there is no bound).
    milp: bool,
    microlp: bool,
    limit: f64,
    /// With the MILP beside the heuristic: the plans sent to it.
    fed: Option<Fed>,
    /// The LP relaxation, when it ran in the MILP's place.
    relaxation: Option<Relaxation>,
    /// Wall-clock seconds of the heuristic and the MILP (after or beside it).
    seconds: f64,
    /// Why samen stopped waiting for HiGHS, when it did (with or without a plan from it).
    stopped: Option<String>,
}

/// What every way of running a region's solve is given: the scenario, its hub model, the
/// options, the time limit and when the solve began (`limit` counts from `t0`).
#[derive(Clone, Copy)]
struct Call<'a> {
    s: &'a Scenario,
    model: &'a HubModel,
    opts: &'a SolveOptions,
    limit: f64,
    t0: Instant,
}

impl Call<'_> {
    /// Seconds left of the time limit.
    fn left(&self) -> f64 {
        self.limit - self.t0.elapsed().as_secs_f64()
    }
}

/// The heuristic alone when the MILP cannot run (microlp); else the MILP beside it.
fn region_run(call: Call, microlp: bool) -> Result<RegionRun, Error> {
    let Call { s, opts, limit, .. } = call;
    if !microlp {
        return match rayon::current_thread_index() {
            // Inside a parallel analysis (scale, priorities, risk) the pool has the cores.
            Some(_) => one_after_the_other(call),
            None if call.model.milp.rows.len() >= RELAXATION_ROWS => beside_the_relaxation(call),
            None => alongside(call),
        };
    }
    let heuristic = region::improve_region(s, opts, limit)?;
    Ok(RegionRun {
        seconds: heuristic.seconds,
        heuristic,
        solved: None,
        milp: false,
        microlp,
        limit,
        fed: None,
        relaxation: None,
        stopped: None,
    })
}

/// The heuristic within its share of `limit`, then the MILP from its plan in the rest.
fn one_after_the_other(call: Call) -> Result<RegionRun, Error> {
    let heuristic = region::improve_region(call.s, call.opts, HEURISTIC_SHARE * call.limit)?;
    let (start, milp_opts) = milp_from(call, &heuristic.plan);
    let ended = region_milp(call.model, &milp_opts, start.as_deref(), None)?;
    Ok(RegionRun::milp_ran(heuristic, ended, call.limit))
}

/// The MILP's start (`plan` as a partial assignment, else the model's own) and its options
/// (what is left of `limit`).
fn milp_from(call: Call, plan: &Plan) -> (Option<Vec<f64>>, SolveOptions) {
    let model = call.model;
    let start = (model.start_of(call.s, plan)).or_else(|| model.start.clone());
    let milp_opts = SolveOptions {
        time_limit: Some(call.left().max(1.0)),
        ..*call.opts
    };
    (start, milp_opts)
}

impl RegionRun {
    /// The best lower bound found: the MILP's, or the LP relaxation's where it ran instead.
    fn bound(&self) -> Option<f64> {
        let milp = self.solved.as_ref().and_then(|sol| sol.bound);
        let relaxation = match self.relaxation.as_ref().map(|r| &r.bound) {
            Some(solver::RelaxationBound::Bound(b)) => Some(*b),
            _ => None,
        };
        match (milp, relaxation) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The run of a heuristic and the MILP after or beside it (its solution and why samen
    /// stopped waiting, if it did).
    fn milp_ran(
        heuristic: Heuristic,
        (solved, stopped): (Option<MilpSolution>, Option<String>),
        limit: f64,
    ) -> Self {
        let milp_seconds = solved.as_ref().map_or(0.0, |sol| sol.seconds);
        RegionRun {
            seconds: heuristic.seconds + milp_seconds,
            heuristic,
            solved,
            stopped,
            milp: true,
            microlp: false,
            limit,
            fed: None,
            relaxation: None,
        }
    }
}

/// The heuristic's first pass on every core, then the MILP from its plan while the
/// neighbourhood search goes on with all cores but one, until the limit: every plan the search
/// improves to is posted to the MILP as its new incumbent, and a MILP that proves its plan
/// optimal ends the search. HiGHS keeps its own threads (mostly one), so that it has the
/// cores the search leaves when it ends early.
fn alongside(call: Call) -> Result<RegionRun, Error> {
    let Call {
        s,
        model,
        opts,
        limit,
        ..
    } = call;
    let started = Instant::now();
    let begun = region::begin(s, opts, call.left(), FIRST_PASS_SHARE)?;
    let (start, milp_opts) = milp_from(call, begun.plan());
    let feed = Arc::new(Feed::default());
    let stop = AtomicBool::new(false);
    let tell = |plan: &Plan| post(s, model, opts, plan, &feed);
    let company = region::Company {
        workers: all_cores_but_one(),
        tell: Some(&tell),
        stop: Some(&stop),
    };
    let (solved, heuristic) = std::thread::scope(|scope| {
        let milp = scope.spawn(|| {
            let solved = region_milp(model, &milp_opts, start.as_deref(), Some(&feed));
            stop.store(true, Ordering::Relaxed);
            solved
        });
        let heuristic = begun.improve(company);
        (milp.join(), heuristic)
    });
    let ended = solved.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    Ok(RegionRun {
        fed: Some(feed.counts()),
        // The two overlap: the wall clock, not their sum.
        seconds: started.elapsed().as_secs_f64(),
        ..RegionRun::milp_ran(heuristic, ended, limit)
    })
}

/// The heuristic beside the LP relaxation, on a model too large for the MILP's root LP
/// ([`RELAXATION_ROWS`]): the relaxation by interior point on one thread from the start (it
/// needs most of the time), the heuristic's first pass on every core and its neighbourhood
/// search on all cores but the relaxation's. The bound is the relaxation's, checked by samen
/// ([`solver::relaxation_bound`]); the plan is the heuristic's.
fn beside_the_relaxation(call: Call) -> Result<RegionRun, Error> {
    let Call {
        s,
        model,
        opts,
        limit,
        ..
    } = call;
    let started = Instant::now();
    let budget = call.left();
    let lp_opts = SolveOptions {
        time_limit: Some(budget.max(1.0)),
        threads: Some(1),
        ..*opts
    };
    let (relaxed, heuristic) = std::thread::scope(|scope| {
        let lp = scope.spawn(|| timed(|| solver::relaxation_bound(&model.milp, &lp_opts)));
        let heuristic = region::begin(s, opts, budget, FIRST_PASS_SHARE).map(|begun| {
            begun.improve(region::Company {
                workers: all_cores_but_one(),
                tell: None,
                stop: None,
            })
        });
        (lp.join(), heuristic)
    });
    let (bound, seconds) = relaxed.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    // A failed LP costs the bound, not the heuristic's plan.
    let bound = match bound {
        Err(Error::Infeasible(_)) => return Err(infeasible()),
        Err(e) => solver::RelaxationBound::Failed(e.to_string()),
        Ok(bound) => bound,
    };
    let rows = model.milp.rows.len();
    Ok(RegionRun {
        heuristic: heuristic?,
        solved: None,
        milp: false,
        microlp: false,
        limit,
        fed: None,
        relaxation: Some(Relaxation {
            bound,
            seconds,
            rows,
        }),
        seconds: started.elapsed().as_secs_f64(),
        stopped: None,
    })
}

/// Workers of a neighbourhood search that shares the cores with one solver thread.
fn all_cores_but_one() -> usize {
    rayon::current_num_threads().saturating_sub(1).max(1)
}

/// `f`'s result and its wall-clock seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64())
}

/// Posts `plan` to the MILP's feed as a complete point of the hub model: its slots,
/// memberships and vehicles from [`HubModel::start_of`], the rest (staff and cost terms) by
/// solving the model with those fixed. A plan the hub model cannot express, or whose
/// completion fails, is not posted (the MILP keeps the incumbent it has).
fn post(s: &Scenario, model: &HubModel, opts: &SolveOptions, plan: &Plan, feed: &Feed) {
    let Some(partial) = model.start_of(s, plan) else {
        return;
    };
    let fixed = model.milp.fixed_at(&partial);
    let complete = SolveOptions {
        threads: Some(1),
        time_limit: Some(COMPLETION_LIMIT),
        mip_gap: 0.0,
        ..*opts
    };
    if let Ok(sol) = solver::solve(&fixed, &complete) {
        let objective = model.milp.objective_value(&sol.values);
        feed.post(sol.values, objective);
    }
}

/// The region's MILP from the `start` incumbent, fed by the heuristic; no solution when it
/// finds no plan in time (the heuristic's plan then stands), and in either case why samen
/// stopped waiting for HiGHS, if it did.
fn region_milp(
    model: &HubModel,
    milp_opts: &SolveOptions,
    start: Option<&[f64]>,
    feed: Option<&Arc<Feed>>,
) -> Result<(Option<MilpSolution>, Option<String>), Error> {
    let solved = match feed {
        Some(feed) => solver::solve_fed(&model.milp, milp_opts, start, feed),
        None => solver::solve_from(&model.milp, milp_opts, start),
    };
    match solved {
        Err(Error::Infeasible(_)) => Err(infeasible()),
        Err(Error::TimeLimitNoPlan { stopped }) => Ok((None, stopped)),
        other => other.map(|sol| {
            let stopped = sol.stopped.clone();
            (Some(sol), stopped)
        }),
    }
}

/// The reported plan, its evaluation and whether it is the MILP's: the MILP's plan if it is
/// valid and better than the heuristic's, else the heuristic's.
fn chosen_plan(s: &Scenario, model: &HubModel, run: &RegionRun) -> (Plan, Evaluation, bool) {
    let milp_plan = run.solved.as_ref().and_then(|sol| {
        let plan = model.plan_of(&sol.values);
        let ev = evaluate::evaluate(s, &plan);
        (ev.violations.is_empty() && ev.npv(s) < run.heuristic.npv).then_some((plan, ev))
    });
    match milp_plan {
        Some((plan, ev)) => (plan, ev, true),
        None => {
            let ev = evaluate::evaluate(s, &run.heuristic.plan);
            (run.heuristic.plan.clone(), ev, false)
        }
    }
}

/// The status of a region's plan of NPV `npv`, with its gap against the MILP's bound: a
/// solve that stopped optimal but left a gap to the heuristic's plan is at its gap limit.
fn region_status(run: &RegionRun, npv: f64) -> (Status, Option<f64>) {
    let bound = run.bound();
    let gap = bound.map(|b| ((npv - b) / npv.abs().max(1.0)).max(0.0));
    let status = run
        .solved
        .as_ref()
        .map_or(Status::TimeLimit, |sol| sol.status);
    let status = match (status, gap) {
        (Status::Optimal, Some(g)) if g > 1e-6 => Status::GapLimit,
        (st, _) => st,
    };
    (status, gap)
}

/// The solver of a region's MILP, also when it found nothing.
fn region_solver(run: &RegionRun) -> &'static str {
    match &run.solved {
        Some(sol) => sol.solver,
        None if run.microlp => "microlp",
        None => "highs",
    }
}

/// A region's outcome: the better plan of the two, its gap against the MILP's bound.
fn region_outcome(
    s: &Scenario,
    model: &HubModel,
    opts: &SolveOptions,
    origin: Origin,
    run: RegionRun,
) -> Outcome {
    let chosen = chosen_plan(s, model, &run);
    let mut out = heuristic_outcome(s, &model.milp, opts, origin, run, chosen);
    out.info.exact_costs = false;
    out.info.restricted = model.restricted.clone();
    out
}

/// The cluster heuristic alone within `limit` seconds, for a column model (`milp`) that
/// microlp cannot finish; the outcome says why. `Ok(None)` when its plan breaks a rule the
/// union of cluster plans cannot keep (the caller then solves the exact model).
pub(super) fn heuristic_only(
    s: &Scenario,
    milp: &crate::milp::Milp,
    opts: &SolveOptions,
    origin: Origin,
    limit: f64,
) -> Result<Option<Outcome>, Error> {
    let heuristic = match region::improve_region(s, opts, limit) {
        Err(Error::Internal(m)) if m.starts_with(region::BREAKS) => return Ok(None),
        other => other?,
    };
    let ev = evaluate::evaluate(s, &heuristic.plan);
    let chosen = (heuristic.plan.clone(), ev, false);
    let run = RegionRun {
        seconds: heuristic.seconds,
        heuristic,
        solved: None,
        milp: false,
        microlp: true,
        limit,
        fed: None,
        relaxation: None,
        stopped: None,
    };
    let mut out = heuristic_outcome(s, milp, opts, origin, run, chosen);
    out.info.limited = Some(reach::limited_note(s, milp.binaries(), true, Some(limit)));
    Ok(Some(out))
}

/// The outcome of a heuristic run and the `chosen` plan (plan, evaluation, whether the MILP's).
fn heuristic_outcome(
    s: &Scenario,
    milp: &crate::milp::Milp,
    opts: &SolveOptions,
    origin: Origin,
    run: RegionRun,
    (plan, evaluation, from_milp): (Plan, Evaluation, bool),
) -> Outcome {
    let npv = evaluation.npv(s);
    let (status, gap) = region_status(&run, npv);
    let bound = run.bound();
    let objective = match (&run.solved, from_milp) {
        (Some(sol), true) => milp.objective_value(&sol.values),
        _ => npv,
    };
    let end = Ending {
        status,
        solver: region_solver(&run),
        gap,
        seconds: run.seconds,
        objective,
        bound,
        fallback: None,
    };
    let info = SolveInfo {
        time_limit: Some(run.limit),
        heuristic: Some(HeuristicInfo {
            chosen: !from_milp,
            milp: run.milp,
            fed: run.fed,
            relaxation: run.relaxation.clone(),
            run: run.heuristic,
        }),
        stopped: run.stopped.clone(),
        ..origin.info(opts, milp, end)
    };
    Outcome {
        plan,
        evaluation,
        info,
    }
}

#[cfg(all(test, feature = "highs"))]
mod tests {
    use super::*;
    use crate::solver::SolverChoice;

    /// Region mode beside the LP relaxation (as on a model of [`RELAXATION_ROWS`] or more),
    /// on region-leuven's hub model: the bound is the relaxation's, as solved on its own, it
    /// is below the heuristic's plan, and the gap is measured against it.
    #[test]
    fn beside_the_relaxation_the_bound_is_the_relaxations_and_the_plan_the_heuristics() {
        let path = std::path::Path::new("scenarios/region-leuven.toml");
        let s = Scenario::load(path).unwrap().scenario;
        let model = hub::build(&s, &evaluate::baseline_npv(&s)).unwrap();
        let opts = SolveOptions {
            solver: SolverChoice::Highs,
            ..SolveOptions::default()
        };
        let call = Call {
            s: &s,
            model: &model,
            opts: &opts,
            limit: 60.0,
            t0: Instant::now(),
        };
        let run = beside_the_relaxation(call).unwrap();
        let alone = SolveOptions {
            threads: Some(1),
            ..opts
        };
        let solver::RelaxationBound::Bound(lp) =
            solver::relaxation_bound(&model.milp, &alone).unwrap()
        else {
            panic!("region-leuven's LP finishes with a bound");
        };
        let relaxation = run.relaxation.clone().expect("it ran");
        assert!(matches!(
            relaxation.bound,
            solver::RelaxationBound::Bound(_)
        ));
        let bound = run.bound().expect("the relaxation's");
        assert!((bound - lp).abs() <= 1e-6 * lp.abs(), "{bound} vs {lp}");
        assert_eq!(relaxation.rows, model.milp.rows.len());
        let npv = run.heuristic.npv;
        assert!(bound <= npv, "a bound {bound} above a plan {npv}");
        let (status, gap) = region_status(&run, npv);
        assert_eq!(status, Status::TimeLimit, "nothing proved optimal");
        assert_eq!(gap, Some((npv - bound) / npv.abs()));
        assert!(!run.milp && run.solved.is_none(), "the MILP did not run");
    }
}
