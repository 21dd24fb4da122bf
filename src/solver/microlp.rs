//! The pure-Rust default backend (microlp): builds everywhere with only a Rust toolchain.

use super::{Backend, Layout, SolveOptions, Status, map_error, map_status, translate_as};
use crate::error::Error;
use crate::milp::Milp;
use good_lp::{Solution, SolverModel, WithMipGap, WithTimeLimit};

/// The layouts tried in turn when microlp fails numerically.
const LAYOUTS: [Layout; 3] = [
    Layout {
        reversed: false,
        unscaled: false,
    },
    Layout {
        reversed: true,
        unscaled: false,
    },
    Layout {
        reversed: false,
        unscaled: true,
    },
];

/// Solves with microlp; a numerical failure ("Singular matrix") is retried with the rows in
/// another order and unscaled, and only the last failure is returned, with the levers that
/// help (HiGHS, a smaller model).
pub(super) fn solve(milp: &Milp, opts: &SolveOptions) -> Result<Backend, Error> {
    let started = std::time::Instant::now();
    let mut last = None;
    for (i, layout) in LAYOUTS.iter().enumerate() {
        let mut opts = *opts;
        if let Some(limit) = opts.time_limit {
            let left = limit - started.elapsed().as_secs_f64();
            if left <= 0.0 && i > 0 {
                break;
            }
            opts.time_limit = Some(left.max(0.001));
        }
        match solve_as(milp, &opts, *layout) {
            Err(Error::Solver(m)) if is_numerical(&m) => last = Some(m),
            other => return other,
        }
    }
    Err(Error::Solver(format!(
        "microlp failed numerically ({}) in {} attempts (rows reordered, unscaled); solve with HiGHS (`--solver highs`, a build with `--features highs`), or make the model smaller (`constraints.max_group_size`, `--domains`)",
        last.unwrap_or_default(),
        LAYOUTS.len()
    )))
}

/// A failure of the simplex's linear algebra, not of the model.
pub(crate) fn is_numerical(message: &str) -> bool {
    message.contains("Singular matrix") || message.contains("singular")
}

fn solve_as(milp: &Milp, opts: &SolveOptions, layout: Layout) -> Result<Backend, Error> {
    let (pv, vars, objective, constraints) = translate_as(milp, layout);
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
