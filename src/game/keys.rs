//! Fixed keys: the total `c(N)` (or `v(N)`) shared in proportion to given weights, the way
//! cooperating municipalities often split costs in practice (by inhabitants, by number of
//! workstations, by stand-alone cost). Keys are simple and transparent but ignore what
//! coalitions could do on their own: check them against the core with
//! [`crate::game::core_check`].

use super::characteristic::Game;
use crate::error::Error;

/// Shares of the grand coalition's value proportional to `weights` (one per player, finite,
/// non-negative, not all zero): `x_i = w_i / Σw · c(N)`.
pub fn proportional(game: &Game, weights: &[f64]) -> Result<Vec<f64>, Error> {
    let n = game.players();
    if weights.len() != n {
        return Err(Error::Game(format!(
            "a key needs one weight per player: {} weights for {n} players",
            weights.len()
        )));
    }
    if let Some(i) = weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
        return Err(Error::Game(format!(
            "the weight of player {i} is {}; key weights must be finite and non-negative",
            weights[i]
        )));
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Err(Error::Game(
            "all key weights are zero: there is nothing to share in proportion to".into(),
        ));
    }
    if !total.is_finite() {
        return Err(Error::Game("the key weights sum to infinity".into()));
    }
    let grand = game.grand_value();
    Ok(weights.iter().map(|w| w / total * grand).collect())
}

/// Shares proportional to the stand-alone values `c({i})` (or `v({i})`): every player pays
/// the same fraction of what it would pay alone. Errors when a stand-alone value is
/// negative or all are zero.
pub fn standalone_key(game: &Game) -> Result<Vec<f64>, Error> {
    proportional(game, &game.standalone())
}

/// Equal shares `c(N) / n`.
pub fn equal_split(game: &Game) -> Vec<f64> {
    let n = game.players();
    vec![game.grand_value() / n as f64; n]
}
