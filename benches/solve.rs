//! Criterion benchmarks of the hot paths on the example scenarios: building the column model
//! (candidate enumeration + costs + MILP rows) and solving it end to end, per solver; and
//! building the hub model of the regions.
//!
//! Run: `cargo bench --bench solve` (microlp) and `cargo bench --bench solve --features highs`.

use criterion::{Criterion, criterion_group, criterion_main};
use samen::Scenario;
use samen::solver::{SolveOptions, SolverChoice};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const SCENARIOS: &[&str] = &[
    "gemeente-ocmw",
    "kortenberg-machelen-tervuren",
    "region-leuven",
];

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"));
    Scenario::load(&path)
        .expect("example scenario is valid")
        .scenario
}

fn solvers() -> Vec<(&'static str, SolverChoice)> {
    let mut v = vec![("microlp", SolverChoice::Microlp)];
    if cfg!(feature = "highs") {
        v.push(("highs", SolverChoice::Highs));
    }
    v
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    for name in SCENARIOS {
        let s = load(name);
        g.bench_function(*name, |b| {
            b.iter(|| samen::solve::build_model(black_box(&s)).expect("builds"))
        });
    }
    g.finish();
}

/// The column model of the 30-partner arrondissement (groups of up to 4: 112,705 candidate
/// columns, 206,570 variables, 273,329 rows), which `auto` leaves to hubs: the build per
/// million variables of issue 17. The model is dropped outside the timing.
fn column_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("column_build");
    g.sample_size(10);
    let s = load("arrondissement-leuven");
    g.bench_function("arrondissement-leuven", |b| {
        b.iter_with_large_drop(|| samen::solve::build_model(black_box(&s)).expect("builds"))
    });
    g.finish();
}

fn solve(c: &mut Criterion) {
    for (solver_name, choice) in solvers() {
        let mut g = c.benchmark_group(format!("solve/{solver_name}"));
        g.sample_size(10).measurement_time(Duration::from_secs(10));
        for name in SCENARIOS {
            let s = load(name);
            let opts = SolveOptions {
                solver: choice,
                ..SolveOptions::default()
            };
            g.bench_function(*name, |b| {
                b.iter(|| samen::solve::optimise(black_box(&s), &opts).expect("solves"))
            });
        }
        g.finish();
    }
}

/// The hub formulation's model build on the generated arrondissement of Leuven (30
/// municipalities) and on region-leuven; solving the arrondissement is a documented manual
/// run (`solve --solver highs --time-limit 60`: see the README), since it does not finish.
fn hub_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("hub_build");
    g.sample_size(20);
    for name in ["region-leuven", "arrondissement-leuven"] {
        let s = load(name);
        let base = samen::evaluate::baseline_npv(&s);
        g.bench_function(name, |b| {
            b.iter(|| samen::formulation::hub::build(black_box(&s), &base).expect("builds"))
        });
    }
    g.finish();
}

/// The first pass of the cluster heuristic on the arrondissement of Leuven: four clusters of
/// eight municipalities solved exactly with columns (in parallel). The whole region-mode solve
/// is time-limited, so it is a documented manual run (README, "Regions").
fn cluster_first_pass(c: &mut Criterion) {
    let mut g = c.benchmark_group("cluster_first_pass");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    let s = load("arrondissement-leuven");
    let clusters = samen::solve::region::partition(&s, samen::solve::region::CLUSTER_SIZE);
    for (solver_name, choice) in solvers() {
        let opts = SolveOptions {
            solver: choice,
            threads: Some(1),
            ..SolveOptions::default()
        };
        g.bench_function(format!("arrondissement-leuven/{solver_name}"), |b| {
            b.iter(|| samen::solve::region::first_pass(black_box(&s), &clusters, &opts))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    build,
    column_build,
    solve,
    hub_build,
    cluster_first_pass
);
criterion_main!(benches);
