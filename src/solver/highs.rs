//! The HiGHS backend (cargo feature `highs`): for large and hard models.
//!
//! It talks to the `highs` crate directly rather than through good_lp, because good_lp's
//! HiGHS solution does not expose the MIP gap HiGHS reached, and a time-limited regional
//! solve must always report its gap. A solve with a time limit runs under the
//! [`watchdog`](super::watchdog): HiGHS does not keep its limit through presolve.

use super::watchdog::{self, Watched};
use super::{Backend, Feed, SolveOptions, Status, pow2_scale};
use crate::error::Error;
use crate::milp::{Milp, Sense, VarKind};
use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem};
use std::ffi::{c_char, c_int, c_void};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Solves `milp` from `start`, taking the plans posted to `feed` on the way.
pub(super) fn solve(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
    feed: Option<&Arc<Feed>>,
) -> Result<Backend, Error> {
    let started = Instant::now();
    let (model, k) = loaded(milp, opts, start)?;
    let solved = match run(model, opts.time_limit, feed) {
        Run::Solved(solved) => solved?,
        Run::Abandoned(best) => return abandoned(milp, opts, start, best),
    };
    let has_plan = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = status_of(&solved, has_plan)?;
    if !has_plan {
        return Err(Error::Solver("HiGHS returned no feasible solution".into()));
    }
    let gap = reached_gap(milp, &solved);
    let values = solved.get_solution().columns().to_vec();
    if let Some(start) = start
        && start_came_back(milp, &solved, &values, k)
    {
        return again_without(milp, opts, start, started, feed);
    }
    let bound = bound(milp, &solved, &values, k);
    Ok(Backend {
        values,
        status,
        name: "highs",
        gap: Some(gap),
        bound,
        stopped: None,
    })
}

/// The model loaded into HiGHS, configured, with its start; and its objective's scale.
fn loaded(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<(highs::Model, f64), Error> {
    let (pb, k) = problem(milp);
    let mut model = pb
        .try_optimise(highs::Sense::Minimise)
        .map_err(|e| fail("could not load the model", e))?;
    configure(&mut model, opts)?;
    if let Some(start) = start.filter(|v| v.len() == milp.vars.len()) {
        model
            .try_set_solution(Some(start), None, None, None)
            .map_err(|e| fail("rejected the starting point", e))?;
    }
    Ok((model, k))
}

/// The start came back in place of HiGHS's optimum ([`start_came_back`]): solved again
/// without it, within what is left of the time limit. The start is a feasible plan in hand:
/// with no time left, or when the second run finds none in time, it is the plan at the limit.
fn again_without(
    milp: &Milp,
    opts: &SolveOptions,
    start: &[f64],
    started: Instant,
    feed: Option<&Arc<Feed>>,
) -> Result<Backend, Error> {
    let left = opts.time_limit.map(|l| l - started.elapsed().as_secs_f64());
    if left.is_some_and(|l| l <= 0.0) {
        return Ok(start_at_limit(start, None));
    }
    let opts = SolveOptions {
        time_limit: left,
        ..*opts
    };
    match solve(milp, &opts, None, feed) {
        Err(Error::TimeLimitNoPlan { stopped }) => {
            let which = "the plan it was started from, with an unknown gap";
            Ok(start_at_limit(
                start,
                stopped.map(|_| stopped_note(&opts, which)),
            ))
        }
        other => other,
    }
}

/// The start as the plan at the time limit: feasible, gap and bound unknown.
fn start_at_limit(start: &[f64], stopped: Option<String>) -> Backend {
    Backend {
        values: start.to_vec(),
        status: Status::TimeLimit,
        name: "highs",
        gap: None,
        bound: None,
        stopped,
    }
}

/// How a run of HiGHS ended.
enum Run {
    Solved(Result<highs::SolvedModel, Error>),
    /// HiGHS had not returned by the deadline: the last improving plan it reported, if any.
    Abandoned(Option<Vec<f64>>),
}

/// Runs HiGHS: without a time limit in this thread; with one under the watchdog, which stops
/// waiting a grace after the limit ([`watchdog`]), keeping the improving plans HiGHS reports
/// on the way. HiGHS takes the plans posted to `feed` as it goes.
fn run(mut model: highs::Model, limit: Option<f64>, feed: Option<&Arc<Feed>>) -> Run {
    // A limit too large for a Duration (`--time-limit 1e30`) is no limit to watch.
    let wait =
        limit.and_then(|l| Duration::try_from_secs_f64(l.max(0.0) + watchdog::grace(l)).ok());
    let listener = Arc::new(Listener {
        best: Incumbent::default(),
        feed: feed.cloned(),
    });
    if wait.is_some() || feed.is_some() {
        listen(&mut model, &listener);
    }
    let job = Job {
        model,
        _listener: listener.clone(),
    };
    let Some(wait) = wait else {
        return Run::Solved(job.solve().map(|s| s.0));
    };
    match watchdog::watch(move || job.solve(), wait) {
        Watched::Done(solved) => Run::Solved(solved.map(|s| s.0)),
        Watched::Abandoned => Run::Abandoned(listener.best.take()),
        Watched::Failed(m) => Run::Solved(Err(Error::Solver(format!("HiGHS: {m}")))),
    }
}

/// A HiGHS model on its way to the solver's thread, with what its callback reads and writes
/// (kept alive as long as the model that points at it).
struct Job {
    model: highs::Model,
    _listener: Arc<Listener>,
}

/// A solved model on its way back.
struct Solved(highs::SolvedModel);

// SAFETY: a HiGHS instance has no affinity to the thread that created it (its task scheduler
// is set up by the thread that runs it); it is moved to the solver's thread and back, never
// used by two threads at once. Its callback's data (`Listener`) is Mutexes behind an Arc.
unsafe impl Send for Job {}
// SAFETY: as for `Job`: moved, never shared.
unsafe impl Send for Solved {}

impl Job {
    fn solve(self) -> Result<Solved, Error> {
        self.model
            .try_solve()
            .map(Solved)
            .map_err(|e| fail("failed", e))
    }
}

/// The last improving plan HiGHS reported (in the model's own variables).
#[derive(Default)]
struct Incumbent(Mutex<Option<Vec<f64>>>);

impl Incumbent {
    fn take(&self) -> Option<Vec<f64>> {
        self.0.lock().ok().and_then(|mut v| v.take())
    }
}

/// What HiGHS's callback writes to (the improving plans it reports) and reads from (the
/// plans posted to the feed).
struct Listener {
    best: Incumbent,
    feed: Option<Arc<Feed>>,
}

/// Asks HiGHS to report every improving plan to the listener, and, with a feed, to ask it for
/// a plan before each dive.
fn listen(model: &mut highs::Model, listener: &Arc<Listener>) {
    let ptr = model.as_mut_ptr();
    let data = Arc::as_ptr(listener) as *mut c_void;
    // SAFETY: `ptr` is the live HiGHS instance of `model`; `data` points into an Arc that the
    // job keeps alive as long as the model (and so as long as HiGHS may call back).
    unsafe {
        highs_sys::Highs_setCallback(ptr, Some(on_callback), data);
        highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipImprovingSolution);
        if listener.feed.is_some() {
            highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackCallbackMipUserSolution);
        }
    }
}

/// HiGHS's callback: an improving plan is copied into the listener's [`Incumbent`]; a
/// request for a plan is answered from its feed.
unsafe extern "C" fn on_callback(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    data: *mut c_void,
) {
    if data.is_null() {
        return;
    }
    // SAFETY: the pointer `listen` gave HiGHS, alive as long as the model.
    let listener = unsafe { &*(data as *const Listener) };
    if kind == highs_sys::kHighsCallbackMipImprovingSolution as c_int && !out.is_null() {
        // SAFETY: HiGHS passes its callback data, valid during the call.
        unsafe { record_improving(&*out, &listener.best) };
    } else if kind == highs_sys::kHighsCallbackCallbackMipUserSolution as c_int
        && !data_in.is_null()
        && let Some(feed) = &listener.feed
    {
        // SAFETY: as above; HiGHS's input for this call.
        unsafe { offer(data_in, feed) };
    }
}

/// Copies HiGHS's improving plan into `best`.
///
/// # Safety
/// `out` is HiGHS's callback output of an improving-solution call.
unsafe fn record_improving(out: &highs_sys::HighsCallbackDataOut, best: &Incumbent) {
    if out.mip_solution.is_null() || out.mip_solution_size <= 0 {
        return;
    }
    // SAFETY: HiGHS's plan, `mip_solution_size` values long, valid during the call.
    let plan =
        unsafe { std::slice::from_raw_parts(out.mip_solution, out.mip_solution_size as usize) };
    if let Ok(mut b) = best.0.lock() {
        *b = Some(plan.to_vec());
    }
}

/// Hands HiGHS the plan waiting in `feed`, when there is one of the model's size. HiGHS
/// copies it, checks it against the original model and keeps it when it beats its incumbent.
///
/// # Safety
/// `data_in` is HiGHS's callback input of a user-solution call.
unsafe fn offer(data_in: *mut highs_sys::HighsCallbackDataIn, feed: &Feed) {
    // SAFETY: valid during the call (the caller checked it is not null).
    let size = unsafe { (*data_in).user_solution_size };
    let Some(plan) = feed.take().filter(|p| p.len() as i64 == i64::from(size)) else {
        return;
    };
    // SAFETY: `plan` has `size` values; HiGHS copies them before this returns.
    let status = unsafe { highs_sys::Highs_setCallbackSolution(data_in, size, plan.as_ptr()) };
    if status == highs_sys::kHighsStatusOk as highs_sys::HighsInt {
        // HiGHS 1.16's C callback copies `data_in` back over its own input after the call,
        // `user_has_solution` included, which `Highs_setCallbackSolution` set only on its
        // side: without this the plan is copied and then ignored.
        // SAFETY: as above.
        unsafe { (*data_in).user_has_solution = 1 };
    }
}

/// The plan at a deadline HiGHS did not keep: the last improving plan it reported, else the
/// start it was given, else none; with a note on why samen stopped waiting.
fn abandoned(
    milp: &Milp,
    opts: &SolveOptions,
    start: Option<&[f64]>,
    best: Option<Vec<f64>>,
) -> Result<Backend, Error> {
    let n = milp.vars.len();
    let (values, which) = match (
        best.filter(|v| v.len() == n),
        start.filter(|v| v.len() == n),
    ) {
        (Some(v), _) => (v, "the best plan HiGHS had reported, with an unknown gap"),
        (None, Some(v)) => (
            v.to_vec(),
            "the plan it was started from, with an unknown gap",
        ),
        (None, None) => {
            let stopped = Some(stopped_note(opts, "that it had found no plan"));
            return Err(Error::TimeLimitNoPlan { stopped });
        }
    };
    Ok(Backend {
        values,
        status: Status::TimeLimit,
        name: "highs",
        gap: None,
        bound: None,
        stopped: Some(stopped_note(opts, which)),
    })
}

/// Why samen stopped waiting for HiGHS, and what that left (`which`).
fn stopped_note(opts: &SolveOptions, which: &str) -> String {
    let limit = opts.time_limit.unwrap_or(0.0);
    format!(
        "HiGHS had not stopped {:.1} s after its time limit of {} s (it does not check the \
         limit through most of its presolve); samen stopped waiting and reports {which}",
        watchdog::grace(limit),
        // To a tenth, as a planner wrote it: `60`, not `60.0`; `58.7` (what was left), not
        // `58.7341`.
        (limit * 10.0).round() / 10.0
    )
}

fn fail(what: &str, e: highs::HighsStatus) -> Error {
    Error::Solver(format!("HiGHS {what}: {e:?}"))
}

/// The model for HiGHS, and the power-of-two factor its objective is scaled by.
fn problem(milp: &Milp) -> (RowProblem, f64) {
    problem_as(milp, false)
}

/// [`problem`], with every variable continuous when `relaxed` (the LP relaxation).
fn problem_as(milp: &Milp, relaxed: bool) -> (RowProblem, f64) {
    let dense = milp.dense_objective();
    // Same power-of-two scaling as the good_lp translation (exact in floating point).
    let k = pow2_scale(dense.iter().copied());
    let mut pb = RowProblem::default();
    let cols = add_columns(&mut pb, milp, &dense, k, relaxed);
    add_rows(&mut pb, milp, &cols);
    (pb, k)
}

fn add_columns(
    pb: &mut RowProblem,
    milp: &Milp,
    dense: &[f64],
    k: f64,
    relaxed: bool,
) -> Vec<highs::Col> {
    milp.vars
        .iter()
        .zip(dense)
        .map(|(v, &c)| {
            let integer = v.kind == VarKind::Binary && !relaxed;
            if v.upper.is_finite() {
                pb.add_column_with_integrality(c * k, v.lower..=v.upper, integer)
            } else {
                pb.add_column_with_integrality(c * k, v.lower.., integer)
            }
        })
        .collect()
}

/// The row multipliers of `milp`'s LP relaxation, solved by interior point without crossover
/// within the time limit, in `milp`'s own units (HiGHS sees every row and the objective scaled
/// by powers of two); `None` when it did not finish. Crossover is what a simplex basis needs
/// and what does not finish on Flanders' hub model: the bound needs only the duals, which
/// [`super::dual_bound`] turns into a valid bound whatever their accuracy.
pub(super) fn relaxation_duals(
    milp: &Milp,
    opts: &SolveOptions,
) -> Result<Option<Vec<f64>>, Error> {
    let (pb, k) = problem_as(milp, true);
    let mut model = pb
        .try_optimise(highs::Sense::Minimise)
        .map_err(|e| fail("could not load the model", e))?;
    configure(&mut model, opts)?;
    set(&mut model, "solver", "ipm")?;
    set(&mut model, "run_crossover", "off")?;
    let solved = match run(model, opts.time_limit, None) {
        Run::Solved(solved) => solved?,
        Run::Abandoned(_) => return Ok(None),
    };
    relaxation_outcome(solved.status()).map(|done| done.then(|| unscaled_duals(milp, &solved, k)))
}

/// Whether the LP relaxation's status leaves duals to bound with (`Ok(true)`), ran out of
/// time (`Ok(false)`), or says something that is neither (an error naming the status).
fn relaxation_outcome(status: HighsModelStatus) -> Result<bool, Error> {
    use HighsModelStatus as S;
    match status {
        S::Optimal => Ok(true),
        S::ReachedTimeLimit | S::ReachedInterrupt => Ok(false),
        S::Infeasible => Err(Error::Infeasible(String::new())),
        S::Unbounded | S::UnboundedOrInfeasible => Err(Error::Solver(
            "the LP relaxation is unbounded (or infeasible): every cost should be bounded".into(),
        )),
        other => Err(Error::Solver(format!(
            "HiGHS ended the LP relaxation with status {other:?}"
        ))),
    }
}

/// HiGHS's row duals of the scaled rows and objective, back in `milp`'s units.
fn unscaled_duals(milp: &Milp, solved: &highs::SolvedModel, k: f64) -> Vec<f64> {
    let y = solved.get_solution().dual_rows().to_vec();
    milp.rows
        .iter()
        .zip(y)
        .map(|(r, y)| y * row_scale(r) / k)
        .collect()
}

/// Every row, each scaled by its own power of two.
fn add_rows(pb: &mut RowProblem, milp: &Milp, cols: &[highs::Col]) {
    for r in &milp.rows {
        let s = row_scale(r);
        let factors: Vec<(highs::Col, f64)> =
            r.coefs.iter().map(|&(j, c)| (cols[j], c * s)).collect();
        let rhs = r.rhs * s;
        match r.sense {
            Sense::Le => pb.add_row(..=rhs, factors),
            Sense::Ge => pb.add_row(rhs.., factors),
            Sense::Eq => pb.add_row(rhs..=rhs, factors),
        };
    }
}

/// The power of two HiGHS sees row `r` multiplied by: its dual comes back multiplied by it
/// too, so [`unscaled_duals`] divides by the same factor [`add_rows`] applied.
fn row_scale(r: &crate::milp::Row) -> f64 {
    pow2_scale(r.coefs.iter().map(|&(_, c)| c))
}

/// Logging, the gap, the options from the environment, the time limit and the threads.
fn configure(model: &mut highs::Model, opts: &SolveOptions) -> Result<(), Error> {
    set_logging(model, opts.solver_log);
    set(model, "mip_rel_gap", opts.mip_gap)?;
    set_extra_options(model, opts.highs_options.unwrap_or(""))?;
    if let Some(limit) = opts.time_limit {
        set(model, "time_limit", limit)?;
    }
    if let Some(threads) = opts.threads.and_then(std::num::NonZeroU32::new) {
        model.set_threads(threads);
    }
    Ok(())
}

/// HiGHS's own log on standard output, or quiet (the default).
fn set_logging(model: &mut highs::Model, log: bool) {
    if !log {
        model.make_quiet();
    } else {
        let _ = model.try_set_option("output_flag", true);
        let _ = model.try_set_option("log_to_console", true);
    }
}

fn set<V: highs::HighsOptionValue>(model: &mut highs::Model, key: &str, v: V) -> Result<(), Error> {
    model
        .try_set_option(key, v)
        .map_err(|e| Error::Solver(format!("HiGHS rejected option {key}: {e:?}")))
}

/// `key=value,key=value` passed to HiGHS (for experiments).
fn set_extra_options(model: &mut highs::Model, extra: &str) -> Result<(), Error> {
    for kv in extra.split(',').filter(|kv| !kv.is_empty()) {
        if !set_extra_option(model, kv) {
            return Err(Error::Solver(format!("HiGHS rejected option {kv}")));
        }
    }
    Ok(())
}

/// Sets `key=value` with the value's type: integer, float, boolean or text.
fn set_extra_option(model: &mut highs::Model, kv: &str) -> bool {
    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
    if let Ok(x) = v.parse::<i32>() {
        model.try_set_option(k, x).is_ok()
    } else if let Ok(x) = v.parse::<f64>() {
        model.try_set_option(k, x).is_ok()
    } else if let Ok(x) = v.parse::<bool>() {
        model.try_set_option(k, x).is_ok()
    } else {
        model.try_set_option(k, v).is_ok()
    }
}

fn status_of(solved: &highs::SolvedModel, has_plan: bool) -> Result<Status, Error> {
    match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            Err(Error::Infeasible(String::new()))
        }
        HighsModelStatus::Unbounded => Err(Error::Internal("the model is unbounded".into())),
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedMemoryLimit => {
            if !has_plan {
                return Err(Error::TimeLimitNoPlan { stopped: None });
            }
            Ok(Status::TimeLimit)
        }
        HighsModelStatus::Optimal
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => {
            let gap = solved.mip_gap();
            if gap.is_finite() && gap > 1e-9 {
                Ok(Status::GapLimit)
            } else {
                Ok(Status::Optimal)
            }
        }
        other => Err(Error::Solver(format!(
            "HiGHS stopped with status {other:?}"
        ))),
    }
}

/// The relative gap HiGHS reached (0 for an LP, infinite without a bound).
fn reached_gap(milp: &Milp, solved: &highs::SolvedModel) -> f64 {
    if milp.binaries() == 0 {
        return 0.0;
    }
    let g = solved.mip_gap();
    if g.is_finite() {
        g.max(0.0)
    } else {
        f64::INFINITY
    }
}

/// HiGHS 1.16 can improve a MIP start inside presolve ("feasible in the reduced space"),
/// report that objective, and hand back the start itself as the solution. A solution whose
/// objective is not the one HiGHS reports is not its optimum: the caller solves again without
/// the start.
fn start_came_back(milp: &Milp, solved: &highs::SolvedModel, values: &[f64], k: f64) -> bool {
    let reported = solved.objective_value() / k;
    let ours = milp.objective_value(values);
    (reported - ours).abs() > 1e-6 * ours.abs().max(1.0)
}

/// The solver's lower bound on the objective (an LP's optimum is its own bound).
fn bound(milp: &Milp, solved: &highs::SolvedModel, values: &[f64], k: f64) -> Option<f64> {
    if milp.binaries() == 0 {
        Some(milp.objective_value(values))
    } else {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b / k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::Fed;

    /// min x + y over binaries with x + y >= 1.
    fn tiny() -> Milp {
        let mut m = Milp::default();
        let x = m.add_var("x".into(), VarKind::Binary, 0.0, 1.0);
        let y = m.add_var("y".into(), VarKind::Binary, 0.0, 1.0);
        m.add_row("cover".into(), vec![(x, 1.0), (y, 1.0)], Sense::Ge, 1.0);
        m.objective = vec![(x, 1.0), (y, 1.0)];
        m
    }

    fn limited(seconds: f64) -> SolveOptions {
        SolveOptions {
            time_limit: Some(seconds),
            ..SolveOptions::default()
        }
    }

    #[test]
    fn an_unbounded_relaxation_is_an_error_not_a_relaxation_out_of_time() {
        let mut m = Milp::default();
        let x = m.add_var("x".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        m.add_row("floor".into(), vec![(x, 1.0)], Sense::Ge, 1.0);
        m.objective = vec![(x, -1.0)];
        let e = relaxation_duals(&m, &limited(5.0)).unwrap_err();
        assert!(e.to_string().contains("unbounded"), "{e}");
    }

    #[test]
    fn the_relaxation_outcome_says_what_each_status_leaves() {
        use HighsModelStatus as S;
        assert!(relaxation_outcome(S::Optimal).unwrap());
        assert!(!relaxation_outcome(S::ReachedTimeLimit).unwrap());
        assert!(!relaxation_outcome(S::ReachedInterrupt).unwrap());
        assert!(matches!(
            relaxation_outcome(S::Infeasible),
            Err(Error::Infeasible(_))
        ));
        let e = relaxation_outcome(S::ReachedMemoryLimit).unwrap_err();
        assert!(e.to_string().contains("ReachedMemoryLimit"), "{e}");
    }

    #[test]
    fn an_abandoned_solve_reports_highs_last_plan_before_its_start() {
        let b = abandoned(
            &tiny(),
            &limited(5.0),
            Some(&[1.0, 1.0]),
            Some(vec![0.0, 1.0]),
        )
        .unwrap();
        assert_eq!(b.values, vec![0.0, 1.0]);
        assert_eq!(b.status, Status::TimeLimit);
        assert_eq!(
            (b.gap, b.bound),
            (None, None),
            "no bound was read: the gap is unknown"
        );
        let note = b.stopped.unwrap();
        assert!(note.contains("time limit of 5 s") && note.contains("HiGHS had reported"));
    }

    #[test]
    fn an_abandoned_solve_without_a_reported_plan_falls_back_on_its_start() {
        let b = abandoned(&tiny(), &limited(5.0), Some(&[1.0, 0.0]), None).unwrap();
        assert_eq!(b.values, vec![1.0, 0.0]);
        assert!(b.stopped.unwrap().contains("started from"));
    }

    #[test]
    fn an_abandoned_solve_without_any_plan_is_no_plan_and_says_why() {
        // A plan of the wrong length (another model's) is no plan of this one.
        match abandoned(&tiny(), &limited(5.0), None, Some(vec![1.0])) {
            Err(Error::TimeLimitNoPlan {
                stopped: Some(note),
            }) => {
                assert!(note.contains("found no plan"), "{note}")
            }
            other => panic!("expected no plan, got {:?}", other.map(|b| b.values)),
        }
    }

    #[test]
    fn a_limited_solve_that_finishes_in_time_is_highs_own_result() {
        // The watchdog path (a time limit) on a model HiGHS solves at once.
        let b = solve(&tiny(), &limited(30.0), None, None).unwrap();
        assert_eq!(b.status, Status::Optimal);
        assert_eq!(b.values.iter().sum::<f64>(), 1.0);
        assert!(b.stopped.is_none());
    }

    #[test]
    fn a_limit_too_large_to_wait_for_is_no_limit_to_watch() {
        // `--time-limit 1e30` and `inf` parse; no Duration holds them (it would panic).
        for limit in [1e30, f64::INFINITY] {
            let b = solve(&tiny(), &limited(limit), None, None).unwrap();
            assert_eq!(b.status, Status::Optimal, "{limit}");
            assert!(b.stopped.is_none());
        }
    }

    #[test]
    fn the_start_at_the_limit_is_a_plan_without_a_gap() {
        let b = start_at_limit(&[1.0, 0.0], None);
        assert_eq!((b.status, b.gap, b.bound), (Status::TimeLimit, None, None));
        assert_eq!(b.values, vec![1.0, 0.0]);
    }

    /// A knapsack HiGHS must branch on: max Σ v x, Σ w x <= cap (as a minimisation); after
    /// five binaries that rows fix to 1, which presolve removes, so that a plan in presolve's
    /// reduced space would be shorter and shifted.
    fn knapsack(n: usize) -> Milp {
        let mut m = Milp::default();
        for i in 0..5 {
            let f = m.add_var(format!("fixed{i}"), VarKind::Binary, 0.0, 1.0);
            m.add_row(format!("fix{i}"), vec![(f, 1.0)], Sense::Eq, 1.0);
            m.objective.push((f, 3.0));
        }
        let xs: Vec<usize> = (0..n)
            .map(|i| m.add_var(format!("x{i}"), VarKind::Binary, 0.0, 1.0))
            .collect();
        let w = |i: usize| 10.0 + ((i * 37) % 23) as f64;
        let v = |i: usize| 11.0 + ((i * 53) % 29) as f64;
        let cap = (0..n).map(w).sum::<f64>() / 2.0 + 0.5;
        m.add_row(
            "cap".into(),
            xs.iter().map(|&j| (j, w(j))).collect(),
            Sense::Le,
            cap,
        );
        m.objective.extend(xs.iter().map(|&j| (j, -v(j))));
        m
    }

    #[test]
    fn the_plans_highs_reports_on_the_way_are_in_the_models_own_variables() {
        let milp = knapsack(60);
        let (mut model, k) = loaded(&milp, &SolveOptions::default(), None).unwrap();
        let listener = Arc::new(Listener {
            best: Incumbent::default(),
            feed: None,
        });
        listen(&mut model, &listener);
        let solved = model.try_solve().unwrap();
        let last = (listener.best.take()).expect("HiGHS reported at least its final plan");
        assert_eq!(last.len(), milp.vars.len());
        assert!(
            last[..5].iter().all(|&f| (f - 1.0).abs() < 1e-9),
            "{:?}",
            &last[..5]
        );
        let optimum = solved.objective_value() / k;
        assert!((milp.objective_value(&last) - optimum).abs() <= 1e-6 * optimum.abs());
        assert!(
            milp.worst_residual(&last)
                .is_none_or(|r| r.relative <= 1e-9)
        );
    }

    /// HiGHS stopped at its first improving plan, with or without a feed.
    fn first_plan(milp: &Milp, feed: Option<&Arc<Feed>>) -> Backend {
        let opts = SolveOptions {
            highs_options: Some("mip_max_improving_sols=1"),
            ..SolveOptions::default()
        };
        solve(milp, &opts, None, feed).unwrap()
    }

    #[test]
    fn highs_takes_a_posted_plan_as_its_incumbent() {
        let milp = knapsack(60);
        let optimum = solve(&milp, &SolveOptions::default(), None, None).unwrap();
        let unfed = first_plan(&milp, None);
        let worse = milp.objective_value(&unfed.values) - milp.objective_value(&optimum.values);
        assert!(
            worse > 1e-6,
            "the oracle needs HiGHS's own first plan to be worse than the optimum ({worse})"
        );
        let feed = Arc::new(Feed::default());
        feed.post(
            optimum.values.clone(),
            milp.objective_value(&optimum.values),
        );
        let fed = first_plan(&milp, Some(&feed));
        assert_eq!(
            feed.counts(),
            Fed {
                posted: 1,
                taken: 1
            },
            "HiGHS asked for the plan once it was set up"
        );
        assert_eq!(
            fed.values, optimum.values,
            "the posted plan was HiGHS's first incumbent, so it stopped with it"
        );
    }

    #[test]
    fn a_posted_plan_of_another_size_is_not_handed_to_highs() {
        let milp = knapsack(60);
        let feed = Arc::new(Feed::default());
        feed.post(vec![1.0; 3], -1e9);
        let fed = first_plan(&milp, Some(&feed));
        assert_eq!(
            feed.counts(),
            Fed {
                posted: 1,
                taken: 1
            },
            "taken from the mailbox, then refused"
        );
        assert_eq!(fed.values, first_plan(&milp, None).values);
    }
}
