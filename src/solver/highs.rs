//! The HiGHS backend (cargo feature `highs`): for large and hard models.

use super::{SolveOptions, Status, map_error, map_status, translate};
use crate::error::Error;
use crate::milp::Milp;
use good_lp::{Solution, SolverModel};

pub(super) fn solve(
    milp: &Milp,
    opts: &SolveOptions,
) -> Result<(Vec<f64>, Status, &'static str), Error> {
    let (pv, vars, objective, constraints) = translate(milp);
    let mut model = pv
        .minimise(objective)
        .using(good_lp::highs)
        .set_mip_rel_gap(opts.mip_gap as f32)
        .map_err(|e| Error::Solver(e.to_string()))?;
    if let Some(limit) = opts.time_limit {
        model = model.set_time_limit(limit);
    }
    if let Some(threads) = opts.threads {
        model = model.set_threads(threads);
    }
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = model.solve().map_err(map_error)?;
    let values = vars.iter().map(|&v| solution.value(v)).collect();
    Ok((values, map_status(solution.status()), "highs"))
}
