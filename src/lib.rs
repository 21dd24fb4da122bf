//! samen: decision support for ICT cooperation between local governments.
//!
//! Data flows one way: [`scenario`] (TOML -> validated [`Scenario`]) -> [`candidates`] and
//! [`model`] (the column MILP, costs from [`costs`]) -> [`solver`] -> [`plan`] ->
//! [`evaluate`] (the plan's cash flows and broken rules) -> [`report`].

// Loops over partner, domain and year indices mirror the model's notation (p, d, t) and index
// several parallel vectors at once; iterator rewrites would hide that.
#![allow(clippy::needless_range_loop)]

pub mod allocation;
pub mod analysis;
pub mod candidates;
pub mod chart;
pub mod costs;
pub mod error;
pub mod evaluate;
pub mod game;
pub mod generate;
pub mod hub;
pub mod map;
pub mod milp;
pub mod model;
pub mod output;
pub mod plan;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod solve;
pub mod solver;
pub mod suggest;
pub mod summary;

pub use error::Error;
pub use scenario::Scenario;
