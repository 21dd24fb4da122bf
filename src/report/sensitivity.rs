//! `samen sensitivity` as terminal tables: the tornado, the break-even values and the global
//! importance of each input.

use super::{eur, right, table};
use crate::analysis::sensitivity::{
    BreakEven, End, Importance, PlanChange, SensitivityReport, Swing,
};
use comfy_table::Cell;

use super::risk::num;

/// What the re-solved optimum does at one end, in a few words (the groups are listed under
/// the table).
fn optimum(e: &End) -> String {
    match (&e.optimum_change, &e.failure) {
        (_, Some(_)) => "not solved (see below)".into(),
        (None, None) => "same plan".into(),
        (Some(c), None) => counts(c),
    }
}

fn counts(c: &PlanChange) -> String {
    format!("changes: +{} -{} groups", c.added.len(), c.dropped.len())
}

/// The lines under a table that say what changes where.
fn notes(items: impl Iterator<Item = (String, String)>) -> String {
    let lines: Vec<String> = items
        .map(|(at, what)| format!("  {at}: {what}\n"))
        .collect();
    lines.concat()
}

fn tornado_notes(s: &Swing) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (side, e) in [("low", &s.low), ("high", &s.high)] {
        let at = format!("{} at {side} ({})", s.input, num(e.value));
        if let Some(f) = &e.failure {
            out.push((at, format!("the re-solve failed: {f}")));
        } else if let Some(c) = &e.optimum_change {
            out.push((at, change(c)));
        }
    }
    out
}

fn change(c: &PlanChange) -> String {
    let mut parts = Vec::new();
    if !c.added.is_empty() {
        parts.push(format!("adds {}", c.added.join(", ")));
    }
    if !c.dropped.is_empty() {
        parts.push(format!("drops {}", c.dropped.join(", ")));
    }
    parts.join("; ")
}

impl SensitivityReport {
    /// Terminal tables.
    pub fn to_table(&self) -> String {
        format!(
            "Sensitivity of the recommended plan of {} (saving {} with the inputs as written)\nRecommended plan:\n{}\n{}\n{}\n{}",
            self.scenario,
            eur(self.saving),
            super::risk::plan_lines(&self.plan),
            self.tornado_table(),
            self.break_even_table(),
            self.importance_table(),
        )
    }

    fn tornado_table(&self) -> String {
        let mut t = table(&[
            "Input (one at a time)",
            "Low",
            "Saving at low",
            "High",
            "Saving at high",
            "Swing",
            "Optimum at low",
            "Optimum at high",
        ]);
        for s in &self.tornado {
            t.add_row(swing_row(s));
        }
        let changes = notes(self.tornado.iter().flat_map(tornado_notes));
        format!(
            "Tornado: the plan held fixed, each input at the ends of its range (P5 and P95 of a normal or lognormal input), the others as written\n{t}\n{changes}"
        )
    }

    fn break_even_table(&self) -> String {
        let mut t = table(&[
            "Input",
            "Range",
            "Saving changes sign at",
            "Optimal plan changes at",
            "Beyond it",
        ]);
        for b in &self.break_even {
            t.add_row(break_even_row(b));
        }
        let failures = (self.break_even.iter()).filter_map(|b| {
            Some((
                b.input.clone(),
                format!(
                    "a re-solve failed, the search stopped: {}",
                    b.plan_failure.as_ref()?
                ),
            ))
        });
        let beyond = self.break_even.iter().filter_map(|b| {
            let x = b.plan_change?;
            let side = if x < b.as_written { "below" } else { "above" };
            let at = format!("{} {side} {}", b.input, num(x));
            Some((at, change(b.plan_beyond.as_ref()?)))
        });
        let changes = notes(beyond.chain(failures));
        format!(
            "Break-even values (nearest to the value as written; ± half the bracket found by bisection)\n{t}\n{changes}"
        )
    }

    fn importance_table(&self) -> String {
        let mut t = table(&["Input", "SRRC", "Direction"]);
        for i in &self.importance {
            t.add_row(importance_row(i));
        }
        format!(
            "Global importance over {} draws of all inputs together (seed {}): standardised rank regression coefficients of the saving; the regression explains {:.0}% of the saving's rank variance\n{t}\n",
            self.draws,
            self.seed,
            100.0 * self.r_squared
        )
    }
}

fn swing_row(s: &Swing) -> Vec<Cell> {
    vec![
        Cell::new(&s.input),
        right(num(s.low.value)),
        right(eur(s.low.saving)),
        right(num(s.high.value)),
        right(eur(s.high.saving)),
        right(eur(s.swing)),
        Cell::new(optimum(&s.low)),
        Cell::new(optimum(&s.high)),
    ]
}

fn break_even_row(b: &BreakEven) -> Vec<Cell> {
    let at = |v: Option<f64>, tol: f64| match v {
        Some(v) if tol < 5e-5 => format!("{} ± <0.0001", num(v)),
        Some(v) => format!("{} ± {}", num(v), num(tol)),
        None => "none in range".into(),
    };
    vec![
        Cell::new(&b.input),
        Cell::new(format!("{} .. {}", num(b.range.0), num(b.range.1))),
        right(at(b.saving_zero, b.saving_tolerance)),
        right(at(b.plan_change, b.plan_tolerance)),
        Cell::new(b.plan_beyond.as_ref().map(counts).unwrap_or_default()),
    ]
}

fn importance_row(i: &Importance) -> Vec<Cell> {
    let direction = match i.srrc {
        x if x > 0.05 => "higher input, larger saving",
        x if x < -0.05 => "higher input, smaller saving",
        _ => "little effect",
    };
    vec![
        Cell::new(&i.input),
        right(format!("{:+.3}", i.srrc)),
        Cell::new(direction),
    ]
}
