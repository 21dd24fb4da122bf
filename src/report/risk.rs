//! `samen risk` as terminal tables: the plan's saving over the draws, per partner, the
//! candidate plans by the three robust criteria, the inputs, and what re-solving found.

use super::{eur, right, table};
use crate::analysis::risk::{
    CandidateRisk, InputInfo, PartnerRisk, Reoptimised, RiskReport, Stats,
};
use comfy_table::Cell;

/// A share as a percentage with one decimal.
fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// An input's value: whole and grouped from 100 up, else at most four decimals.
pub(crate) fn num(x: f64) -> String {
    if x.abs() >= 100.0 {
        return super::fmt_int(x);
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn stats_cells(s: &Stats, f: impl Fn(f64) -> String) -> Vec<Cell> {
    [s.mean, s.p5, s.p50, s.p95, s.worst_5pct_mean]
        .into_iter()
        .map(|x| right(f(x)))
        .collect()
}

/// A plan's groups, one per line (or "everyone alone").
pub fn plan_lines(groups: &[String]) -> String {
    match groups {
        [] => "  everyone alone\n".into(),
        _ => groups.iter().map(|g| format!("  {g}\n")).collect(),
    }
}

impl RiskReport {
    /// Terminal tables.
    pub fn to_table(&self) -> String {
        [
            self.header(),
            self.totals(),
            self.partner_table(),
            self.candidate_table(),
            self.input_table(),
            self.reoptimised
                .as_ref()
                .map(reoptimised_table)
                .unwrap_or_default(),
        ]
        .join("\n")
    }

    fn header(&self) -> String {
        let d = &self.deterministic;
        format!(
            "Risk of the recommended plan of {}: {} draws ({} sampling, seed {}), {} uncertain \
             input(s){}\nRecommended plan:\n{}With the inputs as written: plan {}, everyone \
             alone {}, saving {}\n",
            self.scenario,
            self.draws,
            self.sampling,
            self.seed,
            self.inputs.len(),
            if self.correlated { ", correlated" } else { "" },
            plan_lines(&self.plan),
            eur(d.npv),
            eur(d.alone),
            eur(d.saving),
        )
    }

    fn totals(&self) -> String {
        let mut t = table(&[
            "NPV over the horizon",
            "Mean",
            "P5",
            "P50",
            "P95",
            "Worst 5% (mean)",
        ]);
        for (name, s) in [
            ("Recommended plan", &self.npv),
            ("Everyone alone", &self.alone),
            ("Saving (alone minus plan)", &self.saving),
        ] {
            let mut row = vec![Cell::new(name)];
            row.extend(stats_cells(s, eur));
            t.add_row(row);
        }
        format!(
            "{t}\nThe plan costs less than everyone alone in {} of the draws.\n",
            pct(self.p_saving)
        )
    }

    fn partner_table(&self) -> String {
        let mut t = table(&["Partner", "As written", "Mean", "P5", "P95", "Saves in"]);
        for p in &self.partners {
            t.add_row(partner_row(p));
        }
        format!("Per partner: its saving under the plan's own cost sharing (NPV)\n{t}\n")
    }

    fn candidate_table(&self) -> String {
        let mut t = table(&[
            "Candidate plan",
            "Expected NPV",
            "Worst 5% (mean)",
            "Max regret",
            "Beats alone in",
            "Breaks a rule in",
        ]);
        for c in &self.candidates {
            t.add_row(candidate_row(c));
        }
        let r = &self.robust;
        format!(
            "Candidate plans over the same draws (regret: NPV minus the draw's best{})\n{t}\nRobust \
             choice: by expected NPV {}; by expected shortfall (worst 5%) {}; by maximum regret {}\n",
            if self.reoptimised.is_some() {
                ", the re-solved optimum"
            } else {
                " candidate"
            },
            r.by_expected_npv,
            r.by_expected_shortfall,
            r.by_max_regret
        )
    }

    fn input_table(&self) -> String {
        let mut t = table(&[
            "Uncertain input",
            "Distribution",
            "As",
            "Numbers moved",
            "P5",
            "P50",
            "P95",
        ]);
        for i in &self.inputs {
            t.add_row(input_row(i));
        }
        format!("{t}\n")
    }
}

fn partner_row(p: &PartnerRisk) -> Vec<Cell> {
    vec![
        Cell::new(&p.name),
        right(eur(p.deterministic_saving)),
        right(eur(p.saving.mean)),
        right(eur(p.saving.p5)),
        right(eur(p.saving.p95)),
        right(if p.in_plan {
            pct(p.p_saving)
        } else {
            "not in the plan".into()
        }),
    ]
}

fn candidate_row(c: &CandidateRisk) -> Vec<Cell> {
    vec![
        Cell::new(&c.name),
        right(eur(c.npv.mean)),
        right(eur(c.npv.worst_5pct_mean)),
        right(eur(c.regret.max)),
        right(pct(c.p_saving)),
        right(pct(c.p_breaks_rules)),
    ]
}

fn input_row(i: &InputInfo) -> Vec<Cell> {
    let moved = match i.targets.as_slice() {
        [one] => one.clone(),
        many => format!("{} numbers: {}, ...", many.len(), many[0]),
    };
    vec![
        Cell::new(&i.name),
        Cell::new(&i.distribution),
        Cell::new(&i.how),
        Cell::new(moved),
        right(num(i.draws.p5)),
        right(num(i.draws.p50)),
        right(num(i.draws.p95)),
    ]
}

fn reoptimised_table(r: &Reoptimised) -> String {
    if r.solved == 0 {
        let why = r.first_failure.as_deref().unwrap_or("no draw");
        return format!("Every draw solved again: no draw could be solved ({why})\n");
    }
    let mut t = table(&["Group", "In the recommended plan", "In the optimum of"]);
    for g in &r.groups {
        t.add_row(vec![
            Cell::new(&g.group),
            Cell::new(if g.recommended { "yes" } else { "no" }),
            right(pct(g.share)),
        ]);
    }
    let failed = match (&r.first_failure, r.failed) {
        (Some(e), n) => {
            format!("\n{n} draw(s) could not be solved and are left out; the first: {e}")
        }
        _ => String::new(),
    };
    let regret = &r.regret_vs_resolved_optimum;
    format!(
        "Every draw solved again: the optimum is the recommended plan in {} of {} draws; the \
         recommended plan's NPV above each draw's optimum: mean {}, P95 {}, max {}{failed}\n{t}\n",
        pct(r.same_plan),
        r.solved,
        eur(regret.mean),
        eur(regret.p95),
        eur(regret.max),
    )
}
