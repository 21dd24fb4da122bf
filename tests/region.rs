//! Region mode of the hub formulation: the cluster heuristic and the gap against the MILP's
//! bound. Oracles: the column formulation (exact) on parts small enough to enumerate, and the
//! evaluator on every plan.

mod common;

use common::load;
use samen::Scenario;
use samen::formulation::hub;
use samen::plan::{Group, Plan};
use samen::solve::{self, Formulation, region};
use samen::solver::SolveOptions;

/// The first 18 municipalities of the arrondissement (region mode: more than 16 partners),
/// with only the given domains.
fn region_of_18(domains: &[&str]) -> Scenario {
    let keep: Vec<usize> = (0..18).collect();
    let ids: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
    load("scenarios/arrondissement-leuven.toml")
        .restricted_to(&keep)
        .only_domains(&ids)
        .unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1.0)
}

#[test]
fn partition_covers_every_partner_once_in_clusters_of_the_size_asked() {
    let s = load("scenarios/arrondissement-leuven.toml");
    let clusters = region::partition(&s, 8);
    let mut seen: Vec<usize> = clusters.iter().flatten().copied().collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..s.partners.len()).collect::<Vec<_>>());
    assert!(clusters.iter().all(|c| !c.is_empty() && c.len() <= 8));
    assert_eq!(clusters.len(), 4); // 30 partners: 8 + 8 + 8 + 6
    // Geographic: a cluster's members lie closer to each other than the region's extremes.
    let km = |a: usize, b: usize| samen::costs::partner_km(&s, a, b);
    let widest = (0..s.partners.len())
        .flat_map(|a| (0..s.partners.len()).map(move |b| (a, b)))
        .map(|(a, b)| km(a, b))
        .fold(0.0, f64::max);
    for c in &clusters {
        let spread = c
            .iter()
            .flat_map(|&a| c.iter().map(move |&b| (a, b)))
            .map(|(a, b)| km(a, b))
            .fold(0.0, f64::max);
        assert!(
            spread < 0.75 * widest,
            "cluster {c:?} spans {spread:.1} km of {widest:.1}"
        );
    }
}

#[test]
fn partition_keeps_must_together_partners_in_one_cluster() {
    let mut s = load("scenarios/arrondissement-leuven.toml");
    let (a, b) = (
        s.partner_index("landen").unwrap(),
        s.partner_index("keerbergen").unwrap(),
    );
    s.constraints.must_together.push((vec![a, b], None));
    let clusters = region::partition(&s, 8);
    assert!(clusters.iter().any(|c| c.contains(&a) && c.contains(&b)));
    let total: usize = clusters.iter().map(Vec::len).sum();
    assert_eq!(total, s.partners.len());
}

#[test]
fn partition_keeps_a_forced_group_in_one_cluster() {
    // An alternative's forced group spanning clusters could never be in the clusters' union.
    let mut s = load("scenarios/arrondissement-leuven.toml");
    let mut members = vec![
        s.partner_index("landen").unwrap(),
        s.partner_index("keerbergen").unwrap(),
    ];
    members.sort_unstable();
    let before = region::partition(&s, 8);
    assert!(!before.iter().any(|c| members.iter().all(|p| c.contains(p))));
    s.constraints.forced.push(samen::scenario::GroupRule {
        members: members.clone(),
        domain: 0,
        form: 0,
    });
    let clusters = region::partition(&s, 8);
    assert!(
        clusters
            .iter()
            .any(|c| members.iter().all(|p| c.contains(p)))
    );
    let total: usize = clusters.iter().map(Vec::len).sum();
    assert_eq!(total, s.partners.len());
}

/// The premise of the heuristic: plans of disjoint parts, put together, cost exactly the sum
/// of the parts and break no rule.
#[test]
fn union_of_part_plans_costs_the_sum_of_the_parts() {
    let s = load("scenarios/region-leuven.toml");
    let opts = SolveOptions::default();
    let clusters = region::partition(&s, 5);
    assert!(clusters.len() >= 3);
    let mut groups = Vec::new();
    let mut sum = 0.0;
    for c in &clusters {
        let sub = s.restricted_to(c);
        let out = solve::optimise_with(&sub, &opts, Formulation::Columns).unwrap();
        sum += out.evaluation.npv(&sub);
        groups.extend(out.plan.groups.into_iter().map(|g| Group {
            members: g.members.iter().map(|&i| c[i]).collect(),
            ..g
        }));
    }
    assert!(!groups.is_empty(), "the parts should cooperate");
    let ev = samen::evaluate::evaluate(&s, &Plan::new(groups));
    assert!(ev.violations.is_empty(), "{:?}", ev.violations);
    assert!(rel(ev.npv(&s), sum) < 1e-9, "{} vs {sum}", ev.npv(&s));
}

/// One cluster holds every partner: the heuristic is the column formulation's optimum.
#[test]
fn heuristic_on_a_single_cluster_is_the_column_optimum() {
    let s = load("tests/fixtures/small.toml");
    assert!(s.partners.len() <= region::CLUSTER_SIZE);
    let opts = SolveOptions::default();
    let h = region::improve_region(&s, &opts, 60.0).unwrap();
    let exact = solve::optimise_columns(&s, &opts).unwrap();
    assert_eq!(h.clusters, 1);
    assert!(rel(h.npv, exact.evaluation.npv(&s)) < 1e-9);
    assert_eq!(h.plan, exact.plan);
}

/// Neighbourhood moves never make the plan worse, and the result breaks no rule.
#[test]
fn heuristic_improves_monotonically_and_breaks_no_rule() {
    let s = load("scenarios/region-leuven.toml");
    let opts = SolveOptions::default();
    let baseline = samen::evaluate::baseline_npv(&s).iter().sum::<f64>();
    let h = region::improve_region(&s, &opts, 60.0).unwrap();
    assert_eq!(h.clusters, 2); // 12 partners in clusters of 8
    assert!(h.npv <= h.first_npv + 1e-6 * h.first_npv);
    assert!(h.first_npv < baseline);
    let ev = samen::evaluate::evaluate(&s, &h.plan);
    assert!(ev.violations.is_empty());
    assert!(rel(ev.npv(&s), h.npv) < 1e-12);
    // Never better than the exact optimum of the whole region.
    let exact = solve::optimise_columns(&s, &opts).unwrap();
    assert!(h.npv >= exact.evaluation.npv(&s) * (1.0 - 1e-9));
}

/// The hub model accepts any plan of the column formulation as a start: its binaries read
/// back as the same plan.
#[test]
fn start_of_a_plan_reads_back_as_the_same_plan() {
    for path in ["tests/fixtures/small.toml", "scenarios/region-leuven.toml"] {
        let s = load(path);
        let opts = SolveOptions::default();
        let plan = solve::optimise_columns(&s, &opts).unwrap().plan;
        let baseline = samen::evaluate::baseline_npv(&s);
        let model = hub::build(&s, &baseline).unwrap();
        let start = model.start_of(&s, &plan).expect("every group has a slot");
        let values: Vec<f64> = start
            .iter()
            .map(|&v| if v.is_finite() { v } else { 0.0 })
            .collect();
        assert_eq!(model.plan_of(&values), plan, "{path}");
    }
}

/// More partners than the exact-vehicle limit: region mode. The reported plan is at least as
/// good as the heuristic's first pass, breaks no rule, and its gap is its NPV against the
/// MILP's bound.
#[test]
fn region_mode_reports_the_gap_against_the_milp_bound() {
    let s = region_of_18(&["gis"]);
    assert!(s.partners.len() > hub::EXACT_VEHICLES_MAX_PARTNERS);
    let mut solvers = vec![samen::solver::SolverChoice::Microlp];
    if cfg!(feature = "highs") {
        solvers.push(samen::solver::SolverChoice::Highs);
    }
    for solver in solvers {
        region_mode_case(&s, solver);
    }
}

fn region_mode_case(s: &Scenario, solver: samen::solver::SolverChoice) {
    let opts = SolveOptions {
        solver,
        time_limit: Some(20.0),
        ..SolveOptions::default()
    };
    let out = solve::optimise_with(s, &opts, Formulation::Hubs).unwrap();
    let info = &out.info;
    let h = info
        .heuristic
        .as_ref()
        .expect("region mode runs the heuristic");
    let npv = out.evaluation.npv(s);
    assert!(out.evaluation.violations.is_empty());
    assert!(npv <= h.run.first_npv * (1.0 + 1e-9));
    assert!(npv <= out.evaluation.baseline_npv(s));
    if h.chosen {
        assert!(rel(npv, h.run.npv) < 1e-12);
    }
    match (info.bound, info.gap) {
        (Some(b), Some(g)) => {
            assert!(b <= npv * (1.0 + 1e-6), "bound {b} above the plan {npv}");
            assert!((g - (npv - b) / npv).abs() < 1e-9);
        }
        (None, None) => {}
        other => panic!("bound and gap disagree: {other:?}"),
    }
    match solver {
        // microlp leaves a region to the heuristic: no MILP, no bound.
        samen::solver::SolverChoice::Microlp => {
            assert!(!h.milp && h.chosen && info.bound.is_none());
            assert_eq!(info.solver, "microlp");
            assert_eq!(h.fed, None, "no MILP ran beside the search");
        }
        _ => {
            assert!(
                h.milp && info.bound.is_some(),
                "HiGHS always reports a bound"
            );
            let fed = h.fed.expect("HiGHS runs beside the neighbourhood search");
            assert_eq!(
                fed.posted, h.run.improvements,
                "every better plan completes to a point of the hub model and is sent"
            );
            assert!(fed.taken <= fed.posted);
        }
    }
}

/// A plan's start, with its binaries fixed, is a feasible point of the hub model whose
/// objective is the plan's NPV (exact model) or the model's estimate of it (grid model).
#[test]
fn start_of_a_plan_is_feasible_and_costs_the_plan() {
    for path in ["tests/fixtures/small.toml", "scenarios/region-leuven.toml"] {
        let s = load(path);
        let opts = SolveOptions::default();
        let exact = solve::optimise_columns(&s, &opts).unwrap();
        let npv = exact.evaluation.npv(&s);
        let baseline = samen::evaluate::baseline_npv(&s);
        let model = hub::build(&s, &baseline).unwrap();
        let start = model.start_of(&s, &exact.plan).unwrap();
        for (v, &x) in model.milp.vars.iter().zip(&start) {
            if v.kind == samen::milp::VarKind::Binary {
                assert!(
                    x.is_finite() || fixed_later(&v.name),
                    "{} undefined",
                    v.name
                );
            }
        }
        let fixed = model.milp.fixed_at(&start);
        let sol = samen::solver::solve(&fixed, &opts).expect("the start is feasible");
        assert_eq!(model.plan_of(&sol.values), exact.plan, "{path}");
        let objective = fixed.objective_value(&sol.values);
        let tolerance = if model.exact { 1e-6 } else { 0.02 };
        assert!(
            rel(objective, npv) < tolerance,
            "{path}: {objective} vs {npv}"
        );
    }
}

/// Binaries `start_of` leaves to the solver: the grid segments (they follow from the volume).
fn fixed_later(name: &str) -> bool {
    name.starts_with("seg[")
}

/// In region mode too (vehicles keyed by host, copies per domain), the heuristic's plan is a
/// feasible start: with its binaries fixed the model solves and reads back the same plan.
#[test]
fn region_mode_start_is_feasible() {
    let s = region_of_18(&["workplace", "gis"]);
    let opts = SolveOptions::default();
    let clusters = region::partition(&s, region::CLUSTER_SIZE);
    let plan = region::first_pass(&s, &clusters, &opts);
    assert!(!plan.groups.is_empty());
    let baseline = samen::evaluate::baseline_npv(&s);
    let model = hub::build(&s, &baseline).unwrap();
    assert!(model.region);
    let start = model.start_of(&s, &plan).expect("every group has a slot");
    let fixed = model.milp.fixed_at(&start);
    let sol = samen::solver::solve(&fixed, &opts).expect("the start is feasible");
    assert_eq!(model.plan_of(&sol.values), plan);
    // The region model relaxes transfers and rationality: it never prices a plan above its
    // exact NPV by more than the grid's interpolation.
    let npv = samen::evaluate::evaluate(&s, &plan).npv(&s);
    assert!(fixed.objective_value(&sol.values) <= npv * 1.01);
}

/// The first 14 municipalities of the arrondissement with servers and GIS: a column model
/// (fewer than 5,000 groups of at most 4) beyond what microlp finishes.
fn beyond_microlp() -> Scenario {
    let keep: Vec<usize> = (0..14).collect();
    let ids = ["servers".to_string(), "gis".to_string()];
    load("scenarios/arrondissement-leuven.toml")
        .restricted_to(&keep)
        .only_domains(&ids)
        .unwrap()
}

fn microlp_within(seconds: f64) -> SolveOptions {
    SolveOptions {
        solver: samen::solver::SolverChoice::Microlp,
        time_limit: Some(seconds),
        ..SolveOptions::default()
    }
}

#[test]
fn beyond_microlp_a_column_model_goes_to_the_cluster_heuristic_and_says_so() {
    let s = beyond_microlp();
    let binaries = solve::build_model(&s).unwrap().milp.binaries();
    assert!(binaries > solve::MICROLP_REACH_BINARIES, "{binaries}");
    let out = solve::optimise(&s, &microlp_within(6.0)).unwrap();
    assert_eq!(out.info.formulation, Formulation::Columns);
    let why = out.info.limited.as_deref().expect("the outcome says why");
    assert!(
        why.contains("microlp") && why.contains("--features highs"),
        "{why}"
    );
    assert!(why.contains(&format!("{binaries} binaries")), "{why}");
    let h = out.info.heuristic.as_ref().expect("the heuristic ran");
    assert!(!h.milp && h.chosen);
    assert_eq!(out.info.time_limit, Some(6.0));
    assert!(out.evaluation.violations.is_empty());
    // The reported figures are the heuristic plan's exact evaluation, never above everyone
    // alone (the first pass starts from the clusters' optima, each at most their cost alone).
    let npv = out.evaluation.npv(&s);
    assert!(rel(npv, h.run.npv) < 1e-12, "{npv} vs {}", h.run.npv);
    let alone: f64 = samen::evaluate::baseline_npv(&s).iter().sum();
    assert!(npv <= alone * (1.0 + 1e-9), "{npv} > {alone}");
    let report = samen::report::Report::new(&s, &out.plan, &out.evaluation, Some(out.info.clone()));
    let table = report.to_table();
    assert!(table.contains("LIMITED: microlp"), "{table}");
    assert!(table.contains("not proven optimal"), "{table}");
}

#[test]
fn asking_for_columns_keeps_the_exact_model_on_microlp() {
    let s = beyond_microlp();
    match solve::optimise_with(&s, &microlp_within(1.0), Formulation::Columns) {
        Ok(out) => assert!(out.info.heuristic.is_none() && out.info.limited.is_none()),
        // The exact model may find no plan in a second: that is the exact path too.
        Err(e) => assert!(matches!(e, samen::Error::TimeLimitNoPlan { .. }), "{e}"),
    }
}

#[test]
fn a_minimum_score_keeps_the_heuristic_out_and_the_exact_model_bounded() {
    let mut s = beyond_microlp();
    // A minimum every plan meets (all scores 1): the rule is there, the optimum unchanged.
    s.criteria.push(samen::scenario::Criterion {
        id: "continuity".into(),
        name: "continuity".into(),
        names: samen::scenario::Names::default(),
        source: None,
        alone: 1.0,
        min: Some(0.5),
        value_eur: 0.0,
    });
    s.forms.iter_mut().for_each(|f| f.scores.push(1.0));
    s.domains.iter_mut().for_each(|d| d.weights.push(1.0));
    let out = match solve::optimise_or_alone(&s, &microlp_within(2.0), Formulation::Auto) {
        Ok(out) => out,
        Err(e) => panic!("{e}"),
    };
    assert!(out.info.heuristic.is_none());
    let why = out.info.limited.as_deref().expect("the outcome says why");
    assert!(why.contains("exact model was solved within 2 s"), "{why}");
    assert_eq!(out.info.time_limit, Some(2.0));
    assert!(out.evaluation.violations.is_empty());
}

#[test]
fn the_capacity_objective_keeps_the_heuristic_out_and_the_exact_model_bounded() {
    // The heuristic compares plans by NPV: under another objective it would judge wrongly.
    let mut s = beyond_microlp();
    s.objective = samen::scenario::Objective::Capacity(samen::scenario::Guard::Horizon);
    let out = solve::optimise_or_alone(&s, &microlp_within(2.0), Formulation::Auto).unwrap();
    assert!(out.info.heuristic.is_none());
    let why = out.info.limited.as_deref().expect("the outcome says why");
    assert!(why.contains("exact model was solved within 2 s"), "{why}");
}

#[test]
fn the_whole_scenario_game_refuses_a_plan_microlp_could_not_finish() {
    // c(N) would be solved exactly and differ from the heuristic's plan: said, not an
    // internal error.
    let s = beyond_microlp();
    let opts = microlp_within(6.0);
    let out = solve::optimise(&s, &opts).unwrap();
    assert!(out.info.limited.is_some());
    let mut req = samen::analysis::allocation::SplitRequest::new(vec![
        samen::analysis::allocation::Method::Shapley,
    ]);
    req.scope = samen::analysis::allocation::Scope::Whole;
    let err =
        samen::analysis::allocation::allocate_plan(&s, &out, &req, &opts, &|| {}).unwrap_err();
    assert!(matches!(err, samen::Error::TooLarge(_)), "{err}");
    assert!(err.to_string().contains("LIMITED"), "{err}");
}

// The council report of a scenario microlp was kept from: the plan is the heuristic's, and
// the analyses that re-solve variants (each a heuristic run of up to 100 s) are left out and
// say so, in the sections where a council looks for them, instead of running for an hour.
#[test]
fn the_report_of_a_scenario_beyond_microlp_leaves_out_the_re_solves_and_says_why() {
    use samen::analysis::dossier::{self, LeftOut, Skipped};
    let s = beyond_microlp();
    let loaded = samen::scenario::Loaded {
        scenario: s,
        warnings: Vec::new(),
        alternatives: Vec::new(),
        uncertainty: samen::scenario::Uncertainty {
            inputs: Vec::new(),
            correlation: None,
        },
        files: Vec::new(),
    };
    let d = dossier::assemble(&loaded, &microlp_within(6.0), &|| {}).unwrap();
    assert!(d.outcome.info.limited.is_some());
    assert_eq!(d.left_out, Some(LeftOut::BeyondSolver));
    for what in [Skipped::Scale, Skipped::Priorities, Skipped::Split] {
        assert!(d.skipped.contains(&what), "{what:?} in {:?}", d.skipped);
    }
    assert!(d.split.is_none() && d.scale.is_none() && d.priorities.is_none());
    let lang = samen::report::lang::Lang::En;
    let html = samen::report::html::council_html(&d, lang).unwrap();
    let t = lang.texts();
    let why = samen::report::svg::esc(t.left_out_beyond);
    assert_eq!(
        html.matches(why.as_str()).count(),
        2,
        "split and scale say why"
    );
    assert!(html.contains("samen allocate") && html.contains("samen scale"));
}

// The core search re-solves the exact column model each round: beyond microlp's reach and
// without a time limit it would never return, so it is refused, saying what to do.
#[test]
fn require_core_refuses_a_model_microlp_cannot_finish_without_a_time_limit() {
    use samen::analysis::allocation::{self, stable::CoreOptions};
    let s = beyond_microlp();
    let unbounded = SolveOptions {
        solver: samen::solver::SolverChoice::Microlp,
        ..SolveOptions::default()
    };
    match allocation::require_core(&s, &unbounded, &CoreOptions::default()) {
        Err(samen::Error::TooLarge(m)) => {
            assert!(
                m.contains("--time-limit") && m.contains("--features highs"),
                "{m}"
            );
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
}

// Analyses that solve a scenario again many times (risk --reoptimise, sensitivity) refuse a
// column model beyond microlp's reach unless each solve is bounded: every solve would be a
// heuristic run, and the differences between them would mix its slack with the inputs'.
#[test]
fn many_re_solves_beyond_microlp_need_a_time_limit_per_solve() {
    use samen::analysis::risk::require_bounded_resolves;
    let unbounded = SolveOptions {
        solver: samen::solver::SolverChoice::Microlp,
        ..SolveOptions::default()
    };
    match require_bounded_resolves(&beyond_microlp(), &unbounded, "`samen sensitivity`") {
        Err(samen::Error::Usage(m)) => {
            assert!(m.starts_with("`samen sensitivity`"), "{m}");
            assert!(
                m.contains("--time-limit") && m.contains("--features highs"),
                "{m}"
            );
        }
        other => panic!("expected a usage error, got {other:?}"),
    }
    assert!(require_bounded_resolves(&beyond_microlp(), &microlp_within(5.0), "x").is_ok());
    // Left to `auto`, a build with HiGHS gives every re-solve to HiGHS: nothing to refuse.
    let auto = require_bounded_resolves(&beyond_microlp(), &SolveOptions::default(), "x");
    assert_eq!(auto.is_ok(), cfg!(feature = "highs"), "{auto:?}");
    let trio = load("scenarios/kortenberg-machelen-tervuren.toml");
    assert!(require_bounded_resolves(&trio, &unbounded, "x").is_ok());
}
