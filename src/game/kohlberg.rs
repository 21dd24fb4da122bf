//! The Kohlberg criterion (Kohlberg 1971, "On the nucleolus of a characteristic function
//! game", SIAM J. Appl. Math. 20): an independent check that an allocation is the
//! (pre)nucleolus.
//!
//! For an efficient `x` let `D(α)` be the proper coalitions with excess at least `α`. Then
//! `x` is the prenucleolus iff every non-empty `D(α)` is *balanced*: positive weights `λ_T`
//! exist with `Σ λ_T 1_T = μ 1_N`. For the nucleolus (imputations), `x` must also be
//! individually rational, and the singletons `{i}` at their stand-alone value (`D_0`) may join
//! with weight zero or more. Only the distinct excess levels matter; once `D(α)` is balanced
//! and spans `R^n`, all lower levels are balanced too, so the check stops there. Each level
//! is one feasibility program.
//!
//! Excesses within 100 times the LP tolerance (relative to `max |c|`, so `1e-7` by default)
//! count as one level, and efficiency and individual rationality are checked to the same
//! tolerance.

use super::characteristic::{Coalition, Game, members};
use super::lp::{Domain, LpOptions, Runner, Scaled, balanced};
use super::span::Span;
use crate::error::Error;
use serde::Serialize;

/// The outcome of a Kohlberg check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KohlbergReport {
    /// Whether `x` passed: efficient, in the domain, and every level's collection balanced.
    pub balanced: bool,
    /// Why it failed, when it did.
    pub reason: Option<String>,
    /// Distinct excess levels whose collections were tested.
    pub levels_checked: usize,
    /// Feasibility programs solved.
    pub lp_solves: usize,
}

/// Checks with the Kohlberg criterion whether `x` (in the game's units) is the nucleolus
/// ([`Domain::Imputation`]) or the prenucleolus ([`Domain::Preimputation`]) of `game`.
pub fn kohlberg(
    game: &Game,
    x: &[f64],
    domain: Domain,
    options: &LpOptions,
) -> Result<KohlbergReport, Error> {
    game.check_allocation(x)?;
    options.check()?;
    let scaled = Scaled::new(game)?;
    let n = scaled.n;
    let tol = 100.0 * options.tolerance;
    let xs: Vec<f64> = x.iter().map(|v| game.sign() * v / scaled.factor).collect();
    let fail = |reason: String, levels_checked, lp_solves| KohlbergReport {
        balanced: false,
        reason: Some(reason),
        levels_checked,
        lp_solves,
    };
    let grand = scaled.grand();
    let total: f64 = xs.iter().sum();
    if (total - scaled.cost(grand)).abs() > tol {
        return Ok(fail(
            format!(
                "not efficient: the shares add up to {} instead of {}",
                x.iter().sum::<f64>(),
                game.grand_value()
            ),
            0,
            0,
        ));
    }
    let excess = |t: Coalition| members(t).map(|i| xs[i]).sum::<f64>() - scaled.cost(t);
    let mut at_bound = Vec::new();
    if domain == Domain::Imputation {
        for i in 0..n {
            let e = excess(1 << i);
            if e > tol {
                return Ok(fail(
                    format!(
                        "player {i} fares worse than alone (excess {})",
                        e * scaled.factor
                    ),
                    0,
                    0,
                ));
            }
            if e >= -tol {
                at_bound.push(1 << i);
            }
        }
    }
    let mut order: Vec<(Coalition, f64)> = (1..grand).map(|t| (t, excess(t))).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut runner = Runner { options, solves: 0 };
    let mut collection: Vec<Coalition> = Vec::new();
    let mut span = Span::new(n);
    let mut levels_checked = 0;
    let mut start = 0;
    while start < order.len() {
        let level = order[start].1;
        let mut end = start;
        while end < order.len() && order[end].1 >= level - tol {
            collection.push(order[end].0);
            span.insert(order[end].0);
            end += 1;
        }
        levels_checked += 1;
        if !balanced(n, &collection, &at_bound, &mut runner)? {
            return Ok(fail(
                format!(
                    "the coalitions with excess at least {} are not balanced",
                    level * scaled.factor
                ),
                levels_checked,
                runner.solves,
            ));
        }
        if span.is_full() {
            break;
        }
        start = end;
    }
    Ok(KohlbergReport {
        balanced: true,
        reason: None,
        levels_checked,
        lp_solves: runner.solves,
    })
}
