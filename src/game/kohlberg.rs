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
    let tol = 100.0 * options.tolerance;
    let xs: Vec<f64> = x.iter().map(|v| game.sign() * v / scaled.factor).collect();
    if let Some(report) = inefficiency(game, x, &xs, &scaled, tol) {
        return Ok(report);
    }
    let at_bound = if domain == Domain::Imputation {
        match singletons_at_bound(&xs, &scaled, tol) {
            Ok(at_bound) => at_bound,
            Err(report) => return Ok(report),
        }
    } else {
        Vec::new()
    };
    let mut order: Vec<(Coalition, f64)> = (1..scaled.grand())
        .map(|t| (t, excess(&xs, &scaled, t)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut runner = Runner { options, solves: 0 };
    check_levels(&order, &at_bound, &scaled, tol, &mut runner)
}

fn failed(reason: String, levels_checked: usize, lp_solves: usize) -> KohlbergReport {
    KohlbergReport {
        balanced: false,
        reason: Some(reason),
        levels_checked,
        lp_solves,
    }
}

/// Coalition `t`'s excess under the scaled shares `xs`.
fn excess(xs: &[f64], scaled: &Scaled, t: Coalition) -> f64 {
    members(t).map(|i| xs[i]).sum::<f64>() - scaled.cost(t)
}

/// The failure when the shares do not add up to the grand coalition's value.
fn inefficiency(
    game: &Game,
    x: &[f64],
    xs: &[f64],
    scaled: &Scaled,
    tol: f64,
) -> Option<KohlbergReport> {
    let total: f64 = xs.iter().sum();
    if (total - scaled.cost(scaled.grand())).abs() <= tol {
        return None;
    }
    Some(failed(
        format!(
            "not efficient: the shares add up to {} instead of {}",
            x.iter().sum::<f64>(),
            game.grand_value()
        ),
        0,
        0,
    ))
}

/// The singletons at their stand-alone value (`D_0`), or the failure when a player fares
/// worse than alone.
fn singletons_at_bound(
    xs: &[f64],
    scaled: &Scaled,
    tol: f64,
) -> Result<Vec<Coalition>, KohlbergReport> {
    let mut at_bound = Vec::new();
    for i in 0..scaled.n {
        let e = excess(xs, scaled, 1 << i);
        if e > tol {
            return Err(failed(
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
    Ok(at_bound)
}

/// Tests `D(α)` level by level down the excesses (`order`, highest first) until a level is
/// not balanced or the collection spans `R^n`.
fn check_levels(
    order: &[(Coalition, f64)],
    at_bound: &[Coalition],
    scaled: &Scaled,
    tol: f64,
    runner: &mut Runner,
) -> Result<KohlbergReport, Error> {
    let n = scaled.n;
    let mut collection: Vec<Coalition> = Vec::new();
    let mut span = Span::new(n);
    let mut levels_checked = 0;
    let mut start = 0;
    while start < order.len() {
        let level = order[start].1;
        let end = level_end(order, start, level - tol);
        for &(t, _) in &order[start..end] {
            collection.push(t);
            span.insert(t);
        }
        levels_checked += 1;
        if !balanced(n, &collection, at_bound, runner)? {
            return Ok(failed(
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

/// The end of the level that starts at `start`: the first coalition below `floor`.
fn level_end(order: &[(Coalition, f64)], start: usize, floor: f64) -> usize {
    let mut end = start;
    while end < order.len() && order[end].1 >= floor {
        end += 1;
    }
    end
}
