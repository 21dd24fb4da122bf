//! `samen check` as a plausibility review: values that pass validation but are probably wrong,
//! and the figures a planner should compare with what the partners know, before trusting a
//! result.
//!
//! - Staff honesty: the ICT FTE a partner's cost sheets need alone in the base year against
//!   the FTE it declares (`ict_fte`). A need above the declared staff is bought in at salary,
//!   and that purchase can then look like a saving of sharing.
//! - Cost per inhabitant per year alone, per municipality (a gemeente with its OCMW), against
//!   the benchmark range of `docs/sources.md` §3.1 (EUR 59-89, all ICT domains).
//! - Suspicious values: a salary under EUR 10,000, coordinates outside Belgium or with
//!   latitude and longitude swapped, a fractional population, a horizon shorter than the
//!   longest investment lifetime.

use crate::costs;
use crate::scenario::Scenario;

/// The benchmark range of ICT cost per inhabitant per year (euro), all domains:
/// `docs/sources.md` §3.1 (M&I/Partners, Dutch municipalities, 2011-2019).
pub const COST_PER_INHABITANT: (f64, f64) = (59.0, 89.0);

/// Need above declared FTE by more than this share is warned about.
pub const STAFF_GAP_SHARE: f64 = 0.25;

/// One finding: where (a key path as the scenario writes it), what, and what to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// `partner.kortenberg.ict_fte`, `scenario.salary_per_fte`, ...
    pub at: String,
    /// What looks wrong, with the figures.
    pub message: String,
    /// Which fields to look at.
    pub hint: String,
}

/// Every finding on `s`, partners in scenario order.
pub fn review(s: &Scenario) -> Vec<Finding> {
    let mut out = salaries(s);
    for p in 0..s.partners.len() {
        out.extend(location(s, p));
        out.extend(population(s, p));
        out.extend(staff_gap(s, p));
        out.extend(retained_above_need(s, p));
    }
    out.extend(horizon(s));
    out
}

/// FTE partner p's cost sheets need in the base year, every domain alone.
pub fn fte_need(s: &Scenario, p: usize) -> f64 {
    (0..s.domains.len())
        .map(|d| costs::standalone(s, p, d).1.first().copied().unwrap_or(0.0))
        .sum()
}

fn salaries(s: &Scenario) -> Vec<Finding> {
    let mut all = vec![("scenario.salary_per_fte".to_string(), s.salary_per_fte)];
    for (kind, v) in &s.salary_by_kind {
        all.push((format!("scenario.salary_by_kind.{kind}"), *v));
    }
    all.into_iter()
        .filter(|(_, v)| *v > 0.0 && *v < 10_000.0)
        .map(|(at, v)| low_salary(at, v))
        .collect()
}

/// The finding of the salary at `at`, of `v` euro a year.
fn low_salary(at: String, v: f64) -> Finding {
    Finding {
        message: format!(
            "a salary of {} per FTE per year is very low",
            crate::format::eur(v)
        ),
        hint: "it is the loaded yearly cost of one full-time ICT employee (about EUR 65,000)"
            .into(),
        at,
    }
}

/// Belgium lies within latitude 49.45-51.55 and longitude 2.5-6.45 (degrees, WGS84).
fn in_belgium((lat, lon): (f64, f64)) -> bool {
    (49.45..=51.55).contains(&lat) && (2.5..=6.45).contains(&lon)
}

fn location(s: &Scenario, p: usize) -> Option<Finding> {
    let (lat, lon) = s.partners[p].location?;
    if in_belgium((lat, lon)) {
        return None;
    }
    Some(Finding {
        at: format!("partner.{}.location", s.partners[p].id),
        message: format!("lat {lat}, lon {lon} is not in Belgium"),
        hint: location_hint(in_belgium((lon, lat))).into(),
    })
}

/// How to fix a location outside Belgium (`swapped`: it is in Belgium the other way round).
fn location_hint(swapped: bool) -> &'static str {
    if swapped {
        "latitude and longitude look swapped: Flanders is near lat = 51, lon = 4"
    } else {
        "give the location in degrees (WGS84): Flanders is near lat = 51, lon = 4"
    }
}

fn population(s: &Scenario, p: usize) -> Option<Finding> {
    let v = s.partners[p].drivers.get("population").copied()?;
    (v.fract() != 0.0).then(|| Finding {
        at: format!("partner.{}.population", s.partners[p].id),
        message: format!("a population of {v} is not a whole number of inhabitants"),
        hint: "write the number of inhabitants (a decimal point may be a thousands separator)"
            .into(),
    })
}

fn staff_gap(s: &Scenario, p: usize) -> Option<Finding> {
    let need = fte_need(s, p);
    let declared = s.partners[p].ict_fte;
    if need <= declared * (1.0 + STAFF_GAP_SHARE) + 0.05 {
        return None;
    }
    Some(Finding {
        at: format!("partner.{}.ict_fte", s.partners[p].id),
        message: staff_gap_message(s, p, need, declared),
        hint: "check `ict_fte`, or the domains' `fte_fixed` and `fte_per_unit`".into(),
    })
}

/// What the `need - declared` FTE partner p's cost sheets need beyond its staff does.
fn staff_gap_message(s: &Scenario, p: usize, need: f64, declared: f64) -> String {
    let gap = need - declared;
    format!(
        "its cost sheets need {need:.1} FTE alone in {}, it declares {declared:.1}: the {gap:.1} \
         FTE in between (about {} a year) is bought in at salary, and sharing can then \
         look like a saving of it",
        s.base_year,
        crate::format::eur(gap * s.salary_of(p, 0))
    )
}

/// A retained organisation larger than what the partner needs alone is paid even alone.
fn retained_above_need(s: &Scenario, p: usize) -> Option<Finding> {
    let (retained, need) = (s.partners[p].retained_fte, fte_need(s, p));
    (retained > need + 0.05).then(|| Finding {
        at: format!("partner.{}.retained_fte", s.partners[p].id),
        message: format!(
            "it keeps {retained:.1} FTE whatever it shares, more than the {need:.1} FTE its cost \
             sheets need alone in {}: it pays {retained:.1} FTE even alone",
            s.base_year
        ),
        hint: "`retained_fte` is the staff kept to manage suppliers and partners (regie), \
               usually a part of what it needs alone"
            .into(),
    })
}

/// The longest investment lifetime of any cost sheet (0 without domains).
fn longest_lifetime(s: &Scenario) -> usize {
    s.domains
        .iter()
        .flat_map(|d| [d.standalone.lifetime, d.shared.lifetime])
        .max()
        .unwrap_or(0)
}

fn horizon(s: &Scenario) -> Option<Finding> {
    let longest = longest_lifetime(s);
    (longest > s.horizon).then(|| Finding {
        at: "scenario.horizon".into(),
        message: format!(
            "the horizon ({} years) is shorter than the longest investment lifetime ({longest} \
             years): much of an investment's cost is then its residual value",
            s.horizon
        ),
        hint: "a horizon of at least one lifetime compares renewals fairly".into(),
    })
}

/// Adds a partner's inhabitants and cash to its municipality `key` (listed when new).
fn add_to(by: &mut Vec<(String, f64, f64)>, key: String, people: f64, cash: f64) {
    match by.iter_mut().find(|(k, _, _)| *k == key) {
        Some(e) => {
            e.1 += people;
            e.2 += cash;
        }
        None => by.push((key, people, cash)),
    }
}

/// Cost per inhabitant per year alone, own staff included (average over the horizon,
/// undiscounted), per municipality: a gemeente with the partners that name it as their
/// `municipality`. (municipality id, inhabitants, euro per inhabitant per year);
/// municipalities without inhabitants are left out.
pub fn cost_per_inhabitant(s: &Scenario) -> Vec<(String, f64, f64)> {
    let baseline = crate::evaluate::baseline(s);
    let mut by: Vec<(String, f64, f64)> = Vec::new();
    for (p, partner) in s.partners.iter().enumerate() {
        let key = partner
            .municipality
            .clone()
            .unwrap_or_else(|| partner.id.clone());
        let cash: f64 = (0..s.horizon).map(|t| baseline[p].0.cash(t)).sum();
        let people = partner.drivers.get("population").copied().unwrap_or(0.0);
        add_to(&mut by, key, people, cash);
    }
    by.into_iter()
        .filter(|e| e.1 > 0.0)
        .map(|(k, people, cash)| (k, people, cash / s.horizon as f64 / people))
        .collect()
}
