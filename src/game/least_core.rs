//! The least core (Maschler, Peleg & Shapley 1979): the smallest `ε` such that some efficient
//! allocation gives every proper coalition an excess of at most `ε`, i.e. in a cost game
//! `x(T) <= c(T) + ε` (no coalition pays more than `ε` above its stand-alone cost). The core
//! is non-empty exactly when `ε <= 0`; a negative `ε` says by how much every coalition can be
//! kept strictly below its stand-alone cost.

use super::characteristic::{Coalition, Game};
use super::lp::{Domain, Goal, LpOptions, Runner, Scaled};
use crate::error::Error;
use serde::Serialize;

/// The least core's value and one of its points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeastCore {
    /// The least-core `ε`, in the game's units and excess convention (see
    /// [`Game::excess`]). `f64::NEG_INFINITY` for a one-player game, which has no proper
    /// coalition.
    pub epsilon: f64,
    /// One allocation in the least core: the vertex the solver returned. When the least core
    /// is not a single point this depends on the backend; the nucleolus is its canonical
    /// point.
    pub allocation: Vec<f64>,
    /// `ε <= tolerance`: the core is non-empty.
    pub core_nonempty: bool,
}

/// The least core over all efficient allocations (the usual definition), default options.
pub fn least_core(game: &Game) -> Result<LeastCore, Error> {
    least_core_with(game, Domain::Preimputation, &LpOptions::default())
}

/// The least core restricted to `domain` (with [`Domain::Imputation`] the allocation must
/// also be individually rational; an error if no such allocation exists).
pub fn least_core_with(
    game: &Game,
    domain: Domain,
    options: &LpOptions,
) -> Result<LeastCore, Error> {
    options.check()?;
    let scaled = Scaled::new(game)?;
    let n = scaled.n;
    let sign = game.sign();
    if n == 1 {
        return Ok(LeastCore {
            epsilon: f64::NEG_INFINITY,
            allocation: vec![game.grand_value()],
            core_nonempty: true,
        });
    }
    let grand = scaled.grand();
    if domain == Domain::Imputation
        && let Some(point) = super::nucleolus::check_imputations(&scaled, options.tolerance)?
    {
        // The imputation set is one point: the least core is that point.
        let eps = (1..grand)
            .map(|t| {
                super::characteristic::members(t)
                    .map(|i| point[i])
                    .sum::<f64>()
                    - scaled.cost(t)
            })
            .fold(f64::NEG_INFINITY, f64::max);
        return Ok(LeastCore {
            epsilon: eps * scaled.factor,
            allocation: point.iter().map(|v| sign * v * scaled.factor).collect(),
            core_nonempty: eps <= options.tolerance,
        });
    }
    let open: Vec<Coalition> = (1..grand).collect();
    let mut runner = Runner { options, solves: 0 };
    let (eps, x) = runner
        .solve(&scaled, domain, &[(grand, 0.0)], &open, &Goal::MinMaxExcess)?
        .ok_or_else(|| Error::Game("the least-core program is infeasible".into()))?;
    Ok(LeastCore {
        epsilon: eps * scaled.factor,
        allocation: x.iter().map(|v| sign * v * scaled.factor).collect(),
        core_nonempty: eps <= options.tolerance,
    })
}
