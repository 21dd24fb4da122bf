//! The example scenarios in `scenarios/`: each is valid, solves, produces a non-trivial plan
//! (some domains shared, some not), conserves money, and, under the `highs` feature, both
//! solvers reach the same optimum (MIP gap 0).

use samen::Scenario;
use samen::solve::Outcome;
use samen::solver::{SolveOptions, SolverChoice};
use std::path::PathBuf;

const TOL: f64 = 1e-6;

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

fn solve(s: &Scenario, solver: SolverChoice) -> Outcome {
    let opts = SolveOptions {
        solver,
        mip_gap: 0.0,
        ..SolveOptions::default()
    };
    samen::solve::optimise(s, &opts).unwrap_or_else(|e| panic!("{}: {e}", s.name))
}

#[test]
fn the_three_example_scenarios_exist() {
    let names: Vec<String> = examples()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "gemeente-ocmw.toml",
        "kortenberg-machelen-tervuren.toml",
        "region-leuven.toml",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "missing scenarios/{required}: {names:?}"
        );
    }
}

#[test]
fn every_example_is_valid_without_warnings() {
    for path in examples() {
        let loaded = Scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {}",
            path.display(),
            samen::error::render(&loaded.warnings)
        );
    }
}

#[test]
fn every_example_has_a_non_trivial_plan_that_conserves_money() {
    for path in examples() {
        let s = Scenario::load(&path).unwrap().scenario;
        let out = solve(&s, SolverChoice::Microlp);
        let ev = &out.evaluation;
        let npv = ev.npv(&s);
        let shared: std::collections::BTreeSet<usize> =
            out.plan.groups.iter().map(|g| g.domain).collect();
        assert!(!shared.is_empty(), "{}: nothing is shared", path.display());
        assert!(
            shared.len() < s.domains.len(),
            "{}: every domain is shared",
            path.display()
        );
        let by_partner: f64 = ev.partners.iter().map(|p| p.ledger.npv(&s)).sum();
        let by_year: f64 = (0..=s.horizon).map(|t| s.discount(t) * ev.cash(t)).sum();
        assert!((by_partner - npv).abs() <= TOL * npv, "{}", path.display());
        assert!((by_year - npv).abs() <= TOL * npv, "{}", path.display());
        assert!(
            (out.info.objective - npv).abs() <= TOL * npv,
            "{}",
            path.display()
        );
        assert!(
            npv <= ev.baseline_npv(&s) * (1.0 + TOL),
            "{}",
            path.display()
        );
        assert!(ev.violations.is_empty());
    }
}

#[cfg(feature = "highs")]
#[test]
fn both_solvers_agree_on_every_example() {
    for path in examples() {
        let s = Scenario::load(&path).unwrap().scenario;
        let a = solve(&s, SolverChoice::Microlp).evaluation.npv(&s);
        let b = solve(&s, SolverChoice::Highs).evaluation.npv(&s);
        assert!(
            (a - b).abs() <= TOL * a.abs(),
            "{}: microlp {a} vs highs {b}",
            path.display()
        );
    }
}
