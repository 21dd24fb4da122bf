//! The council report's section on risk and sensitivity: how sure the advice is, per partner,
//! which input it hangs on (the tornado), where it flips (break-even values), the robust
//! choice among the candidate plans, and the uncertain inputs as the scenario gives them.

use super::html::{header_row, inline_svg, paragraph, section};
use super::lang::{Lang, fill};
use super::svg::esc;
use crate::analysis::dossier::{Dossier, Skipped};
use crate::analysis::risk::{PartnerRisk, RiskReport};
use crate::analysis::sensitivity::{BreakEven, SensitivityReport};
use crate::error::Error;
use crate::scenario::{How, Uncertain};

/// The section: the analysis when the dossier has it, else why not.
pub(super) fn risk_section(d: &Dossier, lang: Lang) -> Result<String, Error> {
    let t = lang.texts();
    let (Some(risk), Some(sens)) = (&d.risk, &d.sensitivity) else {
        let why = match d.skipped.contains(&Skipped::Uncertainty) {
            true => super::html::left_out(d, lang, t.risk_skipped),
            false => paragraph(t.risk_absent),
        };
        return Ok(section(t.risk, &why));
    };
    let parts = [
        paragraph(&headline(risk, lang)),
        paragraph(t.risk_partner_intro),
        partner_table(risk, lang),
        paragraph(t.risk_tornado_intro),
        tornado(sens, lang)?,
        format!("<h3>{}</h3>", esc(t.risk_break_even)),
        paragraph(t.risk_break_even_intro),
        break_even_table(sens, lang),
        paragraph(&robust(risk, lang)),
        robust_plans(risk, lang),
        paragraph(t.risk_inputs_intro),
        inputs_table(&d.inputs, lang),
    ];
    Ok(section(t.risk, &parts.concat()))
}

/// The chance the plan beats going alone and the saving's percentiles, in one sentence.
fn headline(r: &RiskReport, lang: Lang) -> String {
    let s = &r.saving;
    fill(
        lang.texts().risk_intro,
        &[
            ("draws", &lang.int(r.draws as f64)),
            ("inputs", &r.inputs.len().to_string()),
            ("seed", &r.seed.to_string()),
            ("p", &lang.percent(100.0 * r.p_saving)),
            ("p50", &lang.money(s.p50)),
            ("p5", &lang.money(s.p5)),
            ("p95", &lang.money(s.p95)),
            ("worst", &lang.money(s.worst_5pct_mean)),
        ],
    )
}

fn partner_table(r: &RiskReport, lang: Lang) -> String {
    let t = lang.texts();
    let head = header_row(&[t.partners, t.risk_saves_in, "P5", t.risk_median, "P95"]);
    let rows: String = r.partners.iter().map(|p| partner_row(p, lang)).collect();
    format!("<table>{head}{rows}</table>")
}

fn partner_row(p: &PartnerRisk, lang: Lang) -> String {
    let cells = [
        match p.in_plan {
            true => lang.percent(100.0 * p.p_saving),
            false => "–".into(),
        },
        lang.money(p.saving.p5),
        lang.money(p.saving.p50),
        lang.money(p.saving.p95),
    ];
    let numbers: String = cells
        .iter()
        .map(|c| format!("<td class=\"n\">{}</td>", esc(c)))
        .collect();
    format!("<tr><td>{}</td>{numbers}</tr>", esc(&p.name))
}

fn tornado(r: &SensitivityReport, lang: Lang) -> Result<String, Error> {
    let t = lang.texts();
    let svg =
        super::uncertainty_chart::tornado_svg_with(r, t.risk_tornado_chart, t.risk_tornado_axis)?;
    Ok(format!("<figure>{}</figure>", inline_svg(&svg)))
}

fn break_even_table(r: &SensitivityReport, lang: Lang) -> String {
    let t = lang.texts();
    let head = header_row(&[
        t.risk_input,
        t.risk_range,
        t.risk_stops_saving,
        t.risk_plan_changes,
    ]);
    let rows: String = r
        .break_even
        .iter()
        .map(|b| break_even_row(b, lang))
        .collect();
    format!("<table>{head}{rows}</table>")
}

fn break_even_row(b: &BreakEven, lang: Lang) -> String {
    let at = |v: Option<f64>, tol: f64| match v {
        Some(v) => format!("{} ± {}", value(v, lang), value(tol.max(1e-4), lang)),
        None => lang.texts().risk_none.to_string(),
    };
    let range = format!("{} – {}", value(b.range.0, lang), value(b.range.1, lang));
    format!(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        esc(&b.input),
        esc(&range),
        esc(&at(b.saving_zero, b.saving_tolerance)),
        esc(&at(b.plan_change, b.plan_tolerance)),
    )
}

/// An input's value: whole from 100 up, else with up to four decimals.
fn value(x: f64, lang: Lang) -> String {
    if x.abs() >= 100.0 {
        return lang.int(x);
    }
    let text = lang.decimal(x, 4);
    let mark = if lang == Lang::Nl { ',' } else { '.' };
    match text.contains(mark) {
        true => text
            .trim_end_matches('0')
            .trim_end_matches(mark)
            .to_string(),
        false => text,
    }
}

/// A candidate as the report names it in its language.
fn candidate_name(r: &RiskReport, picked: &str, lang: Lang) -> String {
    let t = lang.texts();
    let c = r.candidates.iter().find(|c| c.name == picked);
    match (
        c.and_then(|c| c.alternative.as_deref()),
        c.and_then(|c| c.rank),
    ) {
        (Some(alt), _) => fill(t.risk_alternative, &[("name", alt)]),
        (None, Some(rank)) => fill(t.risk_ranked, &[("rank", &rank.to_string())]),
        (None, None) => t.risk_recommended.to_string(),
    }
}

/// The robust choice by each criterion, the candidates named in the report's language.
fn robust(r: &RiskReport, lang: Lang) -> String {
    let t = lang.texts();
    let name = |picked: &str| candidate_name(r, picked, lang);
    let c = &r.robust;
    fill(
        t.risk_robust,
        &[
            ("npv", &name(&c.by_expected_npv)),
            ("shortfall", &name(&c.by_expected_shortfall)),
            ("regret", &name(&c.by_max_regret)),
        ],
    )
}

/// What each robust choice other than the recommended plan changes, as list items.
fn robust_plans(r: &RiskReport, lang: Lang) -> String {
    let c = &r.robust;
    let mut picked = vec![
        &c.by_expected_npv,
        &c.by_expected_shortfall,
        &c.by_max_regret,
    ];
    picked.dedup();
    let lines: Vec<String> = (r.candidates.iter())
        .filter(|cand| cand.name != "recommended" && picked.contains(&&cand.name))
        .map(|cand| plan_change(r, cand, lang))
        .collect();
    match lines.is_empty() {
        true => String::new(),
        false => format!("<ul>{}</ul>", lines.concat()),
    }
}

fn plan_change(r: &RiskReport, cand: &crate::analysis::risk::CandidateRisk, lang: Lang) -> String {
    let t = lang.texts();
    let added: Vec<&String> = cand.groups.iter().filter(|g| !r.plan.contains(g)).collect();
    let dropped: Vec<&String> = r.plan.iter().filter(|g| !cand.groups.contains(g)).collect();
    let list = |gs: &[&String]| match gs.is_empty() {
        true => "–".to_string(),
        false => gs.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", "),
    };
    let text = fill(
        t.risk_plan_differs,
        &[
            ("plan", &candidate_name(r, &cand.name, lang)),
            ("added", &list(&added)),
            ("dropped", &list(&dropped)),
        ],
    );
    format!("<li>{}</li>", esc(&text))
}

fn inputs_table(inputs: &[Uncertain], lang: Lang) -> String {
    let t = lang.texts();
    let head = header_row(&[t.risk_input, t.risk_distribution, t.risk_how, t.risk_source]);
    let rows: String = inputs.iter().map(|u| input_row(u, lang)).collect();
    format!("<table>{head}{rows}</table>")
}

fn input_row(u: &Uncertain, lang: Lang) -> String {
    let t = lang.texts();
    let how = match u.how {
        How::Factor => t.risk_factor,
        How::Value => t.risk_value,
    };
    let (lo, hi) = crate::analysis::sensitivity::range(&u.distribution);
    let dist = format!(
        "{} {} – {}",
        u.distribution.kind(),
        value(lo, lang),
        value(hi, lang)
    );
    let name = match u.description.is_empty() {
        true => esc(&u.name),
        false => format!(
            "{}<br><span class=\"note\">{}</span>",
            esc(&u.name),
            esc(&u.description)
        ),
    };
    format!(
        "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(&dist),
        esc(how),
        esc(u.source.as_deref().unwrap_or("")),
    )
}
