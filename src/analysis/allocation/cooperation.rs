//! The split a council means: each cooperation of the plan settles its own bill among its own
//! members, and a partner outside every group pays exactly its cost alone, under every method.
//!
//! A *cooperation* is a connected component of the plan's groups ([`super::stable`] says why:
//! no money crosses between cooperations). Each one is a game of its own: its members are the
//! players, the whole pays the members' plan NPVs, and a proper subset `T` is valued by the
//! scenario game `c(T)` (the optimum when only `T` cooperate). That is the game `samen solve
//! --require-core` tests, so both commands report the same nucleolus for the same plan.
//!
//! A fixed key (`key:ATTR`) splits the bill of each shared group (what its members pay for the
//! domain, less what each pays on its own before the group starts) and of each vehicle (setup
//! and governance) among that group's members in proportion to the attribute; what a member
//! runs in house stays its own.

use super::scenario_game::CoalitionValues;
use super::stable::{CORE_TOLERANCE, cooperation_game, cooperations, group_names};
use super::{AllocationReport, Blocking, Method, Split, SplitRequest, names, shapley_sampled_try};
use crate::error::Error;
use crate::evaluate::Evaluation;
use crate::game::{self, Coalition, Game, Kind};
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solver::SolveOptions;
use serde::Serialize;

/// One cooperation of the plan, as the split report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CooperationSplit {
    /// Ids of its members, in scenario order.
    pub members: Vec<String>,
    /// Its groups, named `members|domain|form`.
    pub groups: Vec<String>,
    /// Its bill: the members' plan NPVs.
    pub cost: f64,
    /// What its members would pay alone.
    pub standalone: f64,
    /// `None` when its game was not tabulated (more members than the exact limit).
    pub core_nonempty: Option<bool>,
    /// Least-core ε of its game, euro (≤ 0: core non-empty); `None` when not tabulated.
    pub least_core_epsilon: Option<f64>,
}

/// A cooperation with its game (when tabulated) and its coalition values.
struct Coop<'s> {
    members: Vec<usize>,
    groups: Vec<usize>,
    cost: f64,
    game: Option<Game>,
    values: Option<CoalitionValues<'s>>,
}

/// The splits of `plan` (evaluated as `ev`), cooperation by cooperation.
pub(super) fn allocate(
    s: &Scenario,
    plan: &Plan,
    ev: &Evaluation,
    req: &SplitRequest,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
    ahead: Option<&CoalitionValues>,
) -> Result<AllocationReport, Error> {
    let b = Billing::new(s, plan, ev, req);
    let restricted = restricted(s, plan);
    let coops = restricted
        .iter()
        .map(|r| coop(r, b.cost_of(&r.members), opts, req, tick, ahead))
        .collect::<Result<Vec<_>, _>>()?;
    let splits = req
        .methods
        .iter()
        .map(|m| b.method_split(&coops, m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(b.report(&coops, splits))
}

/// What every cooperation's split reads: the scenario, its plan and evaluation, the request,
/// and what each partner pays alone and under the plan.
struct Billing<'a> {
    s: &'a Scenario,
    plan: &'a Plan,
    ev: &'a Evaluation,
    limits: &'a SplitRequest,
    /// Every partner's NPV on its own.
    standalone: Vec<f64>,
    /// Every partner's NPV under the plan (its volume-key share).
    plan_npv: Vec<f64>,
}

/// A cooperation of the plan: its members, its groups and the scenario of its members alone.
struct Restricted {
    members: Vec<usize>,
    groups: Vec<usize>,
    scenario: Scenario,
}

/// Every cooperation of the plan with the scenario restricted to its members.
fn restricted(s: &Scenario, plan: &Plan) -> Vec<Restricted> {
    cooperations(plan, s.partners.len())
        .into_iter()
        .map(|(members, groups)| Restricted {
            scenario: s.restricted_to(&members),
            members,
            groups,
        })
        .collect()
}

/// A cooperation's game (its bill `cost`): tabulated up to the exact limit, else only its
/// coalition values; those of its coalitions valued `ahead` (the whole scenario's game, while
/// the plan was solved) are not solved again.
fn coop<'s>(
    r: &'s Restricted,
    cost: f64,
    opts: &SolveOptions,
    limits: &SplitRequest,
    tick: &(dyn Fn() + Sync),
    ahead: Option<&CoalitionValues>,
) -> Result<Coop<'s>, Error> {
    let k = r.members.len();
    let values = (k <= 32)
        .then(|| CoalitionValues::new(&r.scenario, opts))
        .transpose()?;
    if let (Some(cv), Some(ahead)) = (&values, ahead) {
        cv.adopt(ahead, &r.members);
    }
    let game = match &values {
        Some(cv) if k <= limits.exact_limit => {
            let local: Vec<usize> = (0..k).collect();
            Some(cooperation_game(cv, &local, cost, tick)?)
        }
        _ => None,
    };
    Ok(Coop {
        members: r.members.clone(),
        groups: r.groups.clone(),
        cost,
        game,
        values,
    })
}

impl<'a> Billing<'a> {
    fn new(s: &'a Scenario, plan: &'a Plan, ev: &'a Evaluation, limits: &'a SplitRequest) -> Self {
        Billing {
            s,
            plan,
            ev,
            limits,
            standalone: ev.partners.iter().map(|p| p.baseline.npv(s)).collect(),
            plan_npv: ev.partners.iter().map(|p| p.ledger.npv(s)).collect(),
        }
    }

    /// What `members` pay together under the plan.
    fn cost_of(&self, members: &[usize]) -> f64 {
        members.iter().map(|&p| self.plan_npv[p]).sum()
    }

    /// One method's split of the whole plan: outsiders at what they pay on their own (their
    /// cost alone, or alone with the existing provider they joined), each cooperation by the
    /// method, and the core test of every tabulated cooperation.
    fn method_split(&self, coops: &[Coop], m: &Method) -> Result<Split, Error> {
        let mut merged = Merged::new(&self.plan_npv);
        for c in coops {
            match self.coop_shares(c, m) {
                Ok(local) => merged.add(c, local),
                Err(why) => return Ok(Split::not_computed(m.name(), why)),
            }
        }
        let mut split = merged.split(&self.standalone, m);
        core_test(self.s, coops, &mut split)?;
        Ok(split)
    }

    fn coop_shares(&self, c: &Coop, m: &Method) -> Result<Local, String> {
        let who = || crate::rules::ids(self.s, &c.members);
        match m {
            Method::Volume => Ok(Local::plain(
                c.members.iter().map(|&p| self.plan_npv[p]).collect(),
            )),
            Method::Key(attr) => self.key_shares(c, attr, false),
            Method::KeyIfPositive(attr) => self.key_shares(c, attr, true),
            Method::Shapley => shapley_shares(c, self.limits, &who),
            Method::Nucleolus | Method::Prenucleolus => {
                nucleolus_shares(c, m, self.limits, &who()).map(Local::plain)
            }
        }
    }
}

/// The shares of the whole plan, filled in cooperation by cooperation.
struct Merged {
    shares: Vec<f64>,
    std_error: Option<Vec<f64>>,
    notes: Vec<String>,
}

impl Merged {
    /// Every partner at what it pays on its own under the plan, until its cooperation is
    /// added.
    fn new(own: &[f64]) -> Self {
        Merged {
            shares: own.to_vec(),
            std_error: None,
            notes: Vec::new(),
        }
    }

    /// A cooperation's shares (and standard errors, and note) in place of its members'.
    fn add(&mut self, c: &Coop, local: Local) {
        scatter(&c.members, &local.shares, &mut self.shares);
        if let Some(se) = local.std_error {
            let n = self.shares.len();
            let all = self.std_error.get_or_insert_with(|| vec![0.0; n]);
            scatter(&c.members, &se, all);
        }
        self.notes.extend(local.note);
    }

    /// Method `m`'s split of the merged shares, its core not tested yet.
    fn split(self, standalone: &[f64], m: &Method) -> Split {
        let mut split = Split::of(Kind::Cost, standalone, m.name(), self.shares);
        split.std_error = self.std_error;
        split.note = (!self.notes.is_empty()).then(|| self.notes.join("; "));
        split
    }
}

/// Puts each member's value of `local` (in member order) at the member's place in `all`.
fn scatter(members: &[usize], local: &[f64], all: &mut [f64]) {
    for (i, &p) in members.iter().enumerate() {
        all[p] = local[i];
    }
}

/// A method's shares within one cooperation (in member order).
struct Local {
    shares: Vec<f64>,
    std_error: Option<Vec<f64>>,
    note: Option<String>,
}

impl Local {
    /// Shares with no standard error and no note.
    fn plain(shares: Vec<f64>) -> Local {
        Local {
            shares,
            std_error: None,
            note: None,
        }
    }
}

/// The Shapley value of a cooperation: exact when its game is tabulated, sampled when only
/// its coalition values are; `who` names its members.
fn shapley_shares(
    c: &Coop,
    limits: &SplitRequest,
    who: &dyn Fn() -> String,
) -> Result<Local, String> {
    match (&c.game, &c.values) {
        (Some(g), _) => Ok(Local::plain(game::shapley(g))),
        (None, Some(cv)) => sampled_shapley(c, cv, limits),
        (None, None) => Err(format!(
            "not computed: the cooperation {} has more than 32 members",
            who()
        )),
    }
}

/// The (pre)nucleolus of a cooperation's tabulated game; `who` names its members.
fn nucleolus_shares(
    c: &Coop,
    m: &Method,
    limits: &SplitRequest,
    who: &str,
) -> Result<Vec<f64>, String> {
    let Some(g) = c
        .game
        .as_ref()
        .filter(|_| c.members.len() <= game::LP_MAX_PLAYERS)
    else {
        return Err(format!(
            "not computed: the cooperation {} has {} members, above the exact limit of {} (raise --exact-limit, at most {})",
            who,
            c.members.len(),
            limits.exact_limit.min(game::LP_MAX_PLAYERS),
            game::LP_MAX_PLAYERS
        ));
    };
    super::nucleolus_of(g, m).map_err(|e| format!("not computed for the cooperation {who}: {e}"))
}

/// Sampled Shapley value of a cooperation too large to tabulate.
fn sampled_shapley(c: &Coop, cv: &CoalitionValues, limits: &SplitRequest) -> Result<Local, String> {
    let k = c.members.len();
    let full: Coalition = game::grand(k);
    let value = |t: Coalition| if t == full { Ok(c.cost) } else { cv.value(t) };
    let est = shapley_sampled_try(k, value, limits.samples, limits.seed)
        .map_err(|e| format!("not computed: {e}"))?;
    Ok(Local {
        shares: est.value,
        std_error: Some(est.std_error),
        note: Some(format!(
            "sampled for a cooperation of {k} members (above the exact limit of {}): {} permutations, seed {}",
            limits.exact_limit, est.samples, est.seed
        )),
    })
}

impl Billing<'_> {
    /// Key shares within a cooperation: each member keeps what it runs in house and pays the
    /// bill of every group and vehicle it is in by the attribute. With `optional`, a key that
    /// some member lacks (zero or missing) is left out instead of charging the others for it.
    fn key_shares(&self, c: &Coop, attr: &str, optional: bool) -> Result<Local, String> {
        let weight = |p: usize| key_weight(self.s, self.ev, p, attr);
        let lacking = lacking(self.s, c, &weight);
        if optional && !lacking.is_empty() {
            return Err(left_out_note(&lacking, attr));
        }
        let mut shares: Vec<f64> = c.members.iter().map(|&p| self.plan_npv[p]).collect();
        for (members, bills) in bills(self.s, self.plan, self.ev, c) {
            rebill(c, &members, &bills, &weight, &mut shares);
        }
        let note = (!lacking.is_empty()).then(|| lacking_note(&lacking, attr));
        Ok(Local {
            shares,
            std_error: None,
            note,
        })
    }
}

/// The ids of the members of `c` without a positive weight.
fn lacking<'s>(s: &'s Scenario, c: &Coop, weight: &dyn Fn(usize) -> f64) -> Vec<&'s str> {
    c.members
        .iter()
        .filter(|&&p| weight(p).partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater))
        .map(|&p| s.partners[p].id.as_str())
        .collect()
}

fn left_out_note(lacking: &[&str], attr: &str) -> String {
    format!(
        "left out of `all`: {} {} no positive `{attr}` (and would pay nothing of its groups' bills); ask for key:{attr} to see that split anyway",
        lacking.join(", "),
        if lacking.len() == 1 { "has" } else { "have" }
    )
}

/// Moves one bill from what its payers paid (`bills`, per member of `members`) to their
/// shares of it by weight (equal shares when nobody has any weight).
fn rebill(
    c: &Coop,
    members: &[usize],
    bills: &[f64],
    weight: &dyn Fn(usize) -> f64,
    shares: &mut [f64],
) {
    let total_w: f64 = members.iter().map(|&p| weight(p)).sum();
    let bill: f64 = bills.iter().sum();
    for (&p, own) in members.iter().zip(bills) {
        let i = c.members.iter().position(|&q| q == p).unwrap_or(0);
        let fair = if total_w > 0.0 {
            bill * weight(p) / total_w
        } else {
            bill / members.len() as f64
        };
        shares[i] += fair - own;
    }
}

fn lacking_note(lacking: &[&str], attr: &str) -> String {
    format!(
        "warning: {} {} no positive `{attr}` and so {} nothing of the groups' bills under key:{attr}; the other members pay them (a group in which no member has any splits its bill equally)",
        lacking.join(", "),
        if lacking.len() == 1 { "has" } else { "have" },
        if lacking.len() == 1 { "pays" } else { "pay" }
    )
}

/// A member's weight under `key:attr`: a demand driver, or its whole cost alone.
fn key_weight(s: &Scenario, ev: &Evaluation, p: usize, attr: &str) -> f64 {
    if attr == "standalone" {
        return ev.partners[p].baseline.npv(s);
    }
    s.partners[p].drivers.get(attr).copied().unwrap_or(0.0)
}

/// Every bill of a cooperation that its members share: per group and per vehicle, the
/// members and what each pays of it in the plan (NPV). A group's bill is what its members pay
/// for the domain less what each pays on its own before the group starts (running the domain
/// alone until then, and the credit for the unused life of its own equipment).
fn bills(s: &Scenario, plan: &Plan, ev: &Evaluation, c: &Coop) -> Vec<(Vec<usize>, Vec<f64>)> {
    let mut out = Vec::new();
    for &gi in &c.groups {
        let col = &ev.groups[gi];
        let paid = col
            .members
            .iter()
            .zip(&col.ledgers)
            .map(|(&p, l)| l.npv(s) - own_before(s, p, col.domain, col.start))
            .collect();
        out.push((plan.groups[gi].members.clone(), paid));
    }
    for v in &ev.vehicles {
        if v.members.first().is_some_and(|p| c.members.contains(p)) {
            out.push((
                v.members.clone(),
                v.ledgers.iter().map(|l| l.npv(s)).collect(),
            ));
        }
    }
    out
}

/// What partner p pays for domain d on its own before a group starts in year `start`.
fn own_before(s: &Scenario, p: usize, d: usize, start: usize) -> f64 {
    crate::costs::standalone_before(s, p, d, start).0.npv(s)
}

/// `Some(false)` when some test failed, else `None` when some could not be run, else
/// `Some(true)`.
fn verdict(failed: bool, untested: bool) -> Option<bool> {
    match (failed, untested) {
        (true, _) => Some(false),
        (false, true) => None,
        (false, false) => Some(true),
    }
}

/// Tests a split in the game of every tabulated cooperation; a split is in the core when it
/// is in every cooperation's core (within [`CORE_TOLERANCE`], as `--require-core` tests).
fn core_test(s: &Scenario, coops: &[Coop], split: &mut Split) -> Result<(), Error> {
    let ids: Vec<String> = s.partners.iter().map(|p| p.id.clone()).collect();
    // Not in the core as soon as one tested cooperation blocks it; untested only if none
    // blocks it and some cooperation could not be tested.
    let (mut blocked, mut untested) = (false, false);
    for c in coops {
        match &c.game {
            Some(g) => blocked |= !coop_core_test(&ids, c, g, split)?,
            None => untested = true,
        }
    }
    split.in_core = verdict(blocked, untested);
    Ok(())
}

/// Tests a split in one cooperation's game `g`, adding its blocking coalitions (and its most
/// violated one, when worse) to the split's: whether the split is in that core.
fn coop_core_test(ids: &[String], c: &Coop, g: &Game, split: &mut Split) -> Result<bool, Error> {
    let x: Vec<f64> = c.members.iter().map(|&p| split.shares[p]).collect();
    let report = game::core_check_with(g, &x, CORE_TOLERANCE * g.scale())?;
    let local_ids: Vec<String> = c.members.iter().map(|&p| ids[p].clone()).collect();
    let named = |x: &game::Blocking| Blocking::named(&local_ids, x);
    if !report.in_core && worse(report.most_violated.as_ref(), split.most_violated.as_ref()) {
        split.most_violated = report.most_violated.as_ref().map(named);
    }
    split.blocking.extend(report.blocking.iter().map(named));
    split.blocking_total += report.blocking_total;
    Ok(report.in_core)
}

/// Whether a cooperation's most violated coalition replaces the one found so far (none yet,
/// or a larger excess).
fn worse(candidate: Option<&game::Blocking>, so_far: Option<&Blocking>) -> bool {
    so_far.is_none_or(|m| candidate.is_some_and(|r| r.excess > m.excess))
}

impl Billing<'_> {
    /// The report of a per-cooperation allocation.
    fn report(&self, coops: &[Coop], splits: Vec<Split>) -> AllocationReport {
        let players: Vec<String> = self.s.partners.iter().map(|p| p.id.clone()).collect();
        let summaries: Vec<CooperationSplit> = coops
            .iter()
            .map(|c| {
                summary(
                    self.s,
                    self.plan,
                    c,
                    member_ids(&players, c),
                    &self.standalone,
                )
            })
            .collect();
        let (coalitions_evaluated, fallback_coalitions) = evaluated(coops, &players);
        let retried_coalitions = retried(coops, &players);
        let all_tested = summaries.iter().all(|c| c.core_nonempty.is_some());
        AllocationReport {
            kind: "cost".into(),
            scope: super::Scope::Cooperations,
            players,
            standalone: self.standalone.clone(),
            total: self.ev.npv(self.s),
            exact: all_tested,
            coalitions_evaluated,
            fallback_coalitions,
            retried_coalitions,
            core_nonempty: verdict(
                summaries.iter().any(|c| c.core_nonempty == Some(false)),
                !all_tested,
            ),
            least_core_epsilon: all_tested.then(|| worst_epsilon(&summaries)),
            cooperations: summaries,
            splits,
        }
    }
}

/// The ids of a cooperation's members, in member order.
fn member_ids(players: &[String], c: &Coop) -> Vec<String> {
    c.members.iter().map(|&p| players[p].clone()).collect()
}

/// How many coalitions the cooperations' games solved, and those with no plan of their own
/// (named by partner id).
fn evaluated(coops: &[Coop], players: &[String]) -> (usize, Vec<Vec<String>>) {
    let mut fallback = Vec::new();
    let mut evaluated = 0;
    for c in coops {
        if let Some(cv) = &c.values {
            let (f, solved) = cv.fallbacks();
            evaluated += solved;
            let local_ids = member_ids(players, c);
            fallback.extend(f.iter().map(|&t| names(&local_ids, t)));
        }
    }
    (evaluated, fallback)
}

/// Every cooperation's coalitions whose sub-solve was retried, named by partner id.
fn retried(coops: &[Coop], players: &[String]) -> Vec<super::RetriedCoalition> {
    coops
        .iter()
        .filter_map(|c| Some((c.values.as_ref()?, member_ids(players, c))))
        .flat_map(|(cv, ids)| super::retried_named(cv, &ids))
        .collect()
}

/// One cooperation's bill, its groups and whether its game has a core (when tabulated).
fn summary(
    s: &Scenario,
    plan: &Plan,
    c: &Coop,
    members: Vec<String>,
    standalone: &[f64],
) -> CooperationSplit {
    let lc = c
        .game
        .as_ref()
        .and_then(|g| game::least_core(g).ok().map(|lc| (g, lc)));
    CooperationSplit {
        members,
        groups: group_names(s, plan, &c.groups),
        cost: c.cost,
        standalone: c.members.iter().map(|&p| standalone[p]).sum(),
        core_nonempty: lc
            .as_ref()
            .map(|(g, lc)| lc.epsilon <= CORE_TOLERANCE * g.scale()),
        least_core_epsilon: lc.as_ref().map(|(_, lc)| lc.epsilon),
    }
}

/// The largest least-core ε of the cooperations (0 when none is positive).
fn worst_epsilon(summaries: &[CooperationSplit]) -> f64 {
    summaries
        .iter()
        .filter_map(|c| c.least_core_epsilon)
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::verdict;

    /// One failed cooperation makes the split not in the core even when another could not be
    /// tested (an untested one must not hide a failure).
    #[test]
    fn a_failure_is_not_hidden_by_an_untested_cooperation() {
        assert_eq!(verdict(true, true), Some(false));
        assert_eq!(verdict(true, false), Some(false));
        assert_eq!(verdict(false, true), None);
        assert_eq!(verdict(false, false), Some(true));
    }
}
