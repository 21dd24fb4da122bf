//! `samen fit`: the least-squares calibration of a scale curve to benchmark points. Hand-
//! computed fits (free and convex), recovery of a known curve, the normalisation, the typed
//! errors (rank deficiency, too few points, malformed CSV with its line and column), the
//! convex fit's shape over random data (proptest), and the command line with a snapshot of
//! its table.

use assert_cmd::Command;
use predicates::prelude::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError, TestRunner};
use samen::analysis::fit::{self, FitError, FitOptions, FitReport, Point, Shape};

const BENCHMARK: &str = "data/benchmarks/ict-cost-per-inhabitant.csv";
/// The fit the trio's `servers` domain uses (see its comment in the scenario).
const SHIPPED: [&str; 8] = [
    "--breakpoints",
    "10000,30000,60000,150000",
    "--normalise-at",
    "10000",
    "--volume-factor",
    "0.02",
    "--format",
    "toml",
];

fn points(pairs: &[(f64, f64)]) -> Vec<Point> {
    (pairs.iter().enumerate())
        .map(|(i, &(volume, cost))| Point {
            volume,
            cost,
            weight: 1.0,
            source: None,
            line: i + 2,
        })
        .collect()
}

fn options(breakpoints: &[f64], shape: Shape) -> FitOptions {
    FitOptions {
        breakpoints: breakpoints.to_vec(),
        shape,
        ..FitOptions::default()
    }
}

fn costs(r: &FitReport) -> Vec<f64> {
    r.curve.iter().map(|c| c.cost).collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// Three points, two breakpoints at 1 and 3 (no interior breakpoint, so no convexity
/// constraint). The hat basis gives the rows (1, 0), (1/2, 1/2), (0, 1) and the normal
/// equations [[5/4, 1/4], [1/4, 5/4]] y = (1 + 3/2, 3/2 + 2) = (5/2, 7/2), so
/// y = (1.5, 2.5): fitted 1.5, 2, 2.5, residuals -0.5, 1, -0.5, RMS sqrt(1.5 / 3), and
/// R² = 1 - 1.5 / 2 (the costs' squared deviations from their mean 2 sum to 2).
#[test]
fn three_points_give_the_hand_computed_least_squares_line() {
    let pts = points(&[(1.0, 1.0), (2.0, 3.0), (3.0, 2.0)]);
    let r = fit::fit(&pts, &options(&[1.0, 3.0], Shape::Convex)).unwrap();
    assert!(close(r.curve[0].cost, 1.5, 1e-12) && close(r.curve[1].cost, 2.5, 1e-12));
    let residuals: Vec<f64> = r.points.iter().map(|p| p.residual).collect();
    for (got, want) in residuals.iter().zip([-0.5, 1.0, -0.5]) {
        assert!(close(*got, want, 1e-12), "{residuals:?}");
    }
    assert!(close(r.rms_residual, 0.5f64.sqrt(), 1e-12));
    assert!(close(r.r_squared.unwrap(), 0.25, 1e-12));
    // Normalised at the first breakpoint: multipliers 1 and 2.5 / 1.5.
    assert!(close(r.curve[1].multiplier, 5.0 / 3.0, 1e-12));
    assert_eq!(r.scale[0], [1.0, 1.0]);
}

/// Costs 1, 3, 1 at equally spaced breakpoints 1, 2, 3 (a peak): the free fit reproduces
/// them and warns that the curve is not convex; the convex fit is the projection of
/// (1, 3, 1) onto y0 - 2 y1 + y2 >= 0. The constraint is violated by -4, its normal
/// (1, -2, 1) has squared length 6, so y = (1, 3, 1) + 4/6 (1, -2, 1) = (5/3, 5/3, 5/3):
/// flat, the constraint binding at 2.
#[test]
fn the_convex_fit_of_a_peak_is_the_hand_computed_projection() {
    let pts = points(&[(1.0, 1.0), (2.0, 3.0), (3.0, 1.0)]);
    let free = fit::fit(&pts, &options(&[1.0, 2.0, 3.0], Shape::Free)).unwrap();
    for (got, want) in costs(&free).iter().zip([1.0, 3.0, 1.0]) {
        assert!(close(*got, want, 1e-9), "{:?}", costs(&free));
    }
    assert_eq!(free.warnings.len(), 1, "{:?}", free.warnings);
    assert!(
        free.warnings[0].contains("not convex at 2"),
        "{:?}",
        free.warnings
    );
    let convex = fit::fit(&pts, &options(&[1.0, 2.0, 3.0], Shape::Convex)).unwrap();
    for c in costs(&convex) {
        assert!(close(c, 5.0 / 3.0, 1e-9), "{:?}", costs(&convex));
    }
    assert_eq!(convex.binding, vec![2.0]);
    assert!(convex.warnings.is_empty(), "{:?}", convex.warnings);
}

/// A known convex curve on the default breakpoints.
fn known(v: f64) -> f64 {
    let curve = samen::scenario::ScaleCurve {
        points: vec![
            (5000.0, 120.0),
            (10000.0, 100.0),
            (20000.0, 88.0),
            (40000.0, 80.0),
            (60000.0, 77.0),
            (100000.0, 78.0),
            (200000.0, 90.0),
        ],
    };
    curve.multiplier(v)
}

#[test]
fn points_on_a_known_curve_are_recovered_by_both_shapes() {
    // Two points per segment and one beyond each end (where the curve is flat).
    let volumes = [
        1000.0, 5000.0, 7000.0, 9000.0, 12000.0, 18000.0, 25000.0, 35000.0, 45000.0, 55000.0,
        70000.0, 90000.0, 120000.0, 180000.0, 500000.0,
    ];
    let pts = points(&volumes.map(|v| (v, known(v))));
    for shape in [Shape::Convex, Shape::Free] {
        let r = fit::fit(&pts, &options(&fit::DEFAULT_BREAKPOINTS, shape)).unwrap();
        for c in &r.curve {
            assert!(close(c.cost, known(c.volume), 1e-9), "{shape:?}: {c:?}");
        }
        assert!(r.rms_residual < 1e-9, "{shape:?}: {}", r.rms_residual);
        assert!(close(r.r_squared.unwrap(), 1.0, 1e-9));
        assert!(r.binding.is_empty() && r.warnings.is_empty(), "{r:?}");
    }
}

#[test]
fn the_multiplier_is_one_at_the_normalisation_volume_and_scales_with_the_factor() {
    let volumes = [3000.0, 8000.0, 15000.0, 30000.0, 50000.0, 80000.0, 150000.0];
    let pts = points(&volumes.map(|v| (v, known(v))));
    let opts = FitOptions {
        normalise_at: Some(25000.0),
        ..options(&fit::DEFAULT_BREAKPOINTS, Shape::Convex)
    };
    let r = fit::fit(&pts, &opts).unwrap();
    assert!(close(r.unit_cost, known(25000.0), 1e-9));
    assert!(close(r.scale_curve().multiplier(25000.0), 1.0, 1e-12));
    // The multipliers are the costs over the cost at 25,000, whatever the volume unit.
    let users = fit::fit(
        &pts,
        &FitOptions {
            volume_factor: 0.02,
            ..opts
        },
    )
    .unwrap();
    assert!(close(users.scale_curve().multiplier(500.0), 1.0, 1e-12));
    assert!(close(users.scale[0][0], 100.0, 1e-12));
    for (u, i) in users.scale.iter().zip(&r.scale) {
        assert_eq!(u[1], i[1]);
    }
}

#[test]
fn a_breakpoint_without_a_point_of_its_own_is_a_typed_error_with_a_hint() {
    let pts = points(&[(10000.0, 100.0), (30000.0, 84.0), (60000.0, 78.0)]);
    // No point below 10,000: nothing determines the multiplier at 5,000.
    let e = fit::fit(&pts, &options(&[5000.0, 10000.0, 60000.0], Shape::Convex)).unwrap_err();
    match &e {
        FitError::RankDeficient {
            breakpoint,
            interval,
            ..
        } => {
            assert_eq!(*breakpoint, 5000.0);
            assert_eq!(interval, "below 10000");
        }
        other => panic!("{other:?}"),
    }
    let text = e.to_string();
    assert!(text.contains("no point lies below 10000"), "{text}");
    assert!(
        text.contains("hint: add a benchmark point below 10000, or drop 5000"),
        "{text}"
    );
    // Three points at two volumes cannot determine three breakpoints either.
    let twice = points(&[(15.0, 2.0), (15.0, 2.1), (25.0, 1.0)]);
    let e = fit::fit(&twice, &options(&[10.0, 20.0, 30.0], Shape::Free)).unwrap_err();
    assert!(
        matches!(e, FitError::RankDeficient { breakpoint, .. } if breakpoint == 30.0),
        "{e:?}"
    );
    assert!(e.to_string().contains("all needed"), "{e}");
}

#[test]
fn fewer_points_than_breakpoints_is_an_error_with_a_hint() {
    let pts = points(&[(10000.0, 100.0), (30000.0, 84.0)]);
    let e = fit::fit(&pts, &FitOptions::default()).unwrap_err();
    assert_eq!(
        e,
        FitError::TooFewPoints {
            points: 2,
            parameters: 7
        }
    );
    assert!(
        e.to_string()
            .contains("hint: add benchmark points or give fewer --breakpoints")
    );
}

#[test]
fn unusable_breakpoints_are_refused() {
    let pts = points(&[(1.0, 1.0), (2.0, 1.0), (3.0, 1.0)]);
    for b in [
        vec![1.0],
        vec![2.0, 1.0, 3.0],
        vec![1.0, 1.0, 3.0],
        vec![0.0, 2.0],
    ] {
        let e = fit::fit(&pts, &options(&b, Shape::Convex)).unwrap_err();
        assert!(matches!(e, FitError::Options { .. }), "{b:?}: {e:?}");
    }
}

fn diagnostic(text: &str) -> samen::error::Diagnostic {
    match fit::parse_points(text, "points.csv").unwrap_err() {
        FitError::Malformed(d) => *d,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_malformed_csv_is_located_by_line_and_column_with_a_hint() {
    // Line 1 is a comment: the lines counted are the file's own.
    let d = diagnostic("# benchmark\nvolume,cost,source\n10000,100,a\n30000,8x4,b\n");
    let loc = d.location.unwrap();
    assert_eq!(
        (d.file.as_str(), loc.line, loc.column),
        ("points.csv", 4, 7)
    );
    assert!(
        d.message.contains("cost `8x4` is not a positive number"),
        "{}",
        d.message
    );
    assert!(d.hint.is_some());
    let rendered = samen::error::render(&[d]);
    assert!(rendered.contains("--> points.csv:4:7"), "{rendered}");

    let d = diagnostic("volume,cost\n10000,100\n20000\n");
    assert_eq!(d.location.unwrap().line, 3);
    assert!(
        d.message.contains("1 field(s), the header 2"),
        "{}",
        d.message
    );

    let d = diagnostic("volume,cost,wieght\n10000,100,1\n");
    assert_eq!(d.location.unwrap().column, 13);
    assert_eq!(d.hint.as_deref(), Some("did you mean `weight`?"));

    let d = diagnostic("volume,weight\n10000,1\n");
    assert!(d.message.contains("no `cost` column"), "{}", d.message);
    let d = diagnostic("volume,cost\n-5,100\n");
    assert_eq!(
        (d.location.unwrap().line, d.location.unwrap().column),
        (2, 1)
    );
}

#[test]
fn the_shipped_benchmark_reads_with_weights_and_sources() {
    let text = std::fs::read_to_string(BENCHMARK).unwrap();
    let pts = fit::parse_points(&text, BENCHMARK).unwrap();
    assert_eq!(pts.len(), 5);
    assert!(pts.iter().all(|p| p.weight == 1.0 && p.source.is_some()));
    // "Quoted, with a comma" stays one field; an empty weight is 1.
    let pts = fit::parse_points("volume,source,cost,weight\n5,\"a, b\",7,\n", "x").unwrap();
    assert_eq!(
        (pts[0].source.as_deref(), pts[0].cost, pts[0].weight),
        (Some("a, b"), 7.0, 1.0)
    );
    // Excel in Belgium: `;` between fields, decimal comma; errors located in that layout.
    let pts = fit::parse_points("volume;cost\n10000;101,4\n30000;84\n", "be.csv").unwrap();
    assert_eq!((pts[0].cost, pts[1].volume), (101.4, 30000.0));
    let d = diagnostic("volume;cost\n10000;1o1,4\n");
    assert_eq!(d.location.unwrap().column, 7);
}

/// Breakpoints, then points placed so that each breakpoint has one of its own (so the fit is
/// determined) and a few anywhere, with random costs and weights.
fn random_case() -> impl Strategy<Value = (Vec<f64>, Vec<Point>)> {
    let gaps = prop::collection::vec(1.0f64..50.0, 2..7);
    (
        gaps,
        prop::collection::vec((0.0f64..1.0, 1.0f64..200.0, 0.1f64..5.0), 12),
    )
        .prop_map(|(gaps, draws)| {
            let b: Vec<f64> = gaps
                .iter()
                .scan(0.0, |x, g| {
                    *x += g;
                    Some(*x)
                })
                .collect();
            let span = b[b.len() - 1] * 1.2;
            let pts = (draws.iter().enumerate())
                .map(|(i, &(u, cost, weight))| Point {
                    volume: b.get(i).copied().unwrap_or(u * span + 0.01),
                    cost,
                    weight,
                    source: None,
                    line: i + 2,
                })
                .collect();
            (b, pts)
        })
}

/// Weighted squared residuals of the curve through `costs` at the breakpoints `b`.
fn sse(b: &[f64], costs: &[f64], pts: &[Point]) -> f64 {
    let curve = samen::scenario::ScaleCurve {
        points: b.iter().copied().zip(costs.iter().copied()).collect(),
    };
    let r = |p: &Point| p.cost - curve.multiplier(p.volume);
    pts.iter().map(|p| p.weight * r(p) * r(p)).sum()
}

/// The convex fit never has a falling slope, and it lies between the free fit (no
/// constraint, never worse) and the best flat curve (convex, so never better). Compared
/// before normalisation, since a free fit of random data may be negative where it would be
/// normalised.
fn check_convex(b: &[f64], pts: &[Point]) -> Result<(), TestCaseError> {
    let c = fit::fit_costs(pts, &options(b, Shape::Convex)).unwrap();
    let free = fit::fit_costs(pts, &options(b, Shape::Free)).unwrap();
    let scale = c.iter().fold(1.0f64, |m, x| m.max(x.abs()));
    for k in 1..b.len() - 1 {
        let left = (c[k] - c[k - 1]) / (b[k] - b[k - 1]);
        let right = (c[k + 1] - c[k]) / (b[k + 1] - b[k]);
        prop_assert!(
            right - left >= -1e-9 * scale,
            "slope falls at {}: {c:?}",
            b[k]
        );
    }
    let w: f64 = pts.iter().map(|p| p.weight).sum();
    let mean = pts.iter().map(|p| p.weight * p.cost).sum::<f64>() / w;
    let flat = sse(b, &vec![mean; b.len()], pts);
    let (free, convex) = (sse(b, &free, pts), sse(b, &c, pts));
    let tol = 1e-9 * (1.0 + flat);
    prop_assert!(free <= convex + tol, "free {free} > convex {convex}");
    prop_assert!(convex <= flat + tol, "convex {convex} > flat {flat}");
    let best = best_convex_by_enumeration(b, pts);
    prop_assert!(
        (convex - best).abs() <= tol,
        "convex {convex}, enumeration {best}"
    );
    Ok(())
}

/// The convex optimum by brute force: the constrained optimum is the free fit on the
/// breakpoints where its slope changes (dropping a breakpoint is fixing its slope change at
/// zero), so the best convex one among the free fits on every subset of the interior
/// breakpoints is the optimum.
fn best_convex_by_enumeration(b: &[f64], pts: &[Point]) -> f64 {
    let interior = b.len() - 2;
    let mut best = f64::INFINITY;
    for mask in 0..1u32 << interior {
        let kept: Vec<f64> = (b.iter().enumerate())
            .filter(|&(k, _)| k == 0 || k == b.len() - 1 || mask & (1 << (k - 1)) != 0)
            .map(|(_, &v)| v)
            .collect();
        let c = fit::fit_costs(pts, &options(&kept, Shape::Free)).unwrap();
        let scale = c.iter().fold(1.0f64, |m, x| m.max(x.abs()));
        let convex = (1..kept.len() - 1).all(|k| {
            let left = (c[k] - c[k - 1]) / (kept[k] - kept[k - 1]);
            let right = (c[k + 1] - c[k]) / (kept[k + 1] - kept[k]);
            right - left >= -1e-9 * scale
        });
        if convex {
            best = best.min(sse(&kept, &c, pts));
        }
    }
    best
}

#[test]
fn the_convex_fit_never_has_a_negative_second_difference() {
    let mut runner = TestRunner::new(Config {
        cases: 300,
        rng_seed: RngSeed::Fixed(0x5CA1_E2026),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    });
    runner
        .run(&random_case(), |(b, pts)| check_convex(&b, &pts))
        .unwrap();
}

fn samen() -> Command {
    Command::cargo_bin("samen").unwrap()
}

#[test]
fn cli_fits_the_shipped_benchmark_and_prints_the_table() {
    let out = samen()
        .args([
            "fit",
            BENCHMARK,
            "--breakpoints",
            "10000,30000,60000,150000",
        ])
        .args(["--normalise-at", "10000", "--volume-factor", "0.02"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("fit_table", String::from_utf8(out.stdout).unwrap());
}

/// The `scale = ...` lines of the trio's `servers` domain are what the command in
/// their comment prints: the scenario cannot drift from its benchmark silently.
#[test]
fn the_trio_servers_curve_is_the_fit_its_comment_names() {
    let out = samen()
        .args(["fit", BENCHMARK])
        .args(SHIPPED)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml = String::from_utf8(out.stdout).unwrap();
    let line = toml.lines().find(|l| l.starts_with("scale = ")).unwrap();
    let scenario = std::fs::read_to_string("scenarios/kortenberg-machelen-tervuren.toml").unwrap();
    let domain = scenario
        .split("[[domain]]")
        .find(|d| d.contains("id = \"servers\""))
        .unwrap();
    let lines: Vec<&str> = domain
        .lines()
        .filter(|l| l.starts_with("scale = "))
        .collect();
    assert_eq!(lines.len(), 2, "standalone and shared sheet: {lines:?}");
    for l in lines {
        assert!(l.starts_with(line), "{l}\nvs fit: {line}");
    }
    assert!(domain.contains(&format!("samen fit {BENCHMARK} {}", SHIPPED.join(" "))));
}

#[test]
fn cli_json_and_errors() {
    let out = samen()
        .args([
            "fit",
            BENCHMARK,
            "--breakpoints",
            "10000,60000",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["shape"], "convex");
    assert_eq!(v["points"].as_array().unwrap().len(), 5);
    assert!(v["r_squared"].as_f64().is_some() && v["rms_residual"].as_f64().is_some());
    // The default breakpoints start at 5,000, below every shipped point.
    samen()
        .args(["fit", BENCHMARK, "--breakpoints", "5000,10000,60000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no point lies below 10000"))
        .stderr(predicate::str::contains(
            "hint: add a benchmark point below 10000",
        ));
    samen()
        .args(["fit", BENCHMARK])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "5 point(s) cannot determine 7 breakpoint(s)",
        ));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "volume,cost\n10000,100\n20000,lots\n").unwrap();
    samen()
        .args(["fit", bad.to_str().unwrap(), "--breakpoints", "10000,20000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.csv:3:7"))
        .stderr(predicate::str::contains(
            "cost `lots` is not a positive number",
        ));
    // A free fit that is not convex is fitted, with a warning.
    let peak = dir.path().join("peak.csv");
    std::fs::write(&peak, "volume,cost\n1,1\n2,3\n3,1\n").unwrap();
    samen()
        .args([
            "fit",
            peak.to_str().unwrap(),
            "--breakpoints",
            "1,2,3",
            "--shape",
            "free",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: the fitted curve is not convex at 2",
        ));
}
