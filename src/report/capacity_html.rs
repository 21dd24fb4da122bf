//! The council report's section on the capacity objective ("more with the same means"):
//! per partner its saving, the capacity the plan frees (NPV) and the freed FTE in the last
//! year. Left out when the plan was chosen for its cost.

use super::Report;
use super::html::{header_row, paragraph, section};
use super::lang::{Lang, fill};
use super::svg::esc;

/// The section, or nothing under the cost objective.
pub(super) fn capacity_section(r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let guard = match r.objective.as_str() {
        "capacity" => t.capacity_guard_horizon,
        "capacity-year" => t.capacity_guard_year,
        _ => return String::new(),
    };
    let intro = paragraph(&fill(t.capacity_intro, &[("guard", guard)]));
    let note = paragraph(t.capacity_note);
    section(t.capacity, &(intro + &table(r, lang) + &note))
}

/// One row per partner: saving, capacity freed, freed FTE in the last year.
fn table(r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let head = header_row(&[t.partner, t.saving, t.capacity_freed, t.capacity_freed_fte]);
    let rows: String = (r.partners.iter())
        .map(|p| {
            format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&p.name),
                esc(&lang.money(p.saving)),
                esc(&lang.money(p.freed_npv)),
                esc(&lang.decimal(p.freed_fte_end, 2)),
            )
        })
        .collect();
    format!("<table>{head}{rows}</table>")
}
