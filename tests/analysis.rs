//! Properties of the analyses: the scale curve never rises as the size limit grows and ends
//! at the unconstrained optimum; domain priorities of a one-domain scenario equal the total
//! saving.

use samen::Scenario;
use samen::analysis::{priorities::priorities, scale};
use samen::solver::SolveOptions;

const TOL: f64 = 1e-6;

fn small() -> Scenario {
    Scenario::load(std::path::Path::new("tests/fixtures/small.toml"))
        .unwrap()
        .scenario
}

#[test]
fn scale_curve_never_rises_and_ends_at_the_optimum() {
    let s = small();
    let opts = SolveOptions::default();
    let r = scale::scale(&s, &opts).unwrap();
    let optimum = samen::solve::optimise(&s, &opts)
        .unwrap()
        .evaluation
        .npv(&s);
    for c in std::iter::once(&r.overall).chain(&r.per_domain) {
        let npvs: Vec<f64> = c.points.iter().map(|p| p.npv.unwrap()).collect();
        for w in npvs.windows(2) {
            assert!(w[1] <= w[0] + TOL * w[0].abs(), "{}: {npvs:?}", c.scope);
        }
        assert!(
            (npvs[0] - c.baseline_npv).abs() <= TOL * c.baseline_npv,
            "size 1 = everyone alone"
        );
    }
    let last = r.overall.points.last().unwrap().npv.unwrap();
    assert!((last - optimum).abs() <= TOL * optimum);
    // The sample scenario's overall optimum uses the full group, so every step pays.
    assert_eq!(r.overall.stops_paying_at, Some(3));
}

#[test]
fn priorities_of_a_single_domain_equal_the_total_saving() {
    let s = scale::only_domain(&small(), 0);
    let p = priorities(&s, &SolveOptions::default()).unwrap();
    assert_eq!(p.domains.len(), 1);
    let saving = p.domains[0].saving.unwrap();
    assert!((saving - (p.baseline_npv - p.optimum_npv)).abs() <= TOL * p.baseline_npv);
    assert!(
        saving > 0.0,
        "the servers domain is shared in this scenario"
    );
}

#[test]
fn priorities_rank_by_saving() {
    let p = priorities(&small(), &SolveOptions::default()).unwrap();
    let savings: Vec<f64> = p.domains.iter().map(|d| d.saving.unwrap()).collect();
    assert!(savings.windows(2).all(|w| w[0] >= w[1]), "{savings:?}");
    assert_eq!(p.domains[0].domain, "servers");
    assert!(p.domains[0].shared_in_optimum);
}
