//! The report of a plan (solved or user-given): a serialisable structure that is the JSON
//! contract for analysts' scripts, and its renderings as terminal tables and long-format CSV.
//! Every figure is read from the [`Evaluation`]; nothing is recomputed here except sums.

pub mod allocation;
pub mod analysis;
mod build;
mod capacity_html;
pub mod chart;
mod criteria_html;
pub mod fit;
pub mod html;
pub mod lang;
pub mod map;
pub mod output;
pub mod payments;
pub mod render;
pub mod risk;
mod risk_html;
pub mod sensitivity;
pub mod summary;
pub mod svg;
mod table;
pub mod uncertainty_chart;
pub mod xlsx;

use crate::costs::Cat;
use crate::evaluate::Evaluation;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::SolveInfo;
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

/// The report of one plan (solved or given): the JSON contract for analysts' scripts.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The scenario's name (`scenario.name` in the TOML).
    pub scenario: String,
    /// What the plan was chosen for: `cost`, `capacity` (no partner pays more than alone over
    /// the horizon) or `capacity-year` (nor in any year).
    pub objective: String,
    /// `optimal`, `gap_limit`, `time_limit` (from `solve`) or `evaluated` (from `evaluate`).
    pub status: String,
    /// How the plan was found: solver, model size, gap, times; `None` for `evaluate`.
    pub solve: Option<SolveInfo>,
    /// Calendar year of t = 0; every amount is in euro of this year (real terms).
    pub base_year: i32,
    /// Number of planned years H (calendar years base_year .. base_year+H-1).
    pub horizon: usize,
    /// Real discount rate per year as a fraction (0.03 = 3%): cash of year t counts (1+r)^-t.
    pub discount_rate: f64,
    /// NPV of the plan (euro of the base year).
    pub objective_npv: f64,
    /// NPV of every partner alone.
    pub baseline_npv: f64,
    /// NPV saved by the plan against every partner alone (`baseline_npv - objective_npv`), euro.
    pub saving: f64,
    /// `saving` as a percentage (0..100) of `baseline_npv`; 0 when the baseline is 0.
    pub saving_pct: f64,
    /// First year from which the cumulative discounted saving stays non-negative.
    pub payback_year: Option<i32>,
    /// The plan's shared groups (one domain under one form), in plan order.
    pub groups: Vec<GroupReport>,
    /// The plan's vehicles (members and form), each hosting one or more domains.
    pub vehicles: Vec<VehicleReport>,
    /// Every partner's NPV alone and under the plan, and its own ICT FTE, in scenario order.
    pub partners: Vec<PartnerReport>,
    /// Years base_year .. base_year+H-1, then one row (base_year+H) with the residual value.
    pub years: Vec<YearReport>,
    /// NPV by cost category, plan and baseline.
    pub breakdown: Vec<CategoryReport>,
    /// Rules the plan breaks (only `evaluate` can report any).
    pub violations: Vec<ViolationReport>,
    /// The split requested with `solve --split` (None: the volume key above).
    pub split: Option<SplitReport>,
    /// Who pays what, when: per partner and year, exploitatie and investering alone and
    /// under the plan, entry costs, FTE and payback year.
    pub payments: Vec<payments::PartnerPayments>,
    /// The plan's score on each non-monetary criterion (`[[criterion]]`), beside its cost:
    /// the score, everyone alone's, the minimum and the value in euro. Left out of the JSON
    /// when the scenario has no criteria.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<crate::criteria::CriterionScore>,
}

/// Per-partner shares of the plan's NPV under a fair-split method.
#[derive(Debug, Clone, Serialize)]
pub struct SplitReport {
    /// Name of the split method (`volume`, `key:ATTRIBUTE`, `shapley`, `nucleolus`, ...).
    pub method: String,
    /// Whether no coalition would pay less on its own (`None`: core test not computed).
    pub in_core: Option<bool>,
    /// (partner id, share, saving against alone).
    pub partners: Vec<(String, f64, f64)>,
}

/// One shared group of the plan: partners sharing one domain under one form.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    /// Id of the shared domain.
    pub domain: String,
    /// Id of the cooperation form the group uses.
    pub form: String,
    /// Partner ids of the members, in scenario order.
    pub members: Vec<String>,
    /// Calendar year from which the group shares (the lead time and members' lock-ins passed).
    pub start_year: i32,
    /// Pooled driver volume in the base year.
    pub pooled_volume: f64,
    /// NPV of what the members pay for this domain (vehicle costs excluded).
    pub npv: f64,
    /// FTE of the shared service in the last year.
    pub shared_fte_end: f64,
    /// The form is an existing provider its one member joins (`provider_price`): a purchase,
    /// not a cooperation. Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub provider: bool,
}

/// One vehicle of the plan: one group of partners under one form, with its domains.
#[derive(Debug, Clone, Serialize)]
pub struct VehicleReport {
    /// Id of the vehicle's cooperation form.
    pub form: String,
    /// Partner ids of its members, in scenario order.
    pub members: Vec<String>,
    /// Ids of the domains it hosts, in plan order.
    pub domains: Vec<String>,
    /// NPV of setup and governance.
    pub npv: f64,
    /// The form is an existing provider: this "vehicle" is its one member's contract (its
    /// governance per member). Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub provider: bool,
}

/// One partner's NPV alone and under the plan, and its own ICT staff.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerReport {
    /// The partner's id in the scenario.
    pub id: String,
    /// The partner's display name.
    pub name: String,
    /// NPV of everything it pays when it runs every domain alone (payroll included), euro.
    pub standalone_npv: f64,
    /// Under the volume key.
    pub plan_npv: f64,
    /// `standalone_npv - plan_npv`: its NPV saved by the plan (negative: it pays more), euro.
    pub saving: f64,
    /// `saving` as a percentage (0..100) of `standalone_npv`; 0 when that is 0.
    pub saving_pct: f64,
    /// Its current ICT staff E_p in the base year, FTE (the scenario's `ict_fte`).
    pub ict_fte_now: f64,
    /// Paid own ICT FTE in the last planned year, alone and under the plan.
    pub ict_fte_end_alone: f64,
    /// Paid own ICT FTE in the last planned year under the plan.
    pub ict_fte_end_plan: f64,
    /// FTE transferred into vehicles in the last planned year.
    pub transferred_fte_end: f64,
    /// ICT capacity the plan frees against alone ("more with the same means"), euro NPV: the
    /// saving plus the salary of the staff on its payroll it no longer needs.
    pub freed_npv: f64,
    /// The same in the last planned year, as FTE: that year's cash saving over the salary,
    /// plus the staff no longer needed.
    pub freed_fte_end: f64,
}

/// One row of the yearly cash table, summed over all partners.
#[derive(Debug, Clone, Serialize)]
pub struct YearReport {
    /// Calendar year of the row (base_year + t).
    pub year: i32,
    /// Discount factor (1+r)^-t of the row (cash counted at the start of the year).
    pub discount_factor: f64,
    /// Total cash paid by all partners under the plan in that year, undiscounted euro.
    pub cash: f64,
    /// Total cash paid by all partners alone in that year, undiscounted euro.
    pub baseline_cash: f64,
    /// `baseline_cash - cash`: what the plan saves in that year, undiscounted euro.
    pub saving: f64,
    /// Own ICT FTE on the partners' payrolls plus FTE of shared services.
    pub fte: f64,
    /// Own ICT FTE on the partners' payrolls when everyone is alone (0 in the residual row).
    pub baseline_fte: f64,
    /// True for the final row that only carries the residual value of investments.
    pub residual: bool,
}

/// NPV of one cost category, summed over the partners, under the plan and alone.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryReport {
    /// The cost category (opex, capex, own staff, shared staff, VAT, ...).
    pub category: Cat,
    /// NPV the partners pay in this category under the plan, euro of the base year.
    pub plan_npv: f64,
    /// NPV the partners pay in this category when all are alone, euro of the base year.
    pub baseline_npv: f64,
}

/// A scenario rule the plan breaks.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationReport {
    /// The rule, named like the MILP's row (`budget[p,year]`, `rational[p]`, `group[...]`, ...).
    pub rule: String,
    /// What breaks the rule, in words.
    pub message: String,
}

impl Report {
    /// The report of `plan`, evaluated as `ev`; `info` is how it was solved (`None`: evaluated).
    pub fn new(s: &Scenario, plan: &Plan, ev: &Evaluation, info: Option<SolveInfo>) -> Report {
        let objective_npv = ev.npv(s);
        let baseline_npv = ev.baseline_npv(s);
        Report {
            scenario: s.name.clone(),
            objective: build::objective(s).into(),
            status: build::status(info.as_ref()),
            solve: info,
            base_year: s.base_year,
            horizon: s.horizon,
            discount_rate: s.discount_rate,
            objective_npv,
            baseline_npv,
            saving: baseline_npv - objective_npv,
            saving_pct: build::pct(baseline_npv - objective_npv, baseline_npv),
            payback_year: ev.payback_year(s),
            groups: build::groups(s, plan, ev),
            vehicles: build::vehicles(s, ev),
            partners: build::partners(s, ev),
            years: build::years(s, ev),
            breakdown: build::breakdown(s, ev),
            violations: build::violations(ev),
            split: None,
            payments: payments::payments(s, plan, ev),
            criteria: crate::criteria::scores(s, plan),
        }
    }

    /// Attaches the (single) split of an allocation report.
    pub fn set_split(&mut self, a: &crate::analysis::allocation::AllocationReport) {
        if let Some(sp) = a.splits.first() {
            self.split = Some(SplitReport {
                method: sp.method.clone(),
                in_core: sp.in_core,
                partners: a
                    .players
                    .iter()
                    .zip(sp.shares.iter().zip(&sp.savings))
                    .map(|(id, (x, sv))| (id.clone(), *x, *sv))
                    .collect(),
            });
        }
    }

    /// The report as pretty-printed JSON (an `{"error": ...}` object if serialisation fails).
    /// The report of a council dossier's plan, with its fair split.
    pub fn of_dossier(d: &crate::analysis::dossier::Dossier) -> Report {
        let o = &d.outcome;
        let mut report = Report::new(&d.scenario, &o.plan, &o.evaluation, Some(o.info.clone()));
        if let Some(split) = &d.split {
            report.set_split(split);
        }
        report
    }

    /// Long format: `table,key,field,value`, one line per figure.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["table", "key", "field", "value"]);
        let mut put = |table: &str, key: &str, field: &str, value: String| {
            let _ = w.write_record([table, key, field, &value]);
        };
        self.summary_rows(&mut put);
        self.group_rows(&mut put);
        self.partner_rows(&mut put);
        self.year_rows(&mut put);
        self.criteria_rows(&mut put);
        for v in &self.violations {
            put("violations", &v.rule, "message", v.message.clone());
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    fn summary_rows(&self, put: &mut Put) {
        put("summary", "", "status", self.status.clone());
        put("summary", "", "objective_npv", fmt_num(self.objective_npv));
        put("summary", "", "baseline_npv", fmt_num(self.baseline_npv));
        put("summary", "", "saving", fmt_num(self.saving));
        put("summary", "", "saving_pct", fmt_num(self.saving_pct));
        put(
            "summary",
            "",
            "payback_year",
            self.payback_year.map(|y| y.to_string()).unwrap_or_default(),
        );
    }

    fn group_rows(&self, put: &mut Put) {
        for (i, g) in self.groups.iter().enumerate() {
            let key = i.to_string();
            put("groups", &key, "domain", g.domain.clone());
            put("groups", &key, "form", g.form.clone());
            put("groups", &key, "members", g.members.join("+"));
            put("groups", &key, "start_year", g.start_year.to_string());
            put("groups", &key, "npv", fmt_num(g.npv));
        }
    }

    fn partner_rows(&self, put: &mut Put) {
        for p in &self.partners {
            put(
                "partners",
                &p.id,
                "standalone_npv",
                fmt_num(p.standalone_npv),
            );
            put("partners", &p.id, "plan_npv", fmt_num(p.plan_npv));
            put("partners", &p.id, "saving", fmt_num(p.saving));
            put("partners", &p.id, "ict_fte_now", fmt_num(p.ict_fte_now));
            put(
                "partners",
                &p.id,
                "ict_fte_end_plan",
                fmt_num(p.ict_fte_end_plan),
            );
        }
    }

    fn criteria_rows(&self, put: &mut Put) {
        for c in &self.criteria {
            put("criteria", &c.id, "score", fmt_num(c.score));
            put("criteria", &c.id, "alone", fmt_num(c.alone));
            put(
                "criteria",
                &c.id,
                "min",
                c.min.map(fmt_num).unwrap_or_default(),
            );
            put("criteria", &c.id, "value_eur", fmt_num(c.value_eur));
        }
    }

    fn year_rows(&self, put: &mut Put) {
        for y in &self.years {
            let key = y.year.to_string();
            put("years", &key, "cash", fmt_num(y.cash));
            put("years", &key, "baseline_cash", fmt_num(y.baseline_cash));
            put("years", &key, "discount_factor", fmt_num(y.discount_factor));
        }
    }

    /// Terminal tables.
    pub fn to_table(&self) -> String {
        let mut out = format!("Scenario: {}\n", self.scenario);
        if let Some(info) = &self.solve {
            let value = self.criteria.iter().map(|c| c.value_eur * c.score).sum();
            out.push_str(&table::solve_info(info, self.objective_npv, value));
        }
        out.push_str(&table::horizon(self));
        out.push_str(&table::totals(self));
        out.push_str(&table::criteria(self));
        out.push_str(&table::violations(self));
        out.push_str(&table::groups(self));
        out.push_str(&table::vehicles(self));
        out.push_str(&table::partners(self));
        out.push_str(&table::capacity(self));
        if let Some(sp) = &self.split {
            out.push_str(&table::split(sp));
        }
        out.push_str(&table::years(self));
        out.push_str(&table::breakdown(self));
        out
    }
}

pub(crate) fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(header.to_vec());
    t
}

pub(crate) fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// Writes one CSV line: table, key, field, value.
type Put<'a> = dyn FnMut(&str, &str, &str, String) + 'a;

fn fmt_num(x: f64) -> String {
    format!("{x:.6}")
}

pub use crate::format::{eur, fmt_int};
pub use render::{Format, Render, render};

/// Any serialised result as long-format CSV, `table,key,field,value`, one line per figure
/// (the layout of [`Report::to_csv`]): `table` is the path of object keys down to the figure,
/// `key` the positions in the arrays on the way (`1/3`), `field` the figure's own name. An
/// array of plain values (a group's members) is one figure, joined with `+`.
pub fn csv_long(value: &serde_json::Value) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["table", "key", "field", "value"]);
    let mut rows = Vec::new();
    flatten(value, &mut Vec::new(), &mut Vec::new(), &mut rows);
    for (table, key, field, value) in rows {
        let _ = w.write_record([table, key, field, value]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

type CsvRow = (String, String, String, String);

fn flatten(
    v: &serde_json::Value,
    tables: &mut Vec<String>,
    keys: &mut Vec<String>,
    out: &mut Vec<CsvRow>,
) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (name, child) in map {
                if is_leaf(child) {
                    out.push((
                        tables.join("."),
                        keys.join("/"),
                        name.clone(),
                        leaf_text(child),
                    ));
                } else {
                    tables.push(name.clone());
                    flatten(child, tables, keys, out);
                    tables.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                keys.push(i.to_string());
                if is_leaf(child) {
                    out.push((
                        tables.join("."),
                        keys.join("/"),
                        String::new(),
                        leaf_text(child),
                    ));
                } else {
                    flatten(child, tables, keys, out);
                }
                keys.pop();
            }
        }
        leaf => out.push((
            tables.join("."),
            keys.join("/"),
            String::new(),
            leaf_text(leaf),
        )),
    }
}

/// A plain value, or an array of plain values (written as one figure).
fn is_leaf(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(_) => false,
        serde_json::Value::Array(items) => items.iter().all(|i| !i.is_object() && !i.is_array()),
        _ => true,
    }
}

fn leaf_text(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(leaf_text).collect::<Vec<_>>().join("+"),
        other => other.to_string(),
    }
}
