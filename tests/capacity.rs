//! The capacity objective ("more with the same means", `scenario.objective = "capacity"`):
//! the freed capacity worked out by hand, the guard holding for every partner, and the
//! capacity plan freeing at least what the cost-optimal plan frees when that plan meets the
//! guard. The brute-force oracle of `tests/oracle.rs` covers the objective on random cases.

use samen::evaluate::{Evaluation, evaluate};
use samen::plan::{Group, Plan};
use samen::scenario::{Guard, Objective, Scenario};
use samen::solve::{Formulation, optimise_with};
use samen::solver::SolveOptions;

const TOL: f64 = 1e-6;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= TOL * b.abs().max(1.0), "{a} != {b}");
}

/// Two partners with 1 FTE each; the domain needs 1 FTE and EUR 10,000 a year alone, the
/// shared service 1 FTE in all and nothing else, under a form that takes staff transfers.
const HAND: &str = r#"
[scenario]
base_year = 2026
horizon = 2
discount_rate = 0.0
attrition_rate = 0.0
salary_per_fte = 50000
objective = "capacity"
[[partner]]
id = "a"
kind = "gemeente"
population = 1000
staff = 30
ict_fte = 1
[[partner]]
id = "b"
kind = "gemeente"
population = 1000
staff = 10
ict_fte = 1
[[domain]]
id = "d"
driver = "staff"
[domain.standalone]
fixed_cost = 10000
fte_fixed = 1
[domain.shared]
fte_fixed = 1
[[form]]
id = "f"
staff_transfer = true
legal_personality = true
"#;

fn freed(s: &Scenario, ev: &Evaluation) -> Vec<f64> {
    (ev.partners.iter().enumerate())
        .map(|(p, o)| o.freed(s, p))
        .collect()
}

#[test]
fn freed_capacity_is_the_saving_plus_the_staff_no_longer_needed() {
    // Shared, a (key 3/4) pays 3/4 of the 1 shared FTE (37,500 a year) and may move 0.75
    // FTE into it, so it keeps 0.25 FTE (12,500): 50,000 a year against 60,000 alone. b (key
    // 1/4) pays 12,500 and keeps 0.75 FTE (37,500): also 50,000. Over two undiscounted
    // years each saves 20,000; the staff they keep but no longer need (a 0.25, b 0.75 FTE)
    // are worth 25,000 and 75,000: a frees 45,000, b 95,000.
    let s = Scenario::from_toml(HAND, "hand.toml").unwrap().scenario;
    let plan = Plan::new(vec![Group {
        members: vec![0, 1],
        domain: 0,
        form: 0,
        start: None,
    }]);
    let ev = evaluate(&s, &plan);
    close(ev.partners[0].saving(&s), 20_000.0);
    close(ev.partners[1].saving(&s), 20_000.0);
    let f = freed(&s, &ev);
    close(f[0], 45_000.0);
    close(f[1], 95_000.0);
    // Last year as FTE: 10,000 / 50,000 = 0.2 plus the spare staff.
    close(ev.partners[0].freed_fte_last_year(&s, 0), 0.45);
    close(ev.partners[1].freed_fte_last_year(&s, 1), 0.95);
    // The optimiser picks that plan, and its objective is the NPV less the spare staff's
    // salary: 2 partners * 2 years * 60,000 = 240,000 alone, 240,000 - 40,000 = 200,000 in
    // the plan, less 25,000 + 75,000 of spare salary: 100,000.
    let out = optimise_with(&s, &SolveOptions::default(), Formulation::Columns).unwrap();
    assert_eq!(out.plan, plan);
    close(out.evaluation.npv(&s), 200_000.0);
    close(out.evaluation.objective_value(&s), 100_000.0);
    close(out.info.objective, 100_000.0);
}

/// Solves `file` under `objective`.
fn solved(file: &str, objective: Objective) -> (Scenario, Evaluation) {
    let mut s = Scenario::load(std::path::Path::new(file)).unwrap().scenario;
    s.set_objective(objective);
    let out = optimise_with(&s, &SolveOptions::default(), Formulation::Columns).unwrap();
    (s, out.evaluation)
}

/// No partner pays more than alone under the guard: in any year, or over the horizon.
fn guard_holds(s: &Scenario, ev: &Evaluation, guard: Guard) {
    for (p, o) in ev.partners.iter().enumerate() {
        let slack = |x: f64| 1e-6 * (1.0 + x.abs());
        match guard {
            Guard::Horizon => {
                let (plan, alone) = (o.ledger.npv(s), o.baseline.npv(s));
                assert!(
                    plan <= alone + slack(alone),
                    "partner {p}: {plan} > {alone}"
                );
            }
            Guard::Year => {
                for t in 0..s.horizon {
                    let (plan, alone) = (o.ledger.cash(t), o.baseline.cash(t));
                    assert!(
                        plan <= alone + slack(alone),
                        "partner {p}, t={t}: {plan} > {alone}"
                    );
                }
            }
        }
    }
}

/// Does every partner pay at most its cost alone under `guard` in this evaluation?
fn meets(s: &Scenario, ev: &Evaluation, guard: Guard) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| guard_holds(s, ev, guard))).is_ok()
}

#[test]
fn the_capacity_plan_meets_its_guard_and_frees_at_least_the_cost_plans_capacity() {
    for file in ["tests/fixtures/small.toml", "scenarios/gemeente-ocmw.toml"] {
        for guard in [Guard::Year, Guard::Horizon] {
            let (s, capacity) = solved(file, Objective::Capacity(guard));
            guard_holds(&s, &capacity, guard);
            let mut cost_s = s.clone();
            cost_s.objective = Objective::Cost;
            let cost = optimise_with(&cost_s, &SolveOptions::default(), Formulation::Columns)
                .unwrap()
                .evaluation;
            let total = |ev: &Evaluation| freed(&s, ev).iter().sum::<f64>();
            // With the cost plan inside the guard, the capacity plan frees at least as much.
            if meets(&s, &cost, guard) {
                assert!(
                    total(&capacity) >= total(&cost) - 1e-6 * total(&cost).abs().max(1.0),
                    "{file} {guard:?}: capacity plan frees {} < cost plan {}",
                    total(&capacity),
                    total(&cost)
                );
            }
        }
    }
}

#[test]
fn a_plan_that_costs_a_partner_more_in_some_year_breaks_the_yearly_guard() {
    // Sharing without transfers: each partner keeps its 1 FTE and pays a share of the shared
    // one on top (a: 50,000 + 37,500 = 87,500 a year, b: 50,000 + 12,500 = 62,500, against
    // 60,000 alone), in both years and so over the horizon (individual rationality too).
    let text = HAND.replace("staff_transfer = true", "").replace(
        "objective = \"capacity\"",
        "objective = \"capacity\"\ncapacity_guard = \"year\"",
    );
    let s = Scenario::from_toml(&text, "hand.toml").unwrap().scenario;
    let plan = Plan::new(vec![Group {
        members: vec![0, 1],
        domain: 0,
        form: 0,
        start: None,
    }]);
    let ev = evaluate(&s, &plan);
    let rules: Vec<&str> = ev.violations.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(
        rules,
        [
            "no_dearer[a,2026]",
            "no_dearer[a,2027]",
            "rational[a]",
            "no_dearer[b,2026]",
            "no_dearer[b,2027]",
            "rational[b]"
        ]
    );
}

#[test]
fn the_council_report_states_the_freed_capacity_per_partner() {
    use samen::analysis::dossier;
    use samen::report::lang::Lang;
    let text = HAND.to_string();
    let loaded = Scenario::from_toml(&text, "hand.toml").unwrap();
    let d = dossier::assemble(&loaded, &SolveOptions::default(), &|| {}).unwrap();
    let html = samen::report::html::council_html(&d, Lang::En).unwrap();
    assert!(
        html.contains("More with the same means"),
        "no capacity section"
    );
    assert!(html.contains("over the whole planning period"));
    // a frees EUR 45,000 and b EUR 95,000 (worked out above).
    for amount in ["45,000", "95,000"] {
        assert!(html.contains(amount), "{amount} missing");
    }
    let nl = samen::report::html::council_html(&d, Lang::Nl).unwrap();
    assert!(nl.contains("Meer doen met dezelfde middelen"));
    // Under the cost objective the section is left out.
    let cost = Scenario::from_toml(&text.replace("objective = \"capacity\"", ""), "hand.toml");
    let d = dossier::assemble(&cost.unwrap(), &SolveOptions::default(), &|| {}).unwrap();
    let html = samen::report::html::council_html(&d, Lang::En).unwrap();
    assert!(!html.contains("More with the same means"));
}
