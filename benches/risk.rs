//! Criterion benchmarks of the uncertainty analyses on the trio scenario
//! (`scenarios/kortenberg-machelen-tervuren.toml`, six partners, six domains, six uncertain
//! inputs, one correlation): fixed-plan draws (each draw applied to the validated scenario and
//! the recommended plan priced by `evaluate`), serial and parallel, and re-optimised draws
//! (each draw solved again with microlp).
//!
//! Run: `cargo bench --bench risk`. Draws per second = draws / time per iteration.

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use samen::Scenario;
use samen::analysis::risk::{optimum_npvs, sampler, savings};
use samen::solve;
use samen::solver::SolveOptions;
use samen::uncertainty::Method;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const TRIO: &str = "scenarios/kortenberg-machelen-tervuren.toml";
/// Draws per iteration of the fixed-plan benchmarks.
const FIXED: usize = 1000;
/// Draws per iteration of the re-optimised benchmarks.
const RESOLVED: usize = 20;

fn uncertainty(c: &mut Criterion) {
    let loaded =
        Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(TRIO)).expect("valid scenario");
    let (s, u) = (&loaded.scenario, &loaded.uncertainty);
    let opts = SolveOptions::default();
    let plan = solve::optimise(s, &opts).expect("the trio solves").plan;
    let mut g = c.benchmark_group("risk_trio");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    let fixed = sampler(u, FIXED, Method::Random, 1);
    for (name, parallel) in [
        ("fixed_plan_1000_serial", false),
        ("fixed_plan_1000_parallel", true),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(savings(s, u, &plan, &fixed, parallel)))
        });
    }
    let resolved = sampler(u, RESOLVED, Method::Random, 1);
    let one = SolveOptions {
        threads: Some(1),
        ..opts
    };
    for (name, parallel) in [
        ("reoptimised_20_serial", false),
        ("reoptimised_20_parallel", true),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(optimum_npvs(s, u, &resolved, &one, parallel)))
        });
    }
    g.finish();
}

criterion_group!(benches, uncertainty);
criterion_main!(benches);
