//! The council report as one self-contained HTML file: CSS and SVG inline, no script, no
//! external resource, printable to PDF from a browser (A4, tables and figures kept whole).
//! Every section is generated from the [`Dossier`]; every string comes from the language's
//! catalogue ([`super::lang`]) and every name from the scenario is escaped.

use super::Report;
use super::lang::{Lang, Texts, fill};
use super::payments::PartnerPayments;
use super::svg::{self, esc};
use crate::analysis::allocation::{AllocationReport, CooperationSplit, Split};
use crate::analysis::dossier::{Dossier, LeftOut, Skipped};
use crate::error::Error;
use crate::scenario::{Partner, Scenario};
use crate::solver::Status;

const CSS: &str = "
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #1d1d1d;
  max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 20pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; border-bottom: 2px solid #4e79a7; padding-bottom: 0.15em; margin-top: 1.8em;
  break-after: avoid; }
h3 { font-size: 11.5pt; margin-top: 1.2em; break-after: avoid; }
table { border-collapse: collapse; margin: 0.6em 0; break-inside: avoid; font-size: 9.5pt; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; vertical-align: top; }
th { background: #eef2f7; text-align: left; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.residual td { color: #666; font-style: italic; }
figure { margin: 0.8em 0; break-inside: avoid; }
.lead { font-size: 11.5pt; }
.note { color: #555; }
section.partner { break-before: page; }
ul.legend { list-style: none; padding-left: 0; }
@media print { body { margin: 0; max-width: none; } }
";

/// The report of `d` in `lang`.
pub fn council_html(d: &Dossier, lang: Lang) -> Result<String, Error> {
    let body = body(d, lang)?;
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{CSS}</style></head><body>\n{body}</body></html>\n",
        lang.code(),
        esc(&format!("{} · {}", lang.texts().title, d.scenario.name))
    ))
}

/// The report's sections, in order.
fn body(d: &Dossier, lang: Lang) -> Result<String, Error> {
    let t = lang.texts();
    let s = &d.scenario;
    let report = Report::of_dossier(d);
    let mut body = String::new();
    body.push_str(&title(s, &report, lang));
    body.push_str(&advice(d, &report, lang));
    body.push_str(&super::capacity_html::capacity_section(&report, lang));
    body.push_str(&super::criteria_html::criteria_section(s, &report, lang));
    body.push_str(&steps(d, &report, lang));
    body.push_str(&split_section(d, lang));
    body.push_str(&alternatives(d, lang));
    body.push_str(&scale(d, lang));
    body.push_str(&map(d, lang)?);
    body.push_str(&super::risk_html::risk_section(d, lang)?);
    body.push_str(&partners(s, &report, lang));
    body.push_str(&assumptions(s, lang));
    body.push_str(&section(t.method, &paragraph(t.method_text)));
    body.push_str(&section(t.glossary, &paragraph(t.glossary_text)));
    Ok(body)
}

/// A titled section; its id (the heading in lower case, words joined by `-`) lets a reader
/// link to it.
pub(super) fn section(heading: &str, content: &str) -> String {
    format!(
        "<section id=\"{}\"><h2>{}</h2>{content}</section>\n",
        esc(&anchor(heading)),
        esc(heading)
    )
}

/// The heading in lower case, its words joined by `-`.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A paragraph of escaped text.
pub(super) fn paragraph(text: &str) -> String {
    format!("<p>{}</p>", esc(text))
}

/// List items of escaped text.
fn items<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> String {
    lines
        .into_iter()
        .map(|l| format!("<li>{}</li>", esc(l.as_ref())))
        .collect()
}

/// A table's header row of escaped headings.
pub(super) fn header_row(headings: &[&str]) -> String {
    let cells: String = headings
        .iter()
        .map(|h| format!("<th>{}</th>", esc(h)))
        .collect();
    format!("<tr>{cells}</tr>")
}

fn partner_name(s: &Scenario, id: &str) -> String {
    s.partners
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// "Kortenberg, OCMW Kortenberg and Machelen" in the report's language.
fn names(s: &Scenario, ids: &[String], lang: Lang) -> String {
    let names: Vec<String> = ids.iter().map(|id| partner_name(s, id)).collect();
    list(&names, lang)
}

/// "a, b and c" in the report's language.
fn list(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => items.join(""),
    }
}

fn domain_name(s: &Scenario, id: &str) -> String {
    s.domains
        .iter()
        .find(|d| d.id == id)
        .map_or_else(|| id.to_string(), |d| d.name.clone())
}

/// Is the form with this id an existing provider (joined alone, not a cooperation)?
fn is_provider(s: &Scenario, id: &str) -> bool {
    s.forms.iter().any(|f| f.id == id && f.is_provider())
}

fn form_name(s: &Scenario, id: &str) -> String {
    s.forms
        .iter()
        .find(|f| f.id == id)
        .map_or_else(|| id.to_string(), |f| f.name.clone())
}

fn title(s: &Scenario, r: &Report, lang: Lang) -> String {
    format!(
        "<h1>{}</h1><p class=\"lead\">{}</p><p class=\"note\">{}</p>\n",
        esc(lang.texts().title),
        esc(&subtitle(s, lang)),
        esc(&status_line(r, lang))
    )
}

/// Scenario, base year, horizon and discount rate.
fn subtitle(s: &Scenario, lang: Lang) -> String {
    fill(
        lang.texts().subtitle,
        &[
            ("scenario", &s.name),
            ("base_year", &s.base_year.to_string()),
            ("horizon", &s.horizon.to_string()),
            ("rate", &lang.percent(100.0 * s.discount_rate)),
        ],
    )
}

/// Whether the plan is proven optimal, and if not, why not.
fn status_line(r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    if proven_optimal(r) && r.objective != "cost" {
        t.status_optimal_capacity.to_string()
    } else if proven_optimal(r) {
        t.status_optimal.to_string()
    } else {
        fill(t.status_not_proven, &[("status", &status_words(r, lang))])
    }
}

fn proven_optimal(r: &Report) -> bool {
    let solved = r.solve.as_ref();
    solved.is_some_and(|i| i.status == Status::Optimal) && r.status == "optimal"
}

/// Why a plan is not proven optimal, in the report's language, with the gap when known.
fn status_words(r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let heuristic_only = (r.solve.as_ref())
        .and_then(|i| i.heuristic.as_ref())
        .is_some_and(|h| !h.milp && h.relaxation.is_none());
    let why = match heuristic_only {
        true => t.st_heuristic.to_string(),
        false => status_reason(&r.status, t),
    };
    match r.solve.as_ref().and_then(|i| i.gap) {
        Some(gap) => format!(
            "{why}; {}",
            fill(t.st_gap, &[("gap", &lang.percent(100.0 * gap))])
        ),
        None => why,
    }
}

fn status_reason(status: &str, t: &Texts) -> String {
    match status {
        "time_limit" => t.st_time_limit.to_string(),
        "gap_limit" => t.st_gap_limit.to_string(),
        "optimal_in_restricted_space" => t.st_restricted.to_string(),
        other => other.to_string(),
    }
}

fn payback_text(year: Option<i32>, t: &Texts) -> String {
    year.map_or_else(|| t.payback_none.to_string(), |y| y.to_string())
}

fn advice(d: &Dossier, r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let s = &d.scenario;
    if r.groups.is_empty() {
        let nothing = match r.objective.as_str() {
            "cost" => t.advice_nothing,
            _ => t.advice_nothing_capacity,
        };
        return section(t.advice, &paragraph(nothing));
    }
    let advised = items(cooperations(r).iter().map(|c| cooperation_line(s, c, lang)));
    let partners = items(r.partners.iter().map(|p| partner_line(p, lang)));
    let content = format!(
        "<ul>{advised}</ul><p>{}</p><ul>{partners}</ul>{}{}",
        esc(&total_saving(r, lang)),
        in_house(d, r, lang),
        saving_chart(r, lang)
    );
    section(t.advice, &content)
}

/// "Members share domains (from year) in form" for one cooperation of the advice.
fn cooperation_line(s: &Scenario, c: &Cooperation, lang: Lang) -> String {
    let t = lang.texts();
    let (members, form, domains) = c;
    let domains: Vec<String> = domains
        .iter()
        .map(|(d, year)| {
            fill(
                t.from_year,
                &[("domain", &domain_name(s, d)), ("year", &year.to_string())],
            )
        })
        .collect();
    // Joining an existing provider is buying a service, not sharing one.
    let template = match is_provider(s, form) {
        true => t.advice_provider,
        false => t.advice_share,
    };
    fill(
        template,
        &[
            ("members", &names(s, members, lang)),
            ("domains", &list(&domains, lang)),
            ("form", &form_name(s, form)),
        ],
    )
}

/// The plan's cost against going alone, the saving and the payback year.
fn total_saving(r: &Report, lang: Lang) -> String {
    fill(
        lang.texts().advice_saving,
        &[
            ("plan", &lang.money(r.objective_npv)),
            ("alone", &lang.money(r.baseline_npv)),
            ("saving", &lang.money(r.saving)),
            ("pct", &lang.percent(r.saving_pct)),
            ("payback", &payback_text(r.payback_year, lang.texts())),
        ],
    )
}

/// A cooperation of the advice: its members, its form, and its domains with their start years.
type Cooperation = (Vec<String>, String, Vec<(String, i32)>);

/// The plan's groups gathered by (members, form), each with its domains and start years,
/// in order of the first start.
fn cooperations(r: &Report) -> Vec<Cooperation> {
    let mut out = gathered(r);
    for c in &mut out {
        c.2.sort_by_key(|d| d.1);
    }
    out.sort_by_key(|c| c.2.first().map(|d| d.1));
    out
}

/// The plan's groups gathered by (members, form), in order of appearance.
fn gathered(r: &Report) -> Vec<Cooperation> {
    let mut out: Vec<Cooperation> = Vec::new();
    for g in &r.groups {
        let entry = (g.domain.clone(), g.start_year);
        match out.iter_mut().find(|c| c.0 == g.members && c.1 == g.form) {
            Some(c) => c.2.push(entry),
            None => out.push((g.members.clone(), g.form.clone(), vec![entry])),
        }
    }
    out
}

fn partner_line(p: &super::PartnerReport, lang: Lang) -> String {
    let t = lang.texts();
    let (plan, alone) = (lang.money(p.plan_npv), lang.money(p.standalone_npv));
    if p.saving >= -0.5 {
        fill(
            t.advice_partner_saving,
            &[
                ("partner", &p.name),
                ("plan", &plan),
                ("alone", &alone),
                ("saving", &lang.money(p.saving)),
                ("pct", &lang.percent(p.saving_pct)),
            ],
        )
    } else {
        fill(
            t.advice_partner_pays_more,
            &[
                ("partner", &p.name),
                ("plan", &plan),
                ("alone", &alone),
                ("extra", &lang.money(-p.saving)),
            ],
        )
    }
}

fn in_house(d: &Dossier, r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let s = &d.scenario;
    let mut lines = kept_in_house(s, t);
    lines.extend(no_gain(s, r, t));
    if let Some(pr) = &d.priorities {
        lines.push(priority_line(s, pr, lang));
    }
    format!("<h3>{}</h3><ul>{}</ul>", esc(t.in_house), items(&lines))
}

/// One line per partner and domain the scenario keeps in house.
fn kept_in_house(s: &Scenario, t: &Texts) -> Vec<String> {
    let mut lines = Vec::new();
    for &(p, dom) in &s.constraints.keep_in_house {
        let domains: Vec<usize> = dom.map_or_else(|| (0..s.domains.len()).collect(), |x| vec![x]);
        lines.extend(domains.into_iter().map(|d| kept_line(s, p, d, t)));
    }
    lines
}

/// "Partner keeps domain in house".
fn kept_line(s: &Scenario, p: usize, d: usize, t: &Texts) -> String {
    let names = [
        ("domain", s.domains[d].name.as_str()),
        ("partner", &s.partners[p].name),
    ];
    fill(t.in_house_rule, &names)
}

/// The domains in which the plan forms no group.
fn no_gain(s: &Scenario, r: &Report, t: &Texts) -> Vec<String> {
    s.domains
        .iter()
        .filter(|dom| !r.groups.iter().any(|g| g.domain == dom.id))
        .map(|dom| fill(t.in_house_no_gain, &[("domain", &dom.name)]))
        .collect()
}

/// The domains in order of priority, each with its saving.
fn priority_line(s: &Scenario, pr: &crate::analysis::priorities::Priorities, lang: Lang) -> String {
    let list: Vec<String> = pr
        .domains
        .iter()
        .map(|p| {
            let v = p.saving.map_or_else(|| "–".to_string(), |v| lang.money(v));
            format!("{} {v}", domain_name(s, &p.domain))
        })
        .collect();
    fill(
        lang.texts().in_house_priority,
        &[("list", &list.join("; "))],
    )
}

fn saving_chart(r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let years: Vec<(String, f64)> = r
        .years
        .iter()
        .map(|y| (year_name(y, t), y.discount_factor * y.saving))
        .collect();
    let money = |v: f64| lang.money(v);
    format!(
        "<figure>{}</figure>",
        svg::bars_and_cumulative(
            &format!("{} ({})", t.saving, t.npv),
            &years,
            t.cumulative_saving,
            &money
        )
    )
}

fn year_name(y: &super::YearReport, t: &Texts) -> String {
    if y.residual {
        t.residual_row.to_string()
    } else {
        y.year.to_string()
    }
}

fn steps(d: &Dossier, r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let s = &d.scenario;
    let last = s.base_year + s.horizon as i32 - 1;
    let figure = svg::timeline(&bars(s, r), s.base_year, last) + &legend(s, r, lang);
    let rows = step_rows(step_events(d, r, lang), s.base_year..=last);
    section(
        t.steps,
        &format!(
            "{}<figure>{figure}</figure><table>{}{rows}</table>",
            paragraph(t.steps_intro),
            header_row(&[t.year, t.steps])
        ),
    )
}

/// A row per year with events, listing them in the order found.
fn step_rows(mut events: Vec<(i32, String)>, years: std::ops::RangeInclusive<i32>) -> String {
    events.sort_by_key(|e| e.0);
    let mut rows = String::new();
    for year in years {
        let listed = items(events.iter().filter(|e| e.0 == year).map(|e| &e.1));
        if !listed.is_empty() {
            rows.push_str(&format!(
                "<tr><td>{year}</td><td><ul>{listed}</ul></td></tr>"
            ));
        }
    }
    rows
}

/// Which colour is which cooperation (vehicle): its form and members.
fn legend(s: &Scenario, r: &Report, lang: Lang) -> String {
    let items: String = r
        .vehicles
        .iter()
        .enumerate()
        .map(|(i, v)| legend_item(i, &vehicle_name(s, v, lang)))
        .collect();
    format!("<ul class=\"legend\">{items}</ul>")
}

/// The vehicle's colour, then its name.
fn legend_item(i: usize, name: &str) -> String {
    format!(
        "<li><svg viewBox=\"0 0 12 12\" width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"{}\"/></svg> {}</li>",
        svg::PALETTE[i % svg::PALETTE.len()],
        esc(name)
    )
}

/// "Form (members)".
fn vehicle_name(s: &Scenario, v: &super::VehicleReport, lang: Lang) -> String {
    let (form, members) = (form_name(s, &v.form), names(s, &v.members, lang));
    if is_provider(s, &v.form) {
        // A partner's contract with a provider, not a cooperation of one.
        let values = [("members", members.as_str()), ("form", form.as_str())];
        return fill(lang.texts().at_provider, &values);
    }
    format!("{form} ({members})")
}

/// One bar per group, coloured by the vehicle it runs in, in order of start.
fn bars(s: &Scenario, r: &Report) -> Vec<svg::Bar> {
    let mut groups: Vec<_> = r.groups.iter().collect();
    groups.sort_by_key(|g| (g.start_year, vehicle_of(r, g)));
    groups.iter().map(|g| bar(s, r, g)).collect()
}

fn bar(s: &Scenario, r: &Report, g: &super::GroupReport) -> svg::Bar {
    svg::Bar {
        // The colour says which cooperation (see the legend); the label only the domain,
        // so it never runs off the chart.
        label: domain_name(s, &g.domain),
        start: g.start_year,
        marks: lockin_years(s, g),
        group: vehicle_of(r, g).unwrap_or(0),
    }
}

/// Years in which a member's current contract for the group's domain ends, before its start.
fn lockin_years(s: &Scenario, g: &super::GroupReport) -> Vec<i32> {
    let mut years: Vec<i32> = contract_ends(s, g).iter().map(|e| e.2).collect();
    years.sort();
    years.dedup();
    years
}

/// (year, what happens): the councils' decision, each vehicle ready, current contracts
/// ending, each group's start, staff transfers.
fn step_events(d: &Dossier, r: &Report, lang: Lang) -> Vec<(i32, String)> {
    let s = &d.scenario;
    let vehicles: Vec<String> = r
        .vehicles
        .iter()
        .map(|v| vehicle_name(s, v, lang))
        .collect();
    let founded: Vec<String> = (r.vehicles.iter().zip(&vehicles))
        .filter(|(v, _)| !is_provider(s, &v.form))
        .map(|(_, name)| name.clone())
        .collect();
    let mut events = Vec::new();
    if !founded.is_empty() {
        let text = fill(
            lang.texts().step_decision,
            &[("vehicle", &list(&founded, lang))],
        );
        events.push((s.base_year, text));
    }
    events.extend(joins(s, r, lang));
    events.extend(setups(s, r, &vehicles, lang.texts()));
    events.extend(lockins(s, r, lang));
    events.extend(
        r.groups
            .iter()
            .map(|g| (g.start_year, start_text(s, g, lang))),
    );
    events.extend(transfers(r, lang));
    events
}

/// Each partner's decision to join an existing provider, in the base year (no vehicle to
/// found: its own council decides).
fn joins(s: &Scenario, r: &Report, lang: Lang) -> Vec<(i32, String)> {
    (r.vehicles.iter())
        .filter(|v| is_provider(s, &v.form))
        .map(|v| {
            let members = ("members", names(s, &v.members, lang));
            let form = ("form", form_name(s, &v.form));
            let values = [(members.0, members.1.as_str()), (form.0, form.1.as_str())];
            (s.base_year, fill(lang.texts().step_join, &values))
        })
        .collect()
}

/// Each vehicle (named in `vehicles`) that takes time to set up, ready after its lead time;
/// an existing provider is ready already (its lead time delays only the start).
fn setups(s: &Scenario, r: &Report, vehicles: &[String], t: &Texts) -> Vec<(i32, String)> {
    let mut events = Vec::new();
    for (v, name) in r.vehicles.iter().zip(vehicles) {
        if is_provider(s, &v.form) {
            continue;
        }
        let lead = s
            .forms
            .iter()
            .find(|f| f.id == v.form)
            .map_or(0, |f| f.lead_time);
        if lead > 0 {
            let text = fill(
                t.step_setup,
                &[("vehicle", name), ("years", &lead.to_string())],
            );
            events.push((s.base_year + lead as i32, text));
        }
    }
    events
}

/// "Domain starts for members in form".
fn start_text(s: &Scenario, g: &super::GroupReport, lang: Lang) -> String {
    let t = lang.texts();
    let template = match is_provider(s, &g.form) {
        true => t.step_provider_start,
        false => t.step_start,
    };
    fill(
        template,
        &[
            ("domain", &domain_name(s, &g.domain)),
            ("members", &names(s, &g.members, lang)),
            ("form", &form_name(s, &g.form)),
        ],
    )
}

fn vehicle_of(r: &Report, g: &super::GroupReport) -> Option<usize> {
    r.vehicles
        .iter()
        .position(|v| v.form == g.form && v.members == g.members && v.domains.contains(&g.domain))
}

/// Current contracts that end within the horizon, for members of a group of that domain.
fn lockins(s: &Scenario, r: &Report, lang: Lang) -> Vec<(i32, String)> {
    let t = lang.texts();
    let lockin = |(p, d, year): (&Partner, usize, i32)| {
        let names = [("partner", p.name.as_str()), ("domain", &s.domains[d].name)];
        (year, fill(t.step_lockin, &names))
    };
    let ends = r.groups.iter().flat_map(|g| contract_ends(s, g));
    ends.map(lockin).collect()
}

/// The members of `g` whose current contract for its domain ends within the horizon: the
/// partner, the domain and the year the contract ends.
fn contract_ends<'a>(s: &'a Scenario, g: &super::GroupReport) -> Vec<(&'a Partner, usize, i32)> {
    let Some(d) = s.domains.iter().position(|x| x.id == g.domain) else {
        return Vec::new();
    };
    s.partners
        .iter()
        .filter(|p| g.members.contains(&p.id))
        .map(|p| (p, p.locked_until.get(d).copied().unwrap_or(0)))
        .filter(|&(_, u)| u > 0 && u < s.horizon)
        .map(|(p, u)| (p, d, s.base_year + u as i32))
        .collect()
}

/// Per year, the partners whose transferred FTE grows, and by how much.
fn transfers(r: &Report, lang: Lang) -> Vec<(i32, String)> {
    let t = lang.texts();
    by_year(r.payments.iter().flat_map(|p| transfer_steps(p, lang)))
        .into_iter()
        .map(|(year, items)| (year, fill(t.step_transfer, &[("list", &items.join("; "))])))
        .collect()
}

/// The items gathered per year, years in order of first appearance.
fn by_year(items: impl Iterator<Item = (i32, String)>) -> Vec<(i32, Vec<String>)> {
    let mut by_year: Vec<(i32, Vec<String>)> = Vec::new();
    for (year, item) in items {
        match by_year.iter_mut().find(|(y, _)| *y == year) {
            Some((_, items)) => items.push(item),
            None => by_year.push((year, vec![item])),
        }
    }
    by_year
}

/// The years in which a partner's transferred FTE grows, each with "name growth".
fn transfer_steps(p: &PartnerPayments, lang: Lang) -> Vec<(i32, String)> {
    let mut steps = Vec::new();
    let mut before = 0.0;
    for y in p.years.iter().filter(|y| !y.residual) {
        if y.fte_transferred > before + 0.05 {
            let item = format!("{} {}", p.name, lang.decimal(y.fte_transferred - before, 1));
            steps.push((y.year, item));
        }
        before = y.fte_transferred;
    }
    steps
}

fn money_cell(lang: Lang, v: f64) -> String {
    format!("<td class=\"n\">{}</td>", esc(&lang.money(v)))
}

fn partners(s: &Scenario, r: &Report, lang: Lang) -> String {
    let t = lang.texts();
    let mut out = format!("<section><h2>{}</h2></section>\n", esc(t.partners));
    for (p, summary) in r.payments.iter().zip(&r.partners) {
        out.push_str(&partner_section(s, p, summary, lang));
    }
    out
}

/// One partner's page: its summary, multi-year plan, entry costs and domain shares.
fn partner_section(
    s: &Scenario,
    p: &PartnerPayments,
    summary: &super::PartnerReport,
    lang: Lang,
) -> String {
    format!(
        "<section class=\"partner\"><h3>{}</h3><p>{}</p>{}{}{}</section>\n",
        esc(&p.name),
        esc(&partner_summary(p, summary, lang)),
        meerjarenplan(p, lang),
        entry_costs(s, p, lang),
        domain_shares(s, p, lang)
    )
}

/// A partner's cost alone and in the plan, its saving and its payback year.
fn partner_summary(p: &PartnerPayments, summary: &super::PartnerReport, lang: Lang) -> String {
    fill(
        lang.texts().partner_summary,
        &[
            ("alone", &lang.money(p.npv_alone)),
            ("plan", &lang.money(p.npv_plan)),
            ("saving", &lang.money(summary.saving)),
            ("pct", &lang.percent(summary.saving_pct)),
            ("payback", &payback_text(p.payback_year, lang.texts())),
        ],
    )
}

fn meerjarenplan(p: &PartnerPayments, lang: Lang) -> String {
    let t = lang.texts();
    let rows: String = p.years.iter().map(|y| year_row(y, lang)).collect();
    format!(
        "<h3>{}</h3><table>{}{rows}</table>",
        esc(t.meerjarenplan),
        plan_head(t)
    )
}

/// Two header rows: year, then alone and plan each split into exploitatie and investering,
/// then saving and staff.
fn plan_head(t: &Texts) -> String {
    format!(
        "<tr><th rowspan=\"2\">{}</th><th colspan=\"2\">{}</th><th colspan=\"2\">{}</th>\
         <th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th></tr>\
         <tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(t.year),
        esc(t.alone),
        esc(t.plan),
        esc(t.saving),
        esc(t.own_fte),
        esc(t.transferred_fte),
        esc(t.exploitatie),
        esc(t.investering),
        esc(t.exploitatie),
        esc(t.investering)
    )
}

fn year_row(y: &super::payments::PaymentYear, lang: Lang) -> String {
    let (class, year) = year_label(y, lang.texts());
    format!(
        "<tr{class}><td>{}</td>{}{}{}{}{}<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        esc(&year),
        money_cell(lang, y.alone.exploitatie),
        money_cell(lang, y.alone.investering),
        money_cell(lang, y.plan.exploitatie),
        money_cell(lang, y.plan.investering),
        money_cell(lang, y.saving),
        lang.decimal(y.fte_plan, 1),
        lang.decimal(y.fte_transferred, 1)
    )
}

/// The row's class and year: the residual row marked as such.
fn year_label(y: &super::payments::PaymentYear, t: &Texts) -> (&'static str, String) {
    if y.residual {
        (
            " class=\"residual\"",
            format!("{} ({})", y.year, t.residual_row),
        )
    } else {
        ("", y.year.to_string())
    }
}

fn group_label(s: &Scenario, name: &str, lang: Lang) -> String {
    let mut parts = name.split('|');
    let members: Vec<String> = split_members(parts.next().unwrap_or_default());
    let domain = parts.next().unwrap_or_default();
    let form = parts.next().unwrap_or_default();
    format!(
        "{}: {} ({})",
        domain_name(s, domain),
        names(s, &members, lang),
        form_name(s, form)
    )
}

fn split_members(members: &str) -> Vec<String> {
    members.split('+').map(String::from).collect()
}

fn entry_costs(s: &Scenario, p: &PartnerPayments, lang: Lang) -> String {
    let t = lang.texts();
    if p.entry_costs.is_empty() {
        return String::new();
    }
    let setup_year = p.entry_costs[0].setup_year.to_string();
    let rows: String = p
        .entry_costs
        .iter()
        .map(|e| entry_cost_row(s, e, lang))
        .collect();
    let setup = fill(t.setup_share, &[("year", &setup_year)]);
    format!(
        "<h3>{}</h3><table>{}{rows}</table>",
        esc(t.entry_costs),
        header_row(&[t.group, t.start, t.integration, &setup])
    )
}

fn entry_cost_row(s: &Scenario, e: &super::payments::EntryCost, lang: Lang) -> String {
    format!(
        "<tr><td>{}</td><td>{}</td>{}{}</tr>",
        esc(&group_label(s, &e.group, lang)),
        e.start_year,
        money_cell(lang, e.integration),
        money_cell(lang, e.setup)
    )
}

fn domain_shares(s: &Scenario, p: &PartnerPayments, lang: Lang) -> String {
    let t = lang.texts();
    if p.domain_shares.is_empty() {
        return String::new();
    }
    let rows: String = p
        .domain_shares
        .iter()
        .map(|d| share_row(s, d, lang))
        .collect();
    format!(
        "<h3>{}</h3><table>{}{rows}</table>",
        esc(t.domain_shares),
        header_row(&[t.group, t.npv])
    )
}

fn share_row(s: &Scenario, d: &super::payments::DomainShare, lang: Lang) -> String {
    format!(
        "<tr><td>{}</td>{}</tr>",
        esc(&group_label(s, &d.group, lang)),
        money_cell(lang, d.npv)
    )
}

/// The section `heading` of an analysis the dossier left out (`what`: skipped), saying why
/// and which command gives it; nothing when it was not left out.
fn skipped_section(d: &Dossier, lang: Lang, what: Skipped, heading: &str, how: &str) -> String {
    match d.skipped.contains(&what) {
        true => section(heading, &left_out(d, lang, how)),
        false => String::new(),
    }
}

/// Why the dossier left an analysis out, and `how` to get it.
pub(super) fn left_out(d: &Dossier, lang: Lang, how: &str) -> String {
    let t = lang.texts();
    let why = match d.left_out {
        Some(LeftOut::BeyondSolver) => t.left_out_beyond,
        _ => t.left_out_region,
    };
    paragraph(&format!("{why} {how}"))
}

fn split_section(d: &Dossier, lang: Lang) -> String {
    let t = lang.texts();
    let Some(a) = &d.split else {
        return skipped_section(d, lang, Skipped::Split, t.split, t.left_out_split);
    };
    let Some(split) = a.splits.first() else {
        return String::new();
    };
    let s = &d.scenario;
    let rows = split_rows(s, a, split, lang);
    let verdicts: String = a
        .cooperations
        .iter()
        .map(|c| verdict_item(s, c, lang))
        .collect();
    let intro = fill(t.split_intro, &[("method", &split.method)]);
    section(
        t.split,
        &format!(
            "{}<table>{}{rows}</table><ul>{verdicts}</ul>",
            paragraph(&intro),
            header_row(&[t.members, t.cost_alone, t.share, t.saving])
        ),
    )
}

/// Per player: its cost alone, its share of the split and its saving.
fn split_rows(s: &Scenario, a: &AllocationReport, split: &Split, lang: Lang) -> String {
    let mut rows = String::new();
    for (i, id) in a.players.iter().enumerate() {
        rows.push_str(&format!(
            "<tr><td>{}</td>{}{}{}</tr>",
            esc(&partner_name(s, id)),
            money_cell(lang, a.standalone[i]),
            money_cell(lang, split.shares[i]),
            money_cell(lang, split.savings[i])
        ));
    }
    rows
}

/// A cooperation's members, its bill and whether a split exists that no subgroup can beat.
fn verdict_item(s: &Scenario, c: &CooperationSplit, lang: Lang) -> String {
    let t = lang.texts();
    format!(
        "<li>{} ({} {}): {}</li>",
        esc(&names(s, &c.members, lang)),
        esc(t.bill),
        esc(&lang.money(c.cost)),
        esc(core_verdict(c.core_nonempty, t))
    )
}

fn core_verdict(core_nonempty: Option<bool>, t: &Texts) -> &'static str {
    match core_nonempty {
        Some(true) => t.in_core_yes,
        Some(false) => t.in_core_no,
        None => t.in_core_unknown,
    }
}

fn alternatives(d: &Dossier, lang: Lang) -> String {
    let t = lang.texts();
    let Some(c) = &d.comparison else {
        return section(t.alternatives, &paragraph(t.alternatives_none));
    };
    let rows: String = c.columns.iter().map(|col| variant_row(col, lang)).collect();
    let head = header_row(&[t.variant, t.description, t.npv, t.saving, t.groups_count]);
    section(t.alternatives, &format!("<table>{head}{rows}</table>"))
}

fn variant_row(col: &crate::analysis::compare::Column, lang: Lang) -> String {
    let npv = col
        .objective_npv
        .map_or_else(|| lang.texts().infeasible.to_string(), |v| lang.money(v));
    let saving = col.saving_pct.map_or_else(String::new, |v| lang.percent(v));
    format!(
        "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        esc(&col.name),
        esc(&col.description),
        esc(&npv),
        esc(&saving),
        col.groups
    )
}

fn scale(d: &Dossier, lang: Lang) -> String {
    let t = lang.texts();
    let Some(r) = &d.scale else {
        return skipped_section(d, lang, Skipped::Scale, t.scale, t.left_out_scale);
    };
    let points: Vec<(String, Option<f64>)> = r
        .overall
        .points
        .iter()
        .map(|p| (p.max_group_size.to_string(), p.per_inhabitant_per_year))
        .collect();
    let money = |v: f64| format!("{} ", lang.money(v));
    let chart = svg::line_chart(t.scale_chart, &points, &money);
    section(
        t.scale,
        &format!("<p>{}</p><figure>{chart}</figure>", esc(t.scale_intro)),
    )
}

fn map(d: &Dossier, lang: Lang) -> Result<String, Error> {
    let s = &d.scenario;
    if s.partners.iter().any(|p| p.location.is_none()) {
        return Ok(String::new());
    }
    let svg = inline_svg(&super::map::map_svg_in(s, &d.outcome.plan, lang)?);
    Ok(section(
        lang.texts().map,
        &format!("<figure>{svg}</figure>"),
    ))
}

/// A standalone SVG document as an element of the page, as wide as the column.
pub(super) fn inline_svg(svg: &str) -> String {
    // Inline SVG in HTML needs neither the XML declaration nor the namespace.
    let svg = svg.trim_start_matches(|c| c != '<').replacen(
        " xmlns=\"http://www.w3.org/2000/svg\"",
        "",
        1,
    );
    let svg = match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    };
    // Fit the page: the width follows the column, the height the viewBox.
    svg.replacen(
        "<svg width=",
        "<svg style=\"width:100%;height:auto\" data-width=",
        1,
    )
}

/// One input of the result: key path, value, unit and the source the scenario gives.
type Input = (String, String, &'static str, Option<String>);

fn scenario_inputs(s: &Scenario, lang: Lang) -> Vec<Input> {
    let t = lang.texts();
    let mut rows: Vec<Input> = vec![
        (
            "scenario.base_year".into(),
            s.base_year.to_string(),
            "",
            None,
        ),
        (
            "scenario.horizon".into(),
            s.horizon.to_string(),
            t.u_years,
            None,
        ),
        (
            "scenario.discount_rate".into(),
            lang.percent(100.0 * s.discount_rate),
            t.u_per_year,
            None,
        ),
        (
            "scenario.salary_per_fte".into(),
            lang.money(s.salary_per_fte),
            t.u_euro_per_fte_year,
            None,
        ),
        (
            "scenario.attrition_rate".into(),
            lang.percent(100.0 * s.attrition_rate),
            t.u_per_year,
            None,
        ),
    ];
    for (kind, v) in &s.salary_by_kind {
        let key = format!("scenario.salary_by_kind.{kind}");
        rows.push((key, lang.money(*v), t.u_euro_per_fte_year, None));
    }
    let growth = lang.percent(100.0 * s.wage_growth);
    rows.push(("scenario.wage_growth".into(), growth, t.u_per_year, None));
    for (kind, v) in &s.wage_growth_by_kind {
        let key = format!("scenario.wage_growth_by_kind.{kind}");
        rows.push((key, lang.percent(100.0 * v), t.u_per_year, None));
    }
    rows.extend(distance_inputs(s, lang));
    rows
}

/// The distance cost and how it is charged, when the scenario prices distance.
fn distance_inputs(s: &Scenario, lang: Lang) -> Vec<Input> {
    if s.distance_cost_per_km <= 0.0 {
        return Vec::new();
    }
    let t = lang.texts();
    let per = match s.distance_per {
        crate::scenario::DistancePer::Vehicle => t.distance_per_vehicle,
        crate::scenario::DistancePer::Domain => t.distance_per_domain,
    };
    let cost = lang.money(s.distance_cost_per_km);
    vec![
        (
            "scenario.distance_cost_per_km".into(),
            cost,
            t.u_euro_per_km_year,
            None,
        ),
        ("scenario.distance_per".into(), per.into(), "", None),
    ]
}

fn entity_inputs(s: &Scenario, lang: Lang) -> Vec<Input> {
    let partners = s.partners.iter().flat_map(|p| partner_inputs(s, p, lang));
    let domains = s.domains.iter().flat_map(|d| domain_inputs(d, lang));
    let forms = s.forms.iter().flat_map(|f| form_inputs(f, lang));
    partners.chain(domains).chain(forms).collect()
}

fn partner_inputs(s: &Scenario, p: &crate::scenario::Partner, lang: Lang) -> Vec<Input> {
    let src = || p.source.clone();
    let fte = lang.decimal(p.ict_fte, 1);
    let mut rows: Vec<Input> = vec![(format!("partner.{}.ict_fte", p.id), fte, "FTE", src())];
    let retained = lang.decimal(p.retained_fte, 1);
    rows.push((
        format!("partner.{}.retained_fte", p.id),
        retained,
        "FTE",
        src(),
    ));
    let driver = |(driver, v): (&String, &f64)| {
        let key = format!("partner.{}.{driver}", p.id);
        (key, lang.int(*v), "", src())
    };
    rows.extend(p.drivers.iter().map(driver));
    rows.extend(renewal_inputs(s, p, lang));
    rows
}

/// When partner p's equipment of each domain with investments is next renewed alone.
fn renewal_inputs(s: &Scenario, p: &crate::scenario::Partner, lang: Lang) -> Vec<Input> {
    use crate::scenario::Renewal;
    let t = lang.texts();
    let invests = |d: &crate::scenario::Domain| d.standalone.lifetime > 0;
    (s.domains.iter().zip(&p.renewal))
        .filter(|(d, _)| invests(d))
        .map(|(d, r)| {
            let key = |k: &str| format!("partner.{}.{k}.{}", p.id, d.id);
            match *r {
                Renewal::Spread => (key("asset_age"), t.renewal_spread.to_string(), "", None),
                Renewal::Age(a) => (key("asset_age"), a.to_string(), t.u_years, None),
                Renewal::At(y) => (
                    key("renewal"),
                    (s.base_year + y as i32).to_string(),
                    "",
                    None,
                ),
            }
        })
        .collect()
}

fn domain_inputs(d: &crate::scenario::Domain, lang: Lang) -> Vec<Input> {
    let t = lang.texts();
    let src = || d.source.clone();
    let key = |k: &str| format!("domain.{}.{k}", d.id);
    let money = |x: f64| lang.money(x);
    vec![
        (
            key("growth"),
            lang.percent(100.0 * d.growth),
            t.u_per_year,
            src(),
        ),
        (
            key("standalone.fixed_cost"),
            money(d.standalone.fixed_cost),
            t.u_euro_per_year,
            src(),
        ),
        (
            key("standalone.unit_cost"),
            money(d.standalone.unit_cost),
            t.u_euro_per_unit_year,
            src(),
        ),
        (
            key("standalone.resale"),
            lang.percent(100.0 * d.standalone.resale),
            t.u_share,
            src(),
        ),
        (
            key("shared.fixed_cost"),
            money(d.shared.fixed_cost),
            t.u_euro_per_year,
            src(),
        ),
        (
            key("shared.unit_cost"),
            money(d.shared.unit_cost),
            t.u_euro_per_unit_year,
            src(),
        ),
    ]
}

fn form_inputs(f: &crate::scenario::Form, lang: Lang) -> Vec<Input> {
    let t = lang.texts();
    let src = || f.source.clone();
    let key = |k: &str| format!("form.{}.{k}", f.id);
    vec![
        (
            key("setup_cost"),
            lang.money(f.setup_cost),
            t.u_euro_once,
            src(),
        ),
        (
            key("governance_fixed"),
            lang.money(f.governance_fixed),
            t.u_euro_per_year,
            src(),
        ),
        (key("lead_time"), f.lead_time.to_string(), t.u_years, src()),
        (key("vat_rate"), lang.percent(100.0 * f.vat_rate), "", src()),
    ]
}

/// Staff honesty: per partner the FTE its sheets need alone in the base year, the FTE it
/// declares, and what a shortfall costs at its salary.
fn staff_check(s: &Scenario, lang: Lang) -> String {
    let t = lang.texts();
    let rows: String = (0..s.partners.len())
        .map(|p| staff_row(s, p, lang))
        .collect();
    format!(
        "<h3>{}</h3>{}<table>{}{rows}</table>",
        esc(t.staff_check),
        paragraph(&fill(t.staff_intro, &[("year", &s.base_year.to_string())])),
        header_row(&[t.partner, t.fte_need, t.fte_declared, t.fte_gap_cost])
    )
}

fn staff_row(s: &Scenario, p: usize, lang: Lang) -> String {
    let need = crate::plausibility::fte_need(s, p);
    let declared = s.partners[p].ict_fte;
    let gap = (need - declared).max(0.0) * s.salary_of(p, 0);
    format!(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
        esc(&s.partners[p].name),
        lang.decimal(need, 1),
        lang.decimal(declared, 1),
        money_cell(lang, gap)
    )
}

fn assumptions(s: &Scenario, lang: Lang) -> String {
    let t = lang.texts();
    let mut rows = scenario_inputs(s, lang);
    rows.extend(entity_inputs(s, lang));
    let body: String = rows.iter().map(input_row).collect();
    section(
        t.assumptions,
        &format!(
            "{}<table>{}{body}</table>{}{}",
            paragraph(t.assumptions_intro),
            header_row(&[t.parameter, t.value, t.unit, t.source]),
            staff_check(s, lang),
            paragraph(if s.criteria.is_empty() {
                t.not_priced
            } else {
                t.not_priced_but_scored
            })
        ),
    )
}

fn input_row((k, v, u, src): &Input) -> String {
    format!(
        "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
        esc(k),
        esc(v),
        esc(u),
        esc(src.as_deref().unwrap_or(""))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{HeuristicInfo, region::Heuristic};

    /// The report of a gemeente-ocmw solve whose plan came from the heuristic alone.
    fn heuristic_report(milp: bool) -> Report {
        let s = crate::Scenario::load(std::path::Path::new("scenarios/gemeente-ocmw.toml"))
            .expect("a shipped scenario")
            .scenario;
        let mut out = crate::solve::optimise(&s, &Default::default()).expect("it solves");
        out.info.status = Status::TimeLimit;
        out.info.gap = None;
        out.info.heuristic = Some(HeuristicInfo {
            chosen: true,
            milp,
            fed: None,
            relaxation: None,
            run: Heuristic {
                plan: out.plan.clone(),
                npv: out.evaluation.npv(&s),
                first_npv: out.evaluation.npv(&s),
                clusters: 1,
                moves: 0,
                improvements: 0,
                seconds: 0.0,
            },
        });
        Report::new(&s, &out.plan, &out.evaluation, Some(out.info))
    }

    #[test]
    fn a_heuristic_plan_without_a_milp_is_not_called_out_of_time() {
        let r = heuristic_report(false);
        for lang in [Lang::Nl, Lang::En] {
            let words = status_words(&r, lang);
            assert_eq!(words, lang.texts().st_heuristic, "{words}");
        }
        // With the MILP run, the time limit is what stopped it.
        let r = heuristic_report(true);
        assert_eq!(status_words(&r, Lang::En), Lang::En.texts().st_time_limit);
    }
}
