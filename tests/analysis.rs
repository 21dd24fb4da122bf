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

/// Every plan of the small scenario (set partitions per domain, a form per block), through
/// `evaluate`: the oracle for k-best.
fn all_feasible_npvs(s: &Scenario) -> Vec<f64> {
    use samen::plan::{Group, Plan};
    // Partitions of {0,1,2} as blocks.
    let partitions: Vec<Vec<Vec<usize>>> = vec![
        vec![vec![0], vec![1], vec![2]],
        vec![vec![0, 1], vec![2]],
        vec![vec![0, 2], vec![1]],
        vec![vec![1, 2], vec![0]],
        vec![vec![0, 1, 2]],
    ];
    let nf = s.forms.len();
    let mut per_domain: Vec<Vec<Vec<Group>>> = Vec::new();
    for d in 0..s.domains.len() {
        let mut options = Vec::new();
        for part in &partitions {
            let blocks: Vec<&Vec<usize>> = part.iter().filter(|b| b.len() > 1).collect();
            let combos = nf.pow(blocks.len() as u32);
            for c in 0..combos {
                let mut code = c;
                let groups = blocks
                    .iter()
                    .map(|b| {
                        let f = code % nf;
                        code /= nf;
                        Group {
                            domain: d,
                            form: f,
                            members: b.to_vec(),
                            start: None,
                        }
                    })
                    .collect();
                options.push(groups);
            }
        }
        per_domain.push(options);
    }
    let mut npvs = Vec::new();
    for a in &per_domain[0] {
        for b in &per_domain[1] {
            let plan = Plan::new(a.iter().chain(b).cloned().collect());
            let ev = samen::evaluate::evaluate(s, &plan);
            if ev.violations.is_empty() {
                npvs.push(ev.npv(s));
            }
        }
    }
    npvs.sort_by(f64::total_cmp);
    npvs
}

#[test]
fn k_best_plans_are_the_k_cheapest_plans_distinct_and_sorted() {
    use samen::analysis::alternatives;
    let s = small();
    let oracle = all_feasible_npvs(&s);
    let r = alternatives::best(&s, 6, &SolveOptions::default()).unwrap();
    assert_eq!(r.plans.len(), 6);
    for (p, o) in r.plans.iter().zip(&oracle) {
        assert!(
            (p.npv - o).abs() <= TOL * o,
            "k-best {} vs oracle {o}",
            p.npv
        );
    }
    let sets: std::collections::BTreeSet<Vec<String>> =
        r.plans.iter().map(|p| p.groups.clone()).collect();
    assert_eq!(sets.len(), r.plans.len(), "plans are distinct");
    assert!(
        r.plans
            .windows(2)
            .all(|w| w[0].npv <= w[1].npv + TOL * w[1].npv)
    );
}

#[test]
fn diverse_plans_respect_the_slack_and_differ() {
    use samen::analysis::alternatives;
    let s = small();
    for slack in [0.0, 0.02, 0.05] {
        let r = alternatives::diverse(&s, slack, 4, &SolveOptions::default()).unwrap();
        let oracle = all_feasible_npvs(&s);
        let within = oracle
            .iter()
            .filter(|&&v| v <= oracle[0] * (1.0 + slack) * (1.0 + TOL))
            .count();
        assert_eq!(r.plans.len(), within.min(4), "slack {slack}");
        for p in &r.plans {
            assert!(
                p.npv <= r.optimum_npv * (1.0 + slack) * (1.0 + TOL),
                "slack {slack}: {}",
                p.npv
            );
        }
        let sets: std::collections::BTreeSet<Vec<String>> =
            r.plans.iter().map(|p| p.groups.clone()).collect();
        assert_eq!(sets.len(), r.plans.len());
    }
}

fn alternatives() -> samen::scenario::Loaded {
    Scenario::load(std::path::Path::new("tests/fixtures/alternatives.toml")).unwrap()
}

fn npv_of(s: &Scenario) -> (f64, samen::plan::Plan) {
    let out = samen::solve::optimise(s, &SolveOptions::default()).unwrap();
    (out.evaluation.npv(s), out.plan)
}

#[test]
fn an_alternative_identical_to_the_base_gives_identical_figures() {
    let l = alternatives();
    let same = &l.alternatives[0];
    assert_eq!(same.name, "same as base");
    let (a, pa) = npv_of(&l.scenario);
    let (b, pb) = npv_of(&same.scenario);
    assert_eq!(a, b);
    assert_eq!(pa, pb);
}

#[test]
fn alternatives_restrict_and_override_what_they_say() {
    let l = alternatives();
    let by = |name: &str| {
        &l.alternatives
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .scenario
    };
    let ids = |s: &Scenario| s.partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(by("a and b only")), ["a", "b"]);
    assert_eq!(ids(by("without c")), ["a", "b"]);
    assert_eq!(by("informal only").forms.len(), 1);
    assert_eq!(by("servers only").domains.len(), 1);
    let cheap = by("cheap dv");
    assert_eq!(cheap.forms[1].setup_cost, 5000.0);
    assert_eq!(cheap.domains[0].shared.unit_cost, 150.0);
    assert_eq!(
        l.scenario.forms[1].setup_cost, 50000.0,
        "the base is untouched"
    );
    // A forced group is in the plan; a forbidden one is not.
    let (_, forced) = npv_of(by("forced helpdesk"));
    assert!(
        forced
            .groups
            .iter()
            .any(|g| g.domain == 1 && g.form == 1 && g.members == [0, 1, 2])
    );
    let (_, forbidden) = npv_of(by("no dv for servers"));
    assert!(
        !forbidden
            .groups
            .iter()
            .any(|g| g.domain == 0 && g.form == 1 && g.members == [0, 1, 2])
    );
    // The base optimum uses exactly the forbidden group, so forbidding it costs more.
    assert!(npv_of(by("no dv for servers")).0 > npv_of(&l.scenario).0);
}

#[test]
fn compare_lines_up_every_alternative() {
    use samen::analysis::compare::{Variant, compare};
    let l = alternatives();
    let mut variants = vec![Variant {
        name: "base".into(),
        description: String::new(),
        scenario: l.scenario.clone(),
    }];
    variants.extend(l.alternatives.iter().map(|a| Variant {
        name: a.name.clone(),
        description: a.description.clone(),
        scenario: a.scenario.clone(),
    }));
    let ids: Vec<String> = l.scenario.partners.iter().map(|p| p.id.clone()).collect();
    let c = compare(&variants, &ids, &SolveOptions::default()).unwrap();
    assert_eq!(c.columns.len(), 9);
    assert_eq!(c.columns[0].objective_npv, c.columns[1].objective_npv);
    // c is not in "a and b only": no saving figure for it there.
    assert_eq!(c.columns[2].partner_savings[2], ("c".to_string(), None));
    for col in &c.columns {
        if let (Some(npv), Some(saving)) = (col.objective_npv, col.saving) {
            assert!((col.baseline_npv - npv - saving).abs() < 1e-6 * col.baseline_npv);
            let per_partner: f64 = col.partner_savings.iter().filter_map(|(_, s)| *s).sum();
            assert!(
                (per_partner - saving).abs() < 1e-6 * col.baseline_npv,
                "{}",
                col.name
            );
        }
    }
}

/// `solve --domains d` and `scale`'s curve of domain d are one restriction of the scenario:
/// the same "everyone alone" and, with groups of any size, the same optimum.
#[test]
fn solve_on_one_domain_equals_the_scale_figures_of_that_domain() {
    let s = samen::Scenario::load(std::path::Path::new("tests/fixtures/small.toml"))
        .unwrap()
        .scenario;
    let opts = samen::solver::SolveOptions::default();
    let report = samen::analysis::scale::scale(&s, &opts).unwrap();
    for (d, curve) in report.per_domain.iter().enumerate() {
        let only = s.only_domains(&[s.domains[d].id.clone()]).unwrap();
        let solved = samen::solve::optimise(&only, &opts).unwrap();
        let alone = solved.evaluation.baseline_npv(&only);
        assert!(
            (alone - curve.baseline_npv).abs() <= 1e-6 * alone,
            "{}: {alone} vs {}",
            curve.scope,
            curve.baseline_npv
        );
        let best = curve.points.last().unwrap().npv.unwrap();
        let npv = solved.evaluation.npv(&only);
        assert!(
            (npv - best).abs() <= 1e-6 * npv,
            "{}: {npv} vs {best}",
            curve.scope
        );
    }
}

/// Each partner's staff is apportioned to the kept domains, so the per-domain "everyone
/// alone" figures add up to the whole scenario's (no payroll is counted twice).
#[test]
fn per_domain_baselines_add_up_to_the_whole() {
    for path in [
        "tests/fixtures/small.toml",
        "scenarios/kortenberg-machelen-tervuren.toml",
    ] {
        let s = samen::Scenario::load(std::path::Path::new(path))
            .unwrap()
            .scenario;
        let whole: f64 = samen::evaluate::baseline_npv(&s).iter().sum();
        let parts: f64 = (0..s.domains.len())
            .map(|d| {
                samen::evaluate::baseline_npv(&s.with_domains(&[d]))
                    .iter()
                    .sum::<f64>()
            })
            .sum();
        // Staff is paid at max(need, remaining staff): apportioning by need keeps each
        // partner's payroll, so the parts add up up to rounding.
        assert!(
            (whole - parts).abs() <= 1e-6 * whole,
            "{path}: {whole} vs {parts}"
        );
        for p in 0..s.partners.len() {
            let shares: f64 = (0..s.domains.len()).map(|d| s.staff_share(p, &[d])).sum();
            assert!((shares - 1.0).abs() < 1e-12);
            // The share is the domain's part of the cost model's in-house need in year 0.
            let need = |d: usize| samen::costs::standalone(&s, p, d).1[0];
            let total: f64 = (0..s.domains.len()).map(need).sum();
            for d in 0..s.domains.len() {
                assert!(
                    (s.staff_share(p, &[d]) - need(d) / total).abs() < 1e-12,
                    "{path} {p} {d}"
                );
            }
        }
    }
}

#[test]
fn a_forced_group_survives_the_restriction_to_its_domain() {
    let mut s = samen::Scenario::load(std::path::Path::new("tests/fixtures/small.toml"))
        .unwrap()
        .scenario;
    s.constraints.forced.push(samen::scenario::GroupRule {
        members: vec![0, 1],
        domain: 1,
        form: 0,
    });
    let kept = samen::analysis::scale::only_domain(&s, 1);
    assert_eq!(
        kept.constraints.forced,
        vec![samen::scenario::GroupRule {
            members: vec![0, 1],
            domain: 0,
            form: 0
        }]
    );
    assert!(
        samen::analysis::scale::only_domain(&s, 0)
            .constraints
            .forced
            .is_empty()
    );
}

/// `compare` says how each variant's plan differs from the base's: a group is listed as added
/// exactly when it is in the variant's plan and not the base's, and as dropped when the base
/// has it, the variant could (all its members take part) and does not.
#[test]
fn compare_lists_how_each_plan_differs_from_the_base() {
    let path = std::path::Path::new("scenarios/kortenberg-machelen-tervuren.toml");
    let loaded = samen::Scenario::load(path).unwrap();
    let (variants, partners) = samen::analysis::compare::variants_of(vec![(path, loaded)]);
    let c =
        samen::analysis::compare::compare(&variants, &partners, &SolveOptions::default()).unwrap();
    let base = &c.columns[0];
    for (col, (added, dropped)) in c.columns[1..].iter().zip(c.differences()) {
        for g in &added {
            assert!(
                col.plan.contains(g) && !base.plan.contains(g),
                "{}: {g}",
                col.name
            );
        }
        for g in &dropped {
            assert!(
                base.plan.contains(g) && !col.plan.contains(g),
                "{}: {g}",
                col.name
            );
        }
        let same = col.plan == base.plan;
        assert_eq!(
            same,
            added.is_empty() && dropped.is_empty() && col.plan.len() == base.plan.len(),
            "{}",
            col.name
        );
    }
    let informal = c
        .columns
        .iter()
        .position(|c| c.name == "informal only")
        .unwrap();
    assert!(
        !c.differences()[informal - 1].1.is_empty(),
        "informal only drops the vereniging"
    );
}
