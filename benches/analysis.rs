//! Criterion benchmarks of the scale analyses on the trio scenario
//! (`scenarios/kortenberg-machelen-tervuren.toml`, six partners, six domains): `compare` on the
//! base and four of its alternatives, and the scale curve (N solves overall and N per domain).
//! Each iteration takes seconds, so the samples are few and flat (one iteration each).
//!
//! Run: `cargo bench --bench analysis` (microlp).

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use samen::Scenario;
use samen::analysis::compare::{Variant, compare};
use samen::solver::SolveOptions;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const TRIO: &str = "scenarios/kortenberg-machelen-tervuren.toml";

/// The four alternatives the issue names: one town with its OCMW, the trio without Machelen,
/// informal cooperation only, one formal association.
const FOUR: &[&str] = &[
    "Kortenberg + OCMW",
    "trio without Machelen",
    "informal only",
    "formal association",
];

fn variants() -> (Vec<Variant>, Vec<String>) {
    let loaded =
        Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(TRIO)).expect("valid scenario");
    let ids = loaded
        .scenario
        .partners
        .iter()
        .map(|p| p.id.clone())
        .collect();
    let mut v = vec![Variant {
        name: "base".into(),
        description: String::new(),
        scenario: loaded.scenario,
    }];
    for name in FOUR {
        let a = loaded
            .alternatives
            .iter()
            .find(|a| a.name == *name)
            .unwrap_or_else(|| panic!("the trio scenario has no alternative `{name}`"));
        v.push(Variant {
            name: a.name.clone(),
            description: a.description.clone(),
            scenario: a.scenario.clone(),
        });
    }
    (v, ids)
}

fn analysis(c: &mut Criterion) {
    let mut g = c.benchmark_group("analysis");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    let opts = SolveOptions::default();
    let (variants, ids) = variants();
    g.bench_function("compare trio + 4 alternatives", |b| {
        b.iter(|| compare(black_box(&variants), &ids, &opts).expect("solves"))
    });
    let trio = variants[0].scenario.clone();
    g.bench_function("scale trio", |b| {
        b.iter(|| samen::analysis::scale::scale(black_box(&trio), &opts).expect("solves"))
    });
    g.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
