//! `samen risk`: how sure the advice is when the inputs are uncertain.
//!
//! Each draw of the scenario's `[[uncertain]]` inputs is applied to a copy of the validated
//! scenario (no parsing, no validation) and every candidate plan is priced on it by the same
//! cost code as a solve: the recommended plan held fixed, the scenario's alternatives, and
//! everyone alone on the same inputs. With `reoptimise`, every draw is also solved again, to
//! see how often each group is in that draw's optimum and what holding the recommended plan
//! costs against it (its regret). Draws are reproducible from (seed, draw index) alone, so the
//! result is the same on any number of threads.

use crate::error::Error;
use crate::evaluate::{self, evaluate};
use crate::plan::Plan;
use crate::rules::group_name;
use crate::scenario::{Loaded, Scenario, Uncertainty};
use crate::solve;
use crate::solver::SolveOptions;
use crate::uncertainty::{Method, Sampler};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Share of the worst draws whose mean is the expected shortfall.
pub const WORST_SHARE: f64 = 0.05;

/// How a risk analysis samples and prices.
#[derive(Debug, Clone)]
pub struct RiskOptions {
    /// Number of draws.
    pub draws: usize,
    /// Seed of the draws.
    pub seed: u64,
    /// Plain random or Latin hypercube sampling.
    pub method: Method,
    /// Solve every draw again.
    pub reoptimise: bool,
    /// How many of the scenario's best plans are candidates (the optimum and the next best),
    /// besides the recommended plan and the alternatives' optima.
    pub best: usize,
    /// Solver options of the solves.
    pub solve: SolveOptions,
}

/// The distribution of one quantity over the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Mean over the draws.
    pub mean: f64,
    /// Standard deviation over the draws.
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest draw.
    pub min: f64,
    /// Largest draw.
    pub max: f64,
    /// Mean of the worst 5% of draws (the expected shortfall): the highest costs, or the
    /// lowest savings.
    pub worst_5pct_mean: f64,
}

/// An uncertain input as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// `factor` or `value`.
    pub how: String,
    /// The distribution's kind (`PERT`, `lognormal`, ...).
    pub distribution: String,
    /// The key paths of the numbers it moves.
    pub targets: Vec<String>,
    /// Its draws.
    pub draws: Stats,
}

/// One partner's saving (alone minus its plan cost, NPV) over the draws.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerRisk {
    /// The partner's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its saving with the inputs as written.
    pub deterministic_saving: f64,
    /// Its saving over the draws.
    pub saving: Stats,
    /// Share of draws in which it pays less than alone.
    pub p_saving: f64,
    /// Whether the plan has it in a group (a partner outside every group pays what it
    /// pays alone: its saving is 0 in every draw).
    pub in_plan: bool,
}

/// A candidate plan priced over the draws, by the three criteria of a robust choice.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateRisk {
    /// Where the plan comes from: `recommended`, `plan ranked K by cost`, or `plan of
    /// alternative: NAME` (the alternative's optimum, priced at the scenario's own numbers:
    /// its `set` changes are not applied).
    pub name: String,
    /// The alternative's name, for a candidate from an alternative.
    pub alternative: Option<String>,
    /// Its rank by cost with the inputs as written, for one of the scenario's best plans.
    pub rank: Option<usize>,
    /// Its groups, `members|domain|form`.
    pub groups: Vec<String>,
    /// Its NPV over the draws (all partners, euro).
    pub npv: Stats,
    /// Share of draws in which it costs less than everyone alone.
    pub p_saving: f64,
    /// Its regret per draw: its NPV minus the draw's best plan that keeps every rule there
    /// (the re-solved optimum, or a candidate); negative where it undercuts that by
    /// breaking a rule.
    pub regret: Stats,
    /// Share of draws in which it breaks a rule of the scenario (individual rationality,
    /// budgets) at the drawn values.
    pub p_breaks_rules: f64,
}

/// The candidate each criterion picks, by its name.
#[derive(Debug, Clone, Serialize)]
pub struct RobustChoice {
    /// Least expected NPV.
    pub by_expected_npv: String,
    /// Least mean NPV of the worst 5% of draws.
    pub by_expected_shortfall: String,
    /// Least largest regret.
    pub by_max_regret: String,
}

/// How often a group is in a re-solved draw's optimum.
#[derive(Debug, Clone, Serialize)]
pub struct GroupFrequency {
    /// The group, `members|domain|form`.
    pub group: String,
    /// Whether the recommended plan has it.
    pub recommended: bool,
    /// Share of the re-solved draws whose optimum has it.
    pub share: f64,
}

/// What re-solving every draw found.
#[derive(Debug, Clone, Serialize)]
pub struct Reoptimised {
    /// Draws solved.
    pub solved: usize,
    /// Draws whose solve failed (left out of the shares), with the first failure.
    pub failed: usize,
    /// The first failure's message, if any.
    pub first_failure: Option<String>,
    /// Share of solved draws whose optimum is the recommended plan.
    pub same_plan: f64,
    /// Every group of any draw's optimum, most frequent first.
    pub groups: Vec<GroupFrequency>,
    /// The recommended plan's NPV minus each solved draw's optimum, euro (negative where the
    /// plan undercuts the optimum by breaking a rule at that draw).
    pub regret_vs_resolved_optimum: Stats,
}

/// The NPVs of the inputs as written.
#[derive(Debug, Clone, Serialize)]
pub struct Deterministic {
    /// The recommended plan's NPV.
    pub npv: f64,
    /// Everyone alone.
    pub alone: f64,
    /// Alone minus the plan.
    pub saving: f64,
}

/// The result of `samen risk`.
#[derive(Debug, Clone, Serialize)]
pub struct RiskReport {
    /// The scenario's name.
    pub scenario: String,
    /// Number of draws.
    pub draws: usize,
    /// Their seed.
    pub seed: u64,
    /// `random` or `latin hypercube`.
    pub sampling: String,
    /// Whether the inputs are correlated.
    pub correlated: bool,
    /// The uncertain inputs.
    pub inputs: Vec<InputInfo>,
    /// The recommended plan's groups (the optimum with the inputs as written).
    pub plan: Vec<String>,
    /// The figures with the inputs as written.
    pub deterministic: Deterministic,
    /// The recommended plan's NPV over the draws.
    pub npv: Stats,
    /// Everyone alone over the draws.
    pub alone: Stats,
    /// The recommended plan's saving over the draws.
    pub saving: Stats,
    /// Share of draws in which the recommended plan costs less than everyone alone.
    pub p_saving: f64,
    /// Per partner, its saving under the plan's own cost sharing.
    pub partners: Vec<PartnerRisk>,
    /// The candidate plans priced over the same draws.
    pub candidates: Vec<CandidateRisk>,
    /// The robust choice among them.
    pub robust: RobustChoice,
    /// What re-solving every draw found (with `--reoptimise`).
    pub reoptimised: Option<Reoptimised>,
    /// The recommended plan's saving per draw, in draw order (for the charts).
    #[serde(skip)]
    pub savings: Vec<f64>,
}

/// A candidate plan and where it comes from.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// `recommended`, or `alternative: NAME`.
    pub name: String,
    /// The alternative's name, for a candidate from an alternative.
    pub alternative: Option<String>,
    /// Its rank by cost with the inputs as written, for one of the scenario's best plans.
    pub rank: Option<usize>,
    /// The plan, in the base scenario's indices.
    pub plan: Plan,
}

/// One draw priced: the inputs, each partner alone, and per candidate each partner's NPV
/// and whether a rule breaks.
struct Priced {
    inputs: Vec<f64>,
    alone: Vec<f64>,
    costs: Vec<Vec<f64>>,
    broken: Vec<bool>,
    optimum: Option<Result<(f64, Plan), String>>,
}

impl Stats {
    /// The statistics of `values`; `higher_is_worse` says which tail the expected shortfall
    /// averages (costs: the highest; savings: the lowest). All zero for no values.
    pub fn of(values: &[f64], higher_is_worse: bool) -> Stats {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            return Stats::of(&[0.0], higher_is_worse);
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n.max(2) - 1) as f64;
        let k = ((n as f64 * WORST_SHARE).ceil() as usize).clamp(1, n);
        let worst = if higher_is_worse {
            &v[n - k..]
        } else {
            &v[..k]
        };
        Stats {
            mean,
            sd: var.sqrt(),
            p5: quantile(&v, 0.05),
            p50: quantile(&v, 0.5),
            p95: quantile(&v, 0.95),
            min: v[0],
            max: v[n - 1],
            worst_5pct_mean: worst.iter().sum::<f64>() / k as f64,
        }
    }
}

/// The q-quantile of sorted values, interpolated linearly between order statistics (R's
/// type 7, the spreadsheet PERCENTILE).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let Some(&last) = sorted.last() else {
        return 0.0;
    };
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let (i, frac) = (h.floor() as usize, h - h.floor());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + frac * (next - sorted[i]),
        None => last,
    }
}

/// The sampler of the scenario's uncertain inputs.
pub fn sampler(u: &Uncertainty, draws: usize, method: Method, seed: u64) -> Sampler {
    let marginals = u.inputs.iter().map(|i| i.distribution.clone()).collect();
    Sampler::new(marginals, u.correlation.as_ref(), method, seed, draws)
}

/// A usage error when the scenario has no uncertain inputs.
pub fn require_inputs(u: &Uncertainty) -> Result<(), Error> {
    if u.inputs.is_empty() {
        return Err(Error::Usage(
            "the scenario has no `[[uncertain]]` inputs: add one per uncertain number, e.g. \
             `[[uncertain]] name = \"salaries\", set = [\"scenario.salary_per_fte\"], \
             distribution = \"pert\", low = 0.95, mode = 1.0, high = 1.15` (docs/scenario.md)"
                .into(),
        ));
    }
    Ok(())
}

/// A usage error when `what` would re-solve, many times and without a time limit per solve,
/// a region (the hub formulation, minutes per solve) or a column model beyond microlp's reach
/// (each solve the cluster heuristic's, up to 100 s and not proven optimal, so differences
/// between the solves would mix the heuristic's slack with the inputs' effect).
pub fn require_bounded_resolves(
    s: &Scenario,
    opts: &SolveOptions,
    what: &str,
) -> Result<(), Error> {
    if opts.time_limit.is_some() {
        return Ok(());
    }
    if solve::Formulation::Auto.resolve(s) == solve::Formulation::Hubs {
        return Err(Error::Usage(format!(
            "{what} solves this region (the hub formulation) again many times, each solve taking \
             minutes: give --time-limit SECONDS (the limit of each solve), or run the fixed-plan \
             `samen risk` without --reoptimise"
        )));
    }
    if solve::reach::solve_is_limited(s, opts)? {
        return Err(Error::Usage(format!(
            "{what} solves this scenario again many times, and microlp (the default solver) does \
             not finish a model this size: each solve would be the cluster heuristic's, up to \
             {} s and not proven optimal, so the differences between solves would mix its slack \
             with the inputs' effect; build samen with HiGHS (`--features highs`, `--solver \
             auto`), give --time-limit SECONDS (the limit of each solve), or run the fixed-plan \
             `samen risk` without --reoptimise",
            solve::MICROLP_HEURISTIC_LIMIT
        )));
    }
    Ok(())
}

/// The candidates of a robust choice: the recommended plan, the scenario's next best plans
/// (up to `best` in all) and the optimum of each alternative, in the base's indices, each
/// plan once. A plan that cannot be found (an alternative that does not solve, the K best of
/// a region) is left out.
pub fn candidates(
    loaded: &Loaded,
    recommended: &Plan,
    opts: &SolveOptions,
    best: usize,
) -> Vec<Candidate> {
    let mut out = vec![candidate(
        "recommended".into(),
        None,
        None,
        recommended.clone(),
    )];
    for (rank, plan) in best_plans(&loaded.scenario, best, opts)
        .into_iter()
        .enumerate()
    {
        let name = format!("plan ranked {} by cost", rank + 1);
        push_new(&mut out, candidate(name, None, Some(rank + 1), plan));
    }
    for a in &loaded.alternatives {
        let Ok(o) = solve::optimise(&a.scenario, opts) else {
            continue;
        };
        if let Some(plan) = in_base(&loaded.scenario, &a.scenario, &o.plan) {
            let name = format!("plan of alternative: {}", a.name);
            push_new(&mut out, candidate(name, Some(a.name.clone()), None, plan));
        }
    }
    out
}

fn candidate(
    name: String,
    alternative: Option<String>,
    rank: Option<usize>,
    plan: Plan,
) -> Candidate {
    Candidate {
        name,
        alternative,
        rank,
        plan,
    }
}

/// Adds `c` unless its plan is a candidate already.
fn push_new(out: &mut Vec<Candidate>, c: Candidate) {
    if out.iter().all(|o| o.plan != c.plan) {
        out.push(c);
    }
}

/// The `k` best plans of `s` (none on a region, whose columns would be too many).
fn best_plans(s: &Scenario, k: usize, opts: &SolveOptions) -> Vec<Plan> {
    let region = solve::Formulation::Auto.resolve(s) == solve::Formulation::Hubs;
    if k < 2 || region {
        return Vec::new();
    }
    super::alternatives::best_plans(s, k, opts).unwrap_or_default()
}

/// A plan of scenario `v` (a variant of `base`, maybe with fewer partners, forms or
/// domains) in `base`'s indices, by id; `None` when an id is not in the base.
fn in_base(base: &Scenario, v: &Scenario, plan: &Plan) -> Option<Plan> {
    let index = |ids: Vec<&str>, id: &str| ids.iter().position(|x| *x == id);
    let groups = plan.groups.iter().map(|g| {
        let members = (g.members.iter())
            .map(|&p| {
                index(
                    base.partners.iter().map(|x| x.id.as_str()).collect(),
                    &v.partners[p].id,
                )
            })
            .collect::<Option<Vec<usize>>>()?;
        Some(crate::plan::Group {
            domain: index(
                base.domains.iter().map(|x| x.id.as_str()).collect(),
                &v.domains[g.domain].id,
            )?,
            form: index(
                base.forms.iter().map(|x| x.id.as_str()).collect(),
                &v.forms[g.form].id,
            )?,
            members,
            start: g.start,
        })
    });
    Some(Plan::new(groups.collect::<Option<Vec<_>>>()?))
}

/// Prices one draw: each partner alone, and each candidate per partner; with `reoptimise`,
/// the draw's own optimum too.
fn price(
    s: &Scenario,
    u: &Uncertainty,
    draw: Vec<f64>,
    cands: &[Candidate],
    opts: &RiskOptions,
) -> Priced {
    let sd = u.applied(s, &draw);
    let alone = evaluate::baseline_npv(&sd);
    let evaluations: Vec<_> = cands.iter().map(|c| evaluate(&sd, &c.plan)).collect();
    let costs = (evaluations.iter())
        .map(|ev| ev.partners.iter().map(|p| p.ledger.npv(&sd)).collect())
        .collect();
    let broken = evaluations
        .iter()
        .map(|ev| !ev.violations.is_empty())
        .collect();
    let optimum = opts.reoptimise.then(|| {
        (solve::optimise(&sd, &opts.solve))
            .map(|o| (o.evaluation.npv(&sd), o.plan))
            .map_err(|e| e.to_string())
    });
    Priced {
        inputs: draw,
        alone,
        costs,
        broken,
        optimum,
    }
}

/// Runs the risk analysis of a loaded scenario's optimum; `tick` is called once per draw.
pub fn risk(
    loaded: &Loaded,
    opts: &RiskOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<RiskReport, Error> {
    require_inputs(&loaded.uncertainty)?;
    if opts.reoptimise {
        // Refused before the solve of the recommended plan, not after it.
        require_bounded_resolves(&loaded.scenario, &opts.solve, "`samen risk --reoptimise`")?;
    }
    let recommended = solve::optimise(&loaded.scenario, &opts.solve)?;
    risk_of_checked(loaded, &recommended.plan, opts, tick)
}

/// The risk analysis of `recommended`, a plan of the loaded scenario.
pub fn risk_of(
    loaded: &Loaded,
    recommended: &Plan,
    opts: &RiskOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<RiskReport, Error> {
    require_inputs(&loaded.uncertainty)?;
    if opts.reoptimise {
        require_bounded_resolves(&loaded.scenario, &opts.solve, "`samen risk --reoptimise`")?;
    }
    risk_of_checked(loaded, recommended, opts, tick)
}

/// [`risk_of`], its inputs and reach checked already (checking the reach builds the model:
/// up to half a second on a region's column model).
fn risk_of_checked(
    loaded: &Loaded,
    recommended: &Plan,
    opts: &RiskOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<RiskReport, Error> {
    let (s, u) = (&loaded.scenario, &loaded.uncertainty);
    let cands = candidates(loaded, recommended, &opts.solve, opts.best);
    let sampler = sampler(u, opts.draws, opts.method, opts.seed);
    let opts = RiskOptions {
        solve: super::sweep_options(&opts.solve),
        ..opts.clone()
    };
    let priced: Vec<Priced> = (0..opts.draws)
        .into_par_iter()
        .map(|i| {
            let p = price(s, u, sampler.draw(i), &cands, &opts);
            tick();
            p
        })
        .collect();
    Ok(report(loaded, &opts, &cands, &priced))
}

/// Sum of a draw's per-partner NPVs for candidate c.
fn total(p: &Priced, c: usize) -> f64 {
    p.costs[c].iter().sum()
}

/// The report of priced draws; candidate 0 is the recommended plan.
fn report(
    loaded: &Loaded,
    opts: &RiskOptions,
    cands: &[Candidate],
    priced: &[Priced],
) -> RiskReport {
    let s = &loaded.scenario;
    let alone: Vec<f64> = priced.iter().map(|p| p.alone.iter().sum()).collect();
    let npv: Vec<f64> = priced.iter().map(|p| total(p, 0)).collect();
    let savings: Vec<f64> = alone.iter().zip(&npv).map(|(a, c)| a - c).collect();
    let best = draw_best(priced);
    let candidates: Vec<CandidateRisk> = (0..cands.len())
        .map(|c| candidate_risk(s, &cands[c], c, priced, &alone, &best))
        .collect();
    RiskReport {
        scenario: s.name.clone(),
        draws: opts.draws,
        seed: opts.seed,
        sampling: method_name(opts.method).into(),
        correlated: loaded.uncertainty.correlation.is_some(),
        inputs: input_infos(s, &loaded.uncertainty, priced),
        plan: super::group_names(s, &cands[0].plan),
        deterministic: deterministic(s, &cands[0].plan),
        npv: Stats::of(&npv, true),
        alone: Stats::of(&alone, true),
        p_saving: share(savings.iter().map(|x| *x > 0.0)),
        saving: Stats::of(&savings, false),
        partners: partner_risks(s, &cands[0].plan, priced),
        robust: robust(&candidates),
        candidates,
        reoptimised: opts
            .reoptimise
            .then(|| reoptimised(s, &cands[0].plan, priced)),
        savings,
    }
}

/// The name `--lhs` and the report give a sampling method.
pub fn method_name(m: Method) -> &'static str {
    match m {
        Method::Random => "random",
        Method::LatinHypercube => "latin hypercube",
    }
}

/// The share of `true` among the flags (0 for none).
fn share(flags: impl Iterator<Item = bool>) -> f64 {
    let (hits, n) = flags.fold((0usize, 0usize), |(h, n), f| (h + f as usize, n + 1));
    if n == 0 { 0.0 } else { hits as f64 / n as f64 }
}

fn deterministic(s: &Scenario, plan: &Plan) -> Deterministic {
    let ev = evaluate(s, plan);
    let (npv, alone) = (ev.npv(s), ev.baseline_npv(s));
    Deterministic {
        npv,
        alone,
        saving: alone - npv,
    }
}

/// Per draw, the least NPV of a plan that keeps every rule at that draw: the re-solved
/// optimum (when it succeeded) or a candidate that breaks no rule there; the cheapest
/// candidate when none does.
fn draw_best(priced: &[Priced]) -> Vec<f64> {
    priced.iter().map(best_of_draw).collect()
}

fn best_of_draw(p: &Priced) -> f64 {
    let keeping = (0..p.costs.len())
        .filter(|&c| !p.broken[c])
        .map(|c| total(p, c));
    let optimum = match &p.optimum {
        Some(Ok((npv, _))) => Some(*npv),
        _ => None,
    };
    let best = keeping.chain(optimum).fold(f64::INFINITY, f64::min);
    match best.is_finite() {
        true => best,
        false => (0..p.costs.len())
            .map(|c| total(p, c))
            .fold(f64::INFINITY, f64::min),
    }
}

fn candidate_risk(
    s: &Scenario,
    cand: &Candidate,
    c: usize,
    priced: &[Priced],
    alone: &[f64],
    best: &[f64],
) -> CandidateRisk {
    let npv: Vec<f64> = priced.iter().map(|p| total(p, c)).collect();
    let regret: Vec<f64> = npv.iter().zip(best).map(|(x, b)| x - b).collect();
    CandidateRisk {
        name: cand.name.clone(),
        alternative: cand.alternative.clone(),
        rank: cand.rank,
        groups: super::group_names(s, &cand.plan),
        p_saving: share(npv.iter().zip(alone).map(|(x, a)| x < a)),
        npv: Stats::of(&npv, true),
        regret: Stats::of(&regret, true),
        p_breaks_rules: share(priced.iter().map(|p| p.broken[c])),
    }
}

/// The candidate each criterion picks (the first on a tie: the recommended plan leads).
fn robust(cands: &[CandidateRisk]) -> RobustChoice {
    let pick = |key: &dyn Fn(&CandidateRisk) -> f64| {
        (cands.iter())
            .min_by(|a, b| key(a).total_cmp(&key(b)))
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    RobustChoice {
        by_expected_npv: pick(&|c| c.npv.mean),
        by_expected_shortfall: pick(&|c| c.npv.worst_5pct_mean),
        by_max_regret: pick(&|c| c.regret.max),
    }
}

fn partner_risks(s: &Scenario, plan: &Plan, priced: &[Priced]) -> Vec<PartnerRisk> {
    let ev = evaluate(s, plan);
    let base: Vec<f64> = ev.partners.iter().map(|o| o.saving(s)).collect();
    (s.partners.iter().enumerate())
        .map(|(p, partner)| {
            let saving: Vec<f64> = priced.iter().map(|d| d.alone[p] - d.costs[0][p]).collect();
            PartnerRisk {
                id: partner.id.clone(),
                name: partner.name.clone(),
                deterministic_saving: base.get(p).copied().unwrap_or(0.0),
                p_saving: share(saving.iter().map(|x| *x > 0.0)),
                saving: Stats::of(&saving, false),
                in_plan: plan.groups.iter().any(|g| g.members.contains(&p)),
            }
        })
        .collect()
}

fn input_infos(s: &Scenario, u: &Uncertainty, priced: &[Priced]) -> Vec<InputInfo> {
    (u.inputs.iter().enumerate())
        .map(|(i, input)| {
            let draws: Vec<f64> = priced.iter().map(|p| p.inputs[i]).collect();
            InputInfo {
                name: input.name.clone(),
                description: input.description.clone(),
                how: how_name(input.how).into(),
                distribution: input.distribution.kind().into(),
                targets: input.targets.iter().map(|(p, _)| p.key(s)).collect(),
                draws: Stats::of(&draws, true),
            }
        })
        .collect()
}

/// `factor` or `value`, as the file writes it.
pub fn how_name(how: crate::scenario::How) -> &'static str {
    match how {
        crate::scenario::How::Factor => "factor",
        crate::scenario::How::Value => "value",
    }
}

/// Group frequencies and the recommended plan's regret over the re-solved draws.
fn reoptimised(s: &Scenario, recommended: &Plan, priced: &[Priced]) -> Reoptimised {
    let solved: Vec<(&Priced, f64, &Plan)> = (priced.iter())
        .filter_map(|p| match &p.optimum {
            Some(Ok((npv, plan))) => Some((p, *npv, plan)),
            _ => None,
        })
        .collect();
    let failures: Vec<&String> = (priced.iter())
        .filter_map(|p| match &p.optimum {
            Some(Err(e)) => Some(e),
            _ => None,
        })
        .collect();
    let regret: Vec<f64> = solved.iter().map(|(p, npv, _)| total(p, 0) - npv).collect();
    Reoptimised {
        solved: solved.len(),
        failed: failures.len(),
        first_failure: failures.first().map(|e| e.to_string()),
        same_plan: share(solved.iter().map(|(_, _, plan)| *plan == recommended)),
        groups: frequencies(s, recommended, solved.iter().map(|(_, _, plan)| *plan)),
        regret_vs_resolved_optimum: Stats::of(&regret, true),
    }
}

/// How often each group is in the plans, most frequent first (then by name).
fn frequencies<'p>(
    s: &Scenario,
    recommended: &Plan,
    plans: impl ExactSizeIterator<Item = &'p Plan>,
) -> Vec<GroupFrequency> {
    let n = plans.len().max(1) as f64;
    let mut counts: BTreeMap<&crate::plan::Group, usize> = BTreeMap::new();
    for plan in plans {
        for g in &plan.groups {
            *counts.entry(g).or_default() += 1;
        }
    }
    let mut out: Vec<GroupFrequency> = (counts.into_iter())
        .map(|(g, count)| GroupFrequency {
            group: group_name(s, &g.members, g.domain, g.form),
            recommended: recommended.groups.contains(g),
            share: count as f64 / n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.group.cmp(&b.group))
    });
    out
}

/// A plan's saving against everyone alone in `s`, euro NPV.
pub fn plan_saving(s: &Scenario, plan: &Plan) -> f64 {
    let ev = evaluate(s, plan);
    ev.baseline_npv(s) - ev.npv(s)
}

/// The fixed plan's saving at each of the sampler's draws, in draw order; on the rayon pool
/// when `parallel` (the same numbers either way).
pub fn savings(
    s: &Scenario,
    u: &Uncertainty,
    plan: &Plan,
    sampler: &Sampler,
    parallel: bool,
) -> Vec<f64> {
    let one = |i: usize| plan_saving(&u.applied(s, &sampler.draw(i)), plan);
    match parallel {
        true => (0..sampler.draws()).into_par_iter().map(one).collect(),
        false => (0..sampler.draws()).map(one).collect(),
    }
}

/// Each draw solved again: the optimum's NPV, in draw order; on the rayon pool when
/// `parallel`.
pub fn optimum_npvs(
    s: &Scenario,
    u: &Uncertainty,
    sampler: &Sampler,
    opts: &SolveOptions,
    parallel: bool,
) -> Vec<Result<f64, Error>> {
    let one = |i: usize| {
        let sd = u.applied(s, &sampler.draw(i));
        solve::optimise(&sd, opts).map(|o| o.evaluation.npv(&sd))
    };
    match parallel {
        true => (0..sampler.draws()).into_par_iter().map(one).collect(),
        false => (0..sampler.draws()).map(one).collect(),
    }
}
