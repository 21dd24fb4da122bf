//! Criterion benchmarks of one [`Sampler::draw`] for 10 inputs (a mix of every continuous
//! marginal), independent and through a 10×10 correlation matrix, plain random and Latin
//! hypercube: the per-draw cost a risk analysis pays on top of its model evaluations.
//!
//! Run: `cargo bench --bench uncertainty`.

use criterion::{Criterion, criterion_group, criterion_main};
use nalgebra::DMatrix;
use samen::uncertainty::{Distribution, Method, Sampler};
use std::hint::black_box;

const DRAWS: usize = 10_000;

fn ten_inputs() -> Vec<Distribution> {
    let five = [
        Distribution::Uniform {
            low: 0.0,
            high: 1.0,
        },
        Distribution::Triangular {
            low: 1.0,
            mode: 2.0,
            high: 6.0,
        },
        Distribution::Pert {
            low: 10.0,
            mode: 12.0,
            high: 20.0,
        },
        Distribution::Normal {
            mean: 100.0,
            sd: 15.0,
        },
        Distribution::LogNormal {
            mu: 2.0,
            sigma: 0.5,
        },
    ];
    five.iter().chain(five.iter()).cloned().collect()
}

/// Equicorrelation 0.3: positive definite, so the factor is a Cholesky one.
fn correlation() -> DMatrix<f64> {
    DMatrix::from_fn(10, 10, |i, j| if i == j { 1.0 } else { 0.3 })
}

fn draw(c: &mut Criterion) {
    let corr = correlation();
    let mut g = c.benchmark_group("draw/10 inputs");
    for (name, method, matrix) in [
        ("random, independent", Method::Random, None),
        ("random, correlated", Method::Random, Some(&corr)),
        (
            "latin hypercube, correlated",
            Method::LatinHypercube,
            Some(&corr),
        ),
    ] {
        let s = Sampler::new(ten_inputs(), matrix, method, 1, DRAWS);
        let mut i = 0;
        g.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % DRAWS;
                s.draw(black_box(i))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, draw);
criterion_main!(benches);
