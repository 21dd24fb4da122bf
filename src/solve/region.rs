//! The cluster heuristic: a good plan for a region from exact column solves of its parts, the
//! first incumbent of the hub MILP.
//!
//! Why: on a region the hub model's LP relaxation is close to the optimum (within a few
//! percent on arrondissement Leuven), but HiGHS spends its time limit proving that and rarely
//! finds a plan better than everyone alone by itself. The cost of a plan is a sum over its
//! groups plus, per partner, staff terms that depend only on that partner's own groups; so a
//! plan made of plans of disjoint sets of partners is a plan of the region, and every rule
//! the hub formulation models (distances, member limits, vehicles per partner, individual
//! rationality against the partner's own NPV alone) holds in the union when it holds in the
//! parts. The heuristic therefore
//!
//! 1. cuts the region into geographic clusters of [`CLUSTER_SIZE`] partners (repeatedly the
//!    remaining partner farthest from the others, with its nearest remaining neighbours),
//! 2. solves each cluster exactly with the column formulation (in parallel), and
//! 3. improves the union by large-neighbourhood search: around each partner in turn, its
//!    [`NEIGHBOURHOOD`] nearest partners plus everyone they share a group with are solved
//!    again with columns, and the sub-plan replaces theirs when it is cheaper. A
//!    neighbourhood is closed under "shares a group with", so its current sub-plan is one of
//!    the sub-solve's candidates and a move never makes the plan worse.
//!
//! The result is checked by the evaluator like any plan; it carries no bound (the hub MILP
//! supplies that).

use crate::error::Error;
use crate::evaluate;
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use crate::solve::{self, Formulation};
use crate::solver::SolveOptions;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

/// Partners per cluster of the first pass (a column solve of a few seconds at most).
pub const CLUSTER_SIZE: usize = 8;
/// Nearest partners around a seed in an improvement move (before closing under groups).
pub const NEIGHBOURHOOD: usize = 6;
/// A closed neighbourhood larger than this is skipped (its column solve would be slow).
pub const MAX_NEIGHBOURHOOD: usize = 13;

/// What the heuristic found and how.
#[derive(Debug, Clone, Serialize)]
pub struct Heuristic {
    /// The heuristic's plan (not serialised).
    #[serde(skip)]
    pub plan: Plan,
    /// The plan's exact NPV.
    pub npv: f64,
    /// The NPV after the first pass (clusters only).
    pub first_npv: f64,
    /// Number of geographic clusters of the first pass.
    pub clusters: usize,
    /// Neighbourhoods solved again, and how many of them improved the plan.
    pub moves: usize,
    /// How many of those neighbourhood solves gave a cheaper plan (kept).
    pub improvements: usize,
    /// Wall-clock seconds the heuristic took.
    pub seconds: f64,
}

/// Distance between two partners for clustering: km when both have locations, else the
/// distance of their positions in the file (neighbours in a file are often neighbours).
fn closeness(s: &Scenario, a: usize, b: usize) -> f64 {
    match (s.partners[a].location, s.partners[b].location) {
        (Some(x), Some(y)) => crate::costs::distance_km(x, y),
        _ => a.abs_diff(b) as f64,
    }
}

/// The `around` nearest partners of `seed` among `pool` (seed included), sorted by index.
fn nearest(s: &Scenario, seed: usize, pool: &[usize], around: usize) -> Vec<usize> {
    let mut near = pool.to_vec();
    near.sort_by(|&a, &b| {
        closeness(s, seed, a)
            .total_cmp(&closeness(s, seed, b))
            .then(a.cmp(&b))
    });
    near.truncate(around);
    near.sort_unstable();
    near
}

/// Seeds taken from the clusters in turn, so that consecutive seeds lie apart.
fn seeds(clusters: &[Vec<usize>]) -> VecDeque<usize> {
    let longest = clusters.iter().map(Vec::len).max().unwrap_or(0);
    (0..longest)
        .flat_map(|i| clusters.iter().filter_map(move |c| c.get(i).copied()))
        .collect()
}

/// Geographic clusters of about `size` partners covering every partner once. Partners that a
/// `must_together` rule binds are kept in one cluster.
pub fn partition(s: &Scenario, size: usize) -> Vec<Vec<usize>> {
    let mut left: Vec<usize> = (0..s.partners.len()).collect();
    let mut clusters = Vec::new();
    while !left.is_empty() {
        let seed = farthest(s, &left);
        let mut cluster = nearest(s, seed, &left, size);
        close_must(s, &mut cluster);
        left.retain(|p| !cluster.contains(p));
        clusters.push(cluster);
    }
    clusters
}

/// The partner of `left` (not empty) farthest from the rest: clusters grow inwards from the
/// edge.
fn farthest(s: &Scenario, left: &[usize]) -> usize {
    let spread = |p: usize| left.iter().map(|&q| closeness(s, p, q)).sum::<f64>();
    *left
        .iter()
        .max_by(|&&a, &&b| spread(a).total_cmp(&spread(b)).then(b.cmp(&a)))
        .expect("left is not empty")
}

/// Adds the partners that a must-together rule or a forced group binds to a member.
fn close_must(s: &Scenario, set: &mut Vec<usize>) {
    until_stable(set, |set| {
        for (must, _) in &s.constraints.must_together {
            bind(set, must);
        }
        for forced in &s.constraints.forced {
            bind(set, &forced.members);
        }
        set.sort_unstable();
        set.dedup();
    });
}

/// Adds everyone who shares a group of `plan` with a member, until nothing changes.
fn close_groups(s: &Scenario, plan: &Plan, set: &mut Vec<usize>) {
    until_stable(set, |set| {
        for g in &plan.groups {
            bind(set, &g.members);
        }
        close_must(s, set);
    });
}

/// Repeats `grow` until it leaves the set's size unchanged.
fn until_stable(set: &mut Vec<usize>, mut grow: impl FnMut(&mut Vec<usize>)) {
    loop {
        let before = set.len();
        grow(set);
        if set.len() == before {
            return;
        }
    }
}

/// Adds `members` to the set when one of them is in it already.
fn bind(set: &mut Vec<usize>, members: &[usize]) {
    if members.iter().any(|p| set.contains(p)) {
        set.extend(members.iter().copied());
    }
}

/// The optimal plan of the partners `part` on their own (column formulation), in the
/// region's partner indices, with its NPV; `None` when the sub-solve finds no plan in time.
fn solve_part(s: &Scenario, part: &[usize], opts: &SolveOptions) -> Option<(Vec<Group>, f64)> {
    let sub = s.restricted_to(part);
    let out = solve::optimise_with(&sub, opts, Formulation::Columns).ok()?;
    let npv = out.evaluation.npv(&sub);
    let groups = out.plan.groups.into_iter().map(|g| in_region(part, g));
    Some((groups.collect(), npv))
}

/// A group of the sub-scenario of the partners `part`, in the region's partner indices.
fn in_region(part: &[usize], g: Group) -> Group {
    Group {
        members: g.members.iter().map(|&i| part[i]).collect(),
        ..g
    }
}

/// The union of the clusters' optimal plans (solved in parallel); a cluster whose solve finds
/// no plan in time stays alone.
pub fn first_pass(s: &Scenario, clusters: &[Vec<usize>], opts: &SolveOptions) -> Plan {
    let parts: Vec<Option<(Vec<Group>, f64)>> = clusters
        .par_iter()
        .map(|c| solve_part(s, c, opts))
        .collect();
    Plan::new(parts.into_iter().flatten().flat_map(|(g, _)| g).collect())
}

/// Runs the heuristic within about `budget` seconds. `opts` chooses the solver of the column
/// sub-solves (HiGHS with one thread each, when compiled in; sub-solves stop at a relative
/// gap of 1e-4). An internal error if the clusters' union breaks a rule (it cannot for the
/// rules the hub formulation models: checked rather than assumed).
pub fn improve_region(s: &Scenario, opts: &SolveOptions, budget: f64) -> Result<Heuristic, Error> {
    let alone = Company {
        workers: workers(),
        tell: None,
        stop: None,
    };
    Ok(begin(s, opts, budget, 0.5)?.improve(alone))
}

/// The first pass's plan, from which the neighbourhood search goes on.
pub struct Begun<'a> {
    s: &'a Scenario,
    clusters: Vec<Vec<usize>>,
    clock: Clock<'a>,
    plan: Plan,
    ev: evaluate::Evaluation,
}

/// Told of a better plan.
pub type Tell<'a> = dyn Fn(&Plan) + Sync + 'a;

/// Whom the neighbourhood search runs with: its workers, whom it tells of every plan it
/// improves to (called outside the search's lock, so a slow listener
/// holds up one worker only), and a flag that ends it early (the MILP beside it proved its
/// plan optimal).
pub struct Company<'a> {
    /// Neighbourhoods solved at a time.
    pub workers: usize,
    /// Told of every plan the search improves to.
    pub tell: Option<&'a Tell<'a>>,
    /// Once set, the search takes no new neighbourhood.
    pub stop: Option<&'a AtomicBool>,
}

/// The clusters solved within `first` of the `budget` (in parallel, on every core): the
/// heuristic's first plan.
pub fn begin<'a>(
    s: &'a Scenario,
    opts: &'a SolveOptions,
    budget: f64,
    first: f64,
) -> Result<Begun<'a>, Error> {
    let t0 = Instant::now();
    let clusters = partition(s, CLUSTER_SIZE);
    let rounds = clusters.len().div_ceil(workers()).max(1) as f64;
    let clock = Clock {
        opts,
        budget,
        t0,
        stop: None,
    };
    let plan = first_pass(s, &clusters, &clock.sub_opts(clock.left(first) / rounds));
    let ev = evaluate::evaluate(s, &plan);
    check_rules(&ev)?;
    Ok(Begun {
        s,
        clusters,
        clock,
        plan,
        ev,
    })
}

impl<'a> Begun<'a> {
    /// The first pass's plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The neighbourhood search from the first plan, in `company`, until the budget is spent
    /// or a pass improves nothing.
    pub fn improve(self, company: Company<'a>) -> Heuristic {
        let first_npv = self.ev.npv(self.s);
        let clock = Clock {
            stop: company.stop,
            ..self.clock
        };
        let mut search = Search::new(self.s, clock, company, self.plan, self.ev);
        while search.pass(&self.clusters) {}
        search.outcome(first_npv, self.clusters.len())
    }
}

/// Workers of the neighbourhood search: every core, or one when the heuristic itself runs
/// inside a parallel analysis (scale, priorities, risk), whose pool already has the cores.
fn workers() -> usize {
    match rayon::current_thread_index() {
        Some(_) => 1,
        None => rayon::current_num_threads().max(1),
    }
}

/// How the error of a cluster union that breaks a rule begins.
pub const BREAKS: &str = "the cluster heuristic's plan breaks";

/// The clusters' union must break no rule.
fn check_rules(ev: &evaluate::Evaluation) -> Result<(), Error> {
    match ev.violations.first() {
        Some(v) => Err(Error::Internal(format!("{BREAKS} `{}`", v.rule))),
        None => Ok(()),
    }
}

/// The heuristic's time and the options of its sub-solves.
struct Clock<'a> {
    opts: &'a SolveOptions,
    budget: f64,
    t0: Instant,
    /// Set: no time is left.
    stop: Option<&'a AtomicBool>,
}

impl Clock<'_> {
    /// Seconds left until `frac` of the budget (none once stopped).
    fn left(&self, frac: f64) -> f64 {
        if self.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return 0.0;
        }
        self.budget * frac - self.t0.elapsed().as_secs_f64()
    }

    /// A sub-solve: one thread, a relative gap of 1e-4, at least half a second.
    fn sub_opts(&self, limit: f64) -> SolveOptions {
        SolveOptions {
            time_limit: Some(limit.max(0.5)),
            threads: Some(1),
            mip_gap: 1e-4,
            ..*self.opts
        }
    }
}

/// The seeds of a pass not yet taken, the neighbourhoods being solved, and whether a move of
/// the pass made the plan cheaper.
struct Queue {
    seeds: VecDeque<usize>,
    running: Vec<Vec<usize>>,
    improved: bool,
    /// A worker's solve panicked: the others stop, and the scope re-raises the panic.
    aborted: bool,
}

/// What a worker does next.
enum Next {
    /// Solve this closed neighbourhood.
    Run(Vec<usize>),
    /// Every seed left overlaps a running neighbourhood: wait for one to finish.
    Wait,
    /// No seed left in this pass.
    Done,
}

type Shared<'s, 'a> = Mutex<(&'s mut Search<'a>, Queue)>;

/// A neighbourhood being solved. Should its solve panic, dropping this takes it off the
/// running list, stops the pass and wakes the waiting workers (who would otherwise wait for
/// it forever, and the scope would never re-raise the panic).
struct Running<'x, 's, 'a> {
    state: &'x Shared<'s, 'a>,
    done: &'x Condvar,
}

impl Drop for Running<'_, '_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
            guard.1.aborted = true;
            self.done.notify_all();
        }
    }
}

/// One worker of a pass: takes neighbourhoods from the queue until it is empty or the time is
/// up, solving each without the lock and applying its move under it.
fn worker(state: &Shared, done: &Condvar) {
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let mut guard = lock();
    loop {
        let left = guard.0.clock.left(1.0);
        if left < 1.0 || guard.1.aborted {
            break;
        }
        let (search, queue) = &mut *guard;
        match search.next(queue) {
            Next::Run(hood) => {
                queue.running.push(hood.clone());
                let sub = (search.s, search.clock.sub_opts(left), search.tell);
                drop(guard);
                guard = solve_hood(state, done, hood, sub);
            }
            Next::Wait => guard = done.wait(guard).unwrap_or_else(|e| e.into_inner()),
            Next::Done => break,
        }
    }
    done.notify_all();
}

type Guard<'x, 's, 'a> = std::sync::MutexGuard<'x, (&'s mut Search<'a>, Queue)>;

/// A sub-solve's scenario and options, and whom to tell of a better plan.
type Sub<'a> = (&'a Scenario, SolveOptions, Option<&'a Tell<'a>>);

/// Solves the closed neighbourhood `hood` (on the running list) without the lock, applies its
/// move under it and tells the company of a better plan without it.
fn solve_hood<'x, 's, 'a>(
    state: &'x Shared<'s, 'a>,
    done: &'x Condvar,
    hood: Vec<usize>,
    (s, o, tell): Sub<'a>,
) -> Guard<'x, 's, 'a> {
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let running = Running { state, done };
    let found = solve_part(s, &hood, &o);
    drop(running);
    let mut guard = lock();
    let (search, queue) = &mut *guard;
    let better = search.settle(&hood, found);
    queue.improved |= better;
    queue.running.retain(|h| *h != hood);
    done.notify_all();
    match tell {
        Some(tell) if better => {
            let plan = search.plan.clone();
            drop(guard);
            tell(&plan);
            lock()
        }
        _ => guard,
    }
}

/// The large-neighbourhood search: the plan so far and what it tried.
struct Search<'a> {
    s: &'a Scenario,
    clock: Clock<'a>,
    threads: usize,
    /// Told of every plan the search improves to.
    tell: Option<&'a Tell<'a>>,
    /// Every partner.
    all: Vec<usize>,
    plan: Plan,
    ev: evaluate::Evaluation,
    /// Closed neighbourhoods solved already.
    tried: BTreeSet<Vec<usize>>,
    moves: usize,
    improvements: usize,
}

impl<'a> Search<'a> {
    /// A search from `plan` (evaluated as `ev`) with `company.workers` sub-solves at a time.
    fn new(
        s: &'a Scenario,
        clock: Clock<'a>,
        company: Company<'a>,
        plan: Plan,
        ev: evaluate::Evaluation,
    ) -> Self {
        Search {
            s,
            clock,
            threads: company.workers.max(1),
            tell: company.tell,
            all: (0..s.partners.len()).collect(),
            plan,
            ev,
            tried: BTreeSet::new(),
            moves: 0,
            improvements: 0,
        }
    }

    /// The heuristic's result: the plan found, from a first plan of NPV `first_npv`.
    fn outcome(self, first_npv: f64, clusters: usize) -> Heuristic {
        Heuristic {
            npv: self.ev.npv(self.s),
            plan: self.plan,
            first_npv,
            clusters,
            moves: self.moves,
            improvements: self.improvements,
            seconds: self.clock.t0.elapsed().as_secs_f64(),
        }
    }

    /// One pass over every seed; whether another is worth it (it improved the plan, and the
    /// time did not run out). `threads` workers take closed neighbourhoods from one queue and
    /// each starts the next as soon as its own is solved (the batches this replaced waited
    /// for their slowest solve, leaving a core idle); running neighbourhoods are disjoint, so
    /// their moves commute (a move changes groups only among its own members, and every
    /// neighbourhood is closed under the groups it shares).
    fn pass(&mut self, clusters: &[Vec<usize>]) -> bool {
        let threads = self.threads;
        let queue = Queue {
            seeds: seeds(clusters),
            running: Vec::new(),
            improved: false,
            aborted: false,
        };
        let state = Mutex::new((self, queue));
        let done = Condvar::new();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| worker(&state, &done));
            }
        });
        let (_, queue) = state.into_inner().unwrap_or_else(|e| e.into_inner());
        queue.improved
    }

    /// The closed neighbourhood of `seed`: its nearest partners and everyone who shares a
    /// group of the plan with one of them.
    fn hood(&self, seed: usize) -> Vec<usize> {
        let mut hood = nearest(self.s, seed, &self.all, NEIGHBOURHOOD);
        close_groups(self.s, &self.plan, &mut hood);
        hood
    }

    /// The next neighbourhood to solve: the first seed's whose neighbourhood is small enough,
    /// not tried before and disjoint from those running (a seed that overlaps waits at the
    /// front of the queue).
    fn next(&mut self, queue: &mut Queue) -> Next {
        let mut deferred = Vec::new();
        let next = loop {
            let Some(seed) = queue.seeds.pop_front() else {
                break if deferred.is_empty() {
                    Next::Done
                } else {
                    Next::Wait
                };
            };
            let hood = self.hood(seed);
            if hood.len() > MAX_NEIGHBOURHOOD || self.tried.contains(&hood) {
                continue;
            }
            if queue.running.iter().flatten().any(|p| hood.contains(p)) {
                deferred.push(seed);
                continue;
            }
            self.tried.insert(hood.clone());
            break Next::Run(hood);
        };
        for seed in deferred.into_iter().rev() {
            queue.seeds.push_front(seed);
        }
        next
    }

    /// Counts the move of `hood` and keeps its sub-plan when it makes the plan cheaper.
    fn settle(&mut self, hood: &[usize], found: Option<(Vec<Group>, f64)>) -> bool {
        self.moves += 1;
        found.is_some_and(|(groups, npv)| self.try_move(hood, groups, npv))
    }

    /// Replaces the plan of the partners `hood` by `groups` (of NPV `npv`) when that makes
    /// the plan cheaper and breaks no rule.
    fn try_move(&mut self, hood: &[usize], groups: Vec<Group>, npv: f64) -> bool {
        let s = self.s;
        let now = self.npv_of(hood);
        let cheaper = npv < now - 1e-6 * now.abs().max(1.0);
        if !cheaper {
            return false;
        }
        let mut kept = self.groups_outside(hood);
        kept.extend(groups);
        let candidate = Plan::new(kept);
        let cev = evaluate::evaluate(s, &candidate);
        if cev.violations.is_empty() && cev.npv(s) < self.ev.npv(s) {
            self.plan = candidate;
            self.ev = cev;
            self.improvements += 1;
            return true;
        }
        false
    }

    /// What the partners `hood` pay under the plan (NPV).
    fn npv_of(&self, hood: &[usize]) -> f64 {
        hood.iter()
            .map(|&p| self.ev.partners[p].ledger.npv(self.s))
            .sum()
    }

    /// The plan's groups with no member in `hood`.
    fn groups_outside(&self, hood: &[usize]) -> Vec<Group> {
        let outside = |g: &&Group| !g.members.iter().any(|p| hood.contains(p));
        self.plan.groups.iter().filter(outside).cloned().collect()
    }
}
