//! The pure-Rust default backend (microlp): builds everywhere with only a Rust toolchain.

use super::{SolveOptions, Status, map_error, map_status, translate};
use crate::error::Error;
use crate::milp::Milp;
use good_lp::{Solution, SolverModel, WithMipGap, WithTimeLimit};

pub(super) fn solve(
    milp: &Milp,
    opts: &SolveOptions,
) -> Result<(Vec<f64>, Status, &'static str), Error> {
    let (pv, vars, objective, constraints) = translate(milp);
    let mut model = pv
        .minimise(objective)
        .using(good_lp::microlp)
        .with_mip_gap(opts.mip_gap as f32)
        .map_err(|e| Error::Solver(e.to_string()))?;
    if let Some(limit) = opts.time_limit {
        model = model.with_time_limit(limit);
    }
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = model.solve().map_err(map_error)?;
    let values = vars.iter().map(|&v| solution.value(v)).collect();
    Ok((values, map_status(solution.status()), "microlp"))
}
