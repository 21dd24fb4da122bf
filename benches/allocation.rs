//! Criterion benchmarks of the fair split's hot path: every coalition value of the trio
//! scenario (6 partners, 63 sub-solves on the shared model), on the default rayon pool and on
//! one thread (the parallel speed-up), and the nucleolus of the resulting game.
//!
//! Run: `cargo bench --bench allocation`. Few samples: one enumeration takes seconds.

use criterion::{Criterion, criterion_group, criterion_main};
use samen::Scenario;
use samen::analysis::allocation::CoalitionValues;
use samen::solver::SolveOptions;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn trio() -> Scenario {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kortenberg-machelen-tervuren.toml");
    Scenario::load(&path)
        .expect("example scenario is valid")
        .scenario
}

/// All 2^6 coalition values from scratch (a fresh memo each time).
fn enumerate(s: &Scenario, opts: &SolveOptions) -> samen::game::Game {
    CoalitionValues::new(s, opts)
        .expect("prepares")
        .game(&|| {})
        .expect("every coalition solves")
}

fn coalition_values(c: &mut Criterion) {
    let s = trio();
    let opts = SolveOptions::default();
    let mut g = c.benchmark_group("coalition_values/trio");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("parallel", |b| b.iter(|| enumerate(black_box(&s), &opts)));
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    g.bench_function("serial", |b| {
        b.iter(|| one.install(|| enumerate(black_box(&s), &opts)))
    });
    g.finish();
}

fn nucleolus(c: &mut Criterion) {
    let game = enumerate(&trio(), &SolveOptions::default());
    let mut g = c.benchmark_group("nucleolus");
    g.sample_size(10);
    g.bench_function("trio", |b| {
        b.iter(|| samen::game::nucleolus(black_box(&game)).expect("nucleolus"))
    });
    g.finish();
}

criterion_group!(benches, coalition_values, nucleolus);
criterion_main!(benches);
