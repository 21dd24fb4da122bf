//! The rows of [`super::Report::new`], one function per table, each read from the [`Evaluation`].

use super::{
    CategoryReport, GroupReport, PartnerReport, VehicleReport, ViolationReport, YearReport,
};
use crate::costs::{CATS, Cat, ColumnCost};
use crate::evaluate::{Evaluation, PartnerOutcome, VehicleCost};
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use crate::solve::SolveInfo;

/// `saving` as a percentage of `base` (0 on a zero base).
pub(super) fn pct(saving: f64, base: f64) -> f64 {
    if base.abs() > 0.0 {
        100.0 * saving / base
    } else {
        0.0
    }
}

fn ids(s: &Scenario, members: &[usize]) -> Vec<String> {
    members
        .iter()
        .map(|&p| s.partners[p].id.clone())
        .collect::<Vec<_>>()
}

fn group(s: &Scenario, g: &Group, col: &ColumnCost) -> GroupReport {
    GroupReport {
        domain: s.domains[g.domain].id.clone(),
        form: s.forms[g.form].id.clone(),
        members: ids(s, &g.members),
        start_year: s.base_year + col.start as i32,
        pooled_volume: g.members.iter().map(|&p| s.demand(p, g.domain, 0)).sum(),
        npv: col.npv(s),
        shared_fte_end: col.shared_fte.last().copied().unwrap_or(0.0),
        provider: s.forms[g.form].is_provider(),
    }
}

pub(super) fn groups(s: &Scenario, plan: &Plan, ev: &Evaluation) -> Vec<GroupReport> {
    plan.groups
        .iter()
        .zip(&ev.groups)
        .map(|(g, col)| group(s, g, col))
        .collect()
}

fn vehicle(s: &Scenario, v: &VehicleCost) -> VehicleReport {
    VehicleReport {
        form: s.forms[v.form].id.clone(),
        members: ids(s, &v.members),
        domains: v.domains.iter().map(|&d| s.domains[d].id.clone()).collect(),
        // Setup and governance only, as labelled: a vehicle's trips (distance charged per
        // vehicle) are in its ledgers too, and show in the `distance` category.
        npv: (v.ledgers.iter())
            .map(|l| l.npv_of(s, Cat::Setup) + l.npv_of(s, Cat::Governance))
            .sum(),
        provider: s.forms[v.form].is_provider(),
    }
}

pub(super) fn vehicles(s: &Scenario, ev: &Evaluation) -> Vec<VehicleReport> {
    ev.vehicles.iter().map(|v| vehicle(s, v)).collect()
}

fn partner(s: &Scenario, p: usize, o: &PartnerOutcome) -> PartnerReport {
    let h = s.horizon;
    let alone = o.baseline.npv(s);
    let planned = o.ledger.npv(s);
    PartnerReport {
        id: s.partners[p].id.clone(),
        name: s.partners[p].name.clone(),
        standalone_npv: alone,
        plan_npv: planned,
        saving: alone - planned,
        saving_pct: pct(alone - planned, alone),
        ict_fte_now: s.partners[p].ict_fte,
        ict_fte_end_alone: o.baseline_fte[h - 1],
        ict_fte_end_plan: o.paid_fte[h - 1],
        transferred_fte_end: o.transferred_fte[h - 1],
        freed_npv: o.freed(s, p),
        freed_fte_end: o.freed_fte_last_year(s, p),
    }
}

/// The objective's name in reports.
pub(super) fn objective(s: &Scenario) -> &'static str {
    use crate::scenario::{Guard, Objective};
    match s.objective {
        Objective::Cost => "cost",
        Objective::Capacity(Guard::Horizon) => "capacity",
        Objective::Capacity(Guard::Year) => "capacity-year",
    }
}

pub(super) fn partners(s: &Scenario, ev: &Evaluation) -> Vec<PartnerReport> {
    ev.partners
        .iter()
        .enumerate()
        .map(|(p, o)| partner(s, p, o))
        .collect()
}

/// Row `t` of 0..=H; the last row carries only the residual value, so no staff.
fn year(s: &Scenario, ev: &Evaluation, t: usize) -> YearReport {
    let h = s.horizon;
    let (fte, baseline_fte) = if t < h {
        (ev.fte(t), ev.baseline_fte(t))
    } else {
        (0.0, 0.0)
    };
    YearReport {
        year: s.base_year + t as i32,
        discount_factor: s.discount(t),
        cash: ev.cash(t),
        baseline_cash: ev.baseline_cash(t),
        saving: ev.baseline_cash(t) - ev.cash(t),
        fte,
        baseline_fte,
        residual: t == h,
    }
}

pub(super) fn years(s: &Scenario, ev: &Evaluation) -> Vec<YearReport> {
    (0..=s.horizon).map(|t| year(s, ev, t)).collect()
}

/// NPV per cost category, the categories nobody pays left out.
pub(super) fn breakdown(s: &Scenario, ev: &Evaluation) -> Vec<CategoryReport> {
    CATS.iter()
        .map(|&cat| CategoryReport {
            category: cat,
            plan_npv: ev.partners.iter().map(|o| o.ledger.npv_of(s, cat)).sum(),
            baseline_npv: ev.partners.iter().map(|o| o.baseline.npv_of(s, cat)).sum(),
        })
        .filter(|c| c.plan_npv != 0.0 || c.baseline_npv != 0.0)
        .collect()
}

pub(super) fn violations(ev: &Evaluation) -> Vec<ViolationReport> {
    ev.violations
        .iter()
        .map(|v| ViolationReport {
            rule: v.rule.clone(),
            message: v.message.clone(),
        })
        .collect()
}

pub(super) fn status(info: Option<&SolveInfo>) -> String {
    info.map_or_else(|| "evaluated".into(), SolveInfo::status_name)
}
