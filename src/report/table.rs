//! The sections of [`Report::to_table`], one function per printed block, in print order.

use super::{Report, SplitReport, eur, fmt_int, right, table};
use crate::solve::{HeuristicInfo, SolveInfo};
use crate::solver::{RelaxationBound, Status};
use comfy_table::{Cell, Table};

/// A table of `header` with `rows`.
pub(super) fn table_of(header: &[&str], rows: impl IntoIterator<Item = Vec<Cell>>) -> Table {
    let mut t = table(header);
    t.add_rows(rows);
    t
}

/// How the solver ended, as the solve line says it.
fn status_text(info: &SolveInfo) -> String {
    match info.heuristic.as_ref() {
        Some(h) if h.relaxation.is_some() => {
            return "not proven optimal: the cluster heuristic's plan, bounded by the LP relaxation"
                .to_string();
        }
        Some(h) if !h.milp => {
            return "not proven optimal: the cluster heuristic's plan, no MILP run".to_string();
        }
        _ => {}
    }
    match info.status {
        Status::Optimal if info.restricted.is_some() => {
            "optimal only within a restricted plan space".to_string()
        }
        Status::Optimal => "optimal".to_string(),
        Status::GapLimit => format!("within the MIP gap of {}", info.mip_gap),
        Status::TimeLimit if info.fallback.is_some() => {
            "TIME LIMIT reached before any plan was found".to_string()
        }
        Status::TimeLimit => "TIME LIMIT reached: best plan found, may not be optimal".to_string(),
    }
}

fn gap_text(info: &SolveInfo) -> String {
    match info.gap {
        Some(g) if g.is_finite() => format!("gap reached {:.2}%", 100.0 * g),
        Some(_) => "gap reached: no bound".to_string(),
        None => "gap reached: unknown".to_string(),
    }
}

/// What the model's variables stand for.
fn model_columns(info: &SolveInfo) -> &'static str {
    match info.formulation {
        crate::solve::Formulation::Hubs => "slots (hub formulation)",
        _ => "candidate columns",
    }
}

fn solve_line(info: &SolveInfo) -> String {
    let status = status_text(info);
    let gap = gap_text(info);
    let what = model_columns(info);
    format!(
        "Solved by {} ({status}; gap setting {}, {gap}): {} {what}, {} rows, {} binaries, build {:.3}s, solve {:.3}s\n",
        info.solver,
        info.mip_gap,
        info.candidate_columns,
        info.rows,
        info.binaries,
        info.build_seconds,
        info.solve_seconds
    )
}

/// The notes on a restricted plan space and on the time-limit fallback.
fn solve_notes(info: &SolveInfo) -> String {
    let mut out = String::new();
    if let Some(note) = &info.restricted {
        out.push_str(&format!("RESTRICTED: {note}.\n"));
    }
    if let Some(note) = &info.fallback {
        out.push_str(&format!("NO PLAN FOUND IN TIME: {note}.\n"));
    }
    if let Some(note) = &info.limited {
        out.push_str(&format!("LIMITED: {note}.\n"));
    }
    if let Some(note) = &info.retried {
        out.push_str(&format!("RETRIED: {note}.\n"));
    }
    if let Some(note) = &info.stopped {
        out.push_str(&format!("STOPPED: {note}.\n"));
    }
    out
}

/// How the hub MILP's run after the heuristic ended, as the region line's tail says it.
fn milp_outcome(h: &HeuristicInfo) -> String {
    if let Some(r) = &h.relaxation {
        return relaxation_outcome(r);
    }
    let said = if !h.milp {
        "(not run: microlp does not solve a hub model this size in useful time; build with --features highs and use --solver highs for a lower bound and the gap)"
    } else if h.chosen {
        " and found nothing better: the plan below is the heuristic's"
    } else {
        " and improved it"
    };
    said.to_string()
}

/// What the LP relaxation that ran in the MILP's place gave.
fn relaxation_outcome(r: &crate::solve::Relaxation) -> String {
    let why = format!(
        "(not run: at {} rows HiGHS's root LP does not finish in the time a region has); its LP relaxation ran beside the heuristic by interior point",
        fmt_int(r.rows as f64)
    );
    match &r.bound {
        RelaxationBound::Bound(_) => {
            format!("{why}, finished in {:.0} s, for the bound below", r.seconds)
        }
        RelaxationBound::NotInTime => format!(
            "{why} and did not finish in {:.0} s, so there is no bound: give --time-limit 600 or more (Flanders' four domains: about 420 s on a 2-core machine), or solve the domains one by one (--domains)",
            r.seconds
        ),
        RelaxationBound::Failed(failure) => {
            format!("{why} and failed ({failure}), so there is no bound")
        }
        RelaxationBound::Unbounded(name) => format!(
            "{why} and finished in {:.0} s, but its duals give no finite bound ({name} has no bound its rows imply): there is no bound; please report this model",
            r.seconds
        ),
    }
}

/// What ran the heuristic, with its time limit and the default one.
fn heuristic_mode(info: &SolveInfo) -> String {
    let (mode, default) = if info.limited.is_some() {
        ("Cluster heuristic", crate::solve::MICROLP_HEURISTIC_LIMIT)
    } else {
        ("Region mode", crate::solve::REGION_TIME_LIMIT)
    };
    match info.time_limit.unwrap_or(default) {
        t if t == default => format!("{mode} (time limit {t} s, the default)"),
        t => format!("{mode} (time limit {t} s; {default} s when --time-limit is not given)"),
    }
}

/// How the hub MILP ran: from the heuristic's plan, or beside its neighbourhood search.
fn milp_start(h: &HeuristicInfo) -> String {
    match h.fed {
        _ if !h.milp => String::new(),
        None => "started from that plan".into(),
        Some(f) if f.posted == 0 => "ran beside the neighbourhood search from the clusters' plan (the search found no better plan to send it)".into(),
        Some(f) => format!(
            "ran beside the neighbourhood search from the clusters' plan and was sent each better plan as it was found ({} of {} reached it)",
            f.taken, f.posted
        ),
    }
}

/// The hub MILP's part, unless the heuristic stood in for a column model.
fn milp_part(info: &SolveInfo, h: &HeuristicInfo) -> String {
    match info.formulation {
        crate::solve::Formulation::Hubs => {
            format!("; the hub MILP {}{}", milp_start(h), milp_outcome(h))
        }
        _ => String::new(),
    }
}

fn region_line(info: &SolveInfo, h: &HeuristicInfo) -> String {
    format!(
        "{}: the cluster heuristic solved {} clusters with columns ({}), then {} neighbourhoods ({} improved it): {} in {:.1}s{}.\n",
        heuristic_mode(info),
        h.run.clusters,
        eur(h.run.first_npv),
        h.run.moves,
        h.run.improvements,
        eur(h.run.npv),
        h.run.seconds,
        milp_part(info, h)
    )
}

fn bound_line(h: &HeuristicInfo, bound: f64) -> String {
    let of = match h.relaxation {
        Some(_) => "the hub MILP's LP relaxation",
        None => "hub MILP",
    };
    format!(
        "Lower bound on any plan's NPV ({of}, costs interpolated on its volume grid, staff transfers capped per membership): {}; the gap above is the plan's NPV against it.\n",
        eur(bound)
    )
}

/// The region heuristic's line and the MILP's bound (nothing off a region).
fn region_notes(info: &SolveInfo) -> String {
    let mut out = String::new();
    if let Some(h) = &info.heuristic {
        out.push_str(&region_line(info, h));
        if let Some(b) = info.bound {
            out.push_str(&bound_line(h, b));
        }
    }
    out
}

/// The hub model's estimate against the exact NPV, when it interpolated and its plan is shown.
fn interpolation_note(info: &SolveInfo, objective_npv: f64, value: f64) -> String {
    if !info.exact_costs && info.heuristic.as_ref().is_none_or(|h| !h.chosen) {
        // The model's objective is its NPV estimate less the value of valued criteria.
        let estimate = info.objective + value;
        format!(
            "The hub model interpolated cost curves on a volume grid; its estimate {} differs from the plan's exact NPV below by {}.\n",
            eur(estimate),
            eur(objective_npv - estimate)
        )
    } else {
        String::new()
    }
}

pub(super) fn solve_info(info: &SolveInfo, objective_npv: f64, value: f64) -> String {
    let mut out = solve_line(info);
    out.push_str(&solve_notes(info));
    out.push_str(&region_notes(info));
    out.push_str(&interpolation_note(info, objective_npv, value));
    out
}

pub(super) fn horizon(r: &Report) -> String {
    format!(
        "Horizon {}-{} ({} years), real discount rate {:.1}%\n\n",
        r.base_year,
        r.base_year + r.horizon as i32 - 1,
        r.horizon,
        100.0 * r.discount_rate
    )
}

pub(super) fn totals(r: &Report) -> String {
    format!(
        "Plan NPV      {}\nEveryone alone {}\nSaving        {} ({:.1}%)\nPayback year  {}\n\n",
        eur(r.objective_npv),
        eur(r.baseline_npv),
        eur(r.saving),
        r.saving_pct,
        payback(r.payback_year)
    )
}

const CRITERIA_HEADER: [&str; 5] = ["Criterion", "Plan", "Everyone alone", "Minimum", "Value"];

fn criterion_row(c: &crate::criteria::CriterionScore) -> Vec<Cell> {
    let value = match c.value_eur {
        v if v > 0.0 => format!("{} per point", eur(v)),
        _ => "-".to_string(),
    };
    vec![
        Cell::new(&c.name),
        right(format!("{:.3}", c.score)),
        right(format!("{:.3}", c.alone)),
        right(c.min.map_or_else(|| "-".to_string(), |m| format!("{m:.3}"))),
        right(value),
    ]
}

/// The plan's scores on the non-monetary criteria, beside the cost (nothing without any);
/// with valued criteria, the objective the plan was chosen on.
pub(super) fn criteria(r: &Report) -> String {
    if r.criteria.is_empty() {
        return String::new();
    }
    let value: f64 = r.criteria.iter().map(|c| c.value_eur * c.score).sum();
    let objective = match value {
        v if v > 0.0 => format!(
            "Objective     {} (plan NPV less {} for its scores: value x score)\n",
            eur(r.objective_npv - v),
            eur(v)
        ),
        _ => String::new(),
    };
    format!(
        "Scores (0 worst, 1 best; weighted mean over partners and domains)\n{}\n{objective}\n",
        table_of(&CRITERIA_HEADER, r.criteria.iter().map(criterion_row))
    )
}

fn payback(year: Option<i32>) -> String {
    year.map(|y| y.to_string())
        .unwrap_or_else(|| "never within the horizon".into())
}

pub(super) fn violations(r: &Report) -> String {
    if r.violations.is_empty() {
        return String::new();
    }
    let lines: String = (r.violations.iter())
        .map(|v| format!("  - {} ({})\n", v.message, v.rule))
        .collect();
    format!("THE PLAN BREAKS THESE RULES:\n{lines}\n")
}

const GROUPS_HEADER: [&str; 6] = [
    "Domain",
    "Form",
    "Members",
    "Start",
    "Pooled volume",
    "NPV (members)",
];

/// A form's cell: its id, marked when it is an existing provider (a group of one that buys
/// the service, not a cooperation).
fn form_cell(form: &str, provider: bool) -> Cell {
    match provider {
        true => Cell::new(format!("{form} (existing provider)")),
        false => Cell::new(form),
    }
}

fn group_row(g: &super::GroupReport) -> Vec<Cell> {
    vec![
        Cell::new(&g.domain),
        form_cell(&g.form, g.provider),
        Cell::new(g.members.join(", ")),
        Cell::new(g.start_year),
        right(fmt_int(g.pooled_volume)),
        right(eur(g.npv)),
    ]
}

pub(super) fn groups(r: &Report) -> String {
    if r.groups.is_empty() {
        "Groups: none (everyone stays alone)\n\n".to_string()
    } else {
        format!(
            "Groups (everything not listed runs alone)\n{}\n\n",
            table_of(&GROUPS_HEADER, r.groups.iter().map(group_row))
        )
    }
}

pub(super) fn vehicles(r: &Report) -> String {
    if r.vehicles.is_empty() {
        return String::new();
    }
    let t = table_of(&VEHICLES_HEADER, r.vehicles.iter().map(vehicle_row));
    format!("Vehicles\n{t}\n\n")
}

const VEHICLES_HEADER: [&str; 4] = ["Form", "Members", "Domains", "NPV setup + governance"];

fn vehicle_row(v: &super::VehicleReport) -> Vec<Cell> {
    vec![
        form_cell(&v.form, v.provider),
        Cell::new(v.members.join(", ")),
        Cell::new(v.domains.join(", ")),
        right(eur(v.npv)),
    ]
}

const PARTNERS_HEADER: [&str; 9] = [
    "Partner",
    "NPV alone",
    "NPV in plan",
    "Saving",
    "%",
    "ICT FTE now",
    "FTE end alone",
    "FTE end plan",
    "Transferred",
];

pub(super) fn partners(r: &Report) -> String {
    let t = table_of(&PARTNERS_HEADER, r.partners.iter().map(partner_row));
    format!("Partners (plan costs split by the volume key)\n{t}\n\n")
}

fn partner_row(p: &super::PartnerReport) -> Vec<Cell> {
    vec![
        Cell::new(&p.id),
        right(eur(p.standalone_npv)),
        right(eur(p.plan_npv)),
        right(eur(p.saving)),
        right(format!("{:.1}", p.saving_pct)),
        right(format!("{:.2}", p.ict_fte_now)),
        right(format!("{:.2}", p.ict_fte_end_alone)),
        right(format!("{:.2}", p.ict_fte_end_plan)),
        right(format!("{:.2}", p.transferred_fte_end)),
    ]
}

/// Under the capacity objective: what the plan frees per partner for new services.
pub(super) fn capacity(r: &Report) -> String {
    if r.objective == "cost" {
        return String::new();
    }
    let header = [
        "Partner",
        "Saving (NPV)",
        "Capacity freed (NPV)",
        "Freed, last year (FTE-equivalent)",
    ];
    let rows = r.partners.iter().map(|p| {
        vec![
            Cell::new(&p.id),
            right(eur(p.saving)),
            right(eur(p.freed_npv)),
            right(format!("{:.2}", p.freed_fte_end)),
        ]
    });
    let guard = if r.objective == "capacity-year" {
        "in any year"
    } else {
        "over the horizon"
    };
    format!(
        "Capacity freed for new services (objective: more with the same means; no partner pays \
         more than alone {guard}). Capacity = the saving plus the salary of staff still on the \
         payroll whom the plan no longer needs.\n{}\n\n",
        table_of(&header, rows)
    )
}

fn core_verdict(in_core: Option<bool>) -> &'static str {
    match in_core {
        Some(true) => "in the core",
        Some(false) => "NOT in the core",
        None => "core not tested",
    }
}

pub(super) fn split(sp: &SplitReport) -> String {
    let rows = sp
        .partners
        .iter()
        .map(|(id, x, sv)| vec![Cell::new(id), right(eur(*x)), right(eur(*sv))]);
    let t = table_of(&["Partner", "Share", "Saving vs alone"], rows);
    let core = core_verdict(sp.in_core);
    format!("Split by {} ({core})\n{t}\n\n", sp.method)
}

/// The year's FTE alone and in the plan (none for the residual row).
fn year_fte(y: &super::YearReport) -> (String, String) {
    if y.residual {
        (String::new(), String::new())
    } else {
        (format!("{:.2}", y.baseline_fte), format!("{:.2}", y.fte))
    }
}

/// The year, the residual row marked as such.
pub(super) fn year_label(year: i32, residual: bool) -> String {
    if residual {
        format!("{year} (residual value)")
    } else {
        year.to_string()
    }
}

fn year_row(y: &super::YearReport) -> Vec<Cell> {
    let (fa, fp) = year_fte(y);
    let year = year_label(y.year, y.residual);
    vec![
        Cell::new(year),
        right(eur(y.baseline_cash)),
        right(eur(y.cash)),
        right(eur(y.saving)),
        right(fa),
        right(fp),
    ]
}

const YEARS_HEADER: [&str; 6] = [
    "Year",
    "Cash alone",
    "Cash in plan",
    "Saving",
    "FTE alone",
    "FTE in plan",
];

pub(super) fn years(r: &Report) -> String {
    let t = table_of(&YEARS_HEADER, r.years.iter().map(year_row));
    format!(
        "Years (cash at the start of each year, euro of {})\n{t}\n\n",
        r.base_year
    )
}

/// A category's serialised name (`operations`, ...).
fn category_name(c: crate::costs::Cat) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

pub(super) fn breakdown(r: &Report) -> String {
    let rows = r.breakdown.iter().map(category_row);
    let t = table_of(&["Category", "NPV alone", "NPV in plan"], rows);
    format!("Cost categories\n{t}\n")
}

fn category_row(c: &super::CategoryReport) -> Vec<Cell> {
    vec![
        Cell::new(category_name(c.category)),
        right(eur(c.baseline_npv)),
        right(eur(c.plan_npv)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::Relaxation;

    #[test]
    fn the_relaxations_line_names_its_bound_or_what_to_do_without_one() {
        let bounded = Relaxation {
            bound: RelaxationBound::Bound(1_654_525_787.0),
            seconds: 469.4,
            rows: 532_079,
        };
        let said = relaxation_outcome(&bounded);
        assert!(said.contains("at 532,079 rows"), "{said}");
        assert!(said.contains("finished in 469 s"), "{said}");
        let unfinished = relaxation_outcome(&Relaxation {
            bound: RelaxationBound::NotInTime,
            ..bounded.clone()
        });
        assert!(
            unfinished.contains("did not finish in 469 s"),
            "{unfinished}"
        );
        assert!(
            unfinished.contains("--time-limit 600 or more"),
            "{unfinished}"
        );
        let failed = relaxation_outcome(&Relaxation {
            bound: RelaxationBound::Failed("HiGHS: failed".into()),
            ..bounded.clone()
        });
        assert!(
            failed.contains("failed (HiGHS: failed), so there is no bound"),
            "{failed}"
        );
        let unbounded = relaxation_outcome(&Relaxation {
            bound: RelaxationBound::Unbounded("F[aalst,2026]".into()),
            ..bounded
        });
        assert!(
            unbounded.contains("(F[aalst,2026] has no bound"),
            "{unbounded}"
        );
    }
}
