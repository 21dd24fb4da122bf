//! Never panic, never hang: every input yields a result or an error. Mutates the example
//! scenarios and the fixtures byte-wise and structurally (extreme numbers, deleted or
//! duplicated lines, dropped or duplicated tables, values swapped between keys, keys moved to
//! other tables), then parses, validates, renders every diagnostic and, for small valid
//! results, builds and solves. Plan and game files get the same treatment.
//!
//! `cargo test --test robustness` runs a quick pass; CI also runs the long pass
//! (`cargo test --release --test robustness -- --ignored`, at least 30 s).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use samen::Scenario;
use samen::error::{Error, render};
use samen::solver::{SolveOptions, SolverChoice};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn seeds() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "tests/fixtures",
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
    /// Drop the n-th table (its `[header]` line up to the next header).
    DropTable(usize),
    /// Append a copy of the n-th table at the end (a second `[scenario]`, a partner twice).
    DupTable(usize),
    /// Swap the values of the i-th and j-th `key = value` lines (a name where a number goes).
    Swap(usize, usize),
    /// Give the i-th `key = value` line the key of the j-th (keys in the wrong table,
    /// duplicate keys).
    Rekey(usize, usize),
    /// Multiply the i-th plain number by a factor (mostly still valid: different costs,
    /// budgets, sizes, so that the model builder and the solver see new cases).
    Scale(usize, f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<usize>(), prop::sample::select(b"=[]{}\",.#\n 0-9aZ\xc3\xa9".to_vec()))
            .prop_map(|(i, b)| Mutation::Byte(i, b)),
        1 => (any::<usize>(), 1usize..20).prop_map(|(i, n)| Mutation::Delete(i, n)),
        5 => (any::<usize>(), 0..EXTREMES.len()).prop_map(|(i, v)| Mutation::Value(i, v)),
        1 => any::<usize>().prop_map(Mutation::Line),
        1 => any::<usize>().prop_map(Mutation::Dup),
        1 => any::<usize>().prop_map(Mutation::DropTable),
        1 => any::<usize>().prop_map(Mutation::DupTable),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Mutation::Swap(i, j)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Mutation::Rekey(i, j)),
        4 => (any::<usize>(), prop::sample::select(vec![0.0, 0.1, 0.5, 0.9, 1.1, 2.0, 10.0, 1e3, -1.0]))
            .prop_map(|(i, f)| Mutation::Scale(i, f)),
    ]
}

/// Indices of the lines that open a table: `[name]` or `[[name]]` at the start of a line
/// (indented brackets belong to multi-line arrays).
fn table_starts(lines: &[&str]) -> Vec<usize> {
    (0..lines.len())
        .filter(|&l| lines[l].starts_with('['))
        .collect()
}

/// The line range of the n-th table (mod the number of tables).
fn table(lines: &[&str], n: usize) -> Option<std::ops::Range<usize>> {
    let starts = table_starts(lines);
    if starts.is_empty() {
        return None;
    }
    let k = n % starts.len();
    let end = starts.get(k + 1).copied().unwrap_or(lines.len());
    Some(starts[k]..end)
}

/// Indices of the `key = value` lines.
fn assignments(lines: &[&str]) -> Vec<usize> {
    (0..lines.len())
        .filter(|&l| !lines[l].starts_with('[') && lines[l].contains('='))
        .collect()
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
        Mutation::DropTable(n) | Mutation::DupTable(n) => {
            let mut lines: Vec<&str> = text.lines().collect();
            let Some(range) = table(&lines, n) else {
                return text.to_string();
            };
            if matches!(m, Mutation::DropTable(_)) {
                lines.drain(range);
            } else {
                let copy: Vec<&str> = lines[range].to_vec();
                lines.extend(copy);
            }
            return lines.join("\n");
        }
        Mutation::Swap(i, j) | Mutation::Rekey(i, j) => {
            let lines: Vec<&str> = text.lines().collect();
            let with_eq = assignments(&lines);
            if with_eq.is_empty() {
                return text.to_string();
            }
            let (a, b) = (with_eq[i % with_eq.len()], with_eq[j % with_eq.len()]);
            let (Some((ka, va)), Some((kb, vb))) =
                (lines[a].split_once('='), lines[b].split_once('='))
            else {
                return text.to_string();
            };
            let (new_a, new_b) = if matches!(m, Mutation::Swap(..)) {
                (format!("{ka}={vb}"), format!("{kb}={va}"))
            } else {
                (format!("{kb}={va}"), lines[b].to_string())
            };
            let out: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(l, line)| {
                    if l == a {
                        new_a.clone()
                    } else if l == b {
                        new_b.clone()
                    } else {
                        line.to_string()
                    }
                })
                .collect();
            return out.join("\n");
        }
        Mutation::Scale(i, factor) => {
            let lines: Vec<&str> = text.lines().collect();
            let numeric: Vec<usize> = assignments(&lines)
                .into_iter()
                .filter(|&l| {
                    lines[l]
                        .split_once('=')
                        .is_some_and(|(_, v)| v.trim().parse::<f64>().is_ok())
                })
                .collect();
            if numeric.is_empty() {
                return text.to_string();
            }
            let target = numeric[i % numeric.len()];
            let out: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(l, line)| match (l == target, line.split_once('=')) {
                    (true, Some((key, v))) => {
                        let v: f64 = v.trim().parse().unwrap_or(0.0);
                        // Integers stay integers where the factor allows (years, counts).
                        let scaled = v * factor;
                        if scaled.fract() == 0.0 && scaled.abs() < 1e15 {
                            format!("{key}= {}", scaled as i64)
                        } else {
                            format!("{key}= {scaled}")
                        }
                    }
                    _ => line.to_string(),
                })
                .collect();
            return out.join("\n");
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Every diagnostic renders (the renderer sees every odd position and line the mutations
/// make) and points inside the text.
fn check_diagnostics(text: &str, diagnostics: &[samen::error::Diagnostic]) {
    let lines = text.lines().count().max(1);
    for d in diagnostics {
        if let Some(loc) = d.location {
            assert!(loc.line >= 1 && loc.line <= lines + 1, "{d:?}\n{text}");
            assert!(loc.column >= 1, "{d:?}\n{text}");
        }
    }
    let shown = render(diagnostics);
    assert!(!shown.contains('\u{1b}'), "{shown}");
}

/// How far a mutant got, for the tally of a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reached {
    /// Refused with diagnostics (rendered).
    Invalid,
    /// Valid, but too large to solve in the harness.
    Valid,
    /// Built and solved: a plan, with its invariants checked.
    Solved,
    /// Built; the solver found no plan (infeasible, explained, or a limit).
    NoPlan,
}

/// Parse, validate and, when small, solve; check the invariants of any plan found.
fn exercise(text: &str) -> Reached {
    let loaded = match Scenario::from_toml(text, "mutant.toml") {
        Ok(loaded) => loaded,
        Err(Error::Invalid { diagnostics, .. }) => {
            assert!(
                !diagnostics.is_empty(),
                "an error without a diagnostic\n{text}"
            );
            check_diagnostics(text, &diagnostics);
            return Reached::Invalid;
        }
        Err(other) => panic!("loading gave {other} instead of diagnostics\n{text}"),
    };
    check_diagnostics(text, &loaded.warnings);
    let s = loaded.scenario;
    if s.partners.len() > 6 || s.domains.len() > 4 || s.horizon > 15 {
        return Reached::Valid;
    }
    let opts = SolveOptions {
        solver: SolverChoice::Microlp,
        time_limit: Some(5.0),
        ..SolveOptions::default()
    };
    let Ok(out) = samen::solve::optimise(&s, &opts) else {
        return Reached::NoPlan;
    };
    {
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
    Reached::Solved
}

/// Runs rounds of `cases` mutants (a new seed each round) until `budget` has passed, at least
/// one round; returns how many mutants reached each stage.
fn run(cases: u32, budget: Duration) -> BTreeMap<Reached, usize> {
    let seeds = seeds();
    let valid: Vec<usize> = (0..seeds.len())
        .filter(|&i| Scenario::from_toml(&seeds[i], "seed.toml").is_ok())
        .collect();
    assert!(!valid.is_empty());
    let started = Instant::now();
    let tally = RefCell::new(BTreeMap::new());
    let mut round = 0u64;
    while round == 0 || started.elapsed() < budget {
        let config = Config {
            cases,
            rng_seed: RngSeed::Fixed(0x5a3e_u64 + round),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        // Three in four mutants start from a valid seed, so that enough of them get past
        // validation into the model builder and the solver.
        let seed = prop_oneof![
            3 => prop::sample::select(valid.clone()),
            1 => 0..seeds.len(),
        ];
        let strategy = (seed, prop::collection::vec(mutation(), 1..4));
        runner
            .run(&strategy, |(i, muts)| {
                let mut text = seeds[i].clone();
                for m in &muts {
                    text = apply(&text, m);
                }
                *tally.borrow_mut().entry(exercise(&text)).or_insert(0) += 1;
                Ok(())
            })
            .unwrap();
        round += 1;
    }
    let tally = tally.into_inner();
    // Shown with `-- --nocapture`: what a pass ran.
    eprintln!(
        "mutation harness: {} mutants in {round} round(s), {:.1} s: {tally:?}",
        tally.values().sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    tally
}

#[test]
fn mutated_scenarios_never_panic() {
    let tally = run(300, Duration::ZERO);
    // A harness whose mutants never get past the parser, or never reach the solver, proves
    // little: each stage must be reached.
    for stage in [Reached::Invalid, Reached::Solved] {
        assert!(tally.get(&stage).is_some_and(|&n| n > 0), "{tally:?}");
    }
}

/// The long pass CI runs in release mode: at least 30 seconds of mutations.
#[test]
#[ignore]
fn mutated_scenarios_never_panic_long() {
    run(500, Duration::from_secs(30));
}

/// Plan files (against the small scenario, then evaluated) and game files (then their Shapley
/// values): mutated the same way, every one parses or yields rendered diagnostics.
#[test]
fn mutated_plan_and_game_files_never_panic() {
    let scenario = Scenario::from_toml(
        &std::fs::read_to_string("tests/fixtures/small.toml").unwrap(),
        "small.toml",
    )
    .unwrap()
    .scenario;
    let mut files = Vec::new();
    for dir in ["tests/fixtures/plans", "tests/fixtures/games"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths {
            files.push((dir.ends_with("plans"), std::fs::read_to_string(&p).unwrap()));
        }
    }
    let config = Config {
        cases: 300,
        rng_seed: RngSeed::Fixed(0x9a3e),
        failure_persistence: None,
        ..Config::default()
    };
    let strategy = (0..files.len(), prop::collection::vec(mutation(), 1..4));
    TestRunner::new(config)
        .run(&strategy, |(i, muts)| {
            let (is_plan, seed) = &files[i];
            let mut text = seed.clone();
            for m in &muts {
                text = apply(&text, m);
            }
            let outcome = if *is_plan {
                samen::plan::parse_plan(&text, "mutant.toml", &scenario).map(|plan| {
                    samen::evaluate::evaluate(&scenario, &plan);
                })
            } else {
                samen::analysis::allocation::parse_game(&text, "mutant.toml").map(
                    |(players, game)| {
                        if players.len() <= 8 {
                            samen::game::shapley(&game);
                        }
                    },
                )
            };
            match outcome {
                Ok(()) => {}
                Err(Error::Invalid { diagnostics, .. }) => check_diagnostics(&text, &diagnostics),
                Err(other) => panic!("{other}\n{text}"),
            }
            Ok(())
        })
        .unwrap();
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
    let summary = samen::report::summary::summary(&s);
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
