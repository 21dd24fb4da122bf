//! The two ways samen writes a scenario as a mixed-integer program ([`crate::milp::Milp`]):
//!
//! - [`columns`]: one binary per candidate group (enumerated by [`columns::candidates`]),
//!   exact for any cost curve, up to a few thousand candidate groups (`docs/model.md`);
//! - [`hub`]: facility location with slots (host, form, start year) and a piecewise-linear
//!   volume grid, for regions where enumerating groups is impossible (`docs/model.md`).
//!
//! Both write the same staff coupling (`staff.rs`), partner limits (`limits.rs`) and
//! criteria rows and terms (`criteria.rs`). Which one
//! a solve uses, and how its solution becomes a plan, is decided in [`crate::solve`].

pub mod columns;
pub mod criteria;
pub mod hub;
mod limits;
mod staff;
