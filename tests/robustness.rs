//! Never panic, never hang: every input yields a result or an error. Mutates the example
//! scenarios and the fixtures byte-wise and structurally (extreme numbers, deleted keys,
//! duplicated tables), then parses, validates and, for small valid results, solves.
//!
//! `cargo test --test robustness` runs a quick pass; CI also runs the long pass
//! (`cargo test --release --test robustness -- --ignored`, at least 30 s).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use samen::Scenario;
use samen::solver::{SolveOptions, SolverChoice};
use std::time::{Duration, Instant};

fn seeds() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "tests/fixtures/infeasible",
        "tests/fixtures/invalid",
    ] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "toml") {
                out.push(std::fs::read_to_string(&p).expect("readable"));
            }
        }
    }
    assert!(!out.is_empty());
    out
}

/// Values that have broken parsers and models elsewhere.
const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "1e9",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "0.01",
    "9223372036854775807",
    "-9223372036854775808",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "true",
    "1.5",
    "2200",
    "1899",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at (position mod len) with this byte.
    Byte(usize, u8),
    /// Delete a range of bytes.
    Delete(usize, usize),
    /// Replace the value after the n-th `=` with an extreme value.
    Value(usize, usize),
    /// Delete the n-th line.
    Line(usize),
    /// Duplicate the n-th line.
    Dup(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<usize>(), prop::sample::select(b"=[]{}\",.#\n 0-9aZ\xc3\xa9".to_vec()))
            .prop_map(|(i, b)| Mutation::Byte(i, b)),
        1 => (any::<usize>(), 1usize..20).prop_map(|(i, n)| Mutation::Delete(i, n)),
        5 => (any::<usize>(), 0..EXTREMES.len()).prop_map(|(i, v)| Mutation::Value(i, v)),
        1 => any::<usize>().prop_map(Mutation::Line),
        1 => any::<usize>().prop_map(Mutation::Dup),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let n = bytes.len().max(1);
    match *m {
        Mutation::Byte(i, b) => {
            if !bytes.is_empty() {
                bytes[i % n] = b;
            }
        }
        Mutation::Delete(i, len) => {
            let start = i % n;
            let end = (start + len).min(bytes.len());
            bytes.drain(start.min(end)..end);
        }
        Mutation::Value(i, v) => {
            let lines: Vec<&str> = text.lines().collect();
            let with_eq: Vec<usize> = (0..lines.len())
                .filter(|&l| lines[l].contains('='))
                .collect();
            if with_eq.is_empty() {
                return text.to_string();
            }
            let target = with_eq[i % with_eq.len()];
            let out: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(l, line)| match (l == target, line.split_once('=')) {
                    (true, Some((key, _))) => format!("{key}= {}", EXTREMES[v]),
                    _ => line.to_string(),
                })
                .collect();
            return out.join("\n");
        }
        Mutation::Line(i) | Mutation::Dup(i) => {
            let mut lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let at = i % lines.len();
            if matches!(m, Mutation::Line(_)) {
                lines.remove(at);
            } else {
                lines.insert(at, lines[at]);
            }
            return lines.join("\n");
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Parse, validate and, when small, solve; check the invariants of any plan found.
fn exercise(text: &str) {
    let Ok(loaded) = Scenario::from_toml(text, "mutant.toml") else {
        return;
    };
    let s = loaded.scenario;
    if s.partners.len() > 6 || s.domains.len() > 4 || s.horizon > 15 {
        return;
    }
    let opts = SolveOptions {
        solver: SolverChoice::Microlp,
        time_limit: Some(5.0),
        ..SolveOptions::default()
    };
    if let Ok(out) = samen::solve::optimise(&s, &opts) {
        let ev = &out.evaluation;
        let npv = ev.npv(&s);
        let by_partner: f64 = ev.partners.iter().map(|p| p.ledger.npv(&s)).sum();
        let by_year: f64 = (0..=s.horizon).map(|t| s.discount(t) * ev.cash(t)).sum();
        let tol = 1e-6 * npv.abs().max(1.0);
        assert!(
            (npv - by_partner).abs() <= tol,
            "partners {by_partner} vs {npv}\n{text}"
        );
        assert!(
            (npv - by_year).abs() <= tol,
            "years {by_year} vs {npv}\n{text}"
        );
        assert!(ev.violations.is_empty(), "{:?}\n{text}", ev.violations);
    }
}

fn run(cases: u32, budget: Duration) {
    let seeds = seeds();
    let started = Instant::now();
    let mut round = 0u64;
    while round == 0 || started.elapsed() < budget {
        let config = Config {
            cases,
            rng_seed: RngSeed::Fixed(0x5a3e_u64 + round),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..4));
        runner
            .run(&strategy, |(i, muts)| {
                let mut text = seeds[i].clone();
                for m in &muts {
                    text = apply(&text, m);
                }
                exercise(&text);
                Ok(())
            })
            .unwrap();
        round += 1;
    }
}

#[test]
fn mutated_scenarios_never_panic() {
    run(300, Duration::ZERO);
}

/// The long pass CI runs in release mode: at least 30 seconds of mutations.
#[test]
#[ignore]
fn mutated_scenarios_never_panic_long() {
    run(500, Duration::from_secs(30));
}

#[test]
fn extreme_but_valid_magnitudes() {
    // Costs of 1e9 euro, 0.01 FTE: solved, or refused with a message; never a panic.
    let text = std::fs::read_to_string("tests/fixtures/infeasible/must_vs_never.toml").unwrap();
    let big = text
        .replace("fixed_cost = 10000", "fixed_cost = 1e9")
        .replace("[constraints]", "[constraints]\n");
    exercise(&big);
    let tiny = text.replace("staff = 80", "staff = 80\nict_fte = 0.01");
    exercise(&tiny);
}

#[test]
fn three_hundred_partners_are_checked_quickly_and_refused_for_solving() {
    let mut text = String::from("[scenario]\nname = \"big\"\nbase_year = 2026\nhorizon = 5\n");
    for i in 0..300 {
        text.push_str(&format!(
            "[[partner]]\nid = \"p{i}\"\nkind = \"gemeente\"\npopulation = {}\n",
            1000 + i
        ));
    }
    text.push_str("[[domain]]\nid = \"d\"\ndriver = \"population\"\n[domain.standalone]\nfixed_cost = 1\n[domain.shared]\nfixed_cost = 1\n[[form]]\nid = \"f\"\n");
    let s = Scenario::from_toml(&text, "big.toml").unwrap().scenario;
    let summary = samen::summary::summary(&s);
    assert!(
        summary.contains("above the column formulation's limit"),
        "{summary}"
    );
    let err = samen::solve::optimise_columns(&s, &SolveOptions::default()).unwrap_err();
    assert!(matches!(err, samen::Error::TooLarge(_)), "{err}");
    assert_eq!(
        samen::solve::Formulation::Auto.resolve(&s),
        samen::solve::Formulation::Hubs
    );
}
