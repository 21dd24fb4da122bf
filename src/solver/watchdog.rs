//! A time limit as a wall-clock bound: a job runs on its own thread and the caller stops
//! waiting for it at a deadline.
//!
//! HiGHS checks its `time_limit` in branch and bound and in the simplex, but not through most
//! of its presolve nor the set-up after it, and it has no callback there to interrupt it: on
//! the arrondissement's column model (206,570 variables) a 30 s limit became 71 s, 57 s of
//! them in presolve. A solve that must return at its limit therefore cannot wait for HiGHS;
//! it waits for it on a channel instead, and gives up at the deadline. The job's thread then
//! runs on until the solver's own next time check and its result is dropped; the process does
//! not wait for it on exit.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// How a watched job ended.
pub(crate) enum Watched<T> {
    /// It returned in time.
    Done(T),
    /// The deadline passed first; the job runs on, unobserved.
    Abandoned,
    /// Its thread could not start, or panicked: what happened.
    Failed(String),
}

/// Runs `job` on a thread of its own and waits at most `wait` for its result.
pub(crate) fn watch<T, F>(job: F, wait: Duration) -> Watched<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("samen-solver".into())
        // The main thread's usual 8 MiB, not a spawned thread's 2 MiB: the solver ran there.
        .stack_size(8 << 20)
        .spawn(move || {
            // The receiver is gone when the caller gave up: the result is dropped here.
            let _ = tx.send(job());
        });
    if let Err(e) = spawned {
        return Watched::Failed(format!("could not start the solver's thread: {e}"));
    }
    match rx.recv_timeout(wait) {
        Ok(v) => Watched::Done(v),
        Err(RecvTimeoutError::Timeout) => Watched::Abandoned,
        Err(RecvTimeoutError::Disconnected) => {
            Watched::Failed("the solver's thread ended without a result (it panicked)".into())
        }
    }
}

/// How long after its own time limit a solver is waited for: it needs a moment to stop, to
/// postsolve and to hand back its plan, and a plan it has found is worth that moment; 2% of
/// the limit, between half a second and two seconds (so `--time-limit 60` returns within
/// about 62 s of the solve's start).
pub(crate) fn grace(limit: f64) -> f64 {
    (limit * 0.02).clamp(0.5, 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_job_that_returns_in_time_gives_its_result() {
        match watch(|| 6 * 7, Duration::from_secs(60)) {
            Watched::Done(v) => assert_eq!(v, 42),
            _ => panic!("the job returned at once"),
        }
    }

    #[test]
    fn a_job_that_does_not_return_is_abandoned_at_the_deadline() {
        // The job blocks until the test releases it, after the watch gave up: only the
        // deadline can end the wait, whatever the machine's speed.
        let (release, blocked) = mpsc::channel::<()>();
        let job = move || {
            let _ = blocked.recv();
            1
        };
        assert!(matches!(
            watch(job, Duration::from_millis(50)),
            Watched::Abandoned
        ));
        release.send(()).unwrap();
    }

    #[test]
    fn a_job_that_panics_is_a_failure_not_a_hang() {
        let job = || -> u8 { panic!("solver crashed") };
        match watch(job, Duration::from_secs(60)) {
            Watched::Failed(m) => assert!(m.contains("panicked"), "{m}"),
            _ => panic!("a panicking job must fail"),
        }
    }

    #[test]
    fn the_grace_is_two_percent_of_the_limit_within_its_bounds() {
        assert_eq!(grace(1.0), 0.5);
        assert!((grace(60.0) - 1.2).abs() < 1e-12);
        assert_eq!(grace(300.0), 2.0);
    }
}
