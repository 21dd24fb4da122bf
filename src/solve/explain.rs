//! Why no plan exists: the elastic column model (every relaxable rule with a penalised
//! slack) solved for the fewest rules, then the least change, that admit a plan, in the
//! scenario's own words.

use crate::error::Error;
use crate::evaluate;
use crate::formulation::columns::{self, Relaxation, Rules, candidates};
use crate::scenario::Scenario;
use crate::solver::{self, SolveOptions};

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
            bullets(&list)
        ),
        Err(e) => format!("no plan satisfies every rule (the explanation failed: {e})"),
    }
}

fn bullets(list: &[String]) -> String {
    let lines: Vec<String> = list.iter().map(|l| format!("  - {l}")).collect();
    lines.join("\n")
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
    let le = crate::milp::Sense::Le;
    m.milp
        .add_row("fewest_rules".into(), count, le, least + 0.5);
    let sol = solver::solve(&m.milp, opts)?;
    Ok(sentences(s, &base, &m.relax, &sol.values))
}

/// The relaxations a solution of the elastic model uses, one sentence each; a partner's
/// budget shortfalls in one sentence, after the others.
fn sentences(
    s: &Scenario,
    base: &[f64],
    relax: &[(Relaxation, usize)],
    values: &[f64],
) -> Vec<String> {
    let mut out = Vec::new();
    let mut short: std::collections::BTreeMap<usize, Vec<(usize, f64)>> = Default::default();
    for (r, var) in relax {
        let v = values[*var];
        match r {
            Relaxation::Budget(p, t) if v > 0.5 => short.entry(*p).or_default().push((*t, v)),
            _ => out.extend(sentence(s, base, r, v)),
        }
    }
    for (p, years) in short {
        out.push(budget_sentence(s, p, &years));
    }
    out
}

/// The sentence of relaxation r at slack v, when the slack is used (budgets aside).
fn sentence(s: &Scenario, base: &[f64], r: &Relaxation, v: f64) -> Option<String> {
    let id = |p: usize| s.partners[p].id.as_str();
    match r {
        Relaxation::Rule(_, message) if v > 0.5 => Some(format!("give way on: {message}")),
        Relaxation::Rational(p) if v > 0.5 => Some(rational_sentence(s, base, *p, v)),
        Relaxation::Vehicles(p) if v > 1e-6 => Some(format!(
            "{} needs {:.0} more vehicle(s) than constraints.max_vehicles_per_partner = {}",
            id(*p),
            v.round().max(1.0),
            s.constraints.max_vehicles_per_partner.unwrap_or(0)
        )),
        Relaxation::MinScore(c) if v > 1e-6 => Some(min_score_sentence(s, *c, v)),
        _ => None,
    }
}

/// Criterion c's minimum missed by v points: the best score the other rules allow.
fn min_score_sentence(s: &Scenario, c: usize, v: f64) -> String {
    let crit = &s.criteria[c];
    let min = crit.min.unwrap_or(0.0);
    format!(
        "criterion `{}` cannot reach its minimum score of {min} (criterion.min): the closest plan scores {:.4}",
        crit.id,
        min - v
    )
}

/// Partner p's rationality bound exceeded by v: the saving it misses, or what it pays more
/// than alone.
fn rational_sentence(s: &Scenario, base: &[f64], p: usize, v: f64) -> String {
    let id = s.partners[p].id.as_str();
    let saving = closest_saving(s, base[p], v);
    if s.required_saving() > 0.0 {
        format!(
            "{id} cannot save the required {:.1}% (constraints.min_saving): the closest plan saves {saving:.1}%, {} short",
            100.0 * s.required_saving(),
            crate::format::eur(v)
        )
    } else {
        format!(
            "{id} would pay {} more than alone (individual rationality)",
            crate::format::eur(v)
        )
    }
}

/// The saving in % of `alone` of the closest plan, its rationality bound exceeded by v.
fn closest_saving(s: &Scenario, alone: f64, v: f64) -> f64 {
    let limit = (1.0 - s.required_saving()) * alone;
    if alone != 0.0 {
        100.0 * (1.0 - (limit + v) / alone)
    } else {
        0.0
    }
}

/// Partner p's budget short by v in each of `years` (t, v).
fn budget_sentence(s: &Scenario, p: usize, years: &[(usize, f64)]) -> String {
    let budget = s.partners[p].budget.unwrap_or(0.0);
    let list: Vec<String> = years
        .iter()
        .map(|&(t, v)| shortfall(s.base_year + t as i32, budget, v))
        .collect();
    format!(
        "{}'s budget of {} a year is short by {}",
        s.partners[p].id,
        crate::format::eur(budget),
        list.join(", ")
    )
}

/// "v in year (a budget of at least budget + v)".
fn shortfall(year: i32, budget: f64, v: f64) -> String {
    format!(
        "{} in {year} (a budget of at least {})",
        crate::format::eur(v),
        crate::format::eur(budget + v)
    )
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
        let Some((key, big)) = give_way_key(s, c, r) else {
            out.push(*var);
            continue;
        };
        let b = match per_rule.iter().find(|(k, _)| *k == key) {
            Some(&(_, b)) => b,
            None => {
                let b = gives_way_var(&mut m.milp, &key);
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

fn gives_way_var(milp: &mut crate::milp::Milp, key: &str) -> usize {
    milp.add_var(
        format!("gives_way[{key}]"),
        crate::milp::VarKind::Binary,
        0.0,
        1.0,
    )
}

/// The rule a slack relaxes, named, with a bound on the slack; `None` for a group rule (its
/// relaxation is its own binary).
fn give_way_key(s: &Scenario, c: &candidates::Candidates, r: &Relaxation) -> Option<(String, f64)> {
    Some(match r {
        Relaxation::Rule(..) => return None,
        Relaxation::Budget(p, t) => (format!("budget[{p}]"), most_cash(s, c, *p, *t)),
        Relaxation::Rational(p) => (format!("rational[{p}]"), most_npv(s, c, *p)),
        // One scenario-wide limit: relaxing it for several partners is one rule.
        Relaxation::Vehicles(p) => (
            "vehicles".to_string(),
            c.vehicles.iter().filter(|(ms, _)| ms.contains(p)).count() as f64,
        ),
        // A score is at least 0, so no shortfall exceeds the minimum.
        Relaxation::MinScore(k) => (format!("min_score[{k}]"), s.criteria[*k].min.unwrap_or(1.0)),
    })
}

/// A bound on the NPV of what partner p can pay under any plan.
fn most_npv(s: &Scenario, c: &candidates::Candidates, p: usize) -> f64 {
    (0..=s.horizon)
        .map(|t| s.discount(t) * most_cash(s, c, p, t))
        .sum()
}

/// A bound on what partner p can pay in year t under any plan: every column and vehicle it
/// could be in at once, and its whole current staff plus every in-house need.
fn most_cash(s: &Scenario, c: &candidates::Candidates, p: usize, t: usize) -> f64 {
    let mut total = 0.0;
    let mut fte = s.partners[p].ict_fte;
    for col in c.shared.iter().chain(c.alone.iter().flatten()) {
        if let Some(i) = col.members.iter().position(|&q| q == p) {
            total += col.cash[i].cash(t).max(0.0);
            fte += col.own_fte[i].get(t).copied().unwrap_or(0.0);
        }
    }
    for (members, f) in &c.vehicles {
        if let Some(i) = members.iter().position(|&q| q == p) {
            total += crate::costs::vehicle(s, members, *f)[i].cash(t).max(0.0);
        }
    }
    total + s.salary_of(p, t) * fte
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
