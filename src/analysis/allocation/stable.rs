//! Plans that admit a core allocation (`samen solve --require-core`): the cheapest plan in
//! which every cooperation can split its bill so that no subset of its members would do
//! better on its own.
//!
//! # Which game
//!
//! A plan ties partners together through its groups. Partners who share anything, directly or
//! through a common partner (A shares the network with B, B the servers with C), form one
//! *cooperation*: a connected component of the plan. No money crosses between cooperations:
//! what a cooperation K pays, `C_P(K)`, is the sum of its members' plan NPVs and depends only
//! on K's own groups. The game of K has K's members as players, `c(K) = C_P(K)` (the bill to
//! split) and, for every proper subset T, `c(T)` = the scenario game's value (the optimal NPV
//! when only T cooperate among themselves, everyone else alone: [`super::CoalitionValues`],
//! computed on the original scenario, without the exclusions made here, because a subset
//! that walks away is not bound by them). K *admits a core allocation* when some split of
//! `C_P(K)` among its members charges no subset T more than `c(T)`: its least-core ε is at
//! most a tolerance ([`CORE_TOLERANCE`] times the game's largest value; MILP values are only
//! that exact). A plan admits a core allocation when every cooperation does.
//!
//! Why not the whole scenario as one game (as `samen allocate` does)? There, every partner
//! is a player and the bill is the plan's total; but sub-coalition values do not depend on
//! the plan, and the optimum has the smallest total, so if the optimum's core is empty every
//! plan's is: requiring it could never change the plan. Per cooperation, a dearer plan with
//! smaller cooperations can be stable when the optimum is not (three towns past the sweet spot
//! of scale, where every pair would leave: two of them together and one alone is stable).
//!
//! # The search
//!
//! A lazy cut loop: solve; test every cooperation of two or more partners; cut off each
//! unstable one; re-solve, until every cooperation is stable (that plan is then the cheapest
//! stable one), no plan is left (no plan admits a core allocation: the least-core ε of the
//! unconstrained optimum is reported), or the round limit is reached. Two cuts, both removing
//! only unstable plans:
//!
//! - If even K's cheapest arrangement, the scenario game's `c(K)`, leaves K's core empty,
//!   then no plan may make K a cooperation (a dearer bill only makes it worse): every plan
//!   must either tie a member of K to an outsider (binary `y_out`, allowed only when a chosen
//!   group crosses K's boundary) or leave some split of K into two sides with no chosen group
//!   across it (one binary `y_A` per split, `2^(k−1) − 1` of them).
//! - Otherwise only this arrangement goes: "not exactly these groups for these partners",
//!   `Σ_{g∈G_K} x_g − Σ_{h touches K, h∉G_K} x_h ≤ |G_K| − 1` (*touches*: shares a member
//!   with K). Every plan it removes makes K a cooperation with the same groups, the same bill
//!   and the same sub-coalition values.
//!
//! Exactness assumes optimal sub-solves (`--mip-gap 0`, the default): with a gap, `c(T)` may
//! be overstated and the first cut may remove a stable plan.
//! Everyone alone is always stable, so "no plan left" happens only when rules such as
//! `must_together` or `min_saving` rule that out.

use super::CoalitionValues;
use crate::error::Error;
use crate::game::{self, Game, Kind};
use crate::milp::{Milp, Sense, VarKind};
use crate::plan::Plan;
use crate::rules::group_name;
use crate::scenario::Scenario;
use crate::solve::{self, Outcome, Prepared};
use crate::solver::SolveOptions;
use serde::Serialize;

/// Relative tolerance of the core test: ε <= CORE_TOLERANCE × max |c(T)| counts as a
/// non-empty core (the coalition values are MILP optima, exact to about this).
pub const CORE_TOLERANCE: f64 = 1e-6;
/// Default number of solve rounds before the search gives up.
pub const MAX_ROUNDS: usize = 25;

/// Limits of the search.
#[derive(Debug, Clone, Copy)]
pub struct CoreOptions {
    /// Solve rounds at most (each adds cuts for the unstable cooperations it finds).
    pub max_rounds: usize,
    /// Largest cooperation whose game is tabulated (2^k − 2 coalition values).
    pub exact_limit: usize,
}

impl Default for CoreOptions {
    fn default() -> Self {
        CoreOptions {
            max_rounds: MAX_ROUNDS,
            exact_limit: super::EXACT_LIMIT,
        }
    }
}

/// A coalition that would leave, and by how much it would pay less on its own.
#[derive(Debug, Clone, Serialize)]
pub struct Leaver {
    /// Ids of the coalition's members.
    pub members: Vec<String>,
    /// Its excess under a least-core split: what it pays above its own optimum c(T), euro.
    pub excess: f64,
}

/// The core test of one cooperation of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Cooperation {
    /// Ids of its members, in scenario order.
    pub members: Vec<String>,
    /// The plan's groups inside it, as `members|domain|form`.
    pub groups: Vec<String>,
    /// What the plan makes it pay in all (NPV): the bill to split.
    pub cost: f64,
    /// Least-core ε in euro: ≤ 0 (within the tolerance) means a core split exists; > 0 is
    /// the least amount some subset would still save by leaving, under the best split.
    pub epsilon: f64,
    /// Whether it admits a core allocation: ε ≤ CORE_TOLERANCE × the game's largest value.
    pub core_nonempty: bool,
    /// A core split (the nucleolus of its game), per member, when the core is non-empty.
    pub core_split: Option<Vec<f64>>,
    /// When the core is empty: the subset that gains most by leaving under a least-core split.
    pub leaver: Option<Leaver>,
    /// Excluded cooperations only: even its cheapest arrangement (the scenario game's c(K))
    /// has an empty core, so every plan where these partners form a cooperation was cut off,
    /// not just this arrangement.
    pub never: bool,
}

/// An unstable cooperation cut off in a round.
#[derive(Debug, Clone, Serialize)]
pub struct Exclusion {
    /// The solve round (from 1) in which it was cut off.
    pub round: usize,
    /// NPV of the plan of that round.
    pub plan_npv: f64,
    /// The cooperation cut off, with its core test.
    pub cooperation: Cooperation,
}

/// How the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoreStatus {
    /// The unconstrained optimum already admits a core allocation.
    OptimumStable,
    /// A dearer plan does; the optimum does not.
    StablePlanFound,
    /// No plan of the scenario admits a core allocation.
    NoStablePlan,
    /// The round limit was reached before a stable plan was found.
    RoundLimit,
}

/// What `--require-core` found.
#[derive(Debug, Clone, Serialize)]
pub struct CoreSearch {
    /// How the search ended.
    pub status: CoreStatus,
    /// Solve rounds used.
    pub rounds: usize,
    /// Relative tolerance of the core test ([`CORE_TOLERANCE`]).
    pub tolerance: f64,
    /// NPV of the unconstrained optimum.
    pub optimum_npv: f64,
    /// NPV of the stable plan, when one was found.
    pub plan_npv: Option<f64>,
    /// The stable plan's cost above the optimum (the price of stability), euro.
    pub price_of_stability: Option<f64>,
    /// The unconstrained optimum's cooperations (two or more partners) and their least-core ε.
    pub optimum_cooperations: Vec<Cooperation>,
    /// The stable plan's cooperations, when one was found.
    pub plan_cooperations: Vec<Cooperation>,
    /// Every cooperation cut off, in order.
    pub excluded: Vec<Exclusion>,
    /// One sentence for the reader.
    pub message: String,
}

/// The search's result and the plans it is about.
pub struct StableOutcome {
    /// The cheapest plan that admits a core allocation, when one was found.
    pub stable: Option<Outcome>,
    /// The unconstrained optimum.
    pub optimum: Outcome,
    /// The search's figures and verdict, as reported.
    pub search: CoreSearch,
}

/// The cooperations (connected components of two or more partners) of a plan, each with the
/// indices of its groups in `plan.groups`.
pub fn cooperations(plan: &Plan, partners: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut out = components(&roots(plan, partners));
    attach_groups(plan, &mut out);
    out.retain(|(m, _)| m.len() >= 2);
    out
}

/// Each group of the plan to the component of its members.
fn attach_groups(plan: &Plan, components: &mut [(Vec<usize>, Vec<usize>)]) {
    for (gi, g) in plan.groups.iter().enumerate() {
        if let Some(&p) = g.members.first()
            && let Some(c) = components.iter_mut().find(|(m, _)| m.contains(&p))
        {
            c.1.push(gi);
        }
    }
}

/// Each partner's representative: the smallest partner it is joined to by the plan's groups.
fn roots(plan: &Plan, partners: usize) -> Vec<usize> {
    let mut root: Vec<usize> = (0..partners).collect();
    for g in &plan.groups {
        for w in g.members.windows(2) {
            let (a, b) = (find(&mut root, w[0]), find(&mut root, w[1]));
            root[a.max(b)] = a.min(b);
        }
    }
    (0..partners).map(|p| find(&mut root, p)).collect()
}

/// Union-find: p's representative, halving the path on the way.
fn find(root: &mut [usize], mut p: usize) -> usize {
    while root[p] != p {
        root[p] = root[root[p]];
        p = root[p];
    }
    p
}

/// The partners grouped by representative (`root`), each group with no plan groups yet.
fn components(root: &[usize]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut out: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for (p, &r) in root.iter().enumerate() {
        if r == p {
            out.push((vec![p], Vec::new()));
        } else if let Some(c) = out.iter_mut().find(|(m, _)| m[0] == r) {
            c.0.push(p);
        }
    }
    out
}

/// The game of cooperation `members` (sorted partner indices) that pays `cost`: proper
/// subsets valued by the scenario game, the whole by the plan.
pub fn cooperation_game(
    cv: &CoalitionValues,
    members: &[usize],
    cost: f64,
    tick: &(dyn Fn() + Sync),
) -> Result<Game, Error> {
    let k = members.len();
    let full = game::grand(k);
    let global = |t: u32| -> u32 {
        game::members(t)
            .map(|i| 1u32 << members[i])
            .fold(0, |a, b| a | b)
    };
    let mut values = cv.table(k, game::largest_first(k), &global, tick)?;
    values[full as usize] = cost;
    Game::from_values(Kind::Cost, values)
}

/// Tests one cooperation of an evaluated plan.
fn check(
    s: &Scenario,
    cv: &CoalitionValues,
    out: &Outcome,
    members: &[usize],
    groups: &[usize],
    exact_limit: usize,
) -> Result<Cooperation, Error> {
    check_size(s, members, exact_limit)?;
    let cost: f64 = members
        .iter()
        .map(|&p| out.evaluation.partners[p].ledger.npv(s))
        .sum();
    let g = cooperation_game(cv, members, cost, &|| {})?;
    let tol = CORE_TOLERANCE * g.scale();
    let lc = game::least_core(&g)?;
    let core_nonempty = lc.epsilon <= tol;
    let epsilon = lc.epsilon;
    let (core_split, leaver) = if core_nonempty {
        (Some(core_point(&g, lc)), None)
    } else {
        (None, leaver(s, members, &g, &lc.allocation, tol)?)
    };
    Ok(Cooperation {
        members: members.iter().map(|&p| s.partners[p].id.clone()).collect(),
        groups: group_names(s, &out.plan, groups),
        cost,
        epsilon,
        core_nonempty,
        core_split,
        leaver,
        never: false,
    })
}

/// The names (`members|domain|form`) of the plan's groups `groups`.
pub(super) fn group_names(s: &Scenario, plan: &Plan, groups: &[usize]) -> Vec<String> {
    groups
        .iter()
        .map(|&gi| {
            let g = &plan.groups[gi];
            group_name(s, &g.members, g.domain, g.form)
        })
        .collect()
}

/// A cooperation too large to tabulate its game is an error, not an untested cooperation.
fn check_size(s: &Scenario, members: &[usize], exact_limit: usize) -> Result<(), Error> {
    if members.len() > exact_limit.min(game::LP_MAX_PLAYERS) {
        return Err(Error::TooLarge(format!(
            "a cooperation of {} partners ({}): its core test needs every subset's value; at most {} (raise the exact limit, or lower constraints.max_group_size)",
            members.len(),
            crate::rules::ids(s, members),
            exact_limit.min(game::LP_MAX_PLAYERS)
        )));
    }
    Ok(())
}

/// The nucleolus lies in the core whenever the core is non-empty; if it cannot be computed
/// (no imputation), the least-core point is a core point too.
fn core_point(g: &Game, lc: game::LeastCore) -> Vec<f64> {
    game::nucleolus(g)
        .map(|n| n.allocation)
        .unwrap_or(lc.allocation)
}

/// The subset that gains most by leaving under the least-core split `x`.
fn leaver(
    s: &Scenario,
    members: &[usize],
    g: &Game,
    x: &[f64],
    tol: f64,
) -> Result<Option<Leaver>, Error> {
    let report = game::core_check_with(g, x, tol)?;
    Ok(report.most_violated.map(|b| Leaver {
        members: game::members(b.coalition)
            .map(|i| s.partners[members[i]].id.clone())
            .collect(),
        excess: b.excess,
    }))
}

/// The candidate column of each group of a plan.
fn columns_of(prep: &Prepared, plan: &Plan, groups: &[usize]) -> Result<Vec<usize>, Error> {
    groups
        .iter()
        .map(|&gi| {
            let g = &plan.groups[gi];
            prep.candidates
                .shared
                .iter()
                .position(|c| {
                    c.domain == g.domain && c.form == Some(g.form) && c.members == g.members
                })
                .ok_or_else(|| Error::Internal("a plan group without its column".into()))
        })
        .collect()
}

/// Cuts off every plan in which exactly `groups` (of `plan`) tie the partners `members`
/// together: `Σ_{g∈G} x_g − Σ_{h touches K, h∉G} x_h ≤ |G| − 1`.
fn this_arrangement_never(
    prep: &Prepared,
    milp: &mut Milp,
    plan: &Plan,
    members: &[usize],
    groups: &[usize],
    name: &str,
) -> Result<(), Error> {
    let inside = columns_of(prep, plan, groups)?;
    let coefs = arrangement_coefs(prep, &inside, members);
    milp.add_row(name.into(), coefs, Sense::Le, inside.len() as f64 - 1.0);
    Ok(())
}

/// The row of [`this_arrangement_never`]: +1 for the arrangement's columns `inside`, −1 for
/// every other column touching K.
fn arrangement_coefs(prep: &Prepared, inside: &[usize], members: &[usize]) -> Vec<(usize, f64)> {
    prep.candidates
        .shared
        .iter()
        .zip(&prep.model.x_shared)
        .enumerate()
        .filter_map(|(k, (col, &x))| {
            if inside.contains(&k) {
                Some((x, 1.0))
            } else if col.members.iter().any(|p| members.contains(p)) {
                Some((x, -1.0))
            } else {
                None
            }
        })
        .collect()
}

/// Cuts off every plan in which `members` form a cooperation, whatever its groups: either a
/// chosen group ties one of them to an outsider (`y_out`), or some split of them into two
/// sides has no chosen group across it (`y_A`); at least one of these must hold.
fn never_a_cooperation(prep: &Prepared, milp: &mut Milp, members: &[usize], name: &str) {
    let cols = touching(prep, members);
    let mut certificates = vec![(outsider_certificate(milp, &cols, members, name), 1.0)];
    for a in splits(members.len()) {
        certificates.push((split_certificate(milp, &cols, members, a, name), 1.0));
    }
    milp.add_row(
        format!("{name}.not_a_cooperation"),
        certificates,
        Sense::Ge,
        1.0,
    );
}

/// A candidate shared column with a member of K, and its variable.
type Touching<'a> = (&'a crate::formulation::columns::candidates::Column, usize);

/// Every candidate shared column with a member of K.
fn touching<'p>(prep: &'p Prepared, members: &[usize]) -> Vec<Touching<'p>> {
    prep.candidates
        .shared
        .iter()
        .zip(prep.model.x_shared.iter().copied())
        .filter(|(c, _)| c.members.iter().any(|p| members.contains(p)))
        .collect()
}

/// The splits of k members into two sides, as the masks of side A over the members after the
/// first: sides A that hold the first member; A = K is not a split.
fn splits(k: usize) -> impl Iterator<Item = u32> {
    let all = (1u32 << (k - 1)) - 1;
    (0..(1u32 << (k - 1))).filter(move |&a| a != all)
}

/// `y_out`, which may be 1 only when a chosen group ties a member of K to an outsider.
fn outsider_certificate(
    milp: &mut Milp,
    cols: &[Touching],
    members: &[usize],
    name: &str,
) -> usize {
    let y_out = milp.add_var(format!("{name}.out"), VarKind::Binary, 0.0, 1.0);
    let mut row: Vec<(usize, f64)> = vec![(y_out, 1.0)];
    row.extend(
        cols.iter()
            .filter(|(c, _)| c.members.iter().any(|p| !members.contains(p)))
            .map(|&(_, x)| (x, -1.0)),
    );
    milp.add_row(format!("{name}.out"), row, Sense::Le, 0.0);
    y_out
}

/// `y_A`, which may be 1 only when no chosen group joins side `a` (a mask over the members
/// after the first, who is always on it) to the rest of K.
fn split_certificate(
    milp: &mut Milp,
    cols: &[Touching],
    members: &[usize],
    a: u32,
    name: &str,
) -> usize {
    let across: Vec<usize> = cols
        .iter()
        .filter(|(c, _)| across_split(&c.members, members, a))
        .map(|&(_, x)| x)
        .collect();
    let y = milp.add_var(format!("{name}.split[{a}]"), VarKind::Binary, 0.0, 1.0);
    if across.is_empty() {
        // Nothing can join the two sides: this split always holds.
        return y;
    }
    let big = across.len() as f64;
    let mut row: Vec<(usize, f64)> = across.iter().map(|&x| (x, 1.0)).collect();
    row.push((y, big));
    milp.add_row(format!("{name}.split[{a}]"), row, Sense::Le, big);
    y
}

/// Whether a group of `group` lies inside K and has members on both sides of split `a`.
fn across_split(group: &[usize], members: &[usize], a: u32) -> bool {
    let side = |p: usize| {
        members
            .iter()
            .position(|&m| m == p)
            .map(|i| i == 0 || a & (1 << (i - 1)) != 0)
    };
    let sides: Vec<Option<bool>> = group.iter().map(|&p| side(p)).collect();
    sides.iter().all(|s| s.is_some()) && sides.contains(&Some(true)) && sides.contains(&Some(false))
}

/// Finds the cheapest plan whose every cooperation admits a core allocation (see the module
/// documentation). An infeasible scenario is an error as for `solve`; a scenario where no
/// plan is stable is not: the result says so, with the optimum's least-core ε.
pub fn require_core(
    s: &Scenario,
    opts: &SolveOptions,
    options: &CoreOptions,
) -> Result<StableOutcome, Error> {
    let prep = solve::prepare(s)?;
    let rounds_opts = round_options(s, &prep, opts)?;
    let cv = CoalitionValues::new(s, opts)?;
    let search = Search {
        s,
        opts: &rounds_opts,
        options,
        prep: &prep,
        cv: &cv,
    };
    let rounds = search.run()?;
    conclude(s, rounds)
}

/// The options of every round's solve of the exact column model: HiGHS where `samen solve`
/// would give it the model, as there. A model microlp does not finish (`solve::reach`) with
/// no HiGHS and no time limit would never return (the 14-partner arrondissement did not in
/// 150 s), so it is refused with what to do instead.
fn round_options(
    s: &Scenario,
    prep: &Prepared,
    opts: &SolveOptions,
) -> Result<SolveOptions, Error> {
    let milp = &prep.model.milp;
    let exact = solve::reach::exact_options(s, milp, opts)?;
    if exact.time_limit.is_some() || !solve::reach::kept_from_microlp(s, milp, &exact)? {
        return Ok(exact);
    }
    Err(Error::TooLarge(format!(
        "`--require-core` solves the exact column model in every round, and microlp does not \
         finish one this size ({} binaries, {} partners) in useful time; use HiGHS (a samen \
         built with `--features highs`, with `--solver auto` or `--solver highs`), or give \
         `--time-limit` to bound every round (its plans then come without proof that they are \
         the cheapest stable ones)",
        milp.binaries(),
        s.partners.len()
    )))
}

/// A round's plan and the core test of each of its cooperations.
type Checked = (Outcome, Vec<Cooperation>);

/// Where the rounds of the search ended.
#[derive(Default)]
struct Rounds {
    /// The first round's plan: the unconstrained optimum.
    optimum: Option<Checked>,
    stable: Option<Checked>,
    excluded: Vec<Exclusion>,
    rounds: usize,
    /// The cuts left no plan at all.
    exhausted: bool,
}

/// What every round of the search reads.
struct Search<'a> {
    s: &'a Scenario,
    opts: &'a SolveOptions,
    options: &'a CoreOptions,
    prep: &'a Prepared,
    cv: &'a CoalitionValues<'a>,
}

/// A cooperation of a plan: its members and the indices of its groups.
type Members = (Vec<usize>, Vec<usize>);

impl Search<'_> {
    /// Solves, cuts off the plan's unstable cooperations, and solves again, until a plan is
    /// stable, none is left, or the round limit is reached.
    fn run(&self) -> Result<Rounds, Error> {
        let mut milp = self.prep.model.milp.clone();
        let mut r = Rounds::default();
        while r.rounds < self.options.max_rounds.max(1) {
            r.rounds += 1;
            let first = r.optimum.is_none();
            let Some(out) = solve_round(self.s, self.prep, &milp, self.opts, !first)? else {
                r.exhausted = true;
                break;
            };
            if self.round(&mut r, &mut milp, out)? {
                break;
            }
        }
        Ok(r)
    }

    /// Tests a round's plan `out` and cuts off its unstable cooperations: whether it was
    /// stable.
    fn round(&self, r: &mut Rounds, milp: &mut Milp, out: Outcome) -> Result<bool, Error> {
        let coops = cooperations(&out.plan, self.s.partners.len());
        let mut checks = coops
            .iter()
            .map(|(m, g)| check(self.s, self.cv, &out, m, g, self.options.exact_limit))
            .collect::<Result<Vec<_>, _>>()?;
        let unstable: Vec<usize> = (0..checks.len())
            .filter(|&i| !checks[i].core_nonempty)
            .collect();
        for &at in &unstable {
            self.exclude(r, milp, &out, &coops[at], &mut checks[at])?;
        }
        if r.optimum.is_none() {
            r.optimum = Some((out.clone(), checks.clone()));
        }
        let stable = unstable.is_empty();
        if stable {
            r.stable = Some((out, checks));
        }
        Ok(stable)
    }

    /// Cuts off one unstable cooperation of the round's plan `out`, and records it.
    fn exclude(
        &self,
        r: &mut Rounds,
        milp: &mut Milp,
        out: &Outcome,
        (members, groups): &Members,
        check: &mut Cooperation,
    ) -> Result<(), Error> {
        let name = format!("core_cut[{}]", r.excluded.len());
        check.never = cut(self.prep, self.cv, milp, &out.plan, members, groups, &name)?;
        r.excluded.push(Exclusion {
            round: r.rounds,
            plan_npv: out.evaluation.npv(self.s),
            cooperation: check.clone(),
        });
        Ok(())
    }
}

/// One round's plan; `None` when the cuts left no plan after the first round.
fn solve_round(
    s: &Scenario,
    prep: &Prepared,
    milp: &Milp,
    opts: &SolveOptions,
    after_first: bool,
) -> Result<Option<Outcome>, Error> {
    match solve::solve_prepared(s, prep, milp, opts) {
        Ok(o) => Ok(Some(o)),
        Err(Error::Infeasible(_)) if after_first => Ok(None),
        Err(Error::Infeasible(_)) => Err(Error::Infeasible(solve::explain_infeasible(s, opts))),
        Err(e) => Err(e),
    }
}

/// Cuts off an unstable cooperation: if even K's cheapest arrangement (the scenario game's
/// c(K)) leaves the core empty, no plan may make K a cooperation; else only this arrangement
/// goes. Returns whether it was the former.
fn cut(
    prep: &Prepared,
    cv: &CoalitionValues,
    milp: &mut Milp,
    plan: &Plan,
    members: &[usize],
    groups: &[usize],
    name: &str,
) -> Result<bool, Error> {
    let never = never_stable(cv, members)?;
    if never {
        never_a_cooperation(prep, milp, members, name);
    } else {
        this_arrangement_never(prep, milp, plan, members, groups, name)?;
    }
    Ok(never)
}

/// Whether the core of K's game is empty even at K's cheapest arrangement.
fn never_stable(cv: &CoalitionValues, members: &[usize]) -> Result<bool, Error> {
    let k_mask = members.iter().fold(0u32, |m, &p| m | (1 << p));
    let g = cooperation_game(cv, members, cv.value(k_mask)?, &|| {})?;
    Ok(game::least_core(&g)?.epsilon > CORE_TOLERANCE * g.scale())
}

fn conclude(s: &Scenario, mut r: Rounds) -> Result<StableOutcome, Error> {
    let (optimum, optimum_cooperations) = r
        .optimum
        .take()
        .ok_or_else(|| Error::Internal("the search ran no round".into()))?;
    let optimum_npv = optimum.evaluation.npv(s);
    let worst = worst_epsilon(&optimum_cooperations);
    let (status, message) = verdict(s, &r, worst, optimum_npv);
    let plan_npv = r.stable.as_ref().map(|(o, _)| o.evaluation.npv(s));
    let (stable, plan_cooperations) = match r.stable {
        Some((o, c)) => (Some(o), c),
        None => (None, Vec::new()),
    };
    Ok(StableOutcome {
        stable,
        optimum,
        search: CoreSearch {
            status,
            rounds: r.rounds,
            tolerance: CORE_TOLERANCE,
            optimum_npv,
            plan_npv,
            price_of_stability: plan_npv.map(|v| v - optimum_npv),
            optimum_cooperations,
            plan_cooperations,
            excluded: r.excluded,
            message,
        },
    })
}

/// The largest least-core ε of the cooperations (−∞ when there are none).
fn worst_epsilon(cooperations: &[Cooperation]) -> f64 {
    cooperations
        .iter()
        .map(|c| c.epsilon)
        .fold(f64::NEG_INFINITY, f64::max)
}

/// How the search ended, and the sentence for the reader; `worst` is the optimum's largest
/// least-core ε.
fn verdict(s: &Scenario, r: &Rounds, worst: f64, optimum_npv: f64) -> (CoreStatus, String) {
    let rounds = r.rounds;
    match &r.stable {
        Some(_) if rounds == 1 => (
            CoreStatus::OptimumStable,
            "The optimum admits a core allocation: every cooperation can split its bill so that no subset of its members would do better on its own.".to_string(),
        ),
        Some((o, _)) => (
            CoreStatus::StablePlanFound,
            stable_plan_found(r, worst, o.evaluation.npv(s) - optimum_npv),
        ),
        None if r.exhausted => (CoreStatus::NoStablePlan, no_stable_plan(rounds, worst)),
        None => (CoreStatus::RoundLimit, round_limit(r, worst)),
    }
}

/// The verdict of a search that found a stable plan `price` dearer than the optimum.
fn stable_plan_found(r: &Rounds, worst: f64, price: f64) -> String {
    format!(
        "The optimum has a cooperation with an empty core (least-core ε {}); the cheapest plan that admits a core allocation costs {} more ({} rounds, {} cooperation(s) excluded).",
        crate::format::eur(worst),
        crate::format::eur(price),
        r.rounds,
        r.excluded.len()
    )
}

/// The verdict of a search whose cuts left no plan.
fn no_stable_plan(rounds: usize, worst: f64) -> String {
    format!(
        "No plan of this scenario admits a core allocation (every one was excluded after {rounds} rounds). The unconstrained optimum is shown; its least-core ε is {}: the least amount some group of partners would still save by leaving, under the best split.",
        crate::format::eur(worst)
    )
}

/// The verdict of a search stopped by the round limit.
fn round_limit(r: &Rounds, worst: f64) -> String {
    format!(
        "No plan that admits a core allocation was found within {} rounds ({} cooperation(s) excluded; raise --core-rounds). The unconstrained optimum is shown; its least-core ε is {}.",
        r.rounds,
        r.excluded.len(),
        crate::format::eur(worst)
    )
}

impl CoreSearch {
    /// The cooperations of the plan that is shown: the stable plan, else the optimum.
    pub fn shown(&self) -> &[Cooperation] {
        if self.plan_npv.is_some() {
            &self.plan_cooperations
        } else {
            &self.optimum_cooperations
        }
    }
}
