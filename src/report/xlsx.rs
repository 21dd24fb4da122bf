//! The council report as an Excel workbook (rust_xlsxwriter): a sheet each for the summary,
//! the cooperations, the partners, every partner's years in the meerjarenplan columns, the
//! fair split and the alternatives. Numbers are stored as numbers with euro formats, headers
//! are frozen and bold, columns fit their contents, and the summary carries a native chart of
//! the cumulative discounted saving.

use super::lang::{Lang, Texts};
use super::payments::PaymentYear;
use super::{GroupReport, PartnerReport, Report};
use crate::analysis::dossier::Dossier;
use crate::error::Error;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

/// Cell formats of the workbook.
struct Formats {
    header: Format,
    euro: Format,
    fte: Format,
    pct: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_background_color("#EEF2F7"),
            euro: Format::new().set_num_format("€ #,##0"),
            fte: Format::new().set_num_format("0.0"),
            pct: Format::new().set_num_format("0.0%"),
        }
    }
}

/// The workbook of `d` in `lang`, as the bytes of an .xlsx file.
pub fn council_xlsx(d: &Dossier, lang: Lang) -> Result<Vec<u8>, Error> {
    build(d, lang).map_err(|e| Error::Internal(format!("workbook: {e}")))
}

fn build(d: &Dossier, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = lang.texts();
    let f = Formats::new();
    let report = Report::of_dossier(d);
    let mut wb = Workbook::new();
    summary(wb.add_worksheet(), &report, t, &f)?;
    groups(wb.add_worksheet(), &report, t, &f)?;
    partners(wb.add_worksheet(), &report, t, &f)?;
    years(wb.add_worksheet(), &report, t, &f)?;
    if let Some(a) = &d.split {
        split(wb.add_worksheet(), a, t, &f)?;
    }
    if let Some(c) = &d.comparison {
        alternatives(wb.add_worksheet(), c, t, &f)?;
    }
    wb.save_to_buffer()
}

fn headers(ws: &mut Worksheet, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Names the sheet and writes its frozen header row.
fn sheet(ws: &mut Worksheet, name: &str, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    headers(ws, names, f)
}

fn summary(ws: &mut Worksheet, r: &Report, t: &Texts, f: &Formats) -> Result<(), XlsxError> {
    sheet(ws, t.sheet_summary, &[t.parameter, t.value], f)?;
    ws.write_string(1, 0, t.status)?;
    ws.write_string(1, 1, &r.status)?;
    summary_money(ws, r, t, f)?;
    ws.write_string(5, 0, t.saving_pct)?;
    ws.write_number_with_format(5, 1, r.saving_pct / 100.0, &f.pct)?;
    ws.write_string(6, 0, t.payback)?;
    match r.payback_year {
        Some(y) => ws.write_number(6, 1, y)?,
        None => ws.write_string(6, 1, t.payback_none)?,
    };
    cumulative(ws, r, t, f, 8)?;
    ws.autofit();
    Ok(())
}

/// The plan's NPV, everyone alone's, and the saving, in rows 2 to 4.
fn summary_money(ws: &mut Worksheet, r: &Report, t: &Texts, f: &Formats) -> Result<(), XlsxError> {
    let money = [
        (t.plan, r.objective_npv),
        (t.alone, r.baseline_npv),
        (t.saving, r.saving),
    ];
    for (i, (name, v)) in money.iter().enumerate() {
        ws.write_string(2 + i as u32, 0, *name)?;
        ws.write_number_with_format(2 + i as u32, 1, *v, &f.euro)?;
    }
    Ok(())
}

/// The yearly discounted saving and its running sum from row `top`, and a line chart of it.
fn cumulative(
    ws: &mut Worksheet,
    r: &Report,
    t: &Texts,
    f: &Formats,
    top: u32,
) -> Result<(), XlsxError> {
    for (c, name) in [t.year, t.saving, t.cumulative_saving].iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *name, &f.header)?;
    }
    let mut running = 0.0;
    for (i, y) in r.years.iter().enumerate() {
        let row = top + 1 + i as u32;
        let discounted = y.discount_factor * y.saving;
        running += discounted;
        ws.write_number(row, 0, y.year)?;
        ws.write_number_with_format(row, 1, discounted, &f.euro)?;
        ws.write_number_with_format(row, 2, running, &f.euro)?;
    }
    let chart = cumulative_chart(&ws.name(), t, top, top + r.years.len() as u32);
    ws.insert_chart(top, 4, &chart)?;
    Ok(())
}

/// A line chart of the running sum in column 2 of rows `top + 1` to `last` of sheet `name`.
fn cumulative_chart(name: &str, t: &Texts, top: u32, last: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    chart
        .add_series()
        .set_categories((name, top + 1, 0, last, 0))
        .set_values((name, top + 1, 2, last, 2))
        .set_name(t.cumulative_saving);
    chart.title().set_name(t.cumulative_saving);
    chart.legend().set_hidden();
    chart
}

fn groups(ws: &mut Worksheet, r: &Report, t: &Texts, f: &Formats) -> Result<(), XlsxError> {
    let names = [t.domain, t.form, t.members, t.start, t.pooled_volume, t.npv];
    sheet(ws, t.sheet_groups, &names, f)?;
    for (i, g) in r.groups.iter().enumerate() {
        group_row(ws, 1 + i as u32, g, f)?;
    }
    ws.autofit();
    Ok(())
}

fn group_row(ws: &mut Worksheet, row: u32, g: &GroupReport, f: &Formats) -> Result<(), XlsxError> {
    ws.write_string(row, 0, &g.domain)?;
    ws.write_string(row, 1, &g.form)?;
    ws.write_string(row, 2, g.members.join(", "))?;
    ws.write_number(row, 3, g.start_year)?;
    ws.write_number(row, 4, g.pooled_volume)?;
    ws.write_number_with_format(row, 5, g.npv, &f.euro)?;
    Ok(())
}

fn partners(ws: &mut Worksheet, r: &Report, t: &Texts, f: &Formats) -> Result<(), XlsxError> {
    sheet(ws, t.sheet_partners, &partner_headers(t), f)?;
    for (i, (p, pay)) in r.partners.iter().zip(&r.payments).enumerate() {
        partner_row(ws, 1 + i as u32, p, pay.payback_year, f)?;
    }
    ws.autofit();
    Ok(())
}

fn partner_headers(t: &Texts) -> [&str; 8] {
    [
        t.partner,
        t.description,
        t.alone,
        t.plan,
        t.saving,
        t.saving_pct,
        t.own_fte,
        t.payback,
    ]
}

/// A partner's NPVs, saving, FTE at the horizon and payback year.
fn partner_row(
    ws: &mut Worksheet,
    row: u32,
    p: &PartnerReport,
    payback: Option<i32>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, &p.id)?;
    ws.write_string(row, 1, &p.name)?;
    ws.write_number_with_format(row, 2, p.standalone_npv, &f.euro)?;
    ws.write_number_with_format(row, 3, p.plan_npv, &f.euro)?;
    ws.write_number_with_format(row, 4, p.saving, &f.euro)?;
    ws.write_number_with_format(row, 5, p.saving_pct / 100.0, &f.pct)?;
    ws.write_number_with_format(row, 6, p.ict_fte_end_plan, &f.fte)?;
    if let Some(y) = payback {
        ws.write_number(row, 7, y)?;
    }
    Ok(())
}

fn years(ws: &mut Worksheet, r: &Report, t: &Texts, f: &Formats) -> Result<(), XlsxError> {
    let columns = meerjarenplan_headers(t);
    let mut names = vec![t.partner, t.year];
    names.extend(columns.iter().map(String::as_str));
    names.extend([t.saving, t.own_fte, t.transferred_fte, t.residual_row]);
    sheet(ws, t.sheet_years, &names, f)?;
    let mut row = 1;
    for p in &r.payments {
        for y in &p.years {
            year_row(ws, row, &p.id, y, f)?;
            row += 1;
        }
    }
    ws.autofit();
    Ok(())
}

/// The four meerjarenplan columns: alone and under the plan, exploitatie and investering.
fn meerjarenplan_headers(t: &Texts) -> [String; 4] {
    [
        format!("{}: {}", t.alone, t.exploitatie),
        format!("{}: {}", t.alone, t.investering),
        format!("{}: {}", t.plan, t.exploitatie),
        format!("{}: {}", t.plan, t.investering),
    ]
}

/// One year of partner `id` in the meerjarenplan columns.
fn year_row(
    ws: &mut Worksheet,
    row: u32,
    id: &str,
    y: &PaymentYear,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, id)?;
    ws.write_number(row, 1, y.year)?;
    ws.write_number_with_format(row, 2, y.alone.exploitatie, &f.euro)?;
    ws.write_number_with_format(row, 3, y.alone.investering, &f.euro)?;
    ws.write_number_with_format(row, 4, y.plan.exploitatie, &f.euro)?;
    ws.write_number_with_format(row, 5, y.plan.investering, &f.euro)?;
    ws.write_number_with_format(row, 6, y.saving, &f.euro)?;
    ws.write_number_with_format(row, 7, y.fte_plan, &f.fte)?;
    ws.write_number_with_format(row, 8, y.fte_transferred, &f.fte)?;
    ws.write_boolean(row, 9, y.residual)?;
    Ok(())
}

fn split(
    ws: &mut Worksheet,
    a: &crate::analysis::allocation::AllocationReport,
    t: &Texts,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet(
        ws,
        t.sheet_split,
        &[t.partner, t.cost_alone, t.share, t.saving],
        f,
    )?;
    let Some(s) = a.splits.first() else {
        return Ok(());
    };
    for (i, id) in a.players.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, id)?;
        ws.write_number_with_format(row, 1, a.standalone[i], &f.euro)?;
        ws.write_number_with_format(row, 2, s.shares[i], &f.euro)?;
        ws.write_number_with_format(row, 3, s.savings[i], &f.euro)?;
    }
    ws.autofit();
    Ok(())
}

fn alternatives(
    ws: &mut Worksheet,
    c: &crate::analysis::compare::Comparison,
    t: &Texts,
    f: &Formats,
) -> Result<(), XlsxError> {
    let names = [t.variant, t.description, t.npv, t.saving, t.groups_count];
    sheet(ws, t.sheet_alternatives, &names, f)?;
    for (i, col) in c.columns.iter().enumerate() {
        alternative_row(ws, 1 + i as u32, col, t, f)?;
    }
    ws.autofit();
    Ok(())
}

/// A variant's name, description, NPV (or that it has no plan), saving and groups.
fn alternative_row(
    ws: &mut Worksheet,
    row: u32,
    col: &crate::analysis::compare::Column,
    t: &Texts,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, &col.name)?;
    ws.write_string(row, 1, &col.description)?;
    match col.objective_npv {
        Some(v) => ws.write_number_with_format(row, 2, v, &f.euro)?,
        None => ws.write_string(row, 2, t.infeasible)?,
    };
    if let Some(p) = col.saving_pct {
        ws.write_number_with_format(row, 3, p / 100.0, &f.pct)?;
    }
    ws.write_number(row, 4, col.groups as f64)?;
    Ok(())
}
