//! Non-monetary criteria (`[[criterion]]`): a plan's score on each, beside its cost.
//!
//! A *cell* is one partner running one domain. It scores the form it shares the domain under
//! (`form.scores`), or the criterion's `alone` score when it runs the domain alone; domains
//! weigh their cells (`domain.weights`, default 1). The plan's score on criterion c is
//!
//! ```text
//!   score_c = Σ_{p,d} w_{d,c} · score_c(form of cell (p,d), or alone) / Σ_{p,d} w_{d,c}
//! ```
//!
//! a weighted mean of the cells, between 0 and 1, and linear in the choice variables of
//! both formulations: a group of k members for d under f adds k · [`cell`] (d, f). So a
//! minimum score (`min`) is one exact row and the weighted objective (`value_eur`) one exact
//! coefficient per variable. Everyone alone scores exactly `alone`.
//!
//! This module sits beside [`crate::plan`], below [`crate::evaluate`]: `evaluate` reports a
//! plan below a minimum as a broken rule, and the formulations ask [`cell`] for their
//! coefficients, so the optimiser and the report can never score a plan two ways.

use crate::plan::Plan;
use crate::scenario::Scenario;
use serde::Serialize;

/// A plan's score may fall short of a minimum by this much (scores run 0..1) and still meet
/// it: the allowance the MILP's solution tolerance needs, as for budgets (`RESIDUAL_TOLERANCE`).
pub const SCORE_TOLERANCE: f64 = 1e-6;

/// One criterion's figures for a plan: what the report shows beside the cost.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CriterionScore {
    /// The criterion's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// The plan's score, 0..1: the weighted mean over every partner and domain.
    pub score: f64,
    /// The score of everyone alone (the criterion's `alone`).
    pub alone: f64,
    /// The minimum the plan must reach, when set.
    pub min: Option<f64>,
    /// Euro of NPV per whole point of score the objective counted (0: cost only).
    pub value_eur: f64,
}

/// Σ over every partner and domain of the weights of criterion c: the score's denominator.
pub fn total_weight(s: &Scenario, c: usize) -> f64 {
    let per_partner: f64 = s.domains.iter().map(|d| d.weights[c]).sum();
    s.partners.len() as f64 * per_partner
}

/// What one partner's cell of domain d adds to the plan's score on criterion c, shared under
/// `form` (`None`: alone): w_{d,c} · score / W_c; 0 when nothing weighs the criterion.
pub fn cell(s: &Scenario, c: usize, d: usize, form: Option<usize>) -> f64 {
    let total = total_weight(s, c);
    if total <= 0.0 {
        return 0.0;
    }
    let score = match form {
        Some(f) => s.forms[f].scores[c],
        None => s.criteria[c].alone,
    };
    s.domains[d].weights[c] * score / total
}

/// The plan's score on criterion c. A cell in no group runs alone; a hand-made plan that puts
/// a cell in two groups (a broken rule `evaluate` reports) counts the first.
pub fn score(s: &Scenario, plan: &Plan, c: usize) -> f64 {
    if total_weight(s, c) <= 0.0 {
        return s.criteria[c].alone;
    }
    let mut form: Vec<Vec<Option<usize>>> = vec![vec![None; s.domains.len()]; s.partners.len()];
    for g in &plan.groups {
        for &p in &g.members {
            form[p][g.domain].get_or_insert(g.form);
        }
    }
    (form.iter().flat_map(|row| row.iter().enumerate()))
        .map(|(d, &f)| cell(s, c, d, f))
        .sum()
}

/// Every criterion's figures for the plan, in scenario order (empty without criteria).
pub fn scores(s: &Scenario, plan: &Plan) -> Vec<CriterionScore> {
    (s.criteria.iter().enumerate())
        .map(|(c, crit)| CriterionScore {
            id: crit.id.clone(),
            name: crit.name.clone(),
            score: score(s, plan, c),
            alone: crit.alone,
            min: crit.min,
            value_eur: crit.value_eur,
        })
        .collect()
}

/// Σ_c value_eur_c · score_c: the euro the weighted objective credits the plan with.
pub fn value(s: &Scenario, plan: &Plan) -> f64 {
    (s.criteria.iter().enumerate())
        .filter(|(_, crit)| crit.value_eur != 0.0)
        .map(|(c, crit)| crit.value_eur * score(s, plan, c))
        .sum()
}

/// Whether some criterion has a value in euro: the solve then minimises NPV − [`value`].
pub fn valued(s: &Scenario) -> bool {
    s.criteria.iter().any(|c| c.value_eur != 0.0)
}

/// Whether the scenario is about cost alone: the cost objective, no criterion with a value
/// in euro and none with a minimum. Its optimum is then the plan of least NPV, which the
/// cluster heuristic can stand in for (it compares plans by NPV and unites plans of disjoint
/// parts, which a minimum over the whole plan would not survive) and which is c(N) of a fair
/// split.
pub fn cost_alone(s: &Scenario) -> bool {
    s.objective == crate::scenario::Objective::Cost
        && !valued(s)
        && s.criteria.iter().all(|c| c.min.is_none())
}

/// The scenario with every criterion's minimum and value dropped, under the cost objective:
/// the plan of least cost, its scores still shown. A fair split's coalition values are costs: what each coalition would
/// pay on its own, whatever it scores (the council's minimum and values are about its plan).
pub fn cost_only(s: &Scenario) -> Scenario {
    let mut out = s.clone();
    for c in &mut out.criteria {
        c.min = None;
        c.value_eur = 0.0;
    }
    // Least cost, not most capacity freed: a coalition's value is what it pays.
    out.objective = crate::scenario::Objective::Cost;
    out
}

/// `(rule, message)` of every minimum score the plan falls short of, the rule named like the
/// MILP's row (`min_score[ID]`).
pub fn shortfalls(s: &Scenario, plan: &Plan) -> Vec<(String, String)> {
    (s.criteria.iter().enumerate())
        .filter_map(|(c, crit)| {
            let min = crit.min?;
            let got = score(s, plan, c);
            (total_weight(s, c) > 0.0 && got < min - SCORE_TOLERANCE).then(|| {
                (
                    format!("min_score[{}]", crit.id),
                    format!(
                        "the plan scores {got:.4} on `{}`, below its minimum of {min} (criterion.min)",
                        crit.id
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Group;

    /// Two partners, one domain of weight 2, one form scoring 0.4 on autonomy, alone 1.
    fn two_partners() -> Scenario {
        let text = r#"
[scenario]
base_year = 2026
horizon = 5
[[partner]]
id = "a"
kind = "gemeente"
population = 1000
[[partner]]
id = "b"
kind = "gemeente"
population = 3000
[[domain]]
id = "servers"
driver = "population"
weights = { autonomy = 2.0 }
[domain.standalone]
fixed_cost = 1000
[domain.shared]
fixed_cost = 1000
[[form]]
id = "ilv"
scores = { autonomy = 0.4 }
[[criterion]]
id = "autonomy"
alone = 1.0
min = 0.5
value_eur = 1000
"#;
        Scenario::from_toml(text, "t.toml").unwrap().scenario
    }

    fn shared() -> Plan {
        Plan::new(vec![Group {
            domain: 0,
            form: 0,
            members: vec![0, 1],
            start: None,
        }])
    }

    /// Alone: both cells score 1, so (2·1 + 2·1) / (2 + 2) = 1. Shared under `ilv`: both
    /// cells score 0.4, so (2·0.4 + 2·0.4) / 4 = 0.4, below the minimum of 0.5. The weight of
    /// the only domain cancels out: weights matter only between domains.
    #[test]
    fn a_two_partner_plan_scores_the_weighted_mean_of_its_cells() {
        let s = two_partners();
        assert_eq!(total_weight(&s, 0), 4.0);
        assert!((score(&s, &Plan::default(), 0) - 1.0).abs() < 1e-12);
        assert!((score(&s, &shared(), 0) - 0.4).abs() < 1e-12);
        assert!((cell(&s, 0, 0, Some(0)) - 0.2).abs() < 1e-12);
        assert!(shortfalls(&s, &Plan::default()).is_empty());
        let short = shortfalls(&s, &shared());
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].0, "min_score[autonomy]");
        // value_eur 1000 per point: alone is credited 1000, the shared plan 400.
        assert!((value(&s, &Plan::default()) - 1000.0).abs() < 1e-9);
        assert!((value(&s, &shared()) - 400.0).abs() < 1e-9);
    }
}
