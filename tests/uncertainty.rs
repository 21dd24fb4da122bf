//! Risk and sensitivity analyses against their oracles: zero-width inputs reproduce the
//! deterministic result exactly, the result does not depend on the thread count, an input no
//! cost uses has no swing, break-even values bracket the change they report, and the
//! `[[uncertain]]` blocks are validated like every other table.

mod common;

use samen::analysis::risk::{self, RiskOptions, RiskReport};
use samen::analysis::sensitivity::{self, SensitivityOptions};
use samen::evaluate::evaluate;
use samen::scenario::{Loaded, Scenario};
use samen::solve;
use samen::solver::{SolveOptions, SolverChoice};
use samen::uncertainty::{Method, correlation};

const UNCERTAIN: &str = "tests/fixtures/uncertain.toml";

fn loaded(path: &str) -> Loaded {
    Scenario::load(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The small scenario with the given uncertain blocks (TOML), loaded.
fn with_blocks(blocks: &str) -> Result<Loaded, samen::Error> {
    let dir = tempfile::tempdir().unwrap();
    let small = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, format!("{small}\n{blocks}")).unwrap();
    Scenario::load(&path)
}

fn solve_opts() -> SolveOptions {
    SolveOptions {
        solver: SolverChoice::Microlp,
        ..SolveOptions::default()
    }
}

fn risk_opts(draws: usize, reoptimise: bool) -> RiskOptions {
    RiskOptions {
        draws,
        seed: 7,
        method: Method::Random,
        reoptimise,
        best: 3,
        solve: solve_opts(),
    }
}

fn run_risk(l: &Loaded, opts: &RiskOptions) -> RiskReport {
    risk::risk(l, opts, &|| {}).unwrap()
}

/// Zero-width distributions of every kind, factor and value: every draw is the scenario as
/// written, bit for bit.
const ZERO_WIDTH: &str = r#"
[[uncertain]]
name = "cost"
set = ["domain.*.shared.unit_cost", "domain.servers.shared.capex_fixed"]
distribution = "pert"
low = 1.0
mode = 1.0
high = 1.0

[[uncertain]]
name = "integration"
set = ["domain.*.shared.integration_per_member"]
distribution = "lognormal"
median = 1.0
p95 = 1.0

[[uncertain]]
name = "rate"
set = ["scenario.discount_rate"]
as = "value"
distribution = "normal"
mean = 0.03
sd = 0.0

[[uncertain]]
name = "staff"
set = ["partner.*.ict_fte"]
distribution = "uniform"
low = 1.0
high = 1.0

[[correlation]]
between = ["cost", "integration"]
coefficient = 0.8
"#;

#[test]
fn zero_width_inputs_reproduce_the_deterministic_result_exactly() {
    let l = with_blocks(ZERO_WIDTH).unwrap();
    let r = run_risk(&l, &risk_opts(25, true));
    let d = &r.deterministic;
    let optimum = solve::optimise(&l.scenario, &solve_opts()).unwrap();
    let ev = evaluate(&l.scenario, &optimum.plan);
    assert_eq!(d.npv, ev.npv(&l.scenario));
    assert_eq!(d.alone, ev.baseline_npv(&l.scenario));
    for (stats, value) in [(&r.npv, d.npv), (&r.alone, d.alone), (&r.saving, d.saving)] {
        assert_eq!((stats.min, stats.max), (value, value), "{stats:?}");
    }
    assert!(r.savings.iter().all(|s| *s == d.saving));
    let re = r.reoptimised.as_ref().unwrap();
    assert_eq!((re.solved, re.same_plan), (25, 1.0));
    assert_eq!(re.regret_vs_resolved_optimum.max, 0.0);
}

#[test]
fn the_same_seed_gives_the_same_result_on_one_and_two_threads() {
    let l = loaded(UNCERTAIN);
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let r = run_risk(&l, &risk_opts(60, true));
            (serde_json::to_string(&r).unwrap(), r.savings)
        })
    };
    assert_eq!(on(1), on(2));
}

#[test]
fn conservation_partners_savings_sum_to_the_total_in_every_statistic_of_the_mean() {
    let l = loaded(UNCERTAIN);
    let r = run_risk(&l, &risk_opts(200, false));
    let partners: f64 = r.partners.iter().map(|p| p.saving.mean).sum();
    assert!(
        common::close(partners, r.saving.mean, 1e-9),
        "{partners} vs {}",
        r.saving.mean
    );
    let written: f64 = r.partners.iter().map(|p| p.deterministic_saving).sum();
    assert!(common::close(written, r.deterministic.saving, 1e-9));
    assert!(r.npv.p5 <= r.npv.p50 && r.npv.p50 <= r.npv.p95);
    assert!(
        r.npv.worst_5pct_mean >= r.npv.p95,
        "the worst 5% of costs are the highest"
    );
    assert!(
        r.saving.worst_5pct_mean <= r.saving.p5,
        "the worst 5% of savings are the lowest"
    );
}

/// The saving's distribution against a hand-built Monte Carlo: the same draws applied by
/// hand and priced by `evaluate` give the same savings.
#[test]
fn each_draw_is_the_scenario_with_the_drawn_numbers_set_by_hand() {
    let l = loaded(UNCERTAIN);
    let r = run_risk(&l, &risk_opts(5, false));
    let sampler = risk::sampler(&l.uncertainty, 5, Method::Random, 7);
    let plan = solve::optimise(&l.scenario, &solve_opts()).unwrap().plan;
    for i in 0..5 {
        let x = sampler.draw(i);
        let mut s = l.scenario.clone();
        for d in &mut s.domains {
            d.shared.fixed_cost *= x[0];
            d.shared.unit_cost *= x[0];
            d.shared.integration_per_member *= x[1];
            d.growth = x[3];
        }
        for f in &mut s.forms {
            f.setup_cost *= x[1];
        }
        s.salary_per_fte = x[2];
        let ev = evaluate(&s, &plan);
        let saving = ev.baseline_npv(&s) - ev.npv(&s);
        assert!(common::close(r.savings[i], saving, 1e-12), "draw {i}");
    }
}

const BUDGET_ONLY: &str = r#"
[[uncertain]]
name = "budget"
set = ["partner.a.budget"]
distribution = "uniform"
low = 0.5
high = 2.0
"#;

#[test]
fn an_input_that_no_priced_cost_uses_has_zero_swing() {
    let small = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
    let with_budget = small.replacen("ict_fte = 3\n", "ict_fte = 3\nbudget = 1e9\n", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.toml");
    std::fs::write(&path, format!("{with_budget}\n{BUDGET_ONLY}")).unwrap();
    let l = Scenario::load(&path).unwrap();
    let opts = SensitivityOptions {
        draws: 50,
        seed: 1,
        method: Method::LatinHypercube,
        solve: solve_opts(),
    };
    let r = sensitivity::sensitivity(&l, &opts, &|| {}).unwrap();
    let t = &r.tornado[0];
    assert_eq!(t.swing, 0.0);
    assert_eq!((t.low.saving, t.high.saving), (r.saving, r.saving));
    assert!(t.low.optimum_change.is_none() && t.high.optimum_change.is_none());
    assert_eq!(r.importance[0].srrc, 0.0);
    assert!(r.break_even[0].saving_zero.is_none() && r.break_even[0].plan_change.is_none());
}

/// The small fixture with its shared costs uncertain over a range wide enough to change the
/// optimum, and the sensitivity options of the tests that use it.
fn shared_cost_swing() -> (Loaded, SensitivityOptions) {
    let l = with_blocks(
        r#"
[[uncertain]]
name = "shared cost"
set = ["domain.*.shared.fixed_cost", "domain.*.shared.unit_cost", "domain.*.shared.capex_fixed"]
distribution = "uniform"
low = 0.5
high = 4.0
"#,
    )
    .unwrap();
    let opts = SensitivityOptions {
        draws: 20,
        seed: 1,
        method: Method::Random,
        solve: solve_opts(),
    };
    (l, opts)
}

/// At a reported break-even minus and plus its tolerance, the two sides it claims hold: the
/// plan saves on one side and not on the other; the optimum is the recommended plan on one
/// side and another plan on the other.
#[test]
fn break_even_values_bracket_the_change_they_report() {
    let (l, opts) = shared_cost_swing();
    let r = sensitivity::sensitivity(&l, &opts, &|| {}).unwrap();
    let b = &r.break_even[0];
    let input = &l.uncertainty.inputs[0];
    let at = |x: f64| {
        let mut s = l.scenario.clone();
        input.apply(&mut s, x);
        s
    };
    let recommended = solve::optimise(&l.scenario, &solve_opts()).unwrap().plan;
    let zero = b
        .saving_zero
        .expect("four times the shared cost stops the saving");
    let saves = |x: f64| {
        let s = at(x);
        let ev = evaluate(&s, &recommended);
        ev.baseline_npv(&s) > ev.npv(&s)
    };
    assert_ne!(
        saves(zero - b.saving_tolerance),
        saves(zero + b.saving_tolerance)
    );
    assert!(b.saving_tolerance <= 3.5 * sensitivity::SAVING_TOLERANCE);
    let change = b
        .plan_change
        .expect("the optimum changes as sharing gets dearer");
    let optimum = |x: f64| solve::optimise(&at(x), &solve_opts()).unwrap().plan;
    let (below, above) = (
        optimum(change - b.plan_tolerance),
        optimum(change + b.plan_tolerance),
    );
    assert_ne!(
        below == recommended,
        above == recommended,
        "{change} ± {}",
        b.plan_tolerance
    );
    assert!(b.plan_tolerance <= 3.5 * sensitivity::PLAN_TOLERANCE);
}

#[test]
fn inconsistent_correlations_are_repaired_to_a_consistent_matrix_with_a_warning() {
    let blocks = r#"
[[uncertain]]
name = "x"
set = ["scenario.salary_per_fte"]
distribution = "uniform"
low = 0.9
high = 1.1
[[uncertain]]
name = "y"
set = ["domain.*.shared.unit_cost"]
distribution = "uniform"
low = 0.9
high = 1.1
[[uncertain]]
name = "z"
set = ["domain.*.shared.fixed_cost"]
distribution = "uniform"
low = 0.9
high = 1.1
[[correlation]]
between = ["x", "y"]
coefficient = 0.9
[[correlation]]
between = ["x", "z"]
coefficient = 0.9
[[correlation]]
between = ["y", "z"]
coefficient = -0.9
"#;
    let l = with_blocks(blocks).unwrap();
    let m = l.uncertainty.correlation.as_ref().unwrap();
    assert!(correlation::is_psd(m));
    assert!((0..3).all(|i| m[(i, i)] == 1.0));
    let w = l
        .warnings
        .iter()
        .find(|w| w.path == "correlation")
        .expect("a warning");
    assert!(w.message.contains("nearest consistent"), "{}", w.message);
    assert!(w.message.contains("x ~ y: 0.9 -> "), "{}", w.message);
}

#[test]
fn a_scenario_without_uncertain_inputs_is_a_usage_error_with_an_example() {
    let l = loaded("tests/fixtures/small.toml");
    let e = risk::risk(&l, &risk_opts(10, false), &|| {}).unwrap_err();
    assert!(matches!(e, samen::Error::Usage(_)));
    assert!(e.to_string().contains("[[uncertain]]"), "{e}");
}

/// Every wrong block gets a located error with a hint; each line names the key path and a
/// word of the message.
#[test]
fn wrong_uncertain_blocks_get_located_errors() {
    let cases = [
        (
            "set = [\"partner.x.ict_fte\"]\ndistribution = \"uniform\"\nlow = 1\nhigh = 1",
            "unknown partner `x`",
        ),
        (
            "set = [\"domain.servers.shared.unit_cots\"]\ndistribution = \"uniform\"\nlow = 1\nhigh = 1",
            "did you mean `unit_cost`",
        ),
        (
            "set = [\"scenario.salary_per_fte\"]\ndistribution = \"perts\"\nlow = 1\nhigh = 1",
            "did you mean `pert`",
        ),
        (
            "set = [\"scenario.salary_per_fte\"]\ndistribution = \"pert\"\nlow = 1\nhigh = 2",
            "needs `mode`",
        ),
        (
            "set = [\"scenario.salary_per_fte\"]\ndistribution = \"uniform\"\nlow = 1\nhigh = 2\nsd = 3",
            "has no `sd`",
        ),
        (
            "set = [\"scenario.salary_per_fte\"]\ndistribution = \"pert\"\nlow = 1.2\nmode = 1\nhigh = 2",
            "invalid",
        ),
        (
            "set = [\"scenario.discount_rate\"]\nas = \"value\"\ndistribution = \"uniform\"\nlow = -2\nhigh = 0.05",
            "beyond its limit",
        ),
        (
            "set = [\"scenario.salary_per_fte\"]\nas = \"factr\"\ndistribution = \"uniform\"\nlow = 1\nhigh = 2",
            "did you mean `factor`",
        ),
        (
            "set = [\"partner.a.budget\"]\ndistribution = \"uniform\"\nlow = 1\nhigh = 2",
            "has no `budget`",
        ),
        (
            "set = [\"domain.*.shared.unit_cost\"]\ndistribution = \"discrete\"\nvalues = [1, 2]\nweights = [1]",
            "one weight per value",
        ),
    ];
    for (body, expected) in cases {
        let e = with_blocks(&format!("[[uncertain]]\nname = \"u\"\n{body}\n"))
            .expect_err(body)
            .to_string();
        assert!(e.contains(expected), "{body}\n---\n{e}");
        assert!(e.contains("s.toml:"), "located: {e}");
    }
    let pair = "[[uncertain]]\nname = \"u\"\nset = [\"scenario.salary_per_fte\"]\ndistribution = \"uniform\"\nlow = 1\nhigh = 2\n\
                [[correlation]]\nbetween = [\"u\", \"v\"]\ncoefficient = 1.5\n";
    let e = with_blocks(pair).unwrap_err().to_string();
    assert!(
        e.contains("unknown uncertain input `v`") && e.contains("not 1.5"),
        "{e}"
    );
}

#[test]
fn a_number_moved_by_two_inputs_is_an_error_naming_both() {
    let e = with_blocks(
        "[[uncertain]]\nname = \"all\"\nset = [\"domain.*.shared.unit_cost\"]\ndistribution = \"uniform\"\nlow = 0.8\nhigh = 1.5\n\
         [[uncertain]]\nname = \"servers\"\nset = [\"domain.servers.shared.unit_cost\"]\ndistribution = \"uniform\"\nlow = 0.9\nhigh = 1.1\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("`domain.servers.shared.unit_cost` is moved by `all` and by `servers`"),
        "{e}"
    );
}

/// The alternatives' plans are candidates in the base's indices: an alternative that keeps
/// two of three partners has its groups among exactly those partners' ids.
#[test]
fn an_alternatives_plan_is_a_candidate_under_the_same_partner_ids() {
    let base = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
    let alt = "[[alternative]]\nname = \"b and c\"\ninclude = [\"b\", \"c\"]\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alt.toml");
    let blocks = std::fs::read_to_string(UNCERTAIN)
        .unwrap()
        .replace("extends = \"small.toml\"", "");
    std::fs::write(&path, format!("{base}\n{alt}\n{blocks}")).unwrap();
    let l = Scenario::load(&path).unwrap();
    let alternative = &l.alternatives[0];
    let own = solve::optimise(&alternative.scenario, &solve_opts())
        .unwrap()
        .plan;
    assert!(!own.groups.is_empty(), "the pair shares something");
    let r = run_risk(&l, &risk_opts(10, false));
    let c = (r.candidates.iter())
        .find(|c| c.alternative.as_deref() == Some("b and c"))
        .expect("the alternative's plan is a candidate");
    let expected: Vec<String> = (own.groups.iter())
        .map(|g| samen::rules::group_name(&alternative.scenario, &g.members, g.domain, g.form))
        .collect();
    assert_eq!(c.groups, expected);
    assert!(
        c.groups
            .iter()
            .all(|g| !g.starts_with("a+") && !g.contains("+a|")),
        "{:?}",
        c.groups
    );
}

/// A value as written outside the input's range: the break-even is measured from the
/// scenario as written, so the change is reported at the range's edge.
#[test]
fn a_value_as_written_outside_the_range_breaks_even_at_the_edge() {
    let l = with_blocks(
        "[[uncertain]]\nname = \"dear sharing\"\nset = [\"domain.*.shared.fixed_cost\", \"domain.*.shared.unit_cost\", \"domain.*.shared.capex_fixed\"]\ndistribution = \"uniform\"\nlow = 6.0\nhigh = 8.0\n",
    )
    .unwrap();
    let opts = SensitivityOptions {
        draws: 10,
        seed: 1,
        method: Method::Random,
        solve: solve_opts(),
    };
    let r = sensitivity::sensitivity(&l, &opts, &|| {}).unwrap();
    let b = &r.break_even[0];
    assert!(b.saves_as_written);
    assert_eq!(
        (b.saving_zero, b.saving_tolerance),
        (Some(6.0), 0.0),
        "{b:?}"
    );
    assert_eq!((b.plan_change, b.plan_tolerance), (Some(6.0), 0.0), "{b:?}");
}

/// The analysis of a proven optimum skips the re-solve of each input at its value as written;
/// the report is the one of the same plan analysed with every point solved.
#[test]
fn an_optimum_analysed_without_its_re_solves_as_written_gives_the_same_report() {
    let (l, opts) = shared_cost_swing();
    let outcome = solve::optimise(&l.scenario, &opts.solve).unwrap();
    let recommended = sensitivity::Recommended::of(&outcome);
    assert!(matches!(recommended, sensitivity::Recommended::Optimum(_)));
    let skipped = sensitivity::sensitivity_of(&l, recommended, &opts, &|| {}).unwrap();
    let every_point = sensitivity::Recommended::Plan(&outcome.plan);
    let solved = sensitivity::sensitivity_of(&l, every_point, &opts, &|| {}).unwrap();
    assert!(
        skipped.break_even[0].plan_change.is_some(),
        "a change to find"
    );
    let json = |r| serde_json::to_string(r).unwrap();
    assert_eq!(json(&skipped), json(&solved));
}
