//! Alternatives to the optimum: the K best distinct plans in cost order (no-good cuts on the
//! chosen groups), and up to K near-optimal plans within a cost slack that differ from each
//! other as much as possible (modelling to generate alternatives: each new plan maximises the
//! number of group choices no earlier plan used, subject to the cost bound).

use crate::error::Error;
use crate::milp::{Milp, Sense};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::{self, Outcome, Prepared};
use crate::solver::SolveOptions;
use serde::Serialize;
use std::collections::BTreeSet;

/// One plan of an alternatives search, compared with the optimum.
#[derive(Debug, Clone, Serialize)]
pub struct AlternativePlan {
    /// Its place in the list, from 1 (the optimum, in both modes).
    pub rank: usize,
    /// The plan's exact NPV, euro of the base year.
    pub npv: f64,
    /// Cost above the optimum, euro and % of the optimum.
    pub gap: f64,
    /// `gap` as a percentage (0..100) of the optimum's NPV; 0 when that is 0.
    pub gap_pct: f64,
    /// Groups as `members|domain|form`.
    pub groups: Vec<String>,
    /// Groups of this plan that the optimum does not have, and the reverse.
    pub added: Vec<String>,
    /// Groups of the optimum that this plan does not have (`members|domain|form`).
    pub dropped: Vec<String>,
}

/// The result of `samen alternatives`: the optimum and the plans found after it.
#[derive(Debug, Clone, Serialize)]
pub struct Alternatives {
    /// `best` or `diverse`.
    pub mode: String,
    /// NPV of the optimum (the first plan), euro of the base year.
    pub optimum_npv: f64,
    /// NPV of every partner alone, euro of the base year.
    pub baseline_npv: f64,
    /// For `diverse`: the cost bound as a share above the optimum.
    pub slack: Option<f64>,
    /// The plans found, the optimum first: cheapest first (`best`) or in search order (`diverse`).
    pub plans: Vec<AlternativePlan>,
    /// Why the search stopped before `k` plans when a solve failed (the plans found before
    /// are kept); `None` when it found `k` plans or ran out of plans.
    pub stopped: Option<String>,
}

/// Excludes exactly this set of shared columns: Σ_{c∈S} x_c − Σ_{c∉S} x_c ≤ |S| − 1.
fn no_good(prep: &Prepared, milp: &mut Milp, set: &[usize], name: String) {
    let coefs = prep
        .model
        .x_shared
        .iter()
        .enumerate()
        .map(|(k, &x)| (x, if set.contains(&k) { 1.0 } else { -1.0 }))
        .collect();
    milp.add_row(name, coefs, Sense::Le, set.len() as f64 - 1.0);
}

fn describe(s: &Scenario, rank: usize, out: &Outcome, optimum: &Outcome) -> AlternativePlan {
    let npv = out.evaluation.npv(s);
    let best = optimum.evaluation.npv(s);
    let mine: BTreeSet<String> = super::group_names(s, &out.plan).into_iter().collect();
    let theirs: BTreeSet<String> = super::group_names(s, &optimum.plan).into_iter().collect();
    AlternativePlan {
        rank,
        npv,
        gap: npv - best,
        gap_pct: if best != 0.0 {
            100.0 * (npv - best) / best
        } else {
            0.0
        },
        groups: mine.iter().cloned().collect(),
        added: mine.difference(&theirs).cloned().collect(),
        dropped: theirs.difference(&mine).cloned().collect(),
    }
}

/// The `k` best distinct plans, cheapest first (fewer when fewer plans exist), with the
/// prepared model and why the search stopped early, if it did.
fn k_best(
    s: &Scenario,
    k: usize,
    opts: &SolveOptions,
) -> Result<(Prepared, Vec<Outcome>, Option<String>), Error> {
    let prep = solve::prepare(s)?;
    let mut milp = prep.model.milp.clone();
    let mut found: Vec<Outcome> = Vec::new();
    let mut stopped = None;
    while found.len() < k {
        let sol = match solve::solve_prepared(s, &prep, &milp, opts) {
            Ok(o) => o,
            Err(Error::Infeasible(_)) if !found.is_empty() => break,
            Err(Error::Infeasible(_)) => {
                return Err(Error::Infeasible(solve::explain_infeasible(s, opts)));
            }
            // A failed later solve must not lose the plans already found.
            Err(e) if !found.is_empty() => {
                stopped = Some(stop_note(found.len(), &e));
                break;
            }
            Err(e) => return Err(e),
        };
        let set = set_of(&prep, &sol.plan);
        no_good(&prep, &mut milp, &set, format!("nogood[{}]", found.len()));
        found.push(sol);
    }
    Ok((prep, found, stopped))
}

/// The `k` best distinct plans, cheapest first (fewer when fewer plans exist).
pub fn best(s: &Scenario, k: usize, opts: &SolveOptions) -> Result<Alternatives, Error> {
    let (prep, found, stopped) = k_best(s, k, opts)?;
    Ok(report(s, "best", None, &prep, &found, stopped))
}

/// The plans of [`best`], cheapest first: candidates for a robust choice.
pub fn best_plans(s: &Scenario, k: usize, opts: &SolveOptions) -> Result<Vec<Plan>, Error> {
    let (_, found, _) = k_best(s, k, opts)?;
    Ok(found.into_iter().map(|o| o.plan).collect())
}

/// The columns of a plan as candidate indices.
fn set_of(prep: &Prepared, plan: &Plan) -> Vec<usize> {
    prep.candidates
        .shared
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            plan.groups
                .iter()
                .any(|g| g.domain == c.domain && Some(g.form) == c.form && g.members == c.members)
        })
        .map(|(k, _)| k)
        .collect()
}

/// Up to `k` plans within `slack` (0.05 = 5%) of the optimum's cost, the optimum first, each
/// next one using as many group choices as possible that no earlier plan used.
pub fn diverse(
    s: &Scenario,
    slack: f64,
    k: usize,
    opts: &SolveOptions,
) -> Result<Alternatives, Error> {
    let prep = solve::prepare(s)?;
    let optimum = match solve::solve_prepared(s, &prep, &prep.model.milp, opts) {
        Err(Error::Infeasible(_)) => {
            return Err(Error::Infeasible(solve::explain_infeasible(s, opts)));
        }
        other => other?,
    };
    // The model's objective is the NPV less the value of valued criteria (0 without them).
    let bound =
        optimum.evaluation.npv(s) * (1.0 + slack) - crate::criteria::value(s, &optimum.plan);
    let mut milp = prep.model.milp.clone();
    let cost = milp.objective.clone();
    milp.add_row("cost_bound".into(), cost, Sense::Le, bound);
    let mut used: BTreeSet<usize> = set_of(&prep, &optimum.plan).into_iter().collect();
    no_good(
        &prep,
        &mut milp,
        &used.iter().copied().collect::<Vec<_>>(),
        "nogood[0]".into(),
    );
    let mut found = vec![optimum];
    let mut stopped = None;
    while found.len() < k {
        // Maximise the number of unused group choices; the cost, scaled far below one
        // choice, breaks ties towards cheaper plans.
        let scale = 1e-3 / bound.abs().max(1.0);
        let mut objective: Vec<(usize, f64)> = prep
            .model
            .milp
            .objective
            .iter()
            .map(|&(j, c)| (j, c * scale))
            .collect();
        for (kk, &x) in prep.model.x_shared.iter().enumerate() {
            if !used.contains(&kk) {
                objective.push((x, -1.0));
            }
        }
        milp.objective = objective;
        let sol = match solve::solve_prepared(s, &prep, &milp, opts) {
            Ok(o) => o,
            Err(Error::Infeasible(_)) => break,
            Err(e) => {
                stopped = Some(stop_note(found.len(), &e));
                break;
            }
        };
        let set = set_of(&prep, &sol.plan);
        no_good(&prep, &mut milp, &set, format!("nogood[{}]", found.len()));
        used.extend(set);
        found.push(sol);
    }
    Ok(report(s, "diverse", Some(slack), &prep, &found, stopped))
}

/// What to tell the user when the search for plan `n + 1` failed.
fn stop_note(n: usize, e: &Error) -> String {
    format!("the search stopped after {n} plan(s): the solve for the next one failed ({e})")
}

fn report(
    s: &Scenario,
    mode: &str,
    slack: Option<f64>,
    prep: &Prepared,
    found: &[Outcome],
    stopped: Option<String>,
) -> Alternatives {
    let optimum = &found[0];
    Alternatives {
        mode: mode.into(),
        optimum_npv: optimum.evaluation.npv(s),
        baseline_npv: prep.baseline_npv.iter().sum(),
        slack,
        plans: found
            .iter()
            .enumerate()
            .map(|(i, o)| describe(s, i + 1, o, optimum))
            .collect(),
        stopped,
    }
}
