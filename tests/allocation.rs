//! The scenario cost game and the fair splits: c(N) is the optimum of `samen solve`, every
//! split adds up to it, c(T) computed on the shared model equals a re-solve of the scenario
//! restricted to T, and a textbook game given directly gives its published values.

mod common;

use common::load as scenario;
use samen::Scenario;
use samen::analysis::allocation::{self, CoalitionValues, Method};
use samen::solver::SolveOptions;

const TOL: f64 = 1e-6;

#[test]
fn every_split_adds_up_to_the_optimum_and_c_n_is_the_optimum() {
    for path in ["tests/fixtures/small.toml", "scenarios/gemeente-ocmw.toml"] {
        let s = scenario(path);
        let opts = SolveOptions::default();
        let optimum = samen::solve::optimise(&s, &opts)
            .unwrap()
            .evaluation
            .npv(&s);
        let methods = allocation::parse_methods("all").unwrap();
        let r = allocation::allocate_scenario(
            &s,
            &allocation::SplitRequest {
                methods: methods.to_vec(),
                exact_limit: 10,
                samples: 50,
                seed: 1,
                scope: allocation::Scope::Whole,
            },
            &opts,
            &|| {},
        )
        .unwrap();
        assert!((r.total - optimum).abs() <= TOL * optimum, "{path}");
        assert_eq!(r.splits.len(), 5, "{path}");
        for sp in &r.splits {
            let sum: f64 = sp.shares.iter().sum();
            assert!(
                (sum - optimum).abs() <= TOL * optimum,
                "{path}: {} sums to {sum}",
                sp.method
            );
        }
        // The nucleolus is in the core whenever the core is non-empty.
        if r.core_nonempty == Some(true) {
            let nucleolus = r.splits.iter().find(|s| s.method == "nucleolus").unwrap();
            assert_eq!(nucleolus.in_core, Some(true), "{path}");
        }
    }
}

#[test]
fn coalition_values_on_the_shared_model_equal_restricted_re_solves() {
    let s = scenario("tests/fixtures/small.toml");
    let opts = SolveOptions::default();
    let cv = CoalitionValues::new(&s, &opts).unwrap();
    for t in 1u32..8 {
        let members: Vec<usize> = (0..3).filter(|p| t & (1 << p) != 0).collect();
        let restricted = s.restricted_to(&members);
        let direct = samen::solve::optimise(&restricted, &opts)
            .unwrap()
            .evaluation
            .npv(&restricted);
        let shared = cv.value(t).unwrap();
        assert!(
            (shared - direct).abs() <= TOL * direct,
            "T={t:03b}: {shared} vs {direct}"
        );
    }
}

#[test]
fn sampled_shapley_is_close_to_exact_on_a_scenario() {
    let s = scenario("tests/fixtures/small.toml");
    let opts = SolveOptions::default();
    let exact = allocation::allocate_scenario(
        &s,
        &allocation::SplitRequest {
            methods: [Method::Shapley].to_vec(),
            exact_limit: 10,
            samples: 0,
            seed: 1,
            scope: allocation::Scope::Whole,
        },
        &opts,
        &|| {},
    )
    .unwrap();
    let sampled = allocation::allocate_scenario(
        &s,
        &allocation::SplitRequest {
            methods: [Method::Shapley].to_vec(),
            exact_limit: 2,
            samples: 400,
            seed: 7,
            scope: allocation::Scope::Whole,
        },
        &opts,
        &|| {},
    )
    .unwrap();
    let (e, sp) = (&exact.splits[0], &sampled.splits[0]);
    let se = sp.std_error.as_ref().unwrap();
    for ((x, y), se) in e.shares.iter().zip(&sp.shares).zip(se) {
        assert!((x - y).abs() <= 4.0 * se + 1e-6 * x, "{x} vs {y} ± {se}");
    }
    assert!(!sampled.exact);
}

#[test]
fn the_glove_game_from_a_file() {
    let text = std::fs::read_to_string("tests/fixtures/games/glove.toml").unwrap();
    let (players, g) = allocation::parse_game(&text, "glove.toml").unwrap();
    let none = |_: &str| None;
    let methods = [Method::Shapley, Method::Nucleolus];
    let r = allocation::allocate_game(&players, &g, &methods, &none, None).unwrap();
    let expect = [[2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0], [1.0, 0.0, 0.0]];
    for (sp, want) in r.splits.iter().zip(expect) {
        for (x, w) in sp.shares.iter().zip(want) {
            assert!((x - w).abs() < 1e-9, "{}: {:?}", sp.method, sp.shares);
        }
    }
    assert_eq!(
        r.splits[0].in_core,
        Some(false),
        "Shapley is blocked by a glove pair"
    );
    assert_eq!(r.splits[1].in_core, Some(true));
}

#[test]
fn a_game_file_with_gaps_is_refused_with_the_missing_coalitions() {
    let text = "players = [\"a\", \"b\"]\nkind = \"cost\"\n[values]\n\"a\" = 1\n\"a+c\" = 2\n";
    let err = allocation::parse_game(text, "g.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown player `c`"), "{err}");
    let text = "players = [\"a\", \"b\"]\n[values]\n\"a\" = 1\n\"b\" = 2\n";
    let err = allocation::parse_game(text, "g.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("1 coalition value(s) missing, e.g. a+b"),
        "{err}"
    );
}

/// The scenario with `keep` partners kept in house for every domain: they are in no group.
fn with_outsiders(path: &str, keep: &[&str]) -> Scenario {
    let mut s = scenario(path);
    for id in keep {
        let p = s.partner_index(id).unwrap();
        s.constraints.keep_in_house.push((p, None));
    }
    s
}

#[test]
fn a_partner_in_no_group_pays_exactly_its_cost_alone_under_every_method() {
    let cases = [
        ("tests/fixtures/small.toml", &["c"][..]),
        ("scenarios/gemeente-ocmw.toml", &[][..]),
        (
            "scenarios/kortenberg-machelen-tervuren.toml",
            &["tervuren", "ocmw-machelen"][..],
        ),
    ];
    let mut methods = allocation::parse_methods("all").unwrap();
    methods.push(Method::Key("population".into()));
    methods.push(Method::Prenucleolus);
    for (path, keep) in cases {
        let s = with_outsiders(path, keep);
        let opts = SolveOptions::default();
        let optimum = samen::solve::optimise(&s, &opts).unwrap();
        let plan_npv = optimum.evaluation.npv(&s);
        let in_group: Vec<usize> = optimum
            .plan
            .groups
            .iter()
            .flat_map(|g| g.members.clone())
            .collect();
        let r = allocation::allocate_plan(
            &s,
            &optimum,
            &allocation::SplitRequest {
                methods: methods.to_vec(),
                exact_limit: 10,
                samples: 50,
                seed: 1,
                scope: allocation::Scope::Cooperations,
            },
            &opts,
            &|| {},
        )
        .unwrap();
        for sp in r.splits.iter().filter(|sp| !sp.shares.is_empty()) {
            let sum: f64 = sp.shares.iter().sum();
            assert!(
                (sum - plan_npv).abs() <= TOL * plan_npv,
                "{path} {}: {sum} vs {plan_npv}",
                sp.method
            );
            for p in (0..s.partners.len()).filter(|p| !in_group.contains(p)) {
                assert!(
                    (sp.shares[p] - r.standalone[p]).abs() <= TOL * r.standalone[p],
                    "{path} {}: outsider {} pays {} against {} alone",
                    sp.method,
                    s.partners[p].id,
                    sp.shares[p],
                    r.standalone[p]
                );
                assert!(sp.savings[p].abs() <= TOL * r.standalone[p]);
            }
        }
        for p in keep {
            assert!(
                !in_group.contains(&s.partner_index(p).unwrap()),
                "{path}: {p} is in a group"
            );
        }
    }
}

#[test]
fn a_fixed_key_splits_each_groups_bill_among_its_members_only() {
    // In the trio the OCMWs have no population: key:population is left out of `all` with the
    // reason, and when asked for, it charges the OCMWs nothing of their groups' bills.
    let s = scenario("scenarios/kortenberg-machelen-tervuren.toml");
    let opts = SolveOptions::default();
    let optimum = samen::solve::optimise(&s, &opts).unwrap();
    let all = allocation::parse_methods("all").unwrap();
    let r = allocation::allocate_plan(
        &s,
        &optimum,
        &allocation::SplitRequest {
            methods: all.to_vec(),
            exact_limit: 10,
            samples: 50,
            seed: 1,
            scope: allocation::Scope::Cooperations,
        },
        &opts,
        &|| {},
    )
    .unwrap();
    let pop = r
        .splits
        .iter()
        .find(|sp| sp.method == "key:population")
        .unwrap();
    assert!(pop.shares.is_empty());
    assert!(pop.note.as_deref().unwrap().contains("left out of `all`"));
    let asked = allocation::allocate_plan(
        &s,
        &optimum,
        &allocation::SplitRequest {
            methods: [Method::Key("population".into())].to_vec(),
            exact_limit: 10,
            samples: 50,
            seed: 1,
            scope: allocation::Scope::Cooperations,
        },
        &opts,
        &|| {},
    )
    .unwrap();
    let sp = &asked.splits[0];
    assert!(sp.note.as_deref().unwrap().starts_with("warning:"));
    // An OCMW pays exactly what it keeps in house: its plan NPV minus its part of every bill.
    let ev = &optimum.evaluation;
    let o = s.partner_index("ocmw-kortenberg").unwrap();
    let mut own = ev.partners[o].ledger.npv(&s);
    for (gi, g) in optimum.plan.groups.iter().enumerate() {
        if let Some(i) = g.members.iter().position(|&p| p == o) {
            // Its part of the group's bill: what it pays for the domain less what it pays on
            // its own before the group starts.
            let col = &ev.groups[gi];
            let (before, _) = samen::costs::standalone_before(&s, o, col.domain, col.start);
            own -= col.ledgers[i].npv(&s) - before.npv(&s);
        }
    }
    for v in ev.vehicles.iter() {
        if let Some(i) = v.members.iter().position(|&p| p == o) {
            own -= v.ledgers[i].npv(&s);
        }
    }
    assert!(
        (sp.shares[o] - own).abs() <= 1e-6 * own.abs().max(1.0),
        "{} vs {own}",
        sp.shares[o]
    );
}

#[test]
fn allocate_and_require_core_give_the_same_nucleolus_per_cooperation() {
    for path in [
        "scenarios/kortenberg-machelen-tervuren.toml",
        "tests/fixtures/core/empty-core.toml",
    ] {
        let s = scenario(path);
        let opts = SolveOptions::default();
        let r = allocation::require_core(&s, &opts, &allocation::CoreOptions::default()).unwrap();
        let Some(found) = r.stable.as_ref() else {
            continue;
        };
        let a = allocation::allocate_plan(
            &s,
            found,
            &allocation::SplitRequest {
                methods: [Method::Nucleolus].to_vec(),
                exact_limit: 10,
                samples: 0,
                seed: 1,
                scope: allocation::Scope::Cooperations,
            },
            &opts,
            &|| {},
        )
        .unwrap();
        assert_eq!(
            a.cooperations.len(),
            r.search.plan_cooperations.len(),
            "{path}"
        );
        for c in &r.search.plan_cooperations {
            let x = c.core_split.as_ref().unwrap();
            for (id, want) in c.members.iter().zip(x) {
                let p = s.partner_index(id).unwrap();
                let got = a.splits[0].shares[p];
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs(),
                    "{path} {id}: {got} vs {want}"
                );
            }
        }
        assert_eq!(a.splits[0].in_core, Some(true), "{path}");
    }
}

/// `solve --split` and the council report solve the plan while the spare core values the
/// split's coalitions: the split is the one of the plan solved alone, to the last digit, and
/// the plan is the one `optimise` returns (a scenario with no provider, so every coalition of
/// two or more is a sub-solve; the trio is slower but the same code path).
#[test]
fn a_split_solved_with_its_coalitions_valued_ahead_is_the_split_of_the_plan_alone() {
    for path in ["tests/fixtures/small.toml", "scenarios/gemeente-ocmw.toml"] {
        let s = scenario(path);
        let opts = SolveOptions::default();
        let req = allocation::SplitRequest::new(vec![Method::Shapley, Method::Nucleolus]);
        let alone = samen::solve::optimise(&s, &opts).unwrap();
        let plain = allocation::allocate_plan(&s, &alone, &req, &opts, &|| {}).unwrap();
        let (optimum, ahead) =
            allocation::solve_valuing_ahead(&s, &req, &opts, || samen::solve::optimise(&s, &opts))
                .unwrap();
        assert_eq!(optimum.plan, alone.plan, "{path}");
        let split = allocation::allocate_ahead(&s, &optimum, &req, &opts, &|| {}, ahead).unwrap();
        let text = |r: &allocation::AllocationReport| serde_json::to_string(r).unwrap();
        assert_eq!(text(&split), text(&plain), "{path}");
    }
}
