//! The scenario cost game and the fair splits: c(N) is the optimum of `samen solve`, every
//! split adds up to it, c(T) computed on the shared model equals a re-solve of the scenario
//! restricted to T, and a textbook game given directly gives its published values.

use samen::Scenario;
use samen::allocation::{self, CoalitionValues, Method};
use samen::solver::SolveOptions;

const TOL: f64 = 1e-6;

fn scenario(path: &str) -> Scenario {
    Scenario::load(std::path::Path::new(path)).unwrap().scenario
}

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
        let r = allocation::allocate_scenario(&s, &methods, &opts, 10, 50, 1, &|| {}).unwrap();
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
    let exact =
        allocation::allocate_scenario(&s, &[Method::Shapley], &opts, 10, 0, 1, &|| {}).unwrap();
    let sampled =
        allocation::allocate_scenario(&s, &[Method::Shapley], &opts, 2, 400, 7, &|| {}).unwrap();
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
