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
use super::stable::{CORE_TOLERANCE, cooperation_game, cooperations};
use super::{AllocationReport, Blocking, Method, Split, SplitRequest, names, split_of};
use crate::error::Error;
use crate::evaluate::Evaluation;
use crate::game::{self, Coalition, Game, Kind};
use crate::plan::Plan;
use crate::rules::group_name;
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
) -> Result<AllocationReport, Error> {
    let limits = req;
    let players: Vec<String> = s.partners.iter().map(|p| p.id.clone()).collect();
    let standalone: Vec<f64> = ev.partners.iter().map(|p| p.baseline.npv(s)).collect();
    let plan_npv: Vec<f64> = ev.partners.iter().map(|p| p.ledger.npv(s)).collect();
    let restricted: Vec<(Vec<usize>, Vec<usize>, Scenario)> = cooperations(plan, s.partners.len())
        .into_iter()
        .map(|(m, g)| {
            let sk = s.restricted_to(&m);
            (m, g, sk)
        })
        .collect();
    let coops = restricted
        .iter()
        .map(|(m, g, sk)| coop(sk, m, g, &plan_npv, opts, limits, tick))
        .collect::<Result<Vec<_>, _>>()?;
    let mut splits = Vec::new();
    for m in &req.methods {
        splits.push(method_split(
            s,
            plan,
            ev,
            &coops,
            m,
            &standalone,
            &plan_npv,
            limits,
        )?);
    }
    Ok(report(
        s,
        plan,
        &coops,
        players,
        standalone,
        ev.npv(s),
        splits,
    ))
}

/// A cooperation's game: tabulated up to the exact limit, else only its coalition values.
fn coop<'s>(
    sk: &'s Scenario,
    members: &[usize],
    groups: &[usize],
    plan_npv: &[f64],
    opts: &SolveOptions,
    limits: &SplitRequest,
    tick: &(dyn Fn() + Sync),
) -> Result<Coop<'s>, Error> {
    let cost: f64 = members.iter().map(|&p| plan_npv[p]).sum();
    let k = members.len();
    let values = (k <= 32)
        .then(|| CoalitionValues::new(sk, opts))
        .transpose()?;
    let game = match &values {
        Some(cv) if k <= limits.exact_limit => {
            let local: Vec<usize> = (0..k).collect();
            Some(cooperation_game(cv, &local, cost, tick)?)
        }
        _ => None,
    };
    Ok(Coop {
        members: members.to_vec(),
        groups: groups.to_vec(),
        cost,
        game,
        values,
    })
}

/// One method's split of the whole plan: outsiders at their cost alone, each cooperation by
/// the method, and the core test of every tabulated cooperation.
#[allow(clippy::too_many_arguments)]
fn method_split(
    s: &Scenario,
    plan: &Plan,
    ev: &Evaluation,
    coops: &[Coop],
    m: &Method,
    standalone: &[f64],
    plan_npv: &[f64],
    limits: &SplitRequest,
) -> Result<Split, Error> {
    let mut shares = standalone.to_vec();
    let mut std_error: Option<Vec<f64>> = None;
    let mut notes: Vec<String> = Vec::new();
    for c in coops {
        let local = match coop_shares(s, plan, ev, c, m, plan_npv, limits) {
            Ok(x) => x,
            Err(why) => return Ok(Split::not_computed(m.name(), why)),
        };
        for (i, &p) in c.members.iter().enumerate() {
            shares[p] = local.shares[i];
        }
        if let Some(se) = local.std_error {
            let all = std_error.get_or_insert_with(|| vec![0.0; shares.len()]);
            for (i, &p) in c.members.iter().enumerate() {
                all[p] = se[i];
            }
        }
        notes.extend(local.note);
    }
    let mut split = split_of(None, &[], standalone, Kind::Cost, m.name(), shares)?;
    split.std_error = std_error;
    split.note = (!notes.is_empty()).then(|| notes.join("; "));
    core_test(s, coops, &mut split)?;
    Ok(split)
}

/// A method's shares within one cooperation (in member order).
struct Local {
    shares: Vec<f64>,
    std_error: Option<Vec<f64>>,
    note: Option<String>,
}

fn coop_shares(
    s: &Scenario,
    plan: &Plan,
    ev: &Evaluation,
    c: &Coop,
    m: &Method,
    plan_npv: &[f64],
    limits: &SplitRequest,
) -> Result<Local, String> {
    let plain = |shares| Local {
        shares,
        std_error: None,
        note: None,
    };
    let who = || crate::rules::ids(s, &c.members);
    match m {
        Method::Volume => Ok(plain(c.members.iter().map(|&p| plan_npv[p]).collect())),
        Method::Key(attr) => key_shares(s, plan, ev, c, attr, plan_npv, false),
        Method::KeyIfPositive(attr) => key_shares(s, plan, ev, c, attr, plan_npv, true),
        Method::Shapley => match (&c.game, &c.values) {
            (Some(g), _) => Ok(plain(game::shapley(g))),
            (None, Some(cv)) => sampled_shapley(c, cv, limits),
            (None, None) => Err(format!(
                "not computed: the cooperation {} has more than 32 members",
                who()
            )),
        },
        Method::Nucleolus | Method::Prenucleolus => {
            nucleolus_shares(c, m, limits, &who()).map(plain)
        }
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
    let failure = std::sync::Mutex::new(None);
    let value = |t: Coalition| {
        if t == full {
            return c.cost;
        }
        cv.value(t).unwrap_or_else(|e| {
            *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
            f64::NAN
        })
    };
    let est = game::shapley_sampled_fn(k, value, limits.samples, limits.seed);
    if let Some(e) = failure.lock().unwrap_or_else(|p| p.into_inner()).take() {
        return Err(format!("not computed: {e}"));
    }
    let est = est.map_err(|e| format!("not computed: {e}"))?;
    Ok(Local {
        shares: est.value,
        std_error: Some(est.std_error),
        note: Some(format!(
            "sampled for a cooperation of {k} members (above the exact limit of {}): {} permutations, seed {}",
            limits.exact_limit, est.samples, est.seed
        )),
    })
}

/// Key shares within a cooperation: each member keeps what it runs in house and pays the bill
/// of every group and vehicle it is in by the attribute. With `optional`, a key that some
/// member lacks (zero or missing) is left out instead of charging the others for it.
fn key_shares(
    s: &Scenario,
    plan: &Plan,
    ev: &Evaluation,
    c: &Coop,
    attr: &str,
    plan_npv: &[f64],
    optional: bool,
) -> Result<Local, String> {
    let weight = |p: usize| key_weight(s, ev, p, attr);
    let lacking: Vec<&str> = c
        .members
        .iter()
        .filter(|&&p| weight(p).partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater))
        .map(|&p| s.partners[p].id.as_str())
        .collect();
    if optional && !lacking.is_empty() {
        return Err(format!(
            "left out of `all`: {} {} no positive `{attr}` (and would pay nothing of its groups' bills); ask for key:{attr} to see that split anyway",
            lacking.join(", "),
            if lacking.len() == 1 { "has" } else { "have" }
        ));
    }
    let mut shares: Vec<f64> = c.members.iter().map(|&p| plan_npv[p]).collect();
    for (members, bills) in bills(s, plan, ev, c) {
        rebill(c, &members, &bills, &weight, &mut shares);
    }
    let note = (!lacking.is_empty()).then(|| lacking_note(&lacking, attr));
    Ok(Local {
        shares,
        std_error: None,
        note,
    })
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
        let Some(g) = &c.game else {
            untested = true;
            continue;
        };
        let x: Vec<f64> = c.members.iter().map(|&p| split.shares[p]).collect();
        let report = game::core_check_with(g, &x, CORE_TOLERANCE * g.scale())?;
        let local_ids: Vec<String> = c.members.iter().map(|&p| ids[p].clone()).collect();
        let b = |x: &game::Blocking| Blocking {
            members: names(&local_ids, x.coalition),
            excess: x.excess,
        };
        if !report.in_core {
            blocked = true;
            if split.most_violated.as_ref().is_none_or(|m| {
                report
                    .most_violated
                    .as_ref()
                    .is_some_and(|r| r.excess > m.excess)
            }) {
                split.most_violated = report.most_violated.as_ref().map(b);
            }
        }
        split.blocking.extend(report.blocking.iter().map(b));
        split.blocking_total += report.blocking_total;
    }
    split.in_core = verdict(blocked, untested);
    Ok(())
}

/// The report of a per-cooperation allocation.
fn report(
    s: &Scenario,
    plan: &Plan,
    coops: &[Coop],
    players: Vec<String>,
    standalone: Vec<f64>,
    total: f64,
    splits: Vec<Split>,
) -> AllocationReport {
    let mut summaries = Vec::new();
    let mut fallback = Vec::new();
    let mut evaluated = 0;
    for c in coops {
        let local_ids: Vec<String> = c.members.iter().map(|&p| players[p].clone()).collect();
        if let Some(cv) = &c.values {
            let (f, solved) = cv.fallbacks();
            evaluated += solved;
            fallback.extend(f.iter().map(|&t| names(&local_ids, t)));
        }
        summaries.push(summary(s, plan, c, local_ids, &standalone));
    }
    let all_tested = summaries.iter().all(|c| c.core_nonempty.is_some());
    AllocationReport {
        kind: "cost".into(),
        scope: super::Scope::Cooperations,
        players,
        standalone,
        total,
        exact: all_tested,
        coalitions_evaluated: evaluated,
        fallback_coalitions: fallback,
        core_nonempty: verdict(
            summaries.iter().any(|c| c.core_nonempty == Some(false)),
            !all_tested,
        ),
        least_core_epsilon: all_tested.then(|| worst_epsilon(&summaries)),
        cooperations: summaries,
        splits,
    }
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
        groups: c
            .groups
            .iter()
            .map(|&gi| {
                let g = &plan.groups[gi];
                group_name(s, &g.members, g.domain, g.form)
            })
            .collect(),
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
