//! The non-monetary criteria both formulations write alike (`crate::criteria`): a minimum
//! score is one row `min_score[ID]`, a criterion's value in euro one coefficient on each
//! choice variable. Both are exact: the plan's score is linear in the choice variables.
//!
//! A formulation hands over its choice variables as `Cell`s: a variable that, set to 1,
//! puts `members` cells of domain `domain` under `form` (`None`: one partner alone).

use crate::milp::{Milp, Sense};
use crate::scenario::Scenario;

/// A minimum-score row is relaxed by half of the allowance `evaluate` grants (as budgets
/// are): a plan the solver accepts then always meets the minimum in `evaluate`.
const ROW_ALLOWANCE: f64 = 0.5 * crate::criteria::SCORE_TOLERANCE;

/// A choice variable and the cells it decides.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    /// The binary: a candidate column, a slot membership, or running a domain alone.
    pub(crate) var: usize,
    /// Index into `Scenario::domains`.
    pub(crate) domain: usize,
    /// The form the cells are shared under; `None` alone.
    pub(crate) form: Option<usize>,
    /// How many partners' cells the variable decides (a column's members; 1 otherwise).
    pub(crate) members: usize,
}

/// Criterion c's score as terms over the cells' variables.
pub(crate) fn score_terms(s: &Scenario, c: usize, cells: &[Cell]) -> Vec<(usize, f64)> {
    cells
        .iter()
        .map(|k| {
            let one = crate::criteria::cell(s, c, k.domain, k.form);
            (k.var, k.members as f64 * one)
        })
        .filter(|&(_, coef)| coef != 0.0)
        .collect()
}

/// The weighted objective's terms: −value_eur_c times the score's terms, for every valued
/// criterion. Added to the cost, the objective is NPV − Σ_c value_eur_c · score_c.
pub(crate) fn value_terms(s: &Scenario, cells: &[Cell]) -> Vec<(usize, f64)> {
    (s.criteria.iter().enumerate())
        .filter(|(_, crit)| crit.value_eur != 0.0)
        .flat_map(|(c, crit)| {
            (score_terms(s, c, cells).into_iter()).map(move |(j, coef)| (j, -crit.value_eur * coef))
        })
        .collect()
}

/// `min_score[ID]`: criterion c's score is at least its minimum. `slack` (elastic models) is a
/// variable that may make up a shortfall.
pub(crate) fn min_row(m: &mut Milp, s: &Scenario, c: usize, cells: &[Cell], slack: Option<usize>) {
    let Some(min) = s.criteria[c].min else {
        return;
    };
    let mut coefs = score_terms(s, c, cells);
    coefs.extend(slack.map(|u| (u, 1.0)));
    let name = format!("min_score[{}]", s.criteria[c].id);
    m.add_row(name, coefs, Sense::Ge, min - ROW_ALLOWANCE);
}

/// The criteria whose minimum the model must hold (a criterion that no domain weighs has
/// no score and constrains nothing, as in `crate::criteria::shortfalls`).
pub(crate) fn with_min(s: &Scenario) -> Vec<usize> {
    (0..s.criteria.len())
        .filter(|&c| s.criteria[c].min.is_some() && crate::criteria::total_weight(s, c) > 0.0)
        .collect()
}

/// Whether everyone alone meets every minimum score (it scores each criterion's `alone`).
pub(crate) fn alone_meets_minimums(s: &Scenario) -> bool {
    (with_min(s).into_iter()).all(|c| s.criteria[c].alone >= s.criteria[c].min.unwrap_or(0.0))
}

/// A minimum no plan can reach even with every cell at its best (alone, or the best form
/// that may host its domain), as the reason in words; `None` when every minimum may be met.
/// A quick test before any model is solved: the hub formulation cannot explain an
/// infeasible model, and this is the most common way a minimum makes one.
pub fn unreachable_minimum(s: &Scenario) -> Option<String> {
    with_min(s).into_iter().find_map(|c| {
        let crit = &s.criteria[c];
        let best = best_score(s, c);
        let min = crit.min.unwrap_or(0.0);
        (best < min - crate::criteria::SCORE_TOLERANCE).then(|| {
            format!(
                "criterion `{}` cannot reach its minimum score of {min} (criterion.min): with every partner and domain at its best form, or alone, the plan scores {best:.4}",
                crit.id
            )
        })
    })
}

/// Criterion c's score with every cell at its best: an upper bound on any plan's.
fn best_score(s: &Scenario, c: usize) -> f64 {
    let best_cell = |d: usize| {
        (0..s.forms.len())
            .filter(|&f| s.forms[f].domains[d])
            .map(|f| crate::criteria::cell(s, c, d, Some(f)))
            .fold(crate::criteria::cell(s, c, d, None), f64::max)
    };
    s.partners.len() as f64 * (0..s.domains.len()).map(best_cell).sum::<f64>()
}
