//! Plans handed to a MILP solve while it runs: the region heuristic finds plans on one core
//! while HiGHS searches on the other, and every plan the heuristic improves to becomes
//! HiGHS's incumbent before its next dive (so it prunes against the best plan known, not
//! the one it started from).
//!
//! Why a mailbox of one: HiGHS asks for a plan often (before every dive) and can use only
//! the best; a plan that a better one replaced before HiGHS asked is of no use to it.

use serde::Serialize;
use std::sync::Mutex;

/// A mailbox of one plan, shared by the thread that finds plans and the solver's thread.
/// HiGHS takes what is waiting when it asks ([`super::solve_fed`]); microlp never asks.
#[derive(Debug, Default)]
pub struct Feed {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The plan waiting (every variable's value), and its objective.
    waiting: Option<(Vec<f64>, f64)>,
    posted: usize,
    taken: usize,
}

impl Feed {
    /// Offers `values`, a complete feasible point of the model of objective `objective`, as
    /// the solver's next incumbent. A plan still waiting is replaced only by a better one
    /// (two finders may post out of order).
    pub fn post(&self, values: Vec<f64>, objective: f64) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        st.posted += 1;
        if st.waiting.as_ref().is_none_or(|(_, o)| objective < *o) {
            st.waiting = Some((values, objective));
        }
    }

    /// The plan waiting, if any; taking it empties the mailbox. Never panics (HiGHS calls
    /// this from C).
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub(crate) fn take(&self) -> Option<Vec<f64>> {
        let mut st = self.state.lock().ok()?;
        let (values, _) = st.waiting.take()?;
        st.taken += 1;
        Some(values)
    }

    /// How many plans were posted, and how many the solver took.
    pub fn counts(&self) -> Fed {
        self.state.lock().map_or(Fed::default(), |st| Fed {
            posted: st.posted,
            taken: st.taken,
        })
    }
}

/// What went through a [`Feed`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Fed {
    /// Plans posted (each a complete point of the model).
    pub posted: usize,
    /// Plans the solver took when it next asked (it keeps one as its incumbent only when it
    /// checks feasible and beats the incumbent it has; a plan replaced by a better one before
    /// that, or posted after its last dive, never reaches it).
    pub taken: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_plan_is_replaced_only_by_a_better_one_and_taken_once() {
        let feed = Feed::default();
        assert_eq!(feed.take(), None);
        feed.post(vec![1.0], 10.0);
        feed.post(vec![2.0], 12.0);
        feed.post(vec![3.0], 9.0);
        assert_eq!(feed.take(), Some(vec![3.0]));
        assert_eq!(feed.take(), None);
        feed.post(vec![4.0], 11.0);
        assert_eq!(
            feed.take(),
            Some(vec![4.0]),
            "an empty mailbox takes any plan"
        );
        assert_eq!(
            feed.counts(),
            Fed {
                posted: 4,
                taken: 2
            }
        );
    }
}
