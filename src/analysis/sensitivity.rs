//! `samen sensitivity`: which uncertain input the advice hangs on, and at what value it flips.
//!
//! - **Tornado**: one input at a time at the low and high end of its range (the others as
//!   written): the recommended plan's saving held fixed, and the optimum re-solved there, with
//!   the groups that change.
//! - **Break-even values**: per input, the value within its range at which the recommended
//!   plan stops saving money against going alone (bisection on the fixed plan's saving), and
//!   the value at which the optimal plan changes (a grid outward from the value as written,
//!   then bisection on re-solves), each with its tolerance: at the value minus and plus the
//!   tolerance the two sides hold.
//! - **Global importance**: standardised rank regression coefficients of the fixed plan's
//!   saving on all inputs drawn together (Monte Carlo), with the share of the saving's rank
//!   variance the regression explains.

use super::risk::{plan_saving as saving, require_inputs, sampler};
use crate::error::Error;
use crate::plan::Plan;
use crate::scenario::{Loaded, Scenario, Uncertain, Uncertainty};
use crate::solve;
use crate::solver::{SolveOptions, Status};
use crate::uncertainty::{Distribution, Method, regression};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Grid points per side of the value as written in the search for a plan change.
const GRID: usize = 4;
/// Tolerance of the plan-change search, as a share of the input's range.
pub const PLAN_TOLERANCE: f64 = 0.01;
/// Tolerance of the saving's break-even, as a share of the input's range.
pub const SAVING_TOLERANCE: f64 = 1e-6;
/// Share cut from each tail of an unbounded distribution to give it a range.
const TAIL: f64 = 0.001;

/// How a sensitivity analysis samples and solves.
#[derive(Debug, Clone)]
pub struct SensitivityOptions {
    /// Draws of the Monte Carlo sample for the global importance.
    pub draws: usize,
    /// Their seed.
    pub seed: u64,
    /// Their sampling method.
    pub method: Method,
    /// Solver options of the re-solves.
    pub solve: SolveOptions,
}

/// The groups a plan adds and drops against the recommended one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanChange {
    /// Groups in the plan but not in the recommended one.
    pub added: Vec<String>,
    /// Groups in the recommended plan but not in this one.
    pub dropped: Vec<String>,
}

/// One end of a tornado bar.
#[derive(Debug, Clone, Serialize)]
pub struct End {
    /// The input's value there.
    pub value: f64,
    /// The recommended plan's saving there, euro NPV.
    pub saving: f64,
    /// The re-solved optimum's difference from the recommended plan (`None`: the same plan;
    /// also `None` when the re-solve failed, see `failure`).
    pub optimum_change: Option<PlanChange>,
    /// Why the re-solve failed, if it did.
    pub failure: Option<String>,
}

/// One input's tornado bar.
#[derive(Debug, Clone, Serialize)]
pub struct Swing {
    /// The input's name.
    pub input: String,
    /// Its value as written (1 for a factor).
    pub as_written: f64,
    /// At the low end of its range.
    pub low: End,
    /// At the high end.
    pub high: End,
    /// |saving at high - saving at low|.
    pub swing: f64,
}

/// Where one input flips the advice.
#[derive(Debug, Clone, Serialize)]
pub struct BreakEven {
    /// The input's name.
    pub input: String,
    /// Its value as written (1 for a factor).
    pub as_written: f64,
    /// The range searched (the distribution's support, or its 0.1% and 99.9% quantiles).
    pub range: (f64, f64),
    /// Whether the recommended plan saves money with the inputs as written.
    pub saves_as_written: bool,
    /// The value, nearest to the one as written, at which the recommended plan's saving
    /// changes sign (stops, or with `saves_as_written` false starts); `None` when it keeps
    /// its sign over the whole range.
    pub saving_zero: Option<f64>,
    /// Half the width of the bracket around `saving_zero`.
    pub saving_tolerance: f64,
    /// The value, nearest to the one as written, at which the optimal plan changes; `None`
    /// when no change was found on the grid.
    pub plan_change: Option<f64>,
    /// Half the width of the bracket around `plan_change`.
    pub plan_tolerance: f64,
    /// The first re-solve of this input that failed, if any (the search stops there).
    pub plan_failure: Option<String>,
    /// How the optimum beyond `plan_change` differs from the recommended plan.
    pub plan_beyond: Option<PlanChange>,
}

/// One input's standardised rank regression coefficient.
#[derive(Debug, Clone, Serialize)]
pub struct Importance {
    /// The input's name.
    pub input: String,
    /// Its SRRC: the change of the saving's rank, in standard deviations, per standard
    /// deviation of the input's rank.
    pub srrc: f64,
}

/// The result of `samen sensitivity`.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityReport {
    /// The scenario's name.
    pub scenario: String,
    /// The recommended plan's groups.
    pub plan: Vec<String>,
    /// Its saving with the inputs as written.
    pub saving: f64,
    /// The tornado, widest swing first.
    pub tornado: Vec<Swing>,
    /// Break-even values, in the tornado's order.
    pub break_even: Vec<BreakEven>,
    /// Draws of the Monte Carlo sample.
    pub draws: usize,
    /// Its seed.
    pub seed: u64,
    /// Global importance, largest |SRRC| first.
    pub importance: Vec<Importance>,
    /// Share of the saving's rank variance the rank regression explains (R²).
    pub r_squared: f64,
}

/// What every part of the analysis shares: the scenario, the recommended plan, the solver.
struct Context<'a> {
    s: &'a Scenario,
    plan: &'a Plan,
    opts: &'a SolveOptions,
    /// Re-solves by (input, value): the tornado's ends are the plan search's last grid
    /// points, and the plan beyond a change is the bracket's outside end.
    solved: Mutex<BTreeMap<(String, u64), Solved>>,
}

/// A re-solve's optimum as its change from the recommended plan, or why it failed.
type Solved = Result<Option<PlanChange>, String>;

impl<'a> Context<'a> {
    /// The context of the analysis of `recommended`; for an optimum, every input at its value
    /// as written is known to give it (where that value leaves the scenario as written: an
    /// input of values with targets written differently does not).
    fn new(
        s: &'a Scenario,
        recommended: Recommended<'a>,
        opts: &'a SolveOptions,
        u: &Uncertainty,
    ) -> Context<'a> {
        let cx = Context {
            s,
            plan: recommended.plan(),
            opts,
            solved: Mutex::new(BTreeMap::new()),
        };
        if let Recommended::Optimum(_) = recommended {
            let as_written = (u.inputs.iter()).filter(|i| cx.at(i, i.as_written()) == *s);
            let known = as_written.map(|i| ((i.name.clone(), i.as_written().to_bits()), Ok(None)));
            cx.solved.lock().map(|mut m| m.extend(known)).ok();
        }
        cx
    }

    /// The scenario with input `u` at `x` and every other number as written.
    fn at(&self, u: &Uncertain, x: f64) -> Scenario {
        let mut s = self.s.clone();
        u.apply(&mut s, x);
        s
    }

    /// The recommended plan's saving with input `u` at `x`.
    fn saving(&self, u: &Uncertain, x: f64) -> f64 {
        saving(&self.at(u, x), self.plan)
    }

    /// The optimum with input `u` at `x`, as its change from the recommended plan (`None`:
    /// the same plan); each (input, value) solved once.
    fn change(&self, u: &Uncertain, x: f64) -> Solved {
        let key = (u.name.clone(), x.to_bits());
        if let Some(known) = self.known(&key) {
            return known;
        }
        let s = self.at(u, x);
        let found = (solve::optimise(&s, self.opts))
            .map(|o| (o.plan != *self.plan).then(|| difference(self.s, self.plan, &o.plan)))
            .map_err(|e| e.to_string());
        if let Ok(mut solved) = self.solved.lock() {
            solved.insert(key, found.clone());
        }
        found
    }

    /// The first failed re-solve of input `name`, by value.
    fn first_failure(&self, name: &str) -> Option<String> {
        let solved = self.solved.lock().ok()?;
        (solved.iter())
            .filter(|((n, _), _)| n == name)
            .find_map(|(_, r)| r.as_ref().err().cloned())
    }

    fn known(&self, key: &(String, u64)) -> Option<Solved> {
        self.solved.lock().ok()?.get(key).cloned()
    }
}

/// The groups `other` adds to and drops from `plan`.
fn difference(s: &Scenario, plan: &Plan, other: &Plan) -> PlanChange {
    let (mine, theirs) = (super::group_names(s, plan), super::group_names(s, other));
    PlanChange {
        added: theirs
            .iter()
            .filter(|g| !mine.contains(g))
            .cloned()
            .collect(),
        dropped: mine
            .iter()
            .filter(|g| !theirs.contains(g))
            .cloned()
            .collect(),
    }
}

/// The values an input's range spans: a bounded distribution's support, an unbounded one's
/// 0.1% and 99.9% quantiles.
pub fn range(d: &Distribution) -> (f64, f64) {
    match d {
        Distribution::Normal { .. } | Distribution::LogNormal { .. } => {
            (d.quantile(TAIL), d.quantile(1.0 - TAIL))
        }
        _ => d.swing(),
    }
}

/// The plan whose sensitivity is analysed.
#[derive(Debug, Clone, Copy)]
pub enum Recommended<'a> {
    /// The proven optimum of the scenario as written, by the analysis's solver options: the
    /// re-solve of every input at its value as written is this plan, and is skipped (besides
    /// its time, a re-solve could return another plan of the same cost and report a change
    /// where there is none).
    Optimum(&'a Plan),
    /// Any other plan of the scenario: the optimum as written is solved like every point.
    Plan(&'a Plan),
}

impl<'a> Recommended<'a> {
    /// The outcome's plan, an optimum when the solve proved it (no time or gap limit, no
    /// heuristic). `outcome` must be a solve of the scenario the analysis is given.
    pub fn of(outcome: &'a solve::Outcome) -> Recommended<'a> {
        let info = &outcome.info;
        if info.status == Status::Optimal && info.heuristic.is_none() {
            Recommended::Optimum(&outcome.plan)
        } else {
            Recommended::Plan(&outcome.plan)
        }
    }

    fn plan(self) -> &'a Plan {
        match self {
            Recommended::Optimum(p) | Recommended::Plan(p) => p,
        }
    }
}

/// Runs the sensitivity analysis; `tick` is called once per input and once per draw.
pub fn sensitivity(
    loaded: &Loaded,
    opts: &SensitivityOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<SensitivityReport, Error> {
    require_inputs(&loaded.uncertainty)?;
    // Refused before the solve of the recommended plan, not after it.
    super::risk::require_bounded_resolves(&loaded.scenario, &opts.solve, "`samen sensitivity`")?;
    let recommended = solve::optimise(&loaded.scenario, &opts.solve)?;
    sensitivity_of_checked(loaded, Recommended::of(&recommended), opts, tick)
}

/// The sensitivity analysis of `recommended`, a plan of the loaded scenario.
pub fn sensitivity_of(
    loaded: &Loaded,
    recommended: Recommended,
    opts: &SensitivityOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<SensitivityReport, Error> {
    require_inputs(&loaded.uncertainty)?;
    super::risk::require_bounded_resolves(&loaded.scenario, &opts.solve, "`samen sensitivity`")?;
    sensitivity_of_checked(loaded, recommended, opts, tick)
}

/// [`sensitivity_of`], its inputs and reach checked already (checking the reach builds the
/// model: up to half a second on a region's column model).
fn sensitivity_of_checked(
    loaded: &Loaded,
    recommended: Recommended,
    opts: &SensitivityOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<SensitivityReport, Error> {
    let (s, u) = (&loaded.scenario, &loaded.uncertainty);
    let solve = super::sweep_options(&opts.solve);
    let cx = Context::new(s, recommended, &solve, u);
    let per_input: Vec<(Swing, BreakEven)> = (u.inputs.par_iter())
        .map(|input| {
            let r = (swing(&cx, input), break_even(&cx, input));
            tick();
            r
        })
        .collect();
    let (mut tornado, mut break_even): (Vec<Swing>, Vec<BreakEven>) = per_input.into_iter().unzip();
    order(&mut tornado, &mut break_even);
    let plan = recommended.plan();
    let (importance, r_squared) = importance(loaded, plan, opts, tick);
    Ok(SensitivityReport {
        scenario: s.name.clone(),
        plan: super::group_names(s, plan),
        saving: saving(s, plan),
        tornado,
        break_even,
        draws: opts.draws,
        seed: opts.seed,
        importance,
        r_squared,
    })
}

/// Widest swing first, the break-even values in the same order.
fn order(tornado: &mut Vec<Swing>, break_even: &mut Vec<BreakEven>) {
    let mut pairs: Vec<(Swing, BreakEven)> = tornado.drain(..).zip(break_even.drain(..)).collect();
    pairs.sort_by(|a, b| b.0.swing.total_cmp(&a.0.swing));
    (*tornado, *break_even) = pairs.into_iter().unzip();
}

/// One input's tornado bar: both ends of its range.
fn swing(cx: &Context, u: &Uncertain) -> Swing {
    let (lo, hi) = u.distribution.swing();
    let (low, high) = (end(cx, u, lo), end(cx, u, hi));
    Swing {
        input: u.name.clone(),
        as_written: u.as_written(),
        swing: (high.saving - low.saving).abs(),
        low,
        high,
    }
}

fn end(cx: &Context, u: &Uncertain, x: f64) -> End {
    let (optimum_change, failure) = match cx.change(u, x) {
        Ok(change) => (change, None),
        Err(e) => (None, Some(e)),
    };
    End {
        value: x,
        saving: cx.saving(u, x),
        optimum_change,
        failure,
    }
}

/// Where the plan's saving changes sign and where the optimum changes, for one input. Both
/// are measured from the scenario as written: its saving's sign, and the recommended plan.
fn break_even(cx: &Context, u: &Uncertain) -> BreakEven {
    let (lo, hi) = range(&u.distribution);
    let x0 = u.as_written().clamp(lo, hi);
    let width = hi - lo;
    let saves_as_written = saving(cx.s, cx.plan) > 0.0;
    let saves = |x: f64| Some(cx.saving(u, x) > 0.0);
    let zero = crossing(
        x0,
        (lo, hi),
        &saves_as_written,
        &saves,
        16,
        width * SAVING_TOLERANCE,
    );
    let same = |x: f64| cx.change(u, x).ok();
    let change = crossing(x0, (lo, hi), &None, &same, GRID, width * PLAN_TOLERANCE);
    let beyond = change.and_then(|(_, outside)| cx.change(u, outside).ok().flatten());
    BreakEven {
        input: u.name.clone(),
        as_written: u.as_written(),
        range: (lo, hi),
        saves_as_written,
        saving_zero: zero.map(|b| midpoint(b).0),
        saving_tolerance: zero.map_or(0.0, |b| midpoint(b).1),
        plan_change: change.map(|b| midpoint(b).0),
        plan_tolerance: change.map_or(0.0, |b| midpoint(b).1),
        plan_beyond: beyond,
        plan_failure: cx.first_failure(&u.name),
    }
}

/// The middle of a bracket and half its width.
fn midpoint((a, b): (f64, f64)) -> (f64, f64) {
    ((a + b) / 2.0, (b - a).abs() / 2.0)
}

/// The state at `x`, or `None` when it cannot be told (a re-solve failed).
type State<'f, S> = &'f (dyn Fn(f64) -> Option<S> + Sync);

/// The bracket `(inside, outside)` nearest to `x0` within `range` where `state` first differs
/// from `s0`, its value as written: `grid` points on each side, each side's first change
/// bisected until its bracket is at most `2 tol` wide, the nearer result kept. A state that
/// differs at `x0` itself (the value as written lies outside the range) gives the bracket
/// `(x0, x0)`. `None` when nothing changes, or a re-solve fails before a change is seen.
fn crossing<S: PartialEq>(
    x0: f64,
    (lo, hi): (f64, f64),
    s0: &S,
    state: State<S>,
    grid: usize,
    tol: f64,
) -> Option<(f64, f64)> {
    if state(x0)? != *s0 {
        return Some((x0, x0));
    }
    let sides: Vec<(f64, f64)> = [lo, hi]
        .into_iter()
        .filter_map(|end| first_change(x0, end, s0, state, grid))
        .collect();
    nearest(x0, sides, s0, state, tol)
}

/// The first grid step from `x0` towards `end` where the state differs from `s0`; `None`
/// when it never does, or a state cannot be told first.
fn first_change<S: PartialEq>(
    x0: f64,
    end: f64,
    s0: &S,
    state: State<S>,
    grid: usize,
) -> Option<(f64, f64)> {
    let points = (1..=grid).map(|k| x0 + (end - x0) * k as f64 / grid as f64);
    let mut inside = x0;
    for x in points.filter(|x| *x != x0) {
        if state(x)? != *s0 {
            return Some((inside, x));
        }
        inside = x;
    }
    None
}

/// One side's bracket while it is bisected.
#[derive(Debug, Clone, Copy)]
struct Bracket {
    /// `(inside, outside)`: `s0` holds at the inside end, nearer the value as written.
    ends: (f64, f64),
    /// Bisected as far as it goes: within its tolerance, or a state could not be told.
    done: bool,
}

/// Of the sides' brackets, the one that bisecting every side to its tolerance makes nearest
/// to `x0` (the first on a tie), bisecting each only while it can still be the nearest. A
/// bisected bracket's midpoint lies strictly between its ends, so a bracket whose inside end
/// is at least as far from `x0` as another's outside end (or finished midpoint) cannot win,
/// and its re-solves are skipped: the result is the one of bisecting every side, with fewer
/// solves.
fn nearest<S: PartialEq>(
    x0: f64,
    sides: Vec<(f64, f64)>,
    s0: &S,
    state: State<S>,
    tol: f64,
) -> Option<(f64, f64)> {
    let mut open: Vec<Bracket> = (sides.into_iter())
        .map(|ends| Bracket { ends, done: false })
        .collect();
    let far = |b: &Bracket| upper(x0, b);
    loop {
        drop_beaten(x0, &mut open);
        let next = (open.iter_mut().filter(|b| !b.done)).max_by(|a, b| far(a).total_cmp(&far(b)));
        let Some(b) = next else { break };
        *b = halve(b.ends, s0, state, tol);
    }
    let distance = |b: &Bracket| (midpoint(b.ends).0 - x0).abs();
    (open.iter())
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .map(|b| b.ends)
}

/// How far from `x0` the bracket's final midpoint lies at most: short of its outside end
/// while it is bisected, its midpoint once done.
fn upper(x0: f64, b: &Bracket) -> f64 {
    let x = if b.done { midpoint(b.ends).0 } else { b.ends.1 };
    (x - x0).abs()
}

/// How far from `x0` the bracket's final midpoint lies at least: beyond its inside end while
/// it is bisected, its midpoint once done.
fn lower(x0: f64, b: &Bracket) -> f64 {
    let x = if b.done { midpoint(b.ends).0 } else { b.ends.0 };
    (x - x0).abs()
}

/// Removes every bracket sure to end farther from `x0` than another (two finished ones are
/// left to the final comparison and its tie rule).
fn drop_beaten(x0: f64, open: &mut Vec<Bracket>) {
    let beaten = |i: usize| {
        (open.iter().enumerate()).any(|(j, b)| {
            j != i && !(b.done && open[i].done) && upper(x0, b) <= lower(x0, &open[i])
        })
    };
    let flags: Vec<bool> = (0..open.len()).map(beaten).collect();
    let mut flags = flags.into_iter();
    open.retain(|_| !flags.next().unwrap_or(false));
}

/// One step of bisection: halves the bracket, keeping `s0` at its inside end, unless it is
/// at most `2 tol` wide already or a state cannot be told (then it is done).
fn halve<S: PartialEq>(
    (inside, outside): (f64, f64),
    s0: &S,
    state: State<S>,
    tol: f64,
) -> Bracket {
    let finished = |ends| Bracket { ends, done: true };
    if (outside - inside).abs() <= 2.0 * tol {
        return finished((inside, outside));
    }
    let m = (inside + outside) / 2.0;
    if m == inside || m == outside {
        return finished((inside, outside));
    }
    match state(m) {
        Some(sm) if sm == *s0 => Bracket {
            ends: (m, outside),
            done: false,
        },
        Some(_) => Bracket {
            ends: (inside, m),
            done: false,
        },
        None => finished((inside, outside)),
    }
}

/// Standardised rank regression coefficients of the fixed plan's saving on every input,
/// from a Monte Carlo sample, largest first, with the regression's R².
fn importance(
    loaded: &Loaded,
    plan: &Plan,
    opts: &SensitivityOptions,
    tick: &(dyn Fn() + Sync),
) -> (Vec<Importance>, f64) {
    let (s, u) = (&loaded.scenario, &loaded.uncertainty);
    let sampler = sampler(u, opts.draws, opts.method, opts.seed);
    let sample: Vec<(Vec<f64>, f64)> = (0..opts.draws)
        .into_par_iter()
        .map(|i| {
            let draw = sampler.draw(i);
            let y = saving(&u.applied(s, &draw), plan);
            tick();
            (draw, y)
        })
        .collect();
    let columns: Vec<Vec<f64>> = (0..u.inputs.len())
        .map(|j| sample.iter().map(|(x, _)| x[j]).collect())
        .collect();
    let y: Vec<f64> = sample.iter().map(|(_, y)| *y).collect();
    let fit = regression::rank_regression(&columns, &y);
    let mut out: Vec<Importance> = (u.inputs.iter().zip(&fit.coefficients))
        .map(|(input, &srrc)| Importance {
            input: input.name.clone(),
            srrc,
        })
        .collect();
    out.sort_by(|a, b| b.srrc.abs().total_cmp(&a.srrc.abs()));
    (out, fit.r_squared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// The search as it was before [`nearest`]: every side bisected in full, then the
    /// nearest kept. The oracle of the pruned search.
    fn crossing_bisecting_every_side<S: PartialEq>(
        x0: f64,
        (lo, hi): (f64, f64),
        s0: &S,
        state: State<S>,
        grid: usize,
        tol: f64,
    ) -> Option<(f64, f64)> {
        if state(x0)? != *s0 {
            return Some((x0, x0));
        }
        let brackets = [lo, hi]
            .into_iter()
            .filter_map(|end| first_change(x0, end, s0, state, grid));
        (brackets.map(|b| bisect(b, s0, state, tol))).min_by(|a, b| {
            (midpoint(*a).0 - x0)
                .abs()
                .total_cmp(&(midpoint(*b).0 - x0).abs())
        })
    }

    fn bisect<S: PartialEq>(
        (mut inside, mut outside): (f64, f64),
        s0: &S,
        state: State<S>,
        tol: f64,
    ) -> (f64, f64) {
        while (outside - inside).abs() > 2.0 * tol {
            let m = (inside + outside) / 2.0;
            if m == inside || m == outside {
                break;
            }
            match state(m) {
                Some(sm) if sm == *s0 => inside = m,
                Some(_) => outside = m,
                None => break,
            }
        }
        (inside, outside)
    }

    /// A piecewise-constant state: which of the intervals between `breaks` holds `x`, unknown
    /// beyond `fails_above`; with the set of values asked (the analysis solves each once).
    struct Steps {
        breaks: Vec<f64>,
        fails_above: f64,
        asked: Mutex<BTreeSet<u64>>,
    }

    impl Steps {
        fn state(&self, x: f64) -> Option<usize> {
            self.asked.lock().unwrap().insert(x.to_bits());
            (x <= self.fails_above).then(|| self.breaks.iter().filter(|b| **b < x).count())
        }

        fn solves(&self) -> usize {
            self.asked.lock().unwrap().len()
        }
    }

    fn steps(breaks: &[f64], fails_above: f64) -> Steps {
        Steps {
            breaks: breaks.to_vec(),
            fails_above,
            asked: Mutex::new(BTreeSet::new()),
        }
    }

    /// A search's bracket and the solves it asked.
    type Found = (Option<(f64, f64)>, usize);

    /// Both searches on the same state: the bracket each returns and the solves each asked.
    fn both(breaks: &[f64], fails_above: f64, x0: f64) -> (Found, Found) {
        let (old, new) = (steps(breaks, fails_above), steps(breaks, fails_above));
        let run = |st: &Steps, pruned: bool| {
            let s0 = st.state(x0).unwrap_or(usize::MAX);
            let state = |x: f64| st.state(x);
            let search = if pruned {
                crossing
            } else {
                crossing_bisecting_every_side
            };
            (search(x0, (0.0, 1.0), &s0, &state, GRID, 0.01), st.solves())
        };
        (run(&old, false), run(&new, true))
    }

    #[test]
    fn a_side_whose_grid_change_lies_beyond_the_other_sides_is_not_bisected() {
        // As written 0.5: a change between 0.5 and 0.625 (0.6) and one between 0.125 and 0.25
        // (0.2). The left one starts at 0.25 from 0.5, beyond the right one's 0.125.
        let ((old, old_solves), (new, new_solves)) = both(&[0.2, 0.6], 2.0, 0.5);
        assert_eq!(new, old);
        let (inside, outside) = new.unwrap();
        assert!(inside < 0.6 && 0.6 <= outside && outside - inside <= 0.02);
        assert!(
            new_solves < old_solves,
            "{new_solves} solves, {old_solves} before"
        );
    }

    #[test]
    fn two_sides_equally_near_are_both_bisected_and_the_first_kept() {
        let ((old, old_solves), (new, new_solves)) = both(&[0.41, 0.59], 2.0, 0.5);
        assert_eq!(new, old);
        assert!(new.unwrap().0 < 0.5, "the low side comes first: {new:?}");
        assert_eq!(new_solves, old_solves);
    }

    proptest! {
        #[test]
        fn pruning_finds_the_bracket_of_bisecting_every_side_with_no_more_solves(
            mut breaks in proptest::collection::vec(0.0f64..1.0, 0..5),
            fails_above in 0.3f64..2.0,
            x0 in 0.0f64..1.0,
        ) {
            breaks.sort_by(f64::total_cmp);
            let ((old, old_solves), (new, new_solves)) = both(&breaks, fails_above, x0);
            prop_assert_eq!(new, old);
            prop_assert!(new_solves <= old_solves);
        }
    }
}
