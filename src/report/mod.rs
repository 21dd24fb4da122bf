//! The report of a plan (solved or user-given): a serialisable structure that is the JSON
//! contract for analysts' scripts, and its renderings as terminal tables and long-format CSV.
//! Every figure is read from the [`Evaluation`]; nothing is recomputed here except sums.

pub mod allocation;
pub mod analysis;
pub mod chart;
pub mod html;
pub mod lang;
pub mod map;
pub mod output;
pub mod payments;
pub mod render;
pub mod summary;
pub mod svg;
pub mod xlsx;

use crate::costs::{CATS, Cat};
use crate::evaluate::Evaluation;
use crate::plan::Plan;
use crate::scenario::Scenario;
use crate::solve::SolveInfo;
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: String,
    /// `optimal`, `gap_limit`, `time_limit` (from `solve`) or `evaluated` (from `evaluate`).
    pub status: String,
    pub solve: Option<SolveInfo>,
    pub base_year: i32,
    pub horizon: usize,
    pub discount_rate: f64,
    /// NPV of the plan (euro of the base year).
    pub objective_npv: f64,
    /// NPV of every partner alone.
    pub baseline_npv: f64,
    pub saving: f64,
    pub saving_pct: f64,
    /// First year from which the cumulative discounted saving stays non-negative.
    pub payback_year: Option<i32>,
    pub groups: Vec<GroupReport>,
    pub vehicles: Vec<VehicleReport>,
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
}

/// Per-partner shares of the plan's NPV under a fair-split method.
#[derive(Debug, Clone, Serialize)]
pub struct SplitReport {
    pub method: String,
    pub in_core: Option<bool>,
    /// (partner id, share, saving against alone).
    pub partners: Vec<(String, f64, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    pub domain: String,
    pub form: String,
    pub members: Vec<String>,
    pub start_year: i32,
    /// Pooled driver volume in the base year.
    pub pooled_volume: f64,
    /// NPV of what the members pay for this domain (vehicle costs excluded).
    pub npv: f64,
    /// FTE of the shared service in the last year.
    pub shared_fte_end: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct VehicleReport {
    pub form: String,
    pub members: Vec<String>,
    pub domains: Vec<String>,
    /// NPV of setup and governance.
    pub npv: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerReport {
    pub id: String,
    pub name: String,
    pub standalone_npv: f64,
    /// Under the volume key.
    pub plan_npv: f64,
    pub saving: f64,
    pub saving_pct: f64,
    pub ict_fte_now: f64,
    /// Paid own ICT FTE in the last planned year, alone and under the plan.
    pub ict_fte_end_alone: f64,
    pub ict_fte_end_plan: f64,
    /// FTE transferred into vehicles in the last planned year.
    pub transferred_fte_end: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearReport {
    pub year: i32,
    pub discount_factor: f64,
    pub cash: f64,
    pub baseline_cash: f64,
    pub saving: f64,
    /// Own ICT FTE on the partners' payrolls plus FTE of shared services.
    pub fte: f64,
    pub baseline_fte: f64,
    /// True for the final row that only carries the residual value of investments.
    pub residual: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryReport {
    pub category: Cat,
    pub plan_npv: f64,
    pub baseline_npv: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViolationReport {
    pub rule: String,
    pub message: String,
}

impl Report {
    pub fn new(s: &Scenario, plan: &Plan, ev: &Evaluation, info: Option<SolveInfo>) -> Report {
        let h = s.horizon;
        let objective_npv = ev.npv(s);
        let baseline_npv = ev.baseline_npv(s);
        let pct = |saving: f64, base: f64| {
            if base.abs() > 0.0 {
                100.0 * saving / base
            } else {
                0.0
            }
        };
        let ids = |members: &[usize]| {
            members
                .iter()
                .map(|&p| s.partners[p].id.clone())
                .collect::<Vec<_>>()
        };

        let groups = plan
            .groups
            .iter()
            .zip(&ev.groups)
            .map(|(g, col)| GroupReport {
                domain: s.domains[g.domain].id.clone(),
                form: s.forms[g.form].id.clone(),
                members: ids(&g.members),
                start_year: s.base_year + col.start as i32,
                pooled_volume: g.members.iter().map(|&p| s.demand(p, g.domain, 0)).sum(),
                npv: col.npv(s),
                shared_fte_end: col.shared_fte.last().copied().unwrap_or(0.0),
            })
            .collect();
        let vehicles = ev
            .vehicles
            .iter()
            .map(|v| VehicleReport {
                form: s.forms[v.form].id.clone(),
                members: ids(&v.members),
                domains: v.domains.iter().map(|&d| s.domains[d].id.clone()).collect(),
                npv: v.ledgers.iter().map(|l| l.npv(s)).sum(),
            })
            .collect();
        let partners = ev
            .partners
            .iter()
            .enumerate()
            .map(|(p, o)| {
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
                }
            })
            .collect();
        let years: Vec<YearReport> = (0..=h)
            .map(|t| {
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
            })
            .collect();
        let breakdown = CATS
            .iter()
            .map(|&cat| CategoryReport {
                category: cat,
                plan_npv: ev.partners.iter().map(|o| o.ledger.npv_of(s, cat)).sum(),
                baseline_npv: ev.partners.iter().map(|o| o.baseline.npv_of(s, cat)).sum(),
            })
            .filter(|c| c.plan_npv != 0.0 || c.baseline_npv != 0.0)
            .collect();
        let status = info
            .as_ref()
            .map_or_else(|| "evaluated".into(), SolveInfo::status_name);
        Report {
            scenario: s.name.clone(),
            status,
            solve: info,
            base_year: s.base_year,
            horizon: h,
            discount_rate: s.discount_rate,
            objective_npv,
            baseline_npv,
            saving: baseline_npv - objective_npv,
            saving_pct: pct(baseline_npv - objective_npv, baseline_npv),
            payback_year: ev.payback_year(s),
            groups,
            vehicles,
            partners,
            years,
            breakdown,
            violations: ev
                .violations
                .iter()
                .map(|v| ViolationReport {
                    rule: v.rule.clone(),
                    message: v.message.clone(),
                })
                .collect(),
            split: None,
            payments: payments::payments(s, plan, ev),
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

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// Long format: `table,key,field,value`, one line per figure.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["table", "key", "field", "value"]);
        let mut put = |table: &str, key: &str, field: &str, value: String| {
            let _ = w.write_record([table, key, field, &value]);
        };
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
        for (i, g) in self.groups.iter().enumerate() {
            let key = i.to_string();
            put("groups", &key, "domain", g.domain.clone());
            put("groups", &key, "form", g.form.clone());
            put("groups", &key, "members", g.members.join("+"));
            put("groups", &key, "start_year", g.start_year.to_string());
            put("groups", &key, "npv", fmt_num(g.npv));
        }
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
        for y in &self.years {
            let key = y.year.to_string();
            put("years", &key, "cash", fmt_num(y.cash));
            put("years", &key, "baseline_cash", fmt_num(y.baseline_cash));
            put("years", &key, "discount_factor", fmt_num(y.discount_factor));
        }
        for v in &self.violations {
            put("violations", &v.rule, "message", v.message.clone());
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// Terminal tables.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("Scenario: {}\n", self.scenario));
        if let Some(info) = &self.solve {
            let status = match info.status {
                crate::solver::Status::Optimal if info.restricted.is_some() => {
                    "optimal only within a restricted plan space".to_string()
                }
                crate::solver::Status::Optimal => "optimal".to_string(),
                crate::solver::Status::GapLimit => {
                    format!("within the MIP gap of {}", info.mip_gap)
                }
                crate::solver::Status::TimeLimit => {
                    "TIME LIMIT reached: best plan found, may not be optimal".to_string()
                }
            };
            let gap = match info.gap {
                Some(g) if g.is_finite() => format!("gap reached {:.2}%", 100.0 * g),
                Some(_) => "gap reached: no bound".to_string(),
                None => "gap reached: unknown".to_string(),
            };
            let what = match info.formulation {
                crate::solve::Formulation::Hubs => "slots (hub formulation)",
                _ => "candidate columns",
            };
            out.push_str(&format!(
                "Solved by {} ({status}; gap setting {}, {gap}): {} {what}, {} rows, {} binaries, build {:.3}s, solve {:.3}s\n",
                info.solver, info.mip_gap, info.candidate_columns, info.rows, info.binaries, info.build_seconds, info.solve_seconds
            ));
            if let Some(note) = &info.restricted {
                out.push_str(&format!("RESTRICTED: {note}.\n"));
            }
            if let Some(note) = &info.fallback {
                out.push_str(&format!("NO PLAN FOUND IN TIME: {note}.\n"));
            }
            if let Some(h) = &info.heuristic {
                out.push_str(&format!(
                    "Region mode (time limit {} s; {} s when --time-limit is not given): the cluster heuristic solved {} clusters with columns ({}), then {} neighbourhoods ({} improved it): {} in {:.1}s; the hub MILP {}{}.\n",
                    info.time_limit.unwrap_or(crate::solve::REGION_TIME_LIMIT),
                    crate::solve::REGION_TIME_LIMIT,
                    h.run.clusters,
                    eur(h.run.first_npv),
                    h.run.moves,
                    h.run.improvements,
                    eur(h.run.npv),
                    h.run.seconds,
                    if h.milp { "started from that plan" } else { "" },
                    if !h.milp {
                        "(not run: microlp does not solve a region's hub model in useful time; build with --features highs and use --solver highs for a lower bound and the gap)"
                    } else if h.chosen {
                        " and found nothing better: the plan below is the heuristic's"
                    } else {
                        " and improved it"
                    }
                ));
                if let Some(b) = info.bound {
                    out.push_str(&format!(
                        "Lower bound on any plan's NPV (hub MILP, costs interpolated on its volume grid, staff transfers capped per membership): {}; the gap above is the plan's NPV against it.\n",
                        eur(b)
                    ));
                }
            }
            if !info.exact_costs && info.heuristic.as_ref().is_none_or(|h| !h.chosen) {
                out.push_str(&format!(
                    "The hub model interpolated cost curves on a volume grid; its estimate {} differs from the plan's exact NPV below by {}.\n",
                    eur(info.objective),
                    eur(self.objective_npv - info.objective)
                ));
            }
        }
        out.push_str(&format!(
            "Horizon {}-{} ({} years), real discount rate {:.1}%\n\n",
            self.base_year,
            self.base_year + self.horizon as i32 - 1,
            self.horizon,
            100.0 * self.discount_rate
        ));
        out.push_str(&format!(
            "Plan NPV      {}\nEveryone alone {}\nSaving        {} ({:.1}%)\nPayback year  {}\n\n",
            eur(self.objective_npv),
            eur(self.baseline_npv),
            eur(self.saving),
            self.saving_pct,
            self.payback_year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "never within the horizon".into())
        ));
        if !self.violations.is_empty() {
            out.push_str("THE PLAN BREAKS THESE RULES:\n");
            for v in &self.violations {
                out.push_str(&format!("  - {} ({})\n", v.message, v.rule));
            }
            out.push('\n');
        }
        let mut t = table(&[
            "Domain",
            "Form",
            "Members",
            "Start",
            "Pooled volume",
            "NPV (members)",
        ]);
        for g in &self.groups {
            t.add_row(vec![
                Cell::new(&g.domain),
                Cell::new(&g.form),
                Cell::new(g.members.join(", ")),
                Cell::new(g.start_year),
                right(fmt_int(g.pooled_volume)),
                right(eur(g.npv)),
            ]);
        }
        if self.groups.is_empty() {
            out.push_str("Groups: none (everyone stays alone)\n\n");
        } else {
            out.push_str(&format!(
                "Groups (everything not listed runs alone)\n{t}\n\n"
            ));
        }
        if !self.vehicles.is_empty() {
            let mut t = table(&["Form", "Members", "Domains", "NPV setup + governance"]);
            for v in &self.vehicles {
                t.add_row(vec![
                    Cell::new(&v.form),
                    Cell::new(v.members.join(", ")),
                    Cell::new(v.domains.join(", ")),
                    right(eur(v.npv)),
                ]);
            }
            out.push_str(&format!("Vehicles\n{t}\n\n"));
        }
        let mut t = table(&[
            "Partner",
            "NPV alone",
            "NPV in plan",
            "Saving",
            "%",
            "ICT FTE now",
            "FTE end alone",
            "FTE end plan",
            "Transferred",
        ]);
        for p in &self.partners {
            t.add_row(vec![
                Cell::new(&p.id),
                right(eur(p.standalone_npv)),
                right(eur(p.plan_npv)),
                right(eur(p.saving)),
                right(format!("{:.1}", p.saving_pct)),
                right(format!("{:.2}", p.ict_fte_now)),
                right(format!("{:.2}", p.ict_fte_end_alone)),
                right(format!("{:.2}", p.ict_fte_end_plan)),
                right(format!("{:.2}", p.transferred_fte_end)),
            ]);
        }
        out.push_str(&format!(
            "Partners (plan costs split by the volume key)\n{t}\n\n"
        ));
        if let Some(sp) = &self.split {
            let mut t = table(&["Partner", "Share", "Saving vs alone"]);
            for (id, x, sv) in &sp.partners {
                t.add_row(vec![Cell::new(id), right(eur(*x)), right(eur(*sv))]);
            }
            let core = match sp.in_core {
                Some(true) => "in the core",
                Some(false) => "NOT in the core",
                None => "core not tested",
            };
            out.push_str(&format!("Split by {} ({core})\n{t}\n\n", sp.method));
        }
        let mut t = table(&[
            "Year",
            "Cash alone",
            "Cash in plan",
            "Saving",
            "FTE alone",
            "FTE in plan",
        ]);
        for y in &self.years {
            let (fa, fp) = if y.residual {
                (String::new(), String::new())
            } else {
                (format!("{:.2}", y.baseline_fte), format!("{:.2}", y.fte))
            };
            t.add_row(vec![
                Cell::new(if y.residual {
                    format!("{} (residual value)", y.year)
                } else {
                    y.year.to_string()
                }),
                right(eur(y.baseline_cash)),
                right(eur(y.cash)),
                right(eur(y.saving)),
                right(fa),
                right(fp),
            ]);
        }
        out.push_str(&format!(
            "Years (cash at the start of each year, euro of {})\n{t}\n\n",
            self.base_year
        ));
        let mut t = table(&["Category", "NPV alone", "NPV in plan"]);
        for c in &self.breakdown {
            let name = serde_json::to_value(c.category)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            t.add_row(vec![
                Cell::new(name),
                right(eur(c.baseline_npv)),
                right(eur(c.plan_npv)),
            ]);
        }
        out.push_str(&format!("Cost categories\n{t}\n"));
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
