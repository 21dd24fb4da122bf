//! The one-screen summary of a validated scenario printed by `samen check`.

use crate::format::fmt_int;
use crate::formulation::columns::candidates;
use crate::scenario::Scenario;
use crate::solve::Formulation;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

/// What `samen check` prints: years and rates, partners table, domains, forms, candidates.
pub fn summary(s: &Scenario) -> String {
    let mut out = scenario_line(s);
    out.push_str(&format!("{}\n", partners_table(s)));
    out.push_str(&format!("Domains: {}\n", domains(s).join(", ")));
    out.push_str(&format!("Forms: {}\n", forms(s).join(", ")));
    out.push_str(&constraints_line(s));
    out.push_str(&candidates_line(s));
    out.push_str(&solve_size_line(s));
    out.push_str(&review(s));
    out
}

/// Binaries above which microlp (the default solver) may take minutes: the trio's 980 solve
/// in about a second, while models of a few thousand can run for minutes (docs/development.md,
/// Solver reach).
const QUICK_BINARIES: usize = 1_500;

/// The model `samen solve` would build, and what its size means for the time it takes.
fn solve_size_line(s: &Scenario) -> String {
    if crate::solve::Formulation::Auto.resolve(s) == crate::solve::Formulation::Hubs {
        return format!(
            "Solve: a region (more than {} candidate groups: the hub formulation and the cluster \
             heuristic); expect minutes, and give `--time-limit` (docs/development.md, Regions)\n",
            fmt_int(crate::solve::AUTO_HUB_GROUPS as f64)
        );
    }
    match crate::solve::prepare(s) {
        Ok(p) => column_size_line(s, &p),
        Err(e) => format!("Solve: the model cannot be built: {e}\n"),
    }
}

/// What the default build does with a column model of this size.
fn column_time(s: &Scenario, binaries: usize) -> String {
    let beyond = crate::solve::reach::beyond_microlp(s, Formulation::Columns, binaries);
    if beyond && cfg!(feature = "highs") {
        "beyond what microlp finishes: `samen solve` gives it to HiGHS".to_string()
    } else if beyond {
        format!(
            "beyond what the default solver finishes: `samen solve` gives the cluster \
             heuristic's plan within {} s and no bound (or, where a criterion's minimum or \
             value or the capacity objective keeps the heuristic out, the exact model within \
             that time); HiGHS (the `highs` feature) proves it or gives the gap",
            crate::solve::MICROLP_HEURISTIC_LIMIT
        )
    } else if binaries <= QUICK_BINARIES {
        "a model of this size usually solves within half a minute with the default solver"
            .to_string()
    } else {
        "a model of this size can take a minute or more with the default solver: HiGHS (the \
         `highs` feature) or `--time-limit` help"
            .to_string()
    }
}

fn column_size_line(s: &Scenario, p: &crate::solve::Prepared) -> String {
    let binaries = p.model.milp.binaries();
    format!(
        "Solve: {} candidate columns ({} binaries, {} rows, built in {:.2} s); {}\n",
        fmt_int(p.candidates.shared.len() as f64),
        fmt_int(binaries as f64),
        fmt_int(p.model.milp.rows.len() as f64),
        p.build_seconds,
        column_time(s, binaries)
    )
}

/// The `[constraints]` the scenario sets, in one line.
fn constraints_line(s: &Scenario) -> String {
    let c = &s.constraints;
    let mut items: Vec<String> = Vec::new();
    let count = |n: usize, what: &str| (n > 0).then(|| format!("{what} {n}"));
    items.extend(c.max_group_size.map(|v| format!("max_group_size {v}")));
    items.extend(
        c.max_vehicles_per_partner
            .map(|v| format!("max_vehicles_per_partner {v}")),
    );
    items.extend(c.max_distance_km.map(|v| format!("max_distance_km {v}")));
    items.extend(c.min_support.map(|v| format!("min_support {v}")));
    if c.individual_rationality {
        items.push(format!(
            "individual_rationality (min_saving {})",
            c.min_saving
        ));
    }
    items.extend(count(c.keep_in_house.len(), "keep_in_house"));
    items.extend(count(c.never_together.len(), "never_together"));
    items.extend(count(c.must_together.len(), "must_together"));
    if items.is_empty() {
        return "Constraints: none\n".into();
    }
    format!("Constraints: {}\n", items.join(", "))
}

/// The scenario's `[[alternative]]`s by name, for `samen check`.
pub fn alternatives_line(alternatives: &[crate::scenario::Alternative]) -> String {
    if alternatives.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = alternatives.iter().map(|a| a.name.as_str()).collect();
    format!("Alternatives ({}): {}\n", names.len(), names.join("; "))
}

/// The scenario's `[[uncertain]]` inputs, for `samen check`: each with its distribution and
/// how many numbers it moves, and whether they are correlated.
pub fn uncertainty_line(u: &crate::scenario::Uncertainty) -> String {
    if u.inputs.is_empty() {
        return String::new();
    }
    let inputs: Vec<String> = (u.inputs.iter())
        .map(|i| {
            format!(
                "{} ({}, {} number(s))",
                i.name,
                i.distribution.kind(),
                i.targets.len()
            )
        })
        .collect();
    let correlated = if u.correlation.is_some() {
        "; correlated"
    } else {
        ""
    };
    format!(
        "Uncertain inputs ({}): {}{correlated}: `samen risk` and `samen sensitivity` use them\n",
        inputs.len(),
        inputs.join("; ")
    )
}

/// The plausibility review: cost per inhabitant against the benchmark, then every finding.
fn review(s: &Scenario) -> String {
    let mut out = per_inhabitant_line(s);
    for f in crate::plausibility::review(s) {
        out.push_str(&format!(
            "warning: `{}`: {}
  = hint: {}
",
            f.at, f.message, f.hint
        ));
    }
    out
}

fn per_inhabitant_line(s: &Scenario) -> String {
    let mut costs: Vec<f64> = crate::plausibility::cost_per_inhabitant(s)
        .iter()
        .map(|c| c.2)
        .collect();
    if costs.is_empty() {
        return String::new();
    }
    costs.sort_by(f64::total_cmp);
    let (lo, hi) = crate::plausibility::COST_PER_INHABITANT;
    let range = match costs.len() {
        1 => format!("EUR {:.0}", costs[0]),
        n => format!(
            "EUR {:.0} to {:.0} (median {:.0}) over {n} municipalities",
            costs[0],
            costs[n - 1],
            costs[n / 2]
        ),
    };
    format!(
        "ICT cost per inhabitant per year alone (modelled domains, own staff included): {range}; \
         benchmark for all domains EUR {lo:.0}-{hi:.0} (docs/sources.md §3.1)\n"
    )
}

fn scenario_line(s: &Scenario) -> String {
    format!(
        "Scenario: {}\nYears {}-{} ({}), real discount rate {:.1}%, salary EUR {} per FTE, attrition {:.1}%/year\n\n",
        s.name,
        s.base_year,
        s.base_year + s.horizon as i32 - 1,
        s.horizon,
        100.0 * s.discount_rate,
        fmt_int(s.salary_per_fte),
        100.0 * s.attrition_rate
    )
}

fn partners_table(s: &Scenario) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header(vec![
        "Partner",
        "Kind",
        "Population",
        "ICT FTE",
        "Budget/yr",
        "Locked",
    ]);
    for p in &s.partners {
        t.add_row(vec![
            p.id.clone(),
            p.kind.clone(),
            fmt_int(p.drivers.get("population").copied().unwrap_or(0.0)),
            format!("{:.2}", p.ict_fte),
            p.budget.map(fmt_int).unwrap_or_else(|| "-".into()),
            locks(s, p).join(", "),
        ]);
    }
    t
}

/// The domains a partner is locked into, with the year each lock ends.
fn locks(s: &Scenario, p: &crate::scenario::Partner) -> Vec<String> {
    p.locked_until
        .iter()
        .enumerate()
        .filter(|&(_, &t)| t > 0)
        .map(|(d, &t)| format!("{} to {}", s.domains[d].id, s.base_year + t as i32))
        .collect()
}

fn domains(s: &Scenario) -> Vec<String> {
    s.domains
        .iter()
        .map(|d| format!("{} (per {})", d.id, d.driver))
        .collect()
}

fn forms(s: &Scenario) -> Vec<String> {
    s.forms
        .iter()
        .map(|f| {
            format!(
                "{} ({}lead {}y, VAT {:.0}%{})",
                f.id,
                if f.is_provider() {
                    "existing provider, joined alone; "
                } else {
                    ""
                },
                f.lead_time,
                100.0 * f.vat_rate,
                if f.staff_transfer {
                    ", staff transfer"
                } else {
                    ""
                }
            )
        })
        .collect()
}

/// How many groups the column formulation would enumerate, and whether that is too many.
fn candidates_line(s: &Scenario) -> String {
    let max = s.constraints.max_group_size.unwrap_or(s.partners.len());
    let count = candidates::group_count(s.partners.len(), max);
    let verdict = if count > candidates::MAX_GROUPS {
        format!(
            "{}: above the column formulation's limit of {}; set constraints.max_group_size",
            if count == u128::MAX {
                "astronomically many".to_string()
            } else {
                count.to_string()
            },
            candidates::MAX_GROUPS
        )
    } else {
        count.to_string()
    };
    format!(
        "Candidate groups (size 2..{}): {verdict}\n",
        max.min(s.partners.len())
    )
}
