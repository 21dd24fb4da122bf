//! Every solver backend on feasible / infeasible / unbounded MILPs with known answers, plus
//! scenario-level infeasibility. The same checks run once per compiled solver.

mod common;

use common::solvers;
use samen::Error;
use samen::milp::{Milp, Sense, VarKind};
use samen::solver::{SolveOptions, SolverChoice, Status, solve};

/// Objective tolerance (absolute, the optima below are small integers).
const TOL: f64 = 1e-7;

fn opts(solver: SolverChoice) -> SolveOptions {
    SolveOptions {
        solver,
        ..SolveOptions::default()
    }
}

/// Knapsack as minimisation: max 5a + 4b + 3c s.t. 2a + 3b + c <= 5 (binaries) -> a, c: 8.
fn knapsack() -> Milp {
    let mut m = Milp::default();
    let a = m.add_var("a".into(), VarKind::Binary, 0.0, 1.0);
    let b = m.add_var("b".into(), VarKind::Binary, 0.0, 1.0);
    let c = m.add_var("c".into(), VarKind::Binary, 0.0, 1.0);
    m.add_row(
        "cap".into(),
        vec![(a, 2.0), (b, 3.0), (c, 1.0)],
        Sense::Le,
        5.0,
    );
    m.objective = vec![(a, -5.0), (b, -4.0), (c, -3.0)];
    m
}

#[test]
fn feasible_milp_is_solved_to_its_known_optimum() {
    // 2a + 3b + c <= 5: {a,b} weighs 5 and is worth 9, the optimum; {a,c} is worth 8.
    for s in solvers() {
        let m = knapsack();
        let sol = solve(&m, &opts(s)).expect("feasible");
        assert!(
            (m.objective_value(&sol.values) + 9.0).abs() < TOL,
            "{s:?}: {:?}",
            sol.values
        );
        assert_eq!(sol.status, Status::Optimal, "{s:?}");
        assert!(
            m.worst_residual(&sol.values)
                .is_none_or(|r| r.relative < 1e-9)
        );
    }
}

#[test]
fn infeasible_milp_is_reported_as_infeasible() {
    for s in solvers() {
        let mut m = knapsack();
        // a + b + c >= 4 with three binaries.
        m.add_row(
            "impossible".into(),
            vec![(0, 1.0), (1, 1.0), (2, 1.0)],
            Sense::Ge,
            4.0,
        );
        assert!(
            matches!(solve(&m, &opts(s)), Err(Error::Infeasible(_))),
            "{s:?}"
        );
    }
}

#[test]
fn unbounded_milp_is_an_error_not_a_plan() {
    for s in solvers() {
        let mut m = Milp::default();
        let x = m.add_var("x".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        let y = m.add_var("y".into(), VarKind::Binary, 0.0, 1.0);
        m.add_row("r".into(), vec![(x, 1.0), (y, -1.0)], Sense::Ge, 0.0);
        m.objective = vec![(x, -1.0)];
        // HiGHS may report "unbounded or infeasible", which good_lp maps to infeasible.
        let r = solve(&m, &opts(s));
        assert!(
            matches!(r, Err(Error::Internal(_)) | Err(Error::Infeasible(_))),
            "{s:?}: {:?}",
            r.map(|s| s.values)
        );
    }
}

const TIGHT_BUDGET: &str = r#"
[scenario]
name = "tight"
base_year = 2026
horizon = 3
[[partner]]
id = "a"
kind = "gemeente"
population = 1000
staff = 30
budget = 500
[[partner]]
id = "b"
kind = "ocmw"
population = 1000
staff = 10
[[domain]]
id = "d"
driver = "staff"
[domain.standalone]
fixed_cost = 1000
[domain.shared]
fixed_cost = 1500
[[form]]
id = "f"
"#;

#[test]
fn infeasible_scenario_names_the_rule() {
    // a's budget of 500 is below both its cost alone (1000) and its share of the shared
    // service (0.75 * 1500 = 1125): no plan exists, and the explanation says why.
    let s = samen::Scenario::from_toml(TIGHT_BUDGET, "tight.toml")
        .unwrap()
        .scenario;
    for solver in solvers() {
        match samen::solve::optimise(&s, &opts(solver)) {
            Err(Error::Infeasible(why)) => {
                assert!(
                    why.contains("a's budget of EUR 500 a year is short by EUR 500 in 2026 (a budget of at least EUR 1,000), EUR 500 in 2027"),
                    "{why}"
                );
            }
            other => panic!(
                "{solver:?}: expected infeasible, got {:?}",
                other.map(|o| o.info)
            ),
        }
    }
}

#[test]
fn a_budget_can_force_cooperation() {
    // a's budget of 900 is below its cost alone (1,000 a year): it must share. Shared, the
    // service costs 1,100 a year, of which a pays 0.75 (825) and b 275: within a's budget and
    // cheaper than alone for both, so the optimum is the one group, and a stays in budget.
    let text = TIGHT_BUDGET
        .replace("budget = 500", "budget = 900")
        .replace("fixed_cost = 1500", "fixed_cost = 1100");
    let s = samen::Scenario::from_toml(&text, "t.toml")
        .unwrap()
        .scenario;
    for solver in solvers() {
        let out = samen::solve::optimise(&s, &opts(solver)).expect("feasible");
        assert_eq!(out.plan.groups.len(), 1, "{solver:?}");
        for t in 0..s.horizon {
            let cash = out.evaluation.partners[0].ledger.cash(t);
            assert!((cash - 825.0).abs() < 1e-9, "{solver:?}: {cash}");
        }
    }
}

#[test]
fn individual_rationality_blocks_a_cheaper_plan_that_hurts_one_partner() {
    // Sharing costs 1,500 a year in total vs 2,000 alone, but a would pay 0.75 * 1,500 =
    // 1,125 > 1,000: with individual rationality (the default) everyone stays alone.
    let text = TIGHT_BUDGET.replace("budget = 500", "");
    let s = samen::Scenario::from_toml(&text, "t.toml")
        .unwrap()
        .scenario;
    for solver in solvers() {
        let out = samen::solve::optimise(&s, &opts(solver)).expect("feasible");
        assert!(out.plan.groups.is_empty(), "{solver:?}");
    }
    let free = format!("{text}\n[constraints]\nindividual_rationality = false\n");
    let s = samen::Scenario::from_toml(&free, "t.toml")
        .unwrap()
        .scenario;
    for solver in solvers() {
        let out = samen::solve::optimise(&s, &opts(solver)).expect("feasible");
        assert_eq!(out.plan.groups.len(), 1, "{solver:?}");
    }
}

/// The LP relaxation's bound of `milp`, which must have one.
#[cfg(feature = "highs")]
fn bound_of(milp: &Milp) -> f64 {
    match samen::solver::relaxation_bound(milp, &opts(SolverChoice::Highs)).unwrap() {
        samen::solver::RelaxationBound::Bound(b) => b,
        other => panic!("no bound: {other:?}"),
    }
}

/// The knapsack's LP relaxation: c and a whole, b at 2/3 (weight 2 of its 3 left): -32/3.
#[cfg(feature = "highs")]
#[test]
fn the_relaxation_bound_is_the_hand_computed_lp_optimum_and_below_the_milps() {
    let bound = bound_of(&knapsack());
    let lp = -32.0 / 3.0;
    assert!(bound <= lp + 1e-9, "a bound above the LP optimum: {bound}");
    assert!(
        bound >= lp - 1e-6,
        "interior point stopped far from it: {bound}"
    );
    assert!(bound <= -9.0, "and below the MILP's optimum");
}

/// On the hub model of a scenario, the interior-point bound is the LP relaxation's optimum as a
/// simplex finds it (the same model with every binary made continuous; microlp's on the small
/// fixture, HiGHS's dual simplex on region-leuven, where microlp's LP misses a row by 6e-6), and
/// no more than the exact MILP optimum (on the small fixture, where microlp proves it).
#[cfg(feature = "highs")]
#[test]
fn the_relaxation_bound_of_a_hub_model_is_the_simplex_lp_optimum() {
    use samen::solve::{Formulation, model_of};
    for (file, exact, simplex) in [
        ("tests/fixtures/small.toml", true, SolverChoice::Microlp),
        ("scenarios/region-leuven.toml", false, SolverChoice::Highs),
    ] {
        let s = samen::Scenario::load(std::path::Path::new(file))
            .unwrap()
            .scenario;
        let milp = model_of(&s, Formulation::Hubs).unwrap();
        let bound = bound_of(&milp);
        let mut relaxed = milp.clone();
        relaxed
            .vars
            .iter_mut()
            .for_each(|v| v.kind = VarKind::Continuous);
        let lp = solve(&relaxed, &opts(simplex)).unwrap();
        let lp = relaxed.objective_value(&lp.values);
        let tol = 1e-6 * lp.abs().max(1.0);
        assert!(
            (bound - lp).abs() <= tol,
            "{file}: bound {bound} vs LP {lp}"
        );
        if exact {
            let optimum = solve(&milp, &opts(SolverChoice::Microlp)).unwrap();
            let optimum = milp.objective_value(&optimum.values);
            assert!(
                bound <= optimum + tol,
                "{file}: bound {bound} above the MILP's {optimum}"
            );
            assert!(
                bound < optimum - 1.0,
                "{file}: a relaxation with a gap to close"
            );
        }
    }
}
