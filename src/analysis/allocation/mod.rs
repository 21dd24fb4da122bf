//! The fair split of a plan's cost: fixed keys, the Shapley value and the nucleolus of the
//! scenario's cost game (or of a game given directly), with a core test of every split.
//!
//! How this relates to individual rationality in the optimiser: the MILP requires that no
//! partner pays more than alone *under the volume key* (each member pays its share of the
//! pooled volume). That is the split `samen solve` reports by default, and it is one of the
//! splits here (`volume`). The core asks more: no *group* of partners would pay less on its
//! own. A volume-key split can pass individual rationality and still be blocked by a
//! sub-group; the Shapley value need not be in the core either; the nucleolus is in the core
//! whenever the core is non-empty. When the core is empty, no split at all is stable, and the
//! report says so with the least-core ε (the smallest subsidy every coalition would need).
//!
//! Both of those are computed *after* the solve, on the plan the optimiser chose. To make
//! stability a requirement of the plan itself, [`stable::require_core`] (`samen solve
//! --require-core`) searches for the cheapest plan whose every cooperation admits a core
//! allocation; its module documentation says which game that is and why.

mod cooperation;
mod game_file;
mod scenario_game;
pub mod stable;

pub use cooperation::CooperationSplit;
pub use game_file::parse_game;
pub use scenario_game::CoalitionValues;
pub use stable::{CoreOptions, CoreSearch, StableOutcome, require_core};

use crate::error::Error;
use crate::game::{self, Coalition, Game, Kind};
use crate::scenario::Scenario;
use crate::solver::SolveOptions;
use serde::Serialize;

/// Above this many partners the scenario game is not tabulated: Shapley is sampled, and the
/// nucleolus and the core test are not computed.
pub const EXACT_LIMIT: usize = 10;
/// Permutations for the sampled Shapley value.
pub const SAMPLES: usize = 200;

/// A fair-split method, as parsed by [`parse_methods`].
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// The plan's own volume-key shares (scenario games only).
    Volume,
    /// Shares proportional to a partner attribute (a demand driver) or `standalone` cost.
    Key(String),
    /// A key that `all` includes only when every member of every shared group has a positive
    /// value of the attribute (otherwise it is reported as left out).
    KeyIfPositive(String),
    /// The Shapley value: each player's average marginal cost (sampled above the exact limit).
    Shapley,
    /// The nucleolus: minimises the largest excesses in turn; in the core when there is one.
    Nucleolus,
    /// The prenucleolus: like the nucleolus, without individual rationality (it exists when
    /// the set of imputations is empty).
    Prenucleolus,
}

/// Which game a scenario's plan is split in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Each cooperation of the plan settles its own bill; a partner in no group pays its
    /// cost alone (the default: what a council means by a split).
    #[default]
    Cooperations,
    /// The whole scenario as one game (every partner a player, the plan's total the bill):
    /// an analysis of the scenario, not a bill for the plan.
    Whole,
    /// A game given directly (`allocate --game`).
    Given,
}

/// `all`, or a comma-separated list of `volume`, `key:ATTRIBUTE`, `shapley`, `nucleolus`.
pub fn parse_methods(spec: &str) -> Result<Vec<Method>, Error> {
    if spec == "all" {
        return Ok(all_methods());
    }
    spec.split(',').map(|m| parse_method(m.trim())).collect()
}

/// What `all` asks for (population only where every shared group's members have one).
fn all_methods() -> Vec<Method> {
    vec![
        Method::Volume,
        Method::Key("standalone".into()),
        Method::KeyIfPositive("population".into()),
        Method::Shapley,
        Method::Nucleolus,
    ]
}

/// One method of a comma-separated list.
fn parse_method(m: &str) -> Result<Method, Error> {
    match m {
        "volume" => Ok(Method::Volume),
        "shapley" => Ok(Method::Shapley),
        "nucleolus" => Ok(Method::Nucleolus),
        "prenucleolus" => Ok(Method::Prenucleolus),
        k if k.starts_with("key:") && k.len() > 4 => Ok(Method::Key(k[4..].to_string())),
        other => Err(Error::Usage(format!(
            "unknown split method `{other}`: use volume, key:ATTRIBUTE (e.g. key:population, key:standalone), shapley, nucleolus, prenucleolus or all"
        ))),
    }
}

impl Method {
    /// The method's name as results show it (`volume`, `key:ATTR`, `shapley`, `nucleolus`, ...).
    pub fn name(&self) -> String {
        match self {
            Method::Volume => "volume".into(),
            Method::Key(a) | Method::KeyIfPositive(a) => format!("key:{a}"),
            Method::Shapley => "shapley".into(),
            Method::Nucleolus => "nucleolus".into(),
            Method::Prenucleolus => "prenucleolus".into(),
        }
    }
}

/// Refuses a `key:ATTR` that no partner of the scenario has, listing the attributes there
/// are (with the closest one first when it looks like a typo).
pub fn check_keys(s: &Scenario, methods: &[Method]) -> Result<(), Error> {
    let known = known_keys(s);
    for m in methods {
        if let Method::Key(attr) = m
            && !known.contains(&attr.as_str())
        {
            return Err(unknown_key(attr, &known));
        }
    }
    Ok(())
}

/// `standalone` and every partner's driver attributes, each once, in order of appearance.
fn known_keys(s: &Scenario) -> Vec<&str> {
    let mut known: Vec<&str> = vec!["standalone"];
    for k in s.partners.iter().flat_map(|p| p.drivers.keys()) {
        if !known.contains(&k.as_str()) {
            known.push(k);
        }
    }
    known
}

fn unknown_key(attr: &str, known: &[&str]) -> Error {
    let guess = crate::suggest::did_you_mean(attr, known)
        .map(|c| format!("{c} "))
        .unwrap_or_default();
    Error::Usage(format!(
        "unknown key attribute `{attr}`: {guess}the attributes of this scenario are {}",
        known.join(", ")
    ))
}

/// A coalition whose value needed a second attempt of the solver.
#[derive(Debug, Clone, Serialize)]
pub struct RetriedCoalition {
    /// Ids of its players.
    pub members: Vec<String>,
    /// What failed and how it was solved.
    pub how: String,
}

/// The retried coalitions of `cv`, named by `players`.
fn retried_named(cv: &CoalitionValues, players: &[String]) -> Vec<RetriedCoalition> {
    cv.retried()
        .into_iter()
        .map(|(t, how)| RetriedCoalition {
            members: names(players, t),
            how,
        })
        .collect()
}

/// A coalition and its excess under a split (positive: it would pay less on its own).
#[derive(Debug, Clone, Serialize)]
pub struct Blocking {
    /// Ids of the coalition's players (partner ids for a scenario's game).
    pub members: Vec<String>,
    /// How much more the coalition pays under the split than on its own.
    pub excess: f64,
}

/// One method's split of the game: per-player shares, savings and the core test.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Split {
    /// The method's name ([`Method::name`]).
    pub method: String,
    /// Per player, in the game's units (cost shares for a cost game).
    pub shares: Vec<f64>,
    /// Sampled Shapley only: the standard error of each share.
    pub std_error: Option<Vec<f64>>,
    /// c({i}) − share (cost games): what each saves against going alone.
    pub savings: Vec<f64>,
    /// None when the core test was not possible (game not tabulated).
    pub in_core: Option<bool>,
    /// The proper coalition with the largest excess (blocking, or closest to blocking).
    pub most_violated: Option<Blocking>,
    /// Blocking coalitions (at most game::BLOCKING_CAP listed) and their total count.
    pub blocking: Vec<Blocking>,
    /// How many coalitions block the split in all (`blocking` lists at most a capped number).
    pub blocking_total: usize,
    /// Why a method was not computed, or how it was.
    pub note: Option<String>,
}

/// The splits of one game (a scenario's plan, or a game given directly) and its core verdict.
#[derive(Debug, Clone, Serialize, Default)]
pub struct AllocationReport {
    /// `cost` or `profit`.
    pub kind: String,
    /// Which game was split (a game file is one whole game).
    pub scope: Scope,
    /// The players: every partner id in scenario order, or the given game's players.
    pub players: Vec<String>,
    /// c({i}) (or v({i})).
    pub standalone: Vec<f64>,
    /// c(N): the cost being split.
    pub total: f64,
    /// Was every coalition's value computed (exact methods)?
    pub exact: bool,
    /// Coalition values computed: MILP sub-solves for a scenario, 2^n - 1 for a given game.
    pub coalitions_evaluated: usize,
    /// Coalitions that have no feasible plan of their own (valued as going alone).
    pub fallback_coalitions: Vec<Vec<String>>,
    /// Coalitions whose sub-solve failed numerically first, and how each was then solved.
    pub retried_coalitions: Vec<RetriedCoalition>,
    /// Whether the core is non-empty (per cooperation: every one's); `None`: not tested.
    pub core_nonempty: Option<bool>,
    /// Least-core ε (game units, euro): ≤ 0 iff some split is in the core; cooperations: max, ≥ 0.
    pub least_core_epsilon: Option<f64>,
    /// Per cooperation (scope `cooperations`): its members, groups, bill and core verdict.
    pub cooperations: Vec<CooperationSplit>,
    /// One split per requested method, in request order (a method not computed says why).
    pub splits: Vec<Split>,
}

fn names(players: &[String], t: Coalition) -> Vec<String> {
    game::members(t).map(|i| players[i].clone()).collect()
}

impl Blocking {
    /// A coalition of the game's core test, with its members named.
    fn named(players: &[String], x: &game::Blocking) -> Blocking {
        Blocking {
            members: names(players, x.coalition),
            excess: x.excess,
        }
    }
}

/// c({i}) − share for a cost game (the other way round for a profit game): what each player
/// saves against going alone.
fn savings(kind: Kind, standalone: &[f64], shares: &[f64]) -> Vec<f64> {
    let sign = if kind == Kind::Cost { 1.0 } else { -1.0 };
    shares
        .iter()
        .zip(standalone)
        .map(|(x, c)| sign * (c - x))
        .collect()
}

impl Split {
    /// Method `method`'s `shares` of a game of `kind`, its core not tested.
    fn of(kind: Kind, standalone: &[f64], method: String, shares: Vec<f64>) -> Split {
        Split {
            method,
            savings: savings(kind, standalone, &shares),
            shares,
            ..Split::default()
        }
    }

    /// A method that could not be applied, with the reason.
    fn not_computed(method: String, note: String) -> Split {
        Split {
            method,
            note: Some(note),
            ..Split::default()
        }
    }

    /// The split with the core test of its shares in the tabulated game `g`.
    fn tested(mut self, g: &Game, players: &[String]) -> Result<Split, Error> {
        let core = game::core_check(g, &self.shares)?;
        self.in_core = Some(core.in_core);
        let named = |x: &game::Blocking| Blocking::named(players, x);
        self.most_violated = core.most_violated.as_ref().map(named);
        self.blocking = core.blocking.iter().map(named).collect();
        self.blocking_total = core.blocking_total;
        Ok(self)
    }
}

/// Every requested split of a tabulated game. `weights(attr)` gives the players' values of an
/// attribute for `key:` methods; `volume` the plan's volume-key shares when there is a plan.
pub fn allocate_game(
    players: &[String],
    g: &Game,
    methods: &[Method],
    weights: &dyn Fn(&str) -> Option<Vec<f64>>,
    volume: Option<Vec<f64>>,
) -> Result<AllocationReport, Error> {
    let standalone = g.standalone();
    let mut splits = Vec::new();
    for m in methods {
        match game_shares(g, players.len(), m, weights, volume.as_ref()) {
            None => {}
            Some(Err(note)) => splits.push(Split::not_computed(m.name(), note)),
            Some(Ok(shares)) => {
                splits.push(Split::of(g.kind(), &standalone, m.name(), shares).tested(g, players)?)
            }
        }
    }
    Ok(given_report(players, g, standalone, splits))
}

/// The report of a tabulated game's `splits`: every coalition evaluated, and its core tested.
fn given_report(
    players: &[String],
    g: &Game,
    standalone: Vec<f64>,
    splits: Vec<Split>,
) -> AllocationReport {
    let (core_nonempty, least_core_epsilon) = least_core_of(g, players.len());
    AllocationReport {
        kind: if g.kind() == Kind::Cost {
            "cost"
        } else {
            "profit"
        }
        .into(),
        scope: Scope::Given,
        cooperations: Vec::new(),
        players: players.to_vec(),
        standalone,
        total: g.grand_value(),
        exact: true,
        coalitions_evaluated: g.values().len().saturating_sub(1),
        fallback_coalitions: Vec::new(),
        retried_coalitions: Vec::new(),
        core_nonempty,
        least_core_epsilon,
        splits,
    }
}

/// Whether the core is non-empty and the least-core ε (unknown above the LP's player limit).
fn least_core_of(g: &Game, n: usize) -> (Option<bool>, Option<f64>) {
    match game::least_core(g) {
        Ok(lc) if n <= game::LP_MAX_PLAYERS => (Some(lc.core_nonempty), Some(lc.epsilon)),
        _ => (None, None),
    }
}

/// Method `m`'s shares of a tabulated game with `n` players: `None` when it does not apply
/// (volume without a plan), `Err` with the note when it cannot be computed. One method that
/// cannot be computed must not hide the others.
fn game_shares(
    g: &Game,
    n: usize,
    m: &Method,
    weights: &dyn Fn(&str) -> Option<Vec<f64>>,
    volume: Option<&Vec<f64>>,
) -> Option<Result<Vec<f64>, String>> {
    match m {
        Method::Volume => volume.map(|v| Ok(v.clone())),
        Method::Key(attr) | Method::KeyIfPositive(attr) => Some(game_key_shares(g, attr, weights)),
        Method::Shapley => Some(Ok(game::shapley(g))),
        Method::Nucleolus | Method::Prenucleolus => Some(nucleolus_shares(g, n, m)),
    }
}

/// A key that cannot split this game is reported, not fatal.
fn game_key_shares(
    g: &Game,
    attr: &str,
    weights: &dyn Fn(&str) -> Option<Vec<f64>>,
) -> Result<Vec<f64>, String> {
    let shares = match (attr, weights(attr)) {
        ("standalone", _) => game::standalone_key(g),
        (_, Some(w)) => game::proportional(g, &w),
        (_, None) => Err(Error::Usage(format!("no attribute `{attr}` to split by"))),
    };
    shares.map_err(|e| format!("not computed: {e}"))
}

fn nucleolus_shares(g: &Game, n: usize, m: &Method) -> Result<Vec<f64>, String> {
    if n > game::LP_MAX_PLAYERS {
        return Err(format!(
            "not computed: more than {} players",
            game::LP_MAX_PLAYERS
        ));
    }
    nucleolus_of(g, m).map_err(|e| format!("not computed: {e}"))
}

/// The nucleolus or the prenucleolus of `g`, as `m` asks.
pub(super) fn nucleolus_of(g: &Game, m: &Method) -> Result<Vec<f64>, Error> {
    let solved = if *m == Method::Nucleolus {
        game::nucleolus(g)
    } else {
        game::prenucleolus(g)
    };
    solved.map(|n| n.allocation)
}

/// What a split of a scenario's plan asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitRequest {
    /// The split methods to compute, in request order.
    pub methods: Vec<Method>,
    /// Players (partners of a cooperation, or of the scenario) up to which every coalition
    /// is solved; beyond, Shapley is sampled and the nucleolus and core are not computed.
    pub exact_limit: usize,
    /// Permutations and seed of the sampled Shapley value.
    pub samples: usize,
    /// Seed of the random permutations of the sampled Shapley value.
    pub seed: u64,
    /// Which game is split: per cooperation (the default), the whole scenario, or a given game.
    pub scope: Scope,
}

impl SplitRequest {
    /// The methods with the defaults of `samen allocate`: exact up to [`EXACT_LIMIT`],
    /// [`SAMPLES`] permutations, seed 1, per cooperation.
    pub fn new(methods: Vec<Method>) -> Self {
        SplitRequest {
            methods,
            exact_limit: EXACT_LIMIT,
            samples: SAMPLES,
            seed: 1,
            scope: Scope::Cooperations,
        }
    }
}

/// The splits of a scenario's optimal plan that `req` asks for; `tick` is called after each
/// coalition solve.
pub fn allocate_scenario(
    s: &Scenario,
    req: &SplitRequest,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<AllocationReport, Error> {
    check_keys(s, &req.methods)?;
    let (optimum, ahead) = solve_valuing_ahead(s, req, opts, || crate::solve::optimise(s, opts))?;
    allocate_ahead(s, &optimum, req, opts, tick, ahead)
}

/// Coalitions valued while a plan was solved, for its split ([`solve_valuing_ahead`]).
pub struct Ahead<'a>(Option<CoalitionValues<'a>>);

/// The plan `optimise` solves for scenario `s`, while a spare core values the coalitions that
/// the split `req` of it will ask for, when that is worth it ([`worth_valuing_ahead`]); what
/// was valued goes to [`allocate_ahead`].
pub fn solve_valuing_ahead<'a>(
    s: &'a Scenario,
    req: &SplitRequest,
    opts: &SolveOptions,
    optimise: impl FnOnce() -> Result<crate::solve::Outcome, Error>,
) -> Result<(crate::solve::Outcome, Ahead<'a>), Error> {
    if !worth_valuing_ahead(s, req) {
        return Ok((optimise()?, Ahead(None)));
    }
    let ahead = CoalitionValues::new(s, opts)?;
    let optimum = optimise_valuing_ahead(s, optimise, &ahead)?;
    Ok((optimum, Ahead(Some(ahead))))
}

/// Largest number of partners whose coalitions are valued while the plan is solved when the
/// split is per cooperation (the plan's cooperations are not known yet, and the values of a
/// partner set are used only by a cooperation that contains it). Up to 8: at most 254
/// coalitions of at most 7 partners, while the trio's (6 partners) 62 cost about as much time as
/// its plan.
pub const AHEAD_PARTNERS: usize = 8;

/// Whether to value coalitions on a spare core while the plan is solved: the whole game is
/// tabulated (every coalition is needed), or the scenario is small enough that its plan's
/// cooperations likely need most of them ([`AHEAD_PARTNERS`]).
fn worth_valuing_ahead(s: &Scenario, req: &SplitRequest) -> bool {
    let n = s.partners.len();
    let needed = match req.scope {
        Scope::Whole => n <= req.exact_limit,
        Scope::Cooperations => n <= AHEAD_PARTNERS.min(req.exact_limit),
        Scope::Given => false,
    };
    needed && n <= 31 && rayon::current_num_threads() >= 2
}

/// The scenario's optimum, solved while another thread values the coalitions of `ahead`,
/// largest first, until the plan is known. microlp solves on one core and HiGHS's search on
/// these small models on about one, so the other core would otherwise wait: on the trio the
/// coalition values cost about as much time as the plan.
fn optimise_valuing_ahead(
    s: &Scenario,
    optimise: impl FnOnce() -> Result<crate::solve::Outcome, Error>,
    ahead: &CoalitionValues,
) -> Result<crate::solve::Outcome, Error> {
    let order = game::largest_first(s.partners.len());
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| ahead.value_ahead(&order, &stop));
        let optimum = optimise();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        optimum
    })
}

/// [`allocate_scenario`] of a plan already solved (or given).
pub fn allocate_plan(
    s: &Scenario,
    optimum: &crate::solve::Outcome,
    req: &SplitRequest,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<AllocationReport, Error> {
    split_plan(s, optimum, req, opts, tick, None)
}

/// [`allocate_plan`] of the plan [`solve_valuing_ahead`] returned, with what it valued.
pub fn allocate_ahead<'a>(
    s: &'a Scenario,
    optimum: &crate::solve::Outcome,
    req: &SplitRequest,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
    ahead: Ahead<'a>,
) -> Result<AllocationReport, Error> {
    split_plan(s, optimum, req, opts, tick, ahead.0)
}

/// [`allocate_plan`] with the coalitions valued `ahead` while the plan was solved, if any.
fn split_plan<'a>(
    s: &'a Scenario,
    optimum: &crate::solve::Outcome,
    req: &SplitRequest,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
    ahead: Option<CoalitionValues<'a>>,
) -> Result<AllocationReport, Error> {
    if req.scope == Scope::Cooperations {
        let (plan, ev) = (&optimum.plan, &optimum.evaluation);
        return cooperation::allocate(s, plan, ev, req, opts, tick, ahead.as_ref());
    }
    let whole = Whole::new(s, optimum, opts, ahead)?;
    if whole.players.len() <= req.exact_limit {
        whole.exact(req, tick)
    } else {
        whole.sampled(req, tick)
    }
}

/// The partners' values of a driver attribute (`None` when one lacks it).
fn partner_weights(s: &Scenario, attr: &str) -> Option<Vec<f64>> {
    s.partners
        .iter()
        .map(|p| p.drivers.get(attr).copied())
        .collect()
}

/// Whether c(N) is the plan's NPV without solving it again: the plan is a proven optimum of
/// the scenario and the scenario is about cost alone (c(N) drops criteria and values; a
/// coalition's value is what it pays). Measured on region-leuven: the second solve of the
/// grand coalition was the single longest coalition of the game.
fn grand_is_the_optimum(s: &Scenario, optimum: &crate::solve::Outcome) -> bool {
    let cost_alone = crate::criteria::cost_alone(s);
    let proven = optimum.info.status == crate::solver::Status::Optimal
        && optimum.info.exact_costs
        && optimum.info.restricted.is_none();
    cost_alone && proven
}

/// The whole scenario as one game, split around the plan's NPV.
struct Whole<'a> {
    s: &'a Scenario,
    players: Vec<String>,
    /// Every partner's NPV under the plan's volume key.
    volume: Vec<f64>,
    optimum_npv: f64,
    cv: CoalitionValues<'a>,
}

impl<'a> Whole<'a> {
    fn new(
        s: &'a Scenario,
        optimum: &crate::solve::Outcome,
        opts: &SolveOptions,
        ahead: Option<CoalitionValues<'a>>,
    ) -> Result<Self, Error> {
        if optimum.info.limited.is_some() {
            return Err(Error::TooLarge(
                "the whole-scenario game needs c(N), the proven optimum, but microlp could not finish this scenario's model (see the solve's LIMITED note): split per cooperation (the default `--scope cooperations`), or solve with HiGHS (`--features highs`)".into(),
            ));
        }
        let ev = &optimum.evaluation;
        let cv = match ahead {
            Some(cv) => cv,
            None => CoalitionValues::new(s, opts)?,
        };
        let optimum_npv = ev.npv(s);
        if grand_is_the_optimum(s, optimum) {
            cv.seed(game::grand(s.partners.len()), optimum_npv);
        }
        Ok(Whole {
            s,
            players: s.partners.iter().map(|p| p.id.clone()).collect(),
            volume: ev.partners.iter().map(|p| p.ledger.npv(s)).collect(),
            optimum_npv,
            cv,
        })
    }

    /// Every coalition solved: the tabulated game's splits.
    fn exact(
        &self,
        req: &SplitRequest,
        tick: &(dyn Fn() + Sync),
    ) -> Result<AllocationReport, Error> {
        let g = self.cv.game(tick)?;
        self.check_grand_value(&g)?;
        let weights = |attr: &str| partner_weights(self.s, attr);
        let mut r = allocate_game(
            &self.players,
            &g,
            &req.methods,
            &weights,
            Some(self.volume.clone()),
        )?;
        r.scope = Scope::Whole;
        self.count_coalitions(&mut r);
        Ok(r)
    }

    /// The coalitions solved, and those with no plan of their own, into the report.
    fn count_coalitions(&self, r: &mut AllocationReport) {
        let (fallback, solved) = self.cv.fallbacks();
        r.coalitions_evaluated = solved;
        r.fallback_coalitions = fallback.iter().map(|&t| names(&self.players, t)).collect();
        r.retried_coalitions = retried_named(&self.cv, &self.players);
    }

    /// c(N) must be the optimum the plan was reported with.
    fn check_grand_value(&self, g: &Game) -> Result<(), Error> {
        let optimum_npv = self.optimum_npv;
        let tol = crate::solve::OBJECTIVE_TOLERANCE * optimum_npv.abs().max(1.0);
        if (g.grand_value() - optimum_npv).abs() > tol {
            return Err(Error::Internal(format!(
                "c(N) = {} differs from the optimum {optimum_npv}",
                g.grand_value()
            )));
        }
        Ok(())
    }

    /// Too many partners to tabulate: keys, volume and sampled Shapley.
    fn sampled(
        &self,
        req: &SplitRequest,
        tick: &(dyn Fn() + Sync),
    ) -> Result<AllocationReport, Error> {
        let standalone: Vec<f64> = (0..self.players.len())
            .map(|p| self.cv.value(1 << p))
            .collect::<Result<_, _>>()?;
        let splits = req
            .methods
            .iter()
            .map(|m| self.sampled_split(m, &standalone, req, tick))
            .collect::<Result<_, _>>()?;
        let mut r = AllocationReport {
            kind: "cost".into(),
            scope: Scope::Whole,
            players: self.players.clone(),
            standalone,
            total: self.optimum_npv,
            splits,
            // Not tabulated: not exact, and no core test.
            ..AllocationReport::default()
        };
        self.count_coalitions(&mut r);
        Ok(r)
    }

    fn sampled_split(
        &self,
        m: &Method,
        standalone: &[f64],
        req: &SplitRequest,
        tick: &(dyn Fn() + Sync),
    ) -> Result<Split, Error> {
        let split = |shares| Split::of(Kind::Cost, standalone, m.name(), shares);
        match m {
            Method::Volume => Ok(split(self.volume.clone())),
            Method::Key(attr) | Method::KeyIfPositive(attr) => {
                Ok(split(self.key_shares(attr, standalone)?))
            }
            Method::Shapley => self.sampled_shapley(standalone, req, tick),
            Method::Nucleolus | Method::Prenucleolus => Ok(self.not_tabulated(m, req)),
        }
    }

    /// A method that needs the tabulated game, which is too large.
    fn not_tabulated(&self, m: &Method, req: &SplitRequest) -> Split {
        let why = format!(
            "not computed: {} partners above the exact limit of {} (raise --exact-limit)",
            self.players.len(),
            req.exact_limit
        );
        Split::not_computed(m.name(), why)
    }

    /// The plan's NPV in proportion to an attribute (or to the partners' cost alone).
    fn key_shares(&self, attr: &str, standalone: &[f64]) -> Result<Vec<f64>, Error> {
        let w = if attr == "standalone" {
            Some(standalone.to_vec())
        } else {
            partner_weights(self.s, attr)
        };
        let Some(w) = w else {
            return Err(Error::Usage(format!("no attribute `{attr}` to split by")));
        };
        let total: f64 = w.iter().sum();
        if total.is_nan() || total <= 0.0 || w.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return Err(Error::Usage(format!(
                "attribute `{attr}` cannot serve as a key (no positive total)"
            )));
        }
        Ok(w.iter().map(|x| self.optimum_npv * x / total).collect())
    }

    fn sampled_shapley(
        &self,
        standalone: &[f64],
        req: &SplitRequest,
        tick: &(dyn Fn() + Sync),
    ) -> Result<Split, Error> {
        let n = self.players.len();
        let value = |t: Coalition| self.cv.value(t).inspect(|_| tick());
        let est = shapley_sampled_try(n, value, req.samples, req.seed)?;
        let mut sp = Split::of(
            Kind::Cost,
            standalone,
            "shapley (sampled)".into(),
            est.value,
        );
        sp.note = Some(format!(
            "sampled: {} permutations, seed {}, {} partners above the exact limit of {}",
            est.samples, est.seed, n, req.exact_limit
        ));
        sp.std_error = Some(est.std_error);
        Ok(sp)
    }
}

/// [`game::shapley_sampled_fn`] of coalition values that can fail: a failure (the last one,
/// if several) instead of the estimate.
fn shapley_sampled_try(
    n: usize,
    value: impl Fn(Coalition) -> Result<f64, Error> + Sync,
    samples: usize,
    seed: u64,
) -> Result<game::ShapleyEstimate, Error> {
    let failure: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
    let record = |e: Error| {
        *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
        f64::NAN
    };
    let est = game::shapley_sampled_fn(n, |t| value(t).unwrap_or_else(record), samples, seed);
    if let Some(e) = failure.lock().unwrap_or_else(|p| p.into_inner()).take() {
        return Err(e);
    }
    est
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn load(path: &str) -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        Scenario::load(&path).expect("a valid scenario").scenario
    }

    fn request(scope: Scope) -> SplitRequest {
        SplitRequest {
            methods: parse_methods("all").expect("known methods"),
            scope,
            ..SplitRequest::new(Vec::new())
        }
    }

    /// The split of `s`'s optimum as a JSON text, with the first `valued` coalitions of the
    /// largest-first order valued ahead (`None`: nothing valued ahead).
    fn split_text(s: &Scenario, scope: Scope, valued: Option<usize>) -> String {
        let opts = SolveOptions::default();
        let optimum = crate::solve::optimise(s, &opts).expect("solves");
        let ahead = valued.map(|k| {
            let cv = CoalitionValues::new(s, &opts).expect("small enough");
            let order = game::largest_first(s.partners.len());
            cv.value_ahead(&order[..k.min(order.len())], &AtomicBool::new(false));
            cv
        });
        let r = split_plan(s, &optimum, &request(scope), &opts, &|| {}, ahead).expect("splits");
        serde_json::to_string(&r).expect("serialises")
    }

    /// Values solved ahead on the whole scenario are those a cooperation's own game solves:
    /// the report, with its count of coalitions solved, is the same whether all, some or none
    /// were valued ahead. The trio with two partners kept in house has a cooperation of four
    /// of its six partners, so the values are renumbered into a smaller game.
    #[test]
    fn a_split_from_coalitions_valued_ahead_is_the_split_without_them() {
        let mut trio = load("scenarios/kortenberg-machelen-tervuren.toml");
        for id in ["tervuren", "ocmw-machelen"] {
            let p = trio.partner_index(id).expect("a partner of the trio");
            trio.constraints.keep_in_house.push((p, None));
        }
        let small = load("tests/fixtures/small.toml");
        for (s, scope) in [
            (&trio, Scope::Cooperations),
            (&small, Scope::Cooperations),
            (&small, Scope::Whole),
        ] {
            let without = split_text(s, scope, None);
            assert!(without.contains("\"coalitions_evaluated\""), "{without}");
            for valued in [3, usize::MAX] {
                assert_eq!(split_text(s, scope, Some(valued)), without, "{scope:?}");
            }
        }
    }

    #[test]
    fn values_are_valued_ahead_only_where_the_split_needs_them() {
        let small = load("tests/fixtures/small.toml");
        let whole = request(Scope::Whole);
        let two_cores = rayon::current_num_threads() >= 2;
        assert_eq!(worth_valuing_ahead(&small, &whole), two_cores);
        let sampled = SplitRequest {
            exact_limit: 2,
            ..request(Scope::Whole)
        };
        assert!(!worth_valuing_ahead(&small, &sampled));
        assert!(!worth_valuing_ahead(&small, &request(Scope::Given)));
        let mut nine = small.clone();
        nine.partners = (0..9).map(|i| small.partners[i % 3].clone()).collect();
        assert!(!worth_valuing_ahead(&nine, &request(Scope::Cooperations)));
    }
}
