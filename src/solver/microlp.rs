//! The pure-Rust default backend (microlp): builds everywhere with only a Rust toolchain.

use super::{Backend, SolveOptions, Status, map_error, map_status, translate};
use crate::error::Error;
use crate::milp::Milp;
use good_lp::{Solution, SolverModel, WithMipGap, WithTimeLimit};

pub(super) fn solve(milp: &Milp, opts: &SolveOptions) -> Result<Backend, Error> {
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
    let values: Vec<f64> = vars.iter().map(|&v| solution.value(v)).collect();
    let status = map_status(solution.status());
    // microlp reports no bound: an optimal status means a proven optimum, a gap-limit status
    // a gap of at most the one requested, and a time limit an unknown gap.
    let gap = match status {
        Status::Optimal => Some(0.0),
        Status::GapLimit => Some(opts.mip_gap),
        Status::TimeLimit => None,
    };
    let bound = (status == Status::Optimal).then(|| milp.objective_value(&values));
    Ok(Backend {
        values,
        status,
        name: "microlp",
        gap,
        bound,
    })
}
