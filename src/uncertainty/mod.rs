//! The statistics behind the risk and sensitivity analyses (`samen risk`, `samen
//! sensitivity`): distributions of uncertain inputs, correlated sampling of them and rank
//! regression of an output on them. Self-contained math; it does not depend on scenarios.
//!
//! # Files
//!
//! - `distribution.rs`: [`Distribution`] (uniform, triangular, PERT, normal, lognormal,
//!   discrete) with quantiles, CDF, mean, the sensitivity swing and the central value, and
//!   the standard normal [`distribution::normal_quantile`] and [`distribution::normal_cdf`].
//!
//! # Zero width
//!
//! A distribution of zero width (`low == high`, `sd == 0`, `sigma == 0`) always draws its
//! point bit for bit, so an analysis of a scenario without real uncertainty reproduces the
//! deterministic result exactly.

pub mod distribution;

pub use distribution::Distribution;
