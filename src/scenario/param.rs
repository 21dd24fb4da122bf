//! Numbers of a validated scenario named by key path (`partner.leuven.ict_fte`,
//! `domain.*.shared.integration_per_member`), read and written in place.
//!
//! An uncertain input moves these: a draw of a risk analysis changes them on a copy of the
//! validated scenario, without parsing or validating it again. The key paths are those of an
//! alternative's `set`, with `*` for every id (or every kind, driver or cost sheet) that has
//! the key. Only real numbers are parameters: years, counts and lifetimes are not.

use super::fields::{
    DOMAIN_FIELDS, FORM_FIELDS, FieldSpec, PARTNER_FIELDS, SCENARIO_FIELDS, SHEET_FIELDS, spec,
};
use super::{CostSheet, Form, Scenario};
use crate::suggest;

/// One number of a scenario. Indices are positions in the scenario it was resolved against.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A number of `[scenario]` (`discount_rate`, `salary_per_fte`, ...), by key.
    Setting(&'static str),
    /// `scenario.salary_by_kind.KIND`.
    SalaryOfKind(String),
    /// A demand driver of a partner (`population`, `staff`, ... or an extra one).
    Driver(usize, String),
    /// `partner.ID.ict_fte`.
    IctFte(usize),
    /// `partner.ID.retained_fte`.
    RetainedFte(usize),
    /// `partner.ID.budget`.
    Budget(usize),
    /// `domain.ID.growth`.
    Growth(usize),
    /// A number of a domain's standalone (`false`) or shared (`true`) cost sheet, by key.
    Sheet(usize, bool, &'static str),
    /// A number of a form, by key (`setup_cost`, `vat_rate`, `shared_salary`, ...).
    Form(usize, &'static str),
    /// `form.ID.provider_price.DOMAIN`: an existing provider's price of a domain it offers.
    ProviderPrice(usize, usize),
}

/// Why a key path names no number: a message and a hint.
pub type Unresolved = (String, String);

/// The settings that are parameters.
const SETTINGS: &[&str] = &[
    "discount_rate",
    "salary_per_fte",
    "attrition_rate",
    "distance_cost_per_km",
    "wage_growth",
];
/// The numbers of a cost sheet that are parameters (not `lifetime` or `scale`).
const SHEET_KEYS: &[&str] = &[
    "fixed_cost",
    "unit_cost",
    "fte_fixed",
    "fte_per_unit",
    "capex_fixed",
    "capex_per_unit",
    "integration_per_member",
    "coordination_per_member",
    "resale",
];
/// The numbers of a form that are parameters.
const FORM_KEYS: &[&str] = &[
    "setup_cost",
    "governance_fixed",
    "governance_per_member",
    "vat_rate",
    "shared_salary",
];
/// The numbers of a partner that are parameters, besides its drivers.
const PARTNER_KEYS: &[&str] = &["ict_fte", "retained_fte", "budget"];

/// What a key path may look like, for hints.
const SHAPES: &str = "scenario.FIELD, scenario.salary_by_kind.KIND, partner.ID.FIELD, \
partner.ID.drivers.NAME, domain.ID.growth, domain.ID.standalone.FIELD, \
domain.ID.shared.FIELD, form.ID.FIELD or form.ID.provider_price.DOMAIN, with * for every id";

/// Every number `key` names in `s`; a `*` matches every entry that has the key.
pub fn resolve(s: &Scenario, key: &str) -> Result<Vec<Param>, Unresolved> {
    let parts: Vec<&str> = key.split('.').collect();
    let found = match parts.as_slice() {
        ["scenario", "salary_by_kind", kind] => salaries(s, kind),
        ["scenario", field] => setting(field),
        ["partner", id, rest @ ..] => partner(s, id, rest),
        ["domain", id, rest @ ..] => domain(s, id, rest),
        ["form", id, "provider_price", domain] => provider_prices(s, id, domain),
        ["form", id, field] => form(s, id, field),
        _ => Err(shape(key)),
    }?;
    if found.is_empty() {
        return Err((
            format!("`{key}` matches no number of the scenario"),
            "a `*` matches only the entries that set the key".into(),
        ));
    }
    Ok(found)
}

fn shape(key: &str) -> Unresolved {
    (
        format!("cannot resolve the key path `{key}`"),
        format!("write {SHAPES}"),
    )
}

/// `key` if it is one of `known`, else a did-you-mean.
fn known_key(key: &str, known: &[&'static str], what: &str) -> Result<&'static str, Unresolved> {
    match known.iter().find(|k| **k == key) {
        Some(k) => Ok(k),
        None => Err(suggest::unknown_id(what, key, known)),
    }
}

/// The positions in `ids` that `id` names: all for `*`, else the one equal to it.
fn pick(ids: &[&str], id: &str, what: &str) -> Result<Vec<usize>, Unresolved> {
    if id == "*" {
        return Ok((0..ids.len()).collect());
    }
    match ids.iter().position(|known| *known == id) {
        Some(i) => Ok(vec![i]),
        None => Err(suggest::unknown_id(what, id, ids)),
    }
}

/// The numbers `one` names in each entry `pick` selects, concatenated.
fn each(
    picked: Vec<usize>,
    mut one: impl FnMut(usize) -> Result<Vec<Param>, Unresolved>,
) -> Result<Vec<Param>, Unresolved> {
    let mut out = Vec::new();
    for i in picked {
        out.extend(one(i)?);
    }
    Ok(out)
}

fn setting(field: &str) -> Result<Vec<Param>, Unresolved> {
    let key = known_key(field, SETTINGS, "scenario number")?;
    Ok(vec![Param::Setting(key)])
}

fn salaries(s: &Scenario, kind: &str) -> Result<Vec<Param>, Unresolved> {
    let kinds: Vec<&str> = s.salary_by_kind.keys().map(String::as_str).collect();
    let picked = pick(&kinds, kind, "salary_by_kind kind")?;
    Ok(picked
        .into_iter()
        .map(|i| Param::SalaryOfKind(kinds[i].to_string()))
        .collect())
}

fn partner(s: &Scenario, id: &str, rest: &[&str]) -> Result<Vec<Param>, Unresolved> {
    let ids: Vec<&str> = s.partners.iter().map(|p| p.id.as_str()).collect();
    let explicit = id != "*";
    each(pick(&ids, id, "partner")?, |p| {
        partner_number(s, p, rest, explicit)
    })
}

/// The numbers `rest` names of partner p. A number the partner lacks (a budget, a driver) is
/// an error when the partner was named (`explicit`), and skipped for `*`.
fn partner_number(
    s: &Scenario,
    p: usize,
    rest: &[&str],
    explicit: bool,
) -> Result<Vec<Param>, Unresolved> {
    let partner = &s.partners[p];
    let found = match rest {
        ["ict_fte"] => vec![Param::IctFte(p)],
        ["retained_fte"] => vec![Param::RetainedFte(p)],
        ["budget"] => partner
            .budget
            .map(|_| Param::Budget(p))
            .into_iter()
            .collect(),
        ["drivers", name] | [name] if *name == "*" || is_driver(s, name) => drivers(s, p, name),
        [name] => return Err(unknown_partner_key(s, name)),
        _ => return Err(shape(&format!("partner.{}.{}", partner.id, rest.join(".")))),
    };
    if found.is_empty() && explicit {
        return Err(absent("partner", &partner.id, &rest.join(".")));
    }
    Ok(found)
}

/// Is `name` a driver of some partner (or a standard one)?
fn is_driver(s: &Scenario, name: &str) -> bool {
    super::STANDARD_DRIVERS.contains(&name)
        || s.partners.iter().any(|p| p.drivers.contains_key(name))
}

/// Partner p's drivers named `name` (all for `*`).
fn drivers(s: &Scenario, p: usize, name: &str) -> Vec<Param> {
    (s.partners[p].drivers.keys())
        .filter(|k| name == "*" || k.as_str() == name)
        .map(|k| Param::Driver(p, k.clone()))
        .collect()
}

fn unknown_partner_key(s: &Scenario, name: &str) -> Unresolved {
    let mut known: Vec<&str> = PARTNER_KEYS.to_vec();
    known.extend(super::STANDARD_DRIVERS);
    known.extend(
        s.partners
            .iter()
            .flat_map(|p| p.drivers.keys().map(String::as_str)),
    );
    known.sort_unstable();
    known.dedup();
    suggest::unknown_id("partner number", name, &known)
}

/// An entry named by id that does not set an optional number.
fn absent(what: &str, id: &str, key: &str) -> Unresolved {
    (
        format!("{what} `{id}` has no `{key}` to vary"),
        format!("set `{key}` in the {what}, or write `{what}.*.{key}` for those that have one"),
    )
}

fn domain(s: &Scenario, id: &str, rest: &[&str]) -> Result<Vec<Param>, Unresolved> {
    let ids: Vec<&str> = s.domains.iter().map(|d| d.id.as_str()).collect();
    let picked = pick(&ids, id, "domain")?;
    match rest {
        ["growth"] => Ok(picked.into_iter().map(Param::Growth).collect()),
        [sheet, field] => {
            let field = known_key(field, SHEET_KEYS, "cost sheet number")?;
            let sheets = sheets(sheet)?;
            let params = picked.into_iter().flat_map(|d| {
                sheets
                    .iter()
                    .map(move |&shared| Param::Sheet(d, shared, field))
            });
            Ok(params.collect())
        }
        _ => Err(shape(&format!("domain.{id}.{}", rest.join(".")))),
    }
}

/// `standalone`, `shared` or `*` (both) as the sheets' `shared` flags.
fn sheets(name: &str) -> Result<Vec<bool>, Unresolved> {
    match name {
        "standalone" => Ok(vec![false]),
        "shared" => Ok(vec![true]),
        "*" => Ok(vec![false, true]),
        _ => Err(suggest::unknown_id(
            "cost sheet",
            name,
            &["standalone", "shared", "*"],
        )),
    }
}

fn form(s: &Scenario, id: &str, field: &str) -> Result<Vec<Param>, Unresolved> {
    let ids: Vec<&str> = s.forms.iter().map(|f| f.id.as_str()).collect();
    let field = known_key(field, FORM_KEYS, "form number")?;
    let explicit = id != "*";
    each(pick(&ids, id, "form")?, |f| {
        let has = field != "shared_salary" || s.forms[f].shared_salary.is_some();
        match (has, explicit) {
            (true, _) => Ok(vec![Param::Form(f, field)]),
            (false, true) => Err(absent("form", &s.forms[f].id, field)),
            (false, false) => Ok(Vec::new()),
        }
    })
}

/// `form.ID.provider_price.DOMAIN`: the prices of the domains each named provider offers
/// (`*` for every provider, every domain it offers).
fn provider_prices(s: &Scenario, id: &str, domain: &str) -> Result<Vec<Param>, Unresolved> {
    let ids: Vec<&str> = s.forms.iter().map(|f| f.id.as_str()).collect();
    let explicit = id != "*";
    each(pick(&ids, id, "form")?, |f| {
        let fm = &s.forms[f];
        if !fm.is_provider() {
            return match explicit {
                true => Err(absent("form", &fm.id, "provider_price")),
                false => Ok(Vec::new()),
            };
        }
        let offered: Vec<usize> = (0..s.domains.len()).filter(|&d| fm.domains[d]).collect();
        let names: Vec<&str> = offered.iter().map(|&d| s.domains[d].id.as_str()).collect();
        let picked = pick(&names, domain, "domain the provider offers")?;
        Ok(picked
            .into_iter()
            .map(|i| Param::ProviderPrice(f, offered[i]))
            .collect())
    })
}

impl Param {
    /// The key path of this number in `s` (the scenario it was resolved against).
    pub fn key(&self, s: &Scenario) -> String {
        match self {
            Param::Setting(k) => format!("scenario.{k}"),
            Param::SalaryOfKind(kind) => format!("scenario.salary_by_kind.{kind}"),
            Param::Driver(p, name) => format!("partner.{}.{name}", s.partners[*p].id),
            Param::IctFte(p) => format!("partner.{}.ict_fte", s.partners[*p].id),
            Param::RetainedFte(p) => format!("partner.{}.retained_fte", s.partners[*p].id),
            Param::Budget(p) => format!("partner.{}.budget", s.partners[*p].id),
            Param::Growth(d) => format!("domain.{}.growth", s.domains[*d].id),
            Param::Sheet(d, shared, k) => {
                let sheet = if *shared { "shared" } else { "standalone" };
                format!("domain.{}.{sheet}.{k}", s.domains[*d].id)
            }
            Param::Form(f, k) => format!("form.{}.{k}", s.forms[*f].id),
            Param::ProviderPrice(f, d) => format!(
                "form.{}.provider_price.{}",
                s.forms[*f].id, s.domains[*d].id
            ),
        }
    }

    /// The spec of the key: its range and unit.
    pub fn spec(&self) -> &'static FieldSpec {
        match self {
            Param::Setting(k) => spec(SCENARIO_FIELDS, k),
            Param::SalaryOfKind(_) => spec(SCENARIO_FIELDS, "salary_by_kind"),
            Param::Driver(_, name) => driver_spec(name),
            Param::IctFte(_) => spec(PARTNER_FIELDS, "ict_fte"),
            Param::RetainedFte(_) => spec(PARTNER_FIELDS, "retained_fte"),
            Param::Budget(_) => spec(PARTNER_FIELDS, "budget"),
            Param::Growth(_) => spec(DOMAIN_FIELDS, "growth"),
            Param::Sheet(_, _, k) => spec(SHEET_FIELDS, k),
            Param::Form(_, k) => spec(FORM_FIELDS, k),
            Param::ProviderPrice(..) => spec(FORM_FIELDS, "provider_price"),
        }
    }

    /// The number's value in `s` (0 for one that `s` lacks, which resolving rules out).
    pub fn get(&self, s: &Scenario) -> f64 {
        self.slot(&mut s.clone()).map_or(0.0, |v| *v)
    }

    /// Sets the number in `s` to `value`.
    pub fn set(&self, s: &mut Scenario, value: f64) {
        if let Some(slot) = self.slot(s) {
            *slot = value;
        }
    }

    /// Where the number is stored in `s`; `None` when `s` lacks it.
    fn slot<'s>(&self, s: &'s mut Scenario) -> Option<&'s mut f64> {
        match self {
            Param::Setting(k) => setting_slot(s, k),
            Param::SalaryOfKind(kind) => s.salary_by_kind.get_mut(kind.as_str()),
            Param::Driver(p, name) => s.partners.get_mut(*p)?.drivers.get_mut(name.as_str()),
            Param::IctFte(p) => Some(&mut s.partners.get_mut(*p)?.ict_fte),
            Param::RetainedFte(p) => Some(&mut s.partners.get_mut(*p)?.retained_fte),
            Param::Budget(p) => s.partners.get_mut(*p)?.budget.as_mut(),
            Param::Growth(d) => Some(&mut s.domains.get_mut(*d)?.growth),
            Param::Sheet(d, shared, k) => {
                let domain = s.domains.get_mut(*d)?;
                let sheet = if *shared {
                    &mut domain.shared
                } else {
                    &mut domain.standalone
                };
                sheet_slot(sheet, k)
            }
            Param::Form(f, k) => form_slot(s.forms.get_mut(*f)?, k),
            Param::ProviderPrice(f, d) => s.forms.get_mut(*f)?.provider_price.as_mut()?.get_mut(*d),
        }
    }
}

fn setting_slot<'s>(s: &'s mut Scenario, key: &str) -> Option<&'s mut f64> {
    match key {
        "discount_rate" => Some(&mut s.discount_rate),
        "salary_per_fte" => Some(&mut s.salary_per_fte),
        "attrition_rate" => Some(&mut s.attrition_rate),
        "distance_cost_per_km" => Some(&mut s.distance_cost_per_km),
        "wage_growth" => Some(&mut s.wage_growth),
        _ => None,
    }
}

fn sheet_slot<'s>(sheet: &'s mut CostSheet, key: &str) -> Option<&'s mut f64> {
    match key {
        "fixed_cost" => Some(&mut sheet.fixed_cost),
        "unit_cost" => Some(&mut sheet.unit_cost),
        "fte_fixed" => Some(&mut sheet.fte_fixed),
        "fte_per_unit" => Some(&mut sheet.fte_per_unit),
        "capex_fixed" => Some(&mut sheet.capex_fixed),
        "capex_per_unit" => Some(&mut sheet.capex_per_unit),
        "integration_per_member" => Some(&mut sheet.integration_per_member),
        "coordination_per_member" => Some(&mut sheet.coordination_per_member),
        "resale" => Some(&mut sheet.resale),
        _ => None,
    }
}

fn form_slot<'s>(form: &'s mut Form, key: &str) -> Option<&'s mut f64> {
    match key {
        "setup_cost" => Some(&mut form.setup_cost),
        "governance_fixed" => Some(&mut form.governance_fixed),
        "governance_per_member" => Some(&mut form.governance_per_member),
        "vat_rate" => Some(&mut form.vat_rate),
        "shared_salary" => form.shared_salary.as_mut(),
        _ => None,
    }
}

/// A standard driver's own spec; an extra driver has the spec of `drivers`' values.
fn driver_spec(name: &str) -> &'static FieldSpec {
    match PARTNER_FIELDS.iter().find(|f| f.key == name) {
        Some(f) => f,
        None => spec(PARTNER_FIELDS, "drivers"),
    }
}
