//! `solve --require-core`: the cheapest plan whose every cooperation admits a core allocation.
//! Oracles: each cooperation's game rebuilt from re-solves of the scenario restricted to each
//! subset, the reported core split tested by `game::core_check`, and the cheapest stable plan
//! found by walking every plan in cost order (`alternatives::best`).

mod common;

use assert_cmd::Command;
use common::load as scenario;
use samen::Scenario;
use samen::analysis::allocation::stable::{CoreStatus, cooperations};
use samen::analysis::allocation::{self, CoreOptions, Method};
use samen::game::{self, Game, Kind};
use samen::plan::Plan;
use samen::solve::Outcome;
use samen::solver::SolveOptions;

const EMPTY_CORE: &str = "tests/fixtures/core/empty-core.toml";

/// The game of one cooperation, from scratch: c(T) by solving the scenario restricted to T,
/// c(K) = what the plan makes K pay.
fn oracle_game(s: &Scenario, out: &Outcome, members: &[usize]) -> Game {
    let opts = SolveOptions::default();
    let k = members.len();
    let cost: f64 = members
        .iter()
        .map(|&p| out.evaluation.partners[p].ledger.npv(s))
        .sum();
    Game::from_fn(k, Kind::Cost, |t| {
        if t == 0 {
            return 0.0;
        }
        if t == (1 << k) - 1 {
            return cost;
        }
        let sub: Vec<usize> = game::members(t).map(|i| members[i]).collect();
        let r = s.restricted_to(&sub);
        samen::solve::optimise(&r, &opts)
            .unwrap()
            .evaluation
            .npv(&r)
    })
    .unwrap()
}

/// Does every cooperation of the plan admit a core allocation? (least core from the oracle
/// game, its point confirmed by the core check).
fn stable(s: &Scenario, out: &Outcome) -> bool {
    cooperations(&out.plan, s.partners.len())
        .iter()
        .all(|(members, _)| {
            let g = oracle_game(s, out, members);
            let lc = game::least_core(&g).unwrap();
            let tol = 1e-6 * g.scale();
            let ok = lc.epsilon <= tol;
            assert_eq!(
                game::core_check_with(&g, &lc.allocation, tol)
                    .unwrap()
                    .in_core,
                ok
            );
            ok
        })
}

/// The NPV of the cheapest plan whose every cooperation the oracle finds stable, walking every
/// plan of the scenario in cost order; None when none is.
fn cheapest_stable_by_walk(s: &Scenario) -> Option<f64> {
    let opts = SolveOptions::default();
    let all = samen::analysis::alternatives::best(s, 1000, &opts).unwrap();
    assert!(all.plans.len() < 1000, "the walk must see every plan");
    for alt in &all.plans {
        let text: String = alt
            .groups
            .iter()
            .map(|g| {
                let mut parts = g.split('|');
                let members: Vec<&str> = parts.next().unwrap().split('+').collect();
                format!(
                    "[[group]]\ndomain = \"{}\"\nform = \"{}\"\nmembers = {:?}\n",
                    parts.next().unwrap(),
                    parts.next().unwrap(),
                    members
                )
            })
            .collect();
        let plan = samen::plan::parse_plan(&text, "plan.toml", s).unwrap();
        let evaluation = samen::evaluate::evaluate(s, &plan);
        let info = samen::solve::optimise(s, &opts).unwrap().info;
        let out = Outcome {
            plan,
            evaluation,
            info,
        };
        if stable(s, &out) {
            return Some(alt.npv);
        }
    }
    None
}

fn plan_names(s: &Scenario, plan: &Plan) -> Vec<String> {
    plan.groups
        .iter()
        .map(|g| samen::rules::group_name(s, &g.members, g.domain, g.form))
        .collect()
}

#[test]
fn an_empty_core_optimum_gives_way_to_the_cheapest_stable_plan() {
    let s = scenario(EMPTY_CORE);
    let opts = SolveOptions::default();
    // The optimum's core is empty by the scenario game of `samen allocate`.
    let a = allocation::allocate_scenario(
        &s,
        &allocation::SplitRequest {
            methods: [Method::Nucleolus].to_vec(),
            exact_limit: 10,
            samples: 0,
            seed: 1,
            scope: allocation::Scope::Whole,
        },
        &opts,
        &|| {},
    )
    .unwrap();
    assert_eq!(a.core_nonempty, Some(false));

    let r = allocation::require_core(&s, &opts, &CoreOptions::default()).unwrap();
    assert_eq!(r.search.status, CoreStatus::StablePlanFound);
    assert!(
        !stable(&s, &r.optimum),
        "the oracle agrees the optimum is unstable"
    );
    let found = r.stable.as_ref().unwrap();
    assert_ne!(found.plan, r.optimum.plan);
    assert!(stable(&s, found), "the oracle confirms the plan is stable");

    // Every reported core split is in the core of the oracle game.
    let coops = cooperations(&found.plan, s.partners.len());
    assert_eq!(coops.len(), r.search.plan_cooperations.len());
    for ((members, _), c) in coops.iter().zip(&r.search.plan_cooperations) {
        let g = oracle_game(&s, found, members);
        let x = c.core_split.as_ref().unwrap();
        assert!(game::core_check(&g, x).unwrap().in_core, "{:?}", c.members);
        assert!((c.cost - g.grand_value()).abs() <= 1e-6 * g.scale());
    }
    // The optimum's cooperation was excluded with its least-core ε (the one allocate reports).
    let eps = a.least_core_epsilon.unwrap();
    let first = &r.search.excluded[0];
    assert_eq!(first.round, 1);
    assert!((first.cooperation.epsilon - eps).abs() <= 1e-6 * eps.abs().max(1.0));
    assert!(first.cooperation.epsilon > 0.0);

    // The cheapest stable plan: walk every plan in cost order.
    let cheapest = cheapest_stable_by_walk(&s).expect("everyone alone is stable");
    let npv = found.evaluation.npv(&s);
    assert!((npv - cheapest).abs() <= 1e-6 * npv, "{npv} vs {cheapest}");
    assert_eq!(r.search.plan_npv, Some(npv));
    assert!(r.search.price_of_stability.unwrap() > 0.0);
    assert!(!plan_names(&s, &found.plan).is_empty());
}

#[test]
fn a_stable_optimum_is_left_unchanged() {
    let s = scenario("tests/fixtures/small.toml");
    let opts = SolveOptions::default();
    let optimum = samen::solve::optimise(&s, &opts).unwrap();
    let r = allocation::require_core(&s, &opts, &CoreOptions::default()).unwrap();
    assert_eq!(r.search.status, CoreStatus::OptimumStable);
    assert_eq!(r.search.rounds, 1);
    assert!(r.search.excluded.is_empty());
    let found = r.stable.as_ref().unwrap();
    assert_eq!(found.plan, optimum.plan);
    assert!(stable(&s, found));
    for c in &r.search.plan_cooperations {
        assert!(c.core_nonempty && c.epsilon <= 0.0, "{:?}", c.members);
    }
}

fn no_stable_plan_scenario() -> String {
    let text = std::fs::read_to_string(EMPTY_CORE).unwrap();
    // The three must stay together: the only plan left is the unstable grand coalition.
    format!("{text}\n[constraints]\nmust_together = [{{ partners = [\"a\", \"b\", \"c\"] }}]\n")
}

#[test]
fn when_no_plan_is_stable_the_search_says_so_with_the_optimum_s_least_core_value() {
    let s = Scenario::from_toml(&no_stable_plan_scenario(), "must.toml")
        .unwrap()
        .scenario;
    let opts = SolveOptions::default();
    let r = allocation::require_core(&s, &opts, &CoreOptions::default()).unwrap();
    assert_eq!(r.search.status, CoreStatus::NoStablePlan);
    assert!(r.stable.is_none() && r.search.plan_npv.is_none());
    let g = oracle_game(&s, &r.optimum, &[0, 1, 2]);
    let eps = game::least_core(&g).unwrap().epsilon;
    let reported = r.search.optimum_cooperations[0].epsilon;
    assert!(eps > 0.0);
    assert!(
        (reported - eps).abs() <= 1e-6 * g.scale(),
        "{reported} vs {eps}"
    );
    assert!(r.search.message.contains("No plan"), "{}", r.search.message);
}

#[test]
fn a_round_limit_is_reported_not_hidden() {
    let s = scenario(EMPTY_CORE);
    let options = CoreOptions {
        max_rounds: 1,
        ..Default::default()
    };
    let r = allocation::require_core(&s, &SolveOptions::default(), &options).unwrap();
    assert_eq!(r.search.status, CoreStatus::RoundLimit);
    assert!(r.stable.is_none());
    assert_eq!(r.search.excluded.len(), 1);
}

#[test]
fn cli_require_core() {
    let out = Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", EMPTY_CORE, "--require-core"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Core requirement (--require-core)"), "{text}");
    assert!(text.contains("a+b+c|helpdesk|informal"), "{text}");

    let out = Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", EMPTY_CORE, "--require-core", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["core"]["status"], "stable_plan_found");
    assert_eq!(doc["core"]["rounds"], 2);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("must.toml");
    std::fs::write(&path, no_stable_plan_scenario()).unwrap();
    let out = Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", path.to_str().unwrap(), "--require-core"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("No plan of this scenario admits a core allocation"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("unconstrained optimum"));

    let out = Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", EMPTY_CORE, "--require-core", "--split", "shapley"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Three partners of given sizes, two domains with U-shaped scale curves (sweet spots at
/// different volumes) and two forms: plans where partners share different domains with
/// different partners, so cooperations span several groups.
fn two_domain_scenario(sizes: [f64; 3], helpdesk: [f64; 2], servers: [f64; 2]) -> String {
    let partners: String = ["a", "b", "c"]
        .iter()
        .zip(sizes)
        .map(|(id, q)| {
            format!("[[partner]]\nid = \"{id}\"\nkind = \"gemeente\"\npopulation = {}\nstaff = {q}\nict_fte = 0\n", q * 10.0)
        })
        .collect();
    format!(
        r#"[scenario]
name = "two domains"
base_year = 2026
horizon = 4
discount_rate = 0.03
{partners}
[[domain]]
id = "helpdesk"
driver = "staff"
[domain.standalone]
fixed_cost = 100000
unit_cost = 100
[domain.shared]
fixed_cost = 100000
unit_cost = 100
scale = [[1800, {}], [3000, {}]]
[[domain]]
id = "servers"
driver = "population"
[domain.standalone]
fixed_cost = 60000
unit_cost = 5
[domain.shared]
fixed_cost = 70000
unit_cost = 5
scale = [[20000, {}], [30000, {}]]
[[form]]
id = "informal"
vat_rate = 0
[[form]]
id = "dv"
setup_cost = 20000
governance_fixed = 5000
vat_rate = 0
"#,
        helpdesk[0], helpdesk[1], servers[0], servers[1]
    )
}

#[test]
fn the_search_finds_the_cheapest_stable_plan_on_two_domain_scenarios() {
    let opts = SolveOptions::default();
    let cases = [
        ([1000.0, 1000.0, 1000.0], [0.667, 0.889], [0.6, 0.8]),
        ([1000.0, 1200.0, 800.0], [0.65, 0.9], [0.9, 0.7]),
        ([600.0, 1000.0, 1400.0], [0.7, 0.85], [0.55, 0.95]),
        ([900.0, 1100.0, 1000.0], [0.9, 0.7], [0.9, 0.7]),
        ([1000.0, 1000.0, 1500.0], [0.6, 0.95], [0.6, 0.95]),
    ];
    let mut changed = 0;
    for (i, (sizes, h, v)) in cases.into_iter().enumerate() {
        let text = two_domain_scenario(sizes, h, v);
        let s = Scenario::from_toml(&text, "two.toml").unwrap().scenario;
        let r = allocation::require_core(&s, &opts, &CoreOptions::default()).unwrap();
        let walk = cheapest_stable_by_walk(&s);
        match (&r.stable, walk) {
            (Some(found), Some(best)) => {
                let npv = found.evaluation.npv(&s);
                assert!(
                    (npv - best).abs() <= 1e-6 * best,
                    "case {i}: {npv} vs {best}"
                );
                assert!(stable(&s, found), "case {i}");
            }
            (None, None) => assert_eq!(r.search.status, CoreStatus::NoStablePlan, "case {i}"),
            (got, want) => panic!(
                "case {i}: search {:?}, walk {want:?}",
                got.as_ref().map(|o| o.evaluation.npv(&s))
            ),
        }
        if r.search.status == CoreStatus::StablePlanFound {
            changed += 1;
        }
    }
    assert!(changed >= 1, "at least one case must need the search");
}
