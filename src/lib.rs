//! samen: decision support for ICT cooperation between local governments.
//!
//! Data flows one way, in this order (no module imports one listed after it):
//!
//! 1. [`error`]: the one error type, with located diagnostics; [`format`](mod@format): money and
//!    numbers as messages and reports write them; [`suggest`]: did-you-mean for unknown
//!    names and keys; [`uncertainty`]: distributions, correlated sampling and rank
//!    regression, math that knows no scenario (a scenario's uncertain inputs name its
//!    distributions).
//! 2. [`scenario`]: TOML (raw serde types) -> a validated [`Scenario`], `extends` chains,
//!    alternatives and uncertain inputs ([`scenario::param`]: a scenario's numbers by key path,
//!    read and set in place).
//! 3. [`costs`]: what a partner or a group pays per year and category; [`rules`]: which
//!    groups the scenario allows and why not.
//! 4. [`plan`]: a plan (groups of partners per domain and form), parsed or solved;
//!    [`criteria`]: a plan's scores on the non-monetary criteria (autonomy, quality, ...);
//!    [`evaluate`]: a plan priced year by year, with the rules it breaks; [`plausibility`]:
//!    values that are valid but probably wrong (`samen check`).
//! 5. [`milp`]: a solver-independent mixed-integer program; [`formulation`]: the scenario
//!    written as one (candidate columns, or hubs for regions).
//! 6. [`solver`]: the backends (microlp, HiGHS) behind one interface.
//! 7. [`solve`]: strategies from a scenario to the best plan: formulation choice, the
//!    column path, the region path (cluster heuristic and hub MILP), and the explanation of
//!    an infeasible scenario.
//! 8. [`game`]: cooperative cost games (Shapley, nucleolus, core), independent of scenarios;
//!    [`analysis`]: re-solving variants (scale, compare, alternatives, priorities), the
//!    fair split of a plan ([`analysis::allocation`]), and the plan under uncertainty
//!    ([`analysis::risk`], [`analysis::sensitivity`]).
//! 9. [`report`]: every rendering (tables, JSON, CSV, SVG chart and map, the check summary)
//!    and the safe writing of output files.
//! 10. [`generate`]: scenarios generated from the embedded municipality data.
//!
//! The binary (`src/main.rs`) parses the command line and calls these; see
//! `docs/architecture.md`.

// Loops over partner, domain and year indices mirror the model's notation (p, d, t) and index
// several parallel vectors at once; iterator rewrites would hide that.
#![allow(clippy::needless_range_loop)]
#![deny(missing_docs)]

pub mod analysis;
pub mod costs;
pub mod criteria;
pub mod error;
pub mod evaluate;
pub mod format;
pub mod formulation;
pub mod game;
pub mod generate;
pub mod milp;
pub mod plan;
pub mod plausibility;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod solve;
pub mod solver;
pub mod suggest;
pub mod uncertainty;

pub use error::Error;
pub use scenario::Scenario;
