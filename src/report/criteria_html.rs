//! The council report's section on the non-monetary criteria (`[[criterion]]`): the plan's
//! score on each beside everyone alone's and the minimum, the forms' scores as the scenario
//! gives them, and, when a criterion carries a value in euro, what the choice counted for it.
//! Left out when the scenario has no criteria.

use super::Report;
use super::html::{header_row, paragraph, section};
use super::lang::{Lang, fill};
use super::svg::esc;
use crate::criteria::CriterionScore;
use crate::scenario::Scenario;

/// The section, or nothing without criteria.
pub(super) fn criteria_section(s: &Scenario, r: &Report, lang: Lang) -> String {
    if r.criteria.is_empty() {
        return String::new();
    }
    let t = lang.texts();
    let valued: String = (r.criteria.iter())
        .filter(|c| c.value_eur > 0.0)
        .map(|c| paragraph(&value_line(c, lang)))
        .collect();
    let parts = [
        paragraph(t.criteria_intro),
        scores_table(s, r, lang),
        valued,
        paragraph(t.criteria_forms),
        forms_table(s, lang),
        weights(s, lang),
    ];
    section(t.criteria, &parts.concat())
}

/// Per criterion: the plan's score, everyone alone's, the minimum and the source.
fn scores_table(s: &Scenario, r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let head = header_row(&[
        t.criterion,
        t.criteria_plan,
        t.criteria_alone,
        t.criteria_min,
        t.source,
    ]);
    let rows: String = (r.criteria.iter().zip(&s.criteria))
        .map(|(c, crit)| score_row(c, crit.source.as_deref(), lang))
        .collect();
    format!("<table>{head}{rows}</table>")
}

fn score_row(c: &CriterionScore, source: Option<&str>, lang: Lang) -> String {
    let min = c.min.map_or_else(
        || lang.texts().criteria_none.to_string(),
        |m| lang.decimal(m, 2),
    );
    format!(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
        esc(&c.name),
        esc(&lang.decimal(c.score, 2)),
        esc(&lang.decimal(c.alone, 2)),
        esc(&min),
        esc(source.unwrap_or(""))
    )
}

/// "Autonomy is worth EUR x per point: the plan was chosen on its cost less EUR y."
fn value_line(c: &CriterionScore, lang: Lang) -> String {
    fill(
        lang.texts().criteria_value,
        &[
            ("criterion", &c.name),
            ("value", &lang.money(c.value_eur)),
            ("credit", &lang.money(c.value_eur * c.score)),
        ],
    )
}

/// Each form's score on each criterion, and alone's, as written in the scenario.
fn forms_table(s: &Scenario, lang: Lang) -> String {
    let t = lang.texts();
    let mut head = vec![""];
    head.extend(s.criteria.iter().map(|c| c.name.as_str()));
    let cells = |scores: Vec<f64>| -> String {
        (scores.iter())
            .map(|&x| format!("<td class=\"n\">{}</td>", esc(&lang.decimal(x, 2))))
            .collect()
    };
    let alone = cells(s.criteria.iter().map(|c| c.alone).collect());
    let mut rows = format!("<tr><td>{}</td>{alone}</tr>", esc(t.alone));
    for f in &s.forms {
        rows.push_str(&format!(
            "<tr><td>{}</td>{}</tr>",
            esc(&f.name),
            cells(f.scores.clone())
        ));
    }
    format!("<table>{}{rows}</table>", header_row(&head))
}

/// The domains that weigh a criterion other than 1, in one sentence (nothing when none does).
fn weights(s: &Scenario, lang: Lang) -> String {
    let mut list = Vec::new();
    for d in &s.domains {
        for (c, &w) in s.criteria.iter().zip(&d.weights) {
            if w != 1.0 {
                list.push(format!("{} ({}): {}", d.name, c.name, lang.decimal(w, 1)));
            }
        }
    }
    match list.is_empty() {
        true => String::new(),
        false => paragraph(&fill(
            lang.texts().criteria_weights,
            &[("list", &list.join("; "))],
        )),
    }
}
