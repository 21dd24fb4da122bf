//! The scale curve: the optimum as the maximum group size k goes from 1 (everyone alone) to
//! N, overall and per domain, with cost per inhabitant and per user, the marginal saving of
//! each step and the size beyond which extra scale stops paying.

use super::{annuity_factor, solve_variant, sweep_options, total_driver};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::solver::SolveOptions;
use rayon::prelude::*;
use serde::Serialize;

/// A step counts as "still paying" when it saves more than this share of the baseline.
pub const PAYING_THRESHOLD: f64 = 0.001;

/// The optimum at one maximum group size.
#[derive(Debug, Clone, Serialize)]
pub struct ScalePoint {
    /// The maximum group size k (`constraints.max_group_size`) of this point.
    pub max_group_size: usize,
    /// None when no plan satisfies the rules at this size.
    pub npv: Option<f64>,
    /// NPV saved against everyone alone, euro of the base year (`None`: no plan).
    pub saving: Option<f64>,
    /// `saving` as a percentage (0..100) of the baseline NPV (`None`: no plan or zero base).
    pub saving_pct: Option<f64>,
    /// Equivalent constant yearly cost (NPV / Σδ_t) per inhabitant, and per user (staff).
    pub per_inhabitant_per_year: Option<f64>,
    /// Plan NPV / Σδ_t / total `staff` driver: euro per user per year (`None`: no plan or staff).
    pub per_user_per_year: Option<f64>,
    /// Saving gained by allowing groups one partner larger than the previous step.
    pub marginal_saving: Option<f64>,
    /// Number of shared groups in the optimal plan (0 when there is none).
    pub groups: usize,
    /// Members of the plan's largest group (1 when nobody shares or there is no plan).
    pub largest_group: usize,
}

/// The optimum at every maximum group size 1..=N, for all domains or one domain.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleCurve {
    /// `all domains` or a domain id.
    pub scope: String,
    /// NPV of every partner alone (in this scope), euro of the base year.
    pub baseline_npv: f64,
    /// One point per maximum group size 1..=N, in size order.
    pub points: Vec<ScalePoint>,
    /// Smallest k after which no step saves more than PAYING_THRESHOLD of the baseline.
    pub stops_paying_at: Option<usize>,
}

/// The result of `samen scale`: the curve over all domains and one per domain.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleReport {
    /// The curve of the whole scenario (`all domains`).
    pub overall: ScaleCurve,
    /// One curve per domain, each solved on its own (budgets dropped), in scenario order.
    pub per_domain: Vec<ScaleCurve>,
}

/// The curve of one scenario (all its domains).
pub fn curve(s: &Scenario, scope: &str, opts: &SolveOptions) -> Result<ScaleCurve, Error> {
    let solved = solve_scopes(std::slice::from_ref(s), opts, &|| {});
    curve_of(s, scope, solved.into_iter().next().unwrap_or_default())
}

/// The curve of `s` from its optimum at every maximum group size 1..=N (`None`: no plan).
fn curve_of(s: &Scenario, scope: &str, results: Vec<Solved>) -> Result<ScaleCurve, Error> {
    let baseline_npv: f64 = crate::evaluate::baseline_npv(s).iter().sum();
    let totals = Totals {
        baseline_npv,
        years: annuity_factor(s),
        population: total_driver(s, "population"),
        users: total_driver(s, "staff"),
    };
    let mut points = Vec::with_capacity(s.partners.len());
    let mut prev: Option<f64> = None;
    for (i, r) in results.into_iter().enumerate() {
        let out = r?;
        let p = point(s, i + 1, out.as_ref(), prev, &totals);
        prev = p.npv.or(prev);
        points.push(p);
    }
    let stops_paying_at = stops_paying_at(&points, baseline_npv);
    Ok(ScaleCurve {
        scope: scope.to_string(),
        baseline_npv,
        points,
        stops_paying_at,
    })
}

/// The optimum of one variant (`None`: no plan at that size).
type Solved = Result<Option<crate::solve::Outcome>, Error>;

/// The optimum of every scenario of `scopes` at every maximum group size 1..=N, per scope in
/// size order. All the solves share one queue, taken in order by whichever core is free:
/// the whole scenario first and its largest sizes first, since those take longest. Per
/// scope, the sizes waited for the scope's slowest solve before the next scope began, and
/// the trio's 42 solves left a core idle for a third of the time.
fn solve_scopes(
    scopes: &[Scenario],
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<Vec<Solved>> {
    let opts = sweep_options(opts);
    let jobs: Vec<(usize, usize)> = (scopes.iter().enumerate())
        .flat_map(|(i, s)| (1..=s.partners.len()).rev().map(move |k| (i, k)))
        .collect();
    let mut solved: Vec<(usize, usize, Solved)> = jobs
        .into_iter()
        .par_bridge()
        .map(|(i, k)| {
            let mut v = scopes[i].clone();
            v.constraints.max_group_size = Some(k);
            let r = solve_variant(&v, &opts);
            tick();
            (i, k, r)
        })
        .collect();
    solved.sort_by_key(|&(i, k, _)| (i, k));
    let mut out: Vec<Vec<Solved>> = scopes.iter().map(|_| Vec::new()).collect();
    for (i, _, r) in solved {
        out[i].push(r);
    }
    out
}

/// What every point of a curve is measured against.
struct Totals {
    baseline_npv: f64,
    /// Σδ_t: turns an NPV into an equivalent constant yearly cost.
    years: f64,
    population: f64,
    users: f64,
}

/// The point at maximum group size `k`; `prev` is the NPV of the last feasible smaller size.
fn point(
    s: &Scenario,
    k: usize,
    out: Option<&crate::solve::Outcome>,
    prev: Option<f64>,
    t: &Totals,
) -> ScalePoint {
    let baseline_npv = t.baseline_npv;
    let npv = out.map(|o| o.evaluation.npv(s));
    let per = |total: f64| npv.filter(|_| total > 0.0).map(|v| v / t.years / total);
    ScalePoint {
        max_group_size: k,
        npv,
        saving: npv.map(|v| baseline_npv - v),
        saving_pct: npv
            .filter(|_| baseline_npv != 0.0)
            .map(|v| 100.0 * (baseline_npv - v) / baseline_npv),
        per_inhabitant_per_year: per(t.population),
        per_user_per_year: per(t.users),
        marginal_saving: match (prev, npv) {
            (Some(a), Some(b)) => Some(a - b),
            _ => None,
        },
        groups: out.map_or(0, |o| o.plan.groups.len()),
        largest_group: out
            .and_then(|o| o.plan.groups.iter().map(|g| g.members.len()).max())
            .unwrap_or(1),
    }
}

/// The smallest feasible size after which no step saves more than [`PAYING_THRESHOLD`] of
/// the baseline.
fn stops_paying_at(points: &[ScalePoint], baseline_npv: f64) -> Option<usize> {
    let threshold = PAYING_THRESHOLD * baseline_npv.abs();
    (0..points.len())
        .find(|&i| {
            points[i].npv.is_some()
                && points[i + 1..]
                    .iter()
                    .all(|p| p.marginal_saving.is_none_or(|m| m <= threshold))
        })
        .map(|i| points[i].max_group_size)
}

/// The scenario restricted to one domain: [`Scenario::with_domains`] (staff apportioned,
/// budgets dropped, rules of other domains dropped), the same restriction as `solve
/// --domains`.
pub fn only_domain(s: &Scenario, d: usize) -> Scenario {
    s.with_domains(&[d])
}

/// The overall curve and one per domain (each domain alone; budgets dropped there, since a
/// budget covers all domains together).
pub fn scale(s: &Scenario, opts: &SolveOptions) -> Result<ScaleReport, Error> {
    scale_with_progress(s, opts, &|| {})
}

/// Number of solves [`scale`] makes: N per curve, one overall curve and one per domain.
pub fn solve_count(s: &Scenario) -> usize {
    s.partners.len() * (1 + s.domains.len())
}

/// [`scale`], calling `tick` after each of its [`solve_count`] solves.
pub fn scale_with_progress(
    s: &Scenario,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<ScaleReport, Error> {
    let scopes: Vec<Scenario> = std::iter::once(s.clone())
        .chain((0..s.domains.len()).map(|d| only_domain(s, d)))
        .collect();
    let mut solved = solve_scopes(&scopes, opts, tick).into_iter();
    let overall = curve_of(s, "all domains", solved.next().unwrap_or_default())?;
    let per_domain = (scopes[1..].iter().zip(solved).zip(&s.domains))
        .map(|((scope, results), d)| curve_of(scope, &d.id, results))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ScaleReport {
        overall,
        per_domain,
    })
}
