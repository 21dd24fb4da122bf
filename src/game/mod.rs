//! Cooperative cost games: how partners who share an ICT service could split its cost, and
//! whether a split is stable. Self-contained; it does not depend on the scenario code.
//!
//! # Conventions
//!
//! A [`Game`] tabulates a characteristic function over all `2^n` coalitions (bitmask
//! [`Coalition`]s, `n <= 24`; the LP-based solutions take `n <= 16`). It is a cost game
//! ([`Kind::Cost`], `c(T)` = what `T` would pay on its own) or a profit game
//! ([`Kind::Profit`], `v(T)` = what `T` would earn). Allocations are always in the game's own
//! units (cost shares, or payoffs) and add up to the grand coalition's value.
//!
//! The *excess* of coalition `T` at allocation `x` is how much worse `T` fares than alone:
//! `x(T) - c(T)` in a cost game, `v(T) - x(T)` in a profit game; positive means `T` blocks
//! `x`. A profit game is handled as the cost game `c = -v` with allocation `-x`
//! ([`Game::negated`]): the excesses are then identical, so the core, the least core and the
//! (pre)nucleolus of the one are the negated ones of the other, and every result here reports
//! excesses in the game's own convention.
//!
//! # Files
//!
//! - `characteristic.rs`: [`Game`], [`Kind`], coalition helpers, excesses.
//! - `keys.rs`: fixed keys, shares proportional to weights ([`proportional`],
//!   [`standalone_key`], [`equal_split`]).
//! - `shapley.rs`: the exact Shapley value ([`shapley`], parallel over players) and
//!   permutation sampling with standard errors ([`shapley_sampled`], [`shapley_sampled_fn`]).
//! - `core.rs`: the core test of any allocation ([`core_check`]).
//! - `least_core.rs`: the least core ([`least_core`]).
//! - `nucleolus.rs`: the nucleolus and prenucleolus by sequential LPs ([`nucleolus`]).
//! - `kohlberg.rs`: the Kohlberg criterion, which verifies every computed nucleolus
//!   ([`kohlberg`]).
//! - `lp.rs`: the programs as a solver-independent [`crate::milp::Milp`], solved by
//!   [`crate::solver::solve`] (microlp, or HiGHS with the `highs` feature), with residual
//!   checks; [`Domain`], [`LpOptions`].
//! - `span.rs` (private): rank and linear solves over coalition incidence vectors.
//!
//! # The `coopgame` crate
//!
//! `coopgame` 0.3 (MIT) computes the nucleolus, prenucleolus, least core and Shapley value
//! and verifies them (Kohlberg, exact rational arithmetic). Reading its source, its
//! sequential LP is sound: it fixes a coalition only after an extra program shows it is tight
//! in every optimal solution of the round. It is not used at run time because it calls
//! microlp directly (no HiGHS, no residual check through [`crate::solver`]), its
//! conventions are profit games with `v(S) - x(S)` excesses and lexicographic input order,
//! it brings rational-arithmetic dependencies and a large API, and its documentation is in
//! Japanese. It is a dev-dependency: `tests/game.rs` compares this module with its float and
//! exact-rational nucleolus, least core and Shapley value on random games.

mod characteristic;
mod core;
mod keys;
mod kohlberg;
mod least_core;
mod lp;
mod nucleolus;
mod shapley;
mod span;

pub use characteristic::{
    Coalition, Game, Kind, MAX_PLAYERS, coalition, coalition_sums, format_coalition, grand,
    largest_first, members,
};
pub use core::{BLOCKING_CAP, Blocking, CoreReport, core_check, core_check_with};
pub use keys::{equal_split, proportional, standalone_key};
pub use kohlberg::{KohlbergReport, kohlberg};
pub use least_core::{LeastCore, least_core, least_core_with};
pub use lp::{Domain, LP_MAX_PLAYERS, LpOptions};
pub use nucleolus::{Level, Nucleolus, NucleolusOptions, nucleolus, nucleolus_with, prenucleolus};
pub use shapley::{ShapleyEstimate, shapley, shapley_sampled, shapley_sampled_fn};
