//! Who pays what, when: per partner and per year, what it pays alone and under the plan, in
//! the two columns of a Flemish meerjarenplan (exploitatie: running costs; investering:
//! investments), what it pays up front to join each group, what it pays for each domain, its
//! FTE trajectory and its own payback year. Every figure is read from the [`Evaluation`], so
//! a partner's yearly figures discount to its NPV and the partners' sum to the plan's.

use crate::costs::{CATS, Cat, ColumnCost, Ledger};
use crate::evaluate::Evaluation;
use crate::plan::{Group, Plan};
use crate::rules::group_name;
use crate::scenario::Scenario;
use serde::Serialize;

/// The meerjarenplan column a cost category belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    /// Running costs: outside purchases, own and shared staff, VAT on recharged work,
    /// coordination, distance, governance.
    Exploitatie,
    /// Investments and renewals (less residual value), integration, vehicle setup.
    Investering,
}

/// Where each cost category is booked.
pub fn column_of(cat: Cat) -> Column {
    match cat {
        Cat::Capex | Cat::Integration | Cat::Setup => Column::Investering,
        Cat::Opex
        | Cat::Provider
        | Cat::SharedStaff
        | Cat::Vat
        | Cat::Coordination
        | Cat::Distance
        | Cat::Governance
        | Cat::OwnStaff => Column::Exploitatie,
    }
}

/// Cash of one year split into the two columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Split {
    /// Running costs paid in the year (purchases, staff, VAT, governance...), undiscounted euro.
    pub exploitatie: f64,
    /// Investments paid in the year (capex less residual value, integration, setup), undiscounted.
    pub investering: f64,
}

impl Split {
    /// Row t of a ledger by column.
    pub fn of(ledger: &Ledger, t: usize) -> Split {
        let mut out = Split::default();
        for (i, &cat) in CATS.iter().enumerate() {
            match column_of(cat) {
                Column::Exploitatie => out.exploitatie += ledger.rows[t][i],
                Column::Investering => out.investering += ledger.rows[t][i],
            }
        }
        out
    }
    /// Both columns together.
    pub fn total(&self) -> f64 {
        self.exploitatie + self.investering
    }
}

/// One year of one partner.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentYear {
    /// Calendar year of the row (base_year + t; base_year + H is the residual row).
    pub year: i32,
    /// Discount factor (1+r)^-t of the row.
    pub discount_factor: f64,
    /// Every domain alone.
    pub alone: Split,
    /// Under the plan (its own payroll, its shares of groups and vehicles).
    pub plan: Split,
    /// Alone minus plan.
    pub saving: f64,
    /// Own ICT FTE on its payroll, alone and under the plan, and FTE transferred to
    /// vehicles (0 in the residual row).
    pub fte_alone: f64,
    /// Own ICT FTE on its payroll under the plan (0 in the residual row).
    pub fte_plan: f64,
    /// Own FTE transferred into vehicles under the plan (0 in the residual row).
    pub fte_transferred: f64,
    /// The row after the horizon: only the residual value of investments.
    pub residual: bool,
}

/// What a partner pays once to join a group: its integration (migration) cost in the
/// group's first year, and its share of the setup of the vehicle, paid in the base year when
/// the vehicle is set up.
#[derive(Debug, Clone, Serialize)]
pub struct EntryCost {
    /// `members|domain|form`.
    pub group: String,
    /// Calendar year the group starts sharing, when the integration cost is paid.
    pub start_year: i32,
    /// Its integration (migration) cost of joining the group, euro paid in `start_year`.
    pub integration: f64,
    /// Its share of the setup of the vehicle the group runs in (0 when the vehicle's first
    /// domain lists it), paid in `setup_year`.
    pub setup: f64,
    /// The base year: a vehicle is set up when the councils decide.
    pub setup_year: i32,
}

/// What a partner pays for one shared domain over the horizon (NPV), under the plan.
#[derive(Debug, Clone, Serialize)]
pub struct DomainShare {
    /// `members|domain|form`.
    pub group: String,
    /// Its costs of the domain, its years alone before the start included (its own payroll
    /// excluded: that is one figure per partner).
    pub npv: f64,
}

/// Everything one partner pays, year by year.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerPayments {
    /// The partner's id in the scenario.
    pub id: String,
    /// The partner's display name.
    pub name: String,
    /// NPV of everything it pays running every domain alone (payroll included), euro.
    pub npv_alone: f64,
    /// NPV of everything it pays under the plan (payroll, group and vehicle shares), euro.
    pub npv_plan: f64,
    /// Its rows base_year .. base_year+H, the last one only the residual value.
    pub years: Vec<PaymentYear>,
    /// What it pays once to join each of its groups, in plan order.
    pub entry_costs: Vec<EntryCost>,
    /// What it pays for each shared domain it is in, in plan order.
    pub domain_shares: Vec<DomainShare>,
    /// Its vehicles' setup and governance over the horizon (NPV).
    pub vehicles_npv: f64,
    /// First year from which its own cumulative discounted saving stays non-negative; `None`
    /// when it is in no group or never pays back.
    pub payback_year: Option<i32>,
}

/// The payments of every partner under `plan` (evaluated as `ev`).
pub fn payments(s: &Scenario, plan: &Plan, ev: &Evaluation) -> Vec<PartnerPayments> {
    (0..s.partners.len())
        .map(|p| partner_payments(s, plan, ev, p))
        .collect()
}

fn partner_payments(s: &Scenario, plan: &Plan, ev: &Evaluation, p: usize) -> PartnerPayments {
    let o = &ev.partners[p];
    let years: Vec<PaymentYear> = (0..=s.horizon).map(|t| year(s, ev, p, t)).collect();
    let in_a_group = plan.groups.iter().any(|g| g.members.contains(&p));
    PartnerPayments {
        id: s.partners[p].id.clone(),
        name: s.partners[p].name.clone(),
        npv_alone: o.baseline.npv(s),
        npv_plan: o.ledger.npv(s),
        payback_year: if in_a_group { payback(&years) } else { None },
        years,
        entry_costs: entry_costs(s, plan, ev, p),
        domain_shares: domain_shares(s, plan, ev, p),
        vehicles_npv: vehicle_ledgers(ev, p).map(|l| l.npv(s)).sum(),
    }
}

fn year(s: &Scenario, ev: &Evaluation, p: usize, t: usize) -> PaymentYear {
    let o = &ev.partners[p];
    let fte = |v: &[f64]| v.get(t).copied().unwrap_or(0.0);
    PaymentYear {
        year: s.base_year + t as i32,
        discount_factor: s.discount(t),
        alone: Split::of(&o.baseline, t),
        plan: Split::of(&o.ledger, t),
        saving: o.baseline.cash(t) - o.ledger.cash(t),
        fte_alone: fte(&o.baseline_fte),
        fte_plan: fte(&o.paid_fte),
        fte_transferred: fte(&o.transferred_fte),
        residual: t == s.horizon,
    }
}

/// First year from which the partner's cumulative discounted saving stays non-negative.
fn payback(years: &[PaymentYear]) -> Option<i32> {
    crate::evaluate::payback(years.iter().map(|y| (y.year, y.discount_factor * y.saving)))
}

/// The member index of partner p in a column or vehicle, if it is one.
fn member(members: &[usize], p: usize) -> Option<usize> {
    members.iter().position(|&m| m == p)
}

fn vehicle_ledgers(ev: &Evaluation, p: usize) -> impl Iterator<Item = &Ledger> {
    ev.vehicles
        .iter()
        .filter_map(move |v| member(&v.members, p).map(|i| &v.ledgers[i]))
}

/// The plan's groups that partner p is in, each with its costs and p's member index in it.
fn groups_of<'a>(
    plan: &'a Plan,
    ev: &'a Evaluation,
    p: usize,
) -> impl Iterator<Item = (&'a Group, &'a ColumnCost, usize)> {
    (plan.groups.iter().zip(&ev.groups))
        .filter_map(move |(g, col)| member(&col.members, p).map(|i| (g, col, i)))
}

fn entry_costs(s: &Scenario, plan: &Plan, ev: &Evaluation, p: usize) -> Vec<EntryCost> {
    groups_of(plan, ev, p)
        .map(|(g, col, i)| entry_cost(s, ev, g, &col.ledgers[i], col.start, p))
        .collect()
}

/// What p pays to join group `g` (`ledger`: its ledger in the group, which starts in year
/// `start`).
fn entry_cost(
    s: &Scenario,
    ev: &Evaluation,
    g: &Group,
    ledger: &Ledger,
    start: usize,
    p: usize,
) -> EntryCost {
    let t = start.min(s.horizon);
    EntryCost {
        group: group_name(s, &g.members, g.domain, g.form),
        start_year: s.base_year + t as i32,
        integration: ledger.rows[t][Cat::Integration as usize],
        setup: setup_share(ev, g.form, &g.members, g.domain, p),
        setup_year: s.base_year,
    }
}

/// Partner p's share of the setup of the vehicle that runs domain d for `members` (booked in
/// the base year), when this group is the vehicle's first domain (so it is listed once).
fn setup_share(ev: &Evaluation, f: usize, members: &[usize], d: usize, p: usize) -> f64 {
    let vehicle = ev
        .vehicles
        .iter()
        .find(|v| v.form == f && v.members == members && v.domains.contains(&d));
    match vehicle {
        Some(v) if v.domains.first() == Some(&d) => {
            member(&v.members, p).map_or(0.0, |i| v.ledgers[i].rows[0][Cat::Setup as usize])
        }
        _ => 0.0,
    }
}

fn domain_shares(s: &Scenario, plan: &Plan, ev: &Evaluation, p: usize) -> Vec<DomainShare> {
    groups_of(plan, ev, p)
        .map(|(g, col, i)| DomainShare {
            group: group_name(s, &g.members, g.domain, g.form),
            npv: col.ledgers[i].npv(s),
        })
        .collect()
}

/// Terminal tables: one per partner, its years in the two meerjarenplan columns.
pub fn table(payments: &[PartnerPayments]) -> String {
    let mut out = String::from(
        "\nWho pays what, when (exploitatie = running costs, investering = investments; euro of the base year)\n",
    );
    for p in payments {
        out.push_str(&partner_table(p));
    }
    out
}

const PARTNER_HEADER: [&str; 7] = [
    "Year",
    "Alone: exploitatie",
    "Alone: investering",
    "Plan: exploitatie",
    "Plan: investering",
    "Saving",
    "Own FTE",
];

fn payment_row(y: &PaymentYear) -> Vec<comfy_table::Cell> {
    use super::{eur, right};
    vec![
        comfy_table::Cell::new(super::table::year_label(y.year, y.residual)),
        right(eur(y.alone.exploitatie)),
        right(eur(y.alone.investering)),
        right(eur(y.plan.exploitatie)),
        right(eur(y.plan.investering)),
        right(eur(y.saving)),
        right(format!("{:.1}", y.fte_plan)),
    ]
}

fn partner_table(p: &PartnerPayments) -> String {
    use super::eur;
    let t = super::table::table_of(&PARTNER_HEADER, p.years.iter().map(payment_row));
    let payback = p
        .payback_year
        .map_or_else(|| "none".to_string(), |y| y.to_string());
    format!(
        "\n{} ({}): NPV alone {}, under the plan {}; payback year {payback}\n{t}\n{}",
        p.name,
        p.id,
        eur(p.npv_alone),
        eur(p.npv_plan),
        entry_lines(p)
    )
}

fn entry_lines(p: &PartnerPayments) -> String {
    p.entry_costs
        .iter()
        .map(|e| {
            format!(
                "  joins {} in {}: integration {}, vehicle setup share {} (paid in {})\n",
                e.group,
                e.start_year,
                super::eur(e.integration),
                super::eur(e.setup),
                e.setup_year
            )
        })
        .collect()
}

/// Long-format CSV rows (no header) in the layout of the plan report's CSV:
/// `payments,PARTNER/YEAR,FIELD,VALUE`.
pub fn csv_rows(payments: &[PartnerPayments]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for p in payments {
        for y in &p.years {
            let key = format!("{}/{}", p.id, y.year);
            for (field, v) in csv_fields(y) {
                let _ = w.write_record(["payments", &key, field, &format!("{v:.6}")]);
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The figures of a year in the CSV, by field name.
fn csv_fields(y: &PaymentYear) -> [(&'static str, f64); 5] {
    [
        ("alone_exploitatie", y.alone.exploitatie),
        ("alone_investering", y.alone.investering),
        ("plan_exploitatie", y.plan.exploitatie),
        ("plan_investering", y.plan.investering),
        ("fte_plan", y.fte_plan),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_is_booked_in_exactly_one_column() {
        let exploitatie = CATS
            .iter()
            .filter(|&&c| column_of(c) == Column::Exploitatie)
            .count();
        let investering = CATS
            .iter()
            .filter(|&&c| column_of(c) == Column::Investering)
            .count();
        assert_eq!(exploitatie + investering, CATS.len());
        assert_eq!(investering, 3, "capex, integration, setup");
    }

    #[test]
    fn a_ledger_row_splits_without_loss() {
        let mut l = Ledger::new(2);
        for (i, &c) in CATS.iter().enumerate() {
            l.add(1, c, (i + 1) as f64);
        }
        let split = Split::of(&l, 1);
        assert_eq!(split.total(), l.cash(1));
        assert_eq!(split.investering, 2.0 + 5.0 + 8.0);
    }
}
