//! Who pays what, when: the per-partner, per-year exploitatie and investering figures
//! discount to each partner's NPV, alone and under the plan, and over partners to the plan's
//! and everyone-alone's NPV; entry costs are the integration and setup the ledgers hold.

mod common;

use common::{close, load};
use samen::report::Report;
use samen::solver::SolveOptions;

fn solved_report(path: &str) -> Report {
    let s = load(path);
    let out = samen::solve::optimise(&s, &SolveOptions::default()).unwrap();
    Report::new(&s, &out.plan, &out.evaluation, Some(out.info))
}

#[test]
fn yearly_columns_discount_to_every_partners_npv_and_to_the_plans() {
    for path in [
        "tests/fixtures/small.toml",
        "scenarios/gemeente-ocmw.toml",
        "scenarios/kortenberg-machelen-tervuren.toml",
    ] {
        let r = solved_report(path);
        let (mut plan, mut alone) = (0.0, 0.0);
        for (p, pay) in r.payments.iter().zip(&r.partners) {
            let npv = |f: &dyn Fn(&samen::report::payments::PaymentYear) -> f64| -> f64 {
                p.years.iter().map(|y| y.discount_factor * f(y)).sum()
            };
            let planned = npv(&|y| y.plan.exploitatie + y.plan.investering);
            let standalone = npv(&|y| y.alone.exploitatie + y.alone.investering);
            assert!(close(planned, p.npv_plan, 1e-9), "{path} {}", p.id);
            assert!(close(planned, pay.plan_npv, 1e-9), "{path} {}", p.id);
            assert!(
                close(standalone, pay.standalone_npv, 1e-9),
                "{path} {}",
                p.id
            );
            assert_eq!(
                p.years.len(),
                r.horizon + 1,
                "horizon plus the residual row"
            );
            plan += planned;
            alone += standalone;
        }
        assert!(
            close(plan, r.objective_npv, 1e-9),
            "{path}: {plan} vs {}",
            r.objective_npv
        );
        assert!(close(alone, r.baseline_npv, 1e-9), "{path}");
    }
}

#[test]
fn each_member_of_a_group_has_its_entry_cost_and_domain_share() {
    let r = solved_report("scenarios/kortenberg-machelen-tervuren.toml");
    assert!(!r.groups.is_empty(), "the trio shares something");
    for g in &r.groups {
        for m in &g.members {
            let p = r.payments.iter().find(|p| &p.id == m).unwrap();
            let name = format!("{}|{}|{}", g.members.join("+"), g.domain, g.form);
            let entry = p.entry_costs.iter().find(|e| e.group == name).unwrap();
            assert_eq!(entry.start_year, g.start_year);
            assert!(entry.integration >= 0.0 && entry.setup >= 0.0);
            assert!(p.domain_shares.iter().any(|d| d.group == name));
            assert!(p.payback_year.is_none() || p.payback_year >= Some(r.base_year));
        }
    }
    // A partner in no group pays exactly its cost alone, every year.
    for p in &r.payments {
        if p.entry_costs.is_empty() {
            for y in &p.years {
                assert!(close(y.plan.total(), y.alone.total(), 1e-12), "{}", p.id);
            }
        }
    }
}
