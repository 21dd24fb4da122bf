//! The statistics behind the risk and sensitivity analyses (`samen risk`, `samen
//! sensitivity`): distributions of uncertain inputs, correlated sampling of them and rank
//! regression of an output on them. Self-contained math; it does not depend on scenarios.
//!
//! # Files
//!
//! - `distribution.rs`: [`Distribution`] (uniform, triangular, PERT, normal, lognormal,
//!   discrete) with quantiles, CDF, mean, the sensitivity swing and the central value, and
//!   the standard normal [`distribution::normal_quantile`] and [`distribution::normal_cdf`].
//! - `correlation.rs`: checks of correlation matrices, the PSD test, Higham's nearest
//!   correlation matrix ([`correlation::nearest`]) and the factor the sampler mixes with.
//! - `sample.rs`: the [`Sampler`]: plain random or Latin hypercube ([`Method`]) draws through
//!   a Gaussian copula, each draw reproducible from the seed and its index alone.
//! - `regression.rs`: ranks, standardised (rank) regression coefficients and correlation.
//!
//! # Zero width
//!
//! A distribution of zero width (`low == high`, `sd == 0`, `sigma == 0`) always draws its
//! point bit for bit, so an analysis of a scenario without real uncertainty reproduces the
//! deterministic result exactly.

pub mod correlation;
pub mod distribution;
pub mod regression;
pub mod sample;

pub use distribution::Distribution;
pub use sample::{Method, Sampler};
