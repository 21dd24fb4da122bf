//! The partner limits both formulations write alike: a budget per year, individual
//! rationality against the NPV alone, and the most vehicles a partner may join.

use crate::milp::{Milp, Sense};
use crate::scenario::Scenario;
// Budget and rationality rows get half of the allowance `evaluate` grants: the other half
// absorbs the solver's own feasibility tolerance, so a plan the solver accepts always passes
// `evaluate` (HiGHS once returned a budget exceeded by cents beyond a full allowance).
use crate::milp::RESIDUAL_TOLERANCE as RULE_TOLERANCE;

/// `budget[p,year]`: what p pays in year t (`coefs`) stays within its budget `b`.
pub(crate) fn budget_row(
    m: &mut Milp,
    s: &Scenario,
    p: usize,
    t: usize,
    coefs: Vec<(usize, f64)>,
    b: f64,
) {
    m.add_row(
        format!("budget[{},{}]", s.partners[p].id, s.base_year + t as i32),
        coefs,
        Sense::Le,
        b + 0.5 * RULE_TOLERANCE * (1.0 + b),
    );
}

/// `name`: the cash in `coefs` stays at most `cap` euro (with the budget rows' allowance),
/// written as a share of the cap: rows of euro amounts that everyone alone meets exactly
/// leave microlp's factorisation singular, rows near 1 do not.
pub(crate) fn cap_row(m: &mut Milp, name: String, coefs: Vec<(usize, f64)>, cap: f64) {
    let scale = 1.0 / cap.abs().max(1.0);
    let rhs = cap + 0.5 * RULE_TOLERANCE * (1.0 + cap.abs());
    let coefs = coefs.into_iter().map(|(v, c)| (v, c * scale)).collect();
    m.add_row(name, coefs, Sense::Le, rhs * scale);
}

/// `rational[p]`: p's NPV in the plan (`coefs`) is at most (1 - min_saving) times its NPV
/// alone, `baseline`.
pub(crate) fn rational_row(
    m: &mut Milp,
    s: &Scenario,
    p: usize,
    coefs: Vec<(usize, f64)>,
    baseline: f64,
) {
    let rhs =
        (1.0 - s.required_saving()) * baseline + 0.5 * RULE_TOLERANCE * (1.0 + baseline.abs());
    m.add_row(
        format!("rational[{}]", s.partners[p].id),
        coefs,
        Sense::Le,
        rhs,
    );
}

/// `vehicles[p]`: p is a member of at most `max` of the vehicles in `coefs`.
pub(crate) fn vehicles_row(
    m: &mut Milp,
    s: &Scenario,
    p: usize,
    coefs: Vec<(usize, f64)>,
    max: usize,
) {
    m.add_row(
        format!("vehicles[{}]", s.partners[p].id),
        coefs,
        Sense::Le,
        max as f64,
    );
}
