//! Terminal tables of the analyses (the JSON forms are their serde serialisations).

use crate::analysis::alternatives::{AlternativePlan, Alternatives};
use crate::analysis::compare::{Column, Comparison};
use crate::analysis::priorities::{Priorities, Priority};
use crate::analysis::scale::{ScaleCurve, ScalePoint, ScaleReport};
use crate::report::table::table_of;
use crate::report::{eur, right};
use comfy_table::Cell;

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "infeasible".into())
}

const CURVE_HEADER: [&str; 9] = [
    "Max size",
    "Plan NPV",
    "Saving",
    "%",
    "EUR/inh/yr",
    "EUR/user/yr",
    "Marginal saving",
    "Groups",
    "Largest",
];

fn curve_table(c: &ScaleCurve) -> String {
    let t = table_of(&CURVE_HEADER, c.points.iter().map(curve_row));
    format!(
        "{} (everyone alone: {}); {}\n{t}\n",
        c.scope,
        eur(c.baseline_npv),
        stop_text(c)
    )
}

fn curve_row(p: &ScalePoint) -> Vec<Cell> {
    vec![
        Cell::new(p.max_group_size),
        right(opt(p.npv, eur)),
        right(opt(p.saving, eur)),
        right(opt(p.saving_pct, |v| format!("{v:.1}"))),
        right(opt(p.per_inhabitant_per_year, |v| format!("{v:.2}"))),
        right(opt(p.per_user_per_year, |v| format!("{v:.0}"))),
        right(p.marginal_saving.map(eur).unwrap_or_default()),
        right(p.groups.to_string()),
        right(p.largest_group.to_string()),
    ]
}

/// Up to which group size extra scale still pays.
fn stop_text(c: &ScaleCurve) -> String {
    let n = c.points.len();
    match c.stops_paying_at {
        Some(k) if k == n => format!("every step up to groups of {n} still pays"),
        Some(1) => "no group size pays: everyone alone is best".into(),
        Some(k) => format!("extra scale stops paying beyond groups of {k}"),
        None => "no plan at any size".into(),
    }
}

impl ScaleReport {
    /// Terminal tables: the saving per maximum group size, overall and per domain on its own.
    pub fn to_table(&self) -> String {
        let mut out = curve_table(&self.overall);
        out.push_str(
            "\nPer domain (each solved on its own; budgets dropped, they cover all domains)\n",
        );
        for c in &self.per_domain {
            out.push('\n');
            out.push_str(&curve_table(c));
        }
        out
    }
}

impl Priorities {
    /// Terminal table: the domains ranked by what sharing them saves.
    pub fn to_table(&self) -> String {
        let rows = self.domains.iter().enumerate();
        let t = table_of(&PRIORITY_HEADER, rows.map(|(i, p)| priority_row(i + 1, p)));
        format!(
            "Optimum {} vs everyone alone {}: saving attributable to each domain (optimum vs the same with that domain kept in house by everyone)\n{t}\n",
            eur(self.optimum_npv),
            eur(self.baseline_npv)
        )
    }
}

const PRIORITY_HEADER: [&str; 6] = [
    "Rank",
    "Domain",
    "Shared in optimum",
    "Saving from sharing it",
    "% of baseline",
    "Payback year",
];

fn priority_row(rank: usize, p: &Priority) -> Vec<Cell> {
    vec![
        Cell::new(rank),
        Cell::new(&p.domain),
        Cell::new(if p.shared_in_optimum { "yes" } else { "no" }),
        right(
            p.saving
                .map(eur)
                .unwrap_or_else(|| "cannot be kept in house".into()),
        ),
        right(
            p.saving_pct_of_baseline
                .map(|v| format!("{v:.1}"))
                .unwrap_or_default(),
        ),
        right(p.payback_year.map(|y| y.to_string()).unwrap_or_default()),
    ]
}

const ALTERNATIVES_HEADER: [&str; 6] = [
    "#",
    "Plan NPV",
    "Above optimum",
    "%",
    "Groups (members|domain|form)",
    "Differs from the optimum",
];

impl Alternatives {
    /// Terminal table: the optimum and the next-best plans, with what each adds and drops.
    pub fn to_table(&self) -> String {
        let head = self.heading();
        let t = table_of(&ALTERNATIVES_HEADER, self.plans.iter().map(alternative_row));
        let stopped = self
            .stopped
            .as_ref()
            .map(|why| format!("Note: {why}\n"))
            .unwrap_or_default();
        format!("{head}\n{t}\n{stopped}")
    }

    /// What was asked: near-optimal diverse plans (with a slack) or the K best.
    fn heading(&self) -> String {
        match self.slack {
            Some(slack) => format!(
                "Up to {} near-optimal plans within {:.1}% of the optimum ({}), each as different as possible from the earlier ones",
                self.plans.len(),
                100.0 * slack,
                eur(self.optimum_npv)
            ),
            None => format!(
                "The {} best distinct plans (optimum {}, everyone alone {})",
                self.plans.len(),
                eur(self.optimum_npv),
                eur(self.baseline_npv)
            ),
        }
    }
}

fn alternative_row(p: &AlternativePlan) -> Vec<Cell> {
    vec![
        Cell::new(p.rank),
        right(eur(p.npv)),
        right(eur(p.gap)),
        right(format!("{:.2}", p.gap_pct)),
        Cell::new(groups_text(p)),
        Cell::new(difference(p)),
    ]
}

fn groups_text(p: &AlternativePlan) -> String {
    if p.groups.is_empty() {
        "(everyone alone)".to_string()
    } else {
        p.groups.join("\n")
    }
}

/// The groups a plan adds to and drops from the optimum.
fn difference(p: &AlternativePlan) -> String {
    let diff: Vec<String> = p
        .added
        .iter()
        .map(|g| format!("+ {g}"))
        .chain(p.dropped.iter().map(|g| format!("- {g}")))
        .collect();
    if diff.is_empty() {
        "(the optimum)".to_string()
    } else {
        diff.join("\n")
    }
}

impl Comparison {
    /// Terminal tables: one column per variant and a row per figure, then partners' savings.
    pub fn to_table(&self) -> String {
        let mut header = vec!["".to_string()];
        header.extend(self.columns.iter().map(|c| c.name.clone()));
        let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
        let mut out = format!("{}\n", self.figures_table(&header));
        if let Some(first) = self.columns.first() {
            out.push_str(&format!(
                "\nSaving per partner (NPV, volume key; - = not in that alternative)\n{}\n",
                self.partner_savings_table(first, &header)
            ));
        }
        out.push_str(&self.variants_and_plans());
        out.push_str(&self.explanations());
        out
    }

    /// A row per figure of [`COMPARISON_ROWS`], a column per variant.
    fn figures_table(&self, header: &[&str]) -> comfy_table::Table {
        let rows = COMPARISON_ROWS.iter().map(|(label, f)| {
            let figures = self.columns.iter().map(|c| right(f(c)));
            std::iter::once(Cell::new(label)).chain(figures).collect()
        });
        table_of(header, rows)
    }

    /// Why each variant without a plan has none.
    fn explanations(&self) -> String {
        let explained = self.columns.iter().filter_map(|c| {
            let why = c.explanation.as_ref()?;
            Some(format!("\n{}: {why}\n", c.name))
        });
        explained.collect()
    }

    /// Each variant's description, and how its plan differs from the first column's.
    fn variants_and_plans(&self) -> String {
        let Some(first) = self.columns.first() else {
            return String::new();
        };
        let mut out = format!("\nVariants (plans compared with `{}`)\n", first.name);
        out.push_str(&format!("  {}: {}\n", first.name, first.description));
        for (c, (added, dropped)) in self.columns[1..].iter().zip(self.differences()) {
            out.push_str(&format!("  {}: {}\n", c.name, c.description));
            out.push_str(&plan_difference(c, &added, &dropped));
        }
        out
    }

    /// Every partner of the first column, its saving in each alternative.
    fn partner_savings_table(&self, first: &Column, header: &[&str]) -> comfy_table::Table {
        let rows = first
            .partner_savings
            .iter()
            .enumerate()
            .map(|(i, (id, _))| {
                let savings = self.columns.iter().map(|c| saving_cell(c, i));
                std::iter::once(Cell::new(id)).chain(savings).collect()
            });
        table_of(header, rows)
    }
}

/// The column's saving of its `i`th partner, or a dash.
fn saving_cell(c: &Column, i: usize) -> Cell {
    right(money_or_dash(c.partner_savings[i].1))
}

/// "same plan", or the groups only in this plan (+) and only in the first (-).
fn plan_difference(c: &Column, added: &[String], dropped: &[String]) -> String {
    if c.objective_npv.is_none() {
        return "    no plan (infeasible)\n".into();
    }
    if added.is_empty() && dropped.is_empty() {
        return "    same plan\n".into();
    }
    let added = added.iter().map(|g| format!("    + {g}\n"));
    added
        .chain(dropped.iter().map(|g| format!("    - {g}\n")))
        .collect()
}

fn money_or_dash(v: Option<f64>) -> String {
    v.map(eur).unwrap_or_else(|| "-".into())
}

fn or_dash<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_else(|| "-".into())
}

/// The comparison's rows: label, and the figure of one column.
type ComparisonRow = (&'static str, fn(&Column) -> String);

const COMPARISON_ROWS: [ComparisonRow; 13] = [
    ("status", |c| c.status.clone()),
    ("partners", |c| c.partners_in.to_string()),
    ("plan NPV", |c| money_or_dash(c.objective_npv)),
    ("everyone alone NPV", |c| eur(c.baseline_npv)),
    ("saving", |c| money_or_dash(c.saving)),
    ("saving %", |c| or_dash(c.saving_pct, |v| format!("{v:.1}"))),
    ("EUR/inhabitant/year", |c| {
        or_dash(c.per_inhabitant_per_year, |v| format!("{v:.2}"))
    }),
    ("EUR/user/year", |c| {
        or_dash(c.per_user_per_year, |v| format!("{v:.0}"))
    }),
    ("ICT FTE at horizon", |c| {
        or_dash(c.fte_end, |v| format!("{v:.1}"))
    }),
    ("payback year", |c| {
        or_dash(c.payback_year, |y| y.to_string())
    }),
    ("groups", |c| c.groups.to_string()),
    ("largest group", |c| c.largest_group.to_string()),
    ("forms used", |c| c.forms_used.join(", ")),
];
