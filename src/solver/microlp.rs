//! The pure-Rust default backend (microlp): builds everywhere with only a Rust toolchain.

use super::{Backend, Layout, SolveOptions, Status, map_error, map_status, translate_as};
use crate::error::Error;
use crate::milp::Milp;
use good_lp::{Solution, SolverModel, WithInitialSolution, WithMipGap, WithTimeLimit};

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

/// Solves with microlp from `start` when there is one (its first incumbent: every node whose
/// LP bound is no better is pruned at once); a numerical failure ("Singular matrix") is
/// retried with the rows in another order and unscaled, and only the last failure is
/// returned, with the levers that help (HiGHS, a smaller model). With the solution comes how
/// it was retried (`None`: the first layout solved it).
pub(super) fn solve(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<(Backend, Option<String>), Error> {
    retry(opts, &LAYOUTS, |opts, layout| {
        solve_as(milp, opts, layout, start)
    })
}

/// Runs `attempt` in each layout in turn while it fails numerically, within one time limit;
/// a success after a failure says so.
fn retry(
    opts: &SolveOptions,
    layouts: &[Layout],
    attempt: impl Fn(&SolveOptions, Layout) -> Result<Backend, Error>,
) -> Result<(Backend, Option<String>), Error> {
    let started = std::time::Instant::now();
    let mut last = None;
    for (i, layout) in layouts.iter().enumerate() {
        let mut opts = *opts;
        if let Some(limit) = opts.time_limit {
            let left = limit - started.elapsed().as_secs_f64();
            if left <= 0.0 && i > 0 {
                break;
            }
            opts.time_limit = Some(left.max(0.001));
        }
        match attempt(&opts, *layout) {
            Err(Error::Solver(m)) if is_numerical(&m) => last = Some(m),
            Ok(b) => return Ok((b, last.map(|m| retried(&m, layout)))),
            Err(e) => return Err(e),
        }
    }
    Err(Error::Solver(format!(
        "microlp failed numerically ({}) in {} attempts (rows reordered, unscaled); solve with HiGHS (`--solver highs`, a build with `--features highs`), or make the model smaller (`constraints.max_group_size`, `--domains`)",
        last.unwrap_or_default(),
        layouts.len()
    )))
}

/// How a solve that failed numerically (`message`) was retried and solved.
fn retried(message: &str, layout: &Layout) -> String {
    let how = match (layout.reversed, layout.unscaled) {
        (true, _) => "with the rows in reverse order",
        (false, true) => "unscaled",
        (false, false) => "again",
    };
    format!("microlp failed numerically ({message}); solved {how}")
}

/// A failure of the simplex's linear algebra or inside microlp, not of the model: worth
/// another layout or the other solver.
pub(crate) fn is_numerical(message: &str) -> bool {
    message.contains("Singular matrix")
        || message.contains("singular")
        || message.contains(PANICKED)
}

/// How a panic inside microlp is reported ([`unpanicked`]).
const PANICKED: &str = "microlp panicked";

/// Runs `solve`, a panic inside it (an `expect` in microlp's linear algebra) turned into a
/// solver error: retried like a numerical failure, not the end of a sweep of thousands of
/// solves (nor of the plan, which the other core's coalition solves must not take down).
/// microlp's state is dropped with the closure, so nothing half-updated is used again.
fn unpanicked<T>(solve: impl FnOnce() -> T) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(solve)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|m| m.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Error::Solver(format!("{PANICKED}: {what}"))
    })
}

fn solve_as(
    milp: &Milp,
    opts: &SolveOptions,
    layout: Layout,
    start: Option<&[f64]>,
) -> Result<Backend, Error> {
    let (pv, vars, objective, constraints) = translate_as(milp, layout);
    let mut model = pv
        .minimise(objective)
        .using(good_lp::microlp)
        .with_mip_gap(opts.mip_gap as f32)
        .map_err(|e| Error::Solver(e.to_string()))?;
    if let Some(limit) = opts.time_limit {
        model = model.with_time_limit(limit);
    }
    if let Some(start) = start.filter(|v| v.len() == vars.len()) {
        // Advisory: microlp checks the point and ignores it when it is infeasible.
        model = model.with_initial_solution(vars.iter().copied().zip(start.iter().copied()));
    }
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = unpanicked(|| model.solve())?.map_err(map_error)?;
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
        stopped: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> Backend {
        Backend {
            values: vec![1.0],
            status: Status::Optimal,
            name: "microlp",
            gap: Some(0.0),
            bound: None,
            stopped: None,
        }
    }

    fn singular() -> Error {
        Error::Solver(
            "An unexpected error occurred while running the optimizer: Singular matrix.".into(),
        )
    }

    #[test]
    fn a_numerical_failure_is_retried_in_the_next_layout() {
        let tried = std::cell::RefCell::new(Vec::new());
        let out = retry(&SolveOptions::default(), &LAYOUTS, |_, layout| {
            tried.borrow_mut().push(layout);
            if layout == LAYOUTS[0] {
                Err(singular())
            } else {
                Ok(ok())
            }
        });
        let (_, how) = out.expect("the second layout solves it");
        assert_eq!(*tried.borrow(), vec![LAYOUTS[0], LAYOUTS[1]]);
        let how = how.expect("the retry is reported");
        assert!(
            how.contains("Singular matrix") && how.contains("reverse order"),
            "{how}"
        );
    }

    #[test]
    fn failing_in_every_layout_names_the_levers() {
        let out = retry(&SolveOptions::default(), &LAYOUTS, |_, _| Err(singular()));
        let Err(Error::Solver(m)) = out else {
            panic!("expected a solver error")
        };
        assert!(
            m.contains("Singular matrix") && m.contains("in 3 attempts"),
            "{m}"
        );
        assert!(
            m.contains("--solver highs") && m.contains("max_group_size"),
            "{m}"
        );
    }

    #[test]
    fn a_panic_inside_microlp_is_an_error_retried_in_the_next_layout() {
        let tried = std::cell::Cell::new(0);
        let out = retry(&SolveOptions::default(), &LAYOUTS, |_, _| {
            tried.set(tried.get() + 1);
            unpanicked(|| -> Backend {
                if tried.get() == 1 {
                    panic!("singular basis: {}", 7)
                }
                ok()
            })
        });
        let (_, how) = out.expect("the second layout solves it");
        assert_eq!(tried.get(), 2);
        let how = how.expect("the retry is reported");
        assert!(how.contains("microlp panicked: singular basis: 7"), "{how}");
        assert!(matches!(unpanicked(|| 3), Ok(3)));
    }

    #[test]
    fn other_failures_are_not_retried() {
        let tried = std::cell::Cell::new(0);
        let out = retry(&SolveOptions::default(), &LAYOUTS, |_, _| {
            tried.set(tried.get() + 1);
            Err(Error::Infeasible(String::new()))
        });
        assert!(matches!(out, Err(Error::Infeasible(_))));
        assert_eq!(tried.get(), 1);
    }
}
