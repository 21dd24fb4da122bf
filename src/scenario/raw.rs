//! The scenario file as written: serde types that mirror the TOML one to one.
//!
//! Nothing here is trusted. Every field is optional where the format allows a default, and
//! unknown keys are rejected so that a misspelt key never silently falls back to a default.
//! `super::validate` turns this into the typed [`super::Scenario`] the rest of samen uses.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Another scenario file this one is written over (path relative to this file); see
    /// `super::extends` for how the two merge.
    pub extends: Option<String>,
    pub scenario: Option<RawScenario>,
    #[serde(default)]
    pub partner: Vec<RawPartner>,
    #[serde(default)]
    pub domain: Vec<RawDomain>,
    #[serde(default)]
    pub form: Vec<RawForm>,
    pub constraints: Option<RawConstraints>,
    /// Named scale alternatives, solved side by side by `samen compare`.
    #[serde(default)]
    pub alternative: Vec<RawAlternative>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Option<String>,
    /// Calendar year of t = 0.
    pub base_year: Option<i64>,
    /// Number of years planned, t = 0 .. horizon-1.
    pub horizon: Option<i64>,
    /// Real discount rate per year (0.03 = 3%).
    pub discount_rate: Option<f64>,
    /// Loaded cost of one ICT FTE, euro per year.
    pub salary_per_fte: Option<f64>,
    /// Optional salary per partner kind, euro per FTE per year.
    pub salary_by_kind: Option<BTreeMap<String, f64>>,
    /// Share of current ICT staff leaving each year by natural attrition (0.03 = 3%).
    pub attrition_rate: Option<f64>,
    /// Euro per km per member per year: travel and links from a member to its group's host.
    pub distance_cost_per_km: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPartner {
    pub id: Option<String>,
    pub name: Option<String>,
    /// Where the figures of this entry come from, or a note on them: shown beside them in
    /// the council report's assumptions.
    pub source: Option<String>,
    pub kind: Option<String>,
    /// Inhabitants.
    pub population: Option<f64>,
    /// Staff, i.e. ICT users.
    pub staff: Option<f64>,
    /// Buildings to connect.
    pub sites: Option<f64>,
    /// Workstations and other managed devices.
    pub devices: Option<f64>,
    /// Extra named demand drivers.
    pub drivers: Option<BTreeMap<String, f64>>,
    /// Current ICT staff, FTE.
    pub ict_fte: Option<f64>,
    /// Per domain id: the calendar year from which the partner is free to change.
    pub locked_until: Option<BTreeMap<String, i64>>,
    pub location: Option<RawLocation>,
    /// Total annual ICT budget, euro per year.
    pub budget: Option<f64>,
    /// Per domain id: support for sharing that domain, 0..1.
    pub support: Option<BTreeMap<String, f64>>,
    /// The municipality the partner belongs to (an OCMW names its gemeente's id); a gemeente
    /// belongs to itself by default.
    pub municipality: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSheet {
    /// Euro per year.
    pub fixed_cost: Option<f64>,
    /// Euro per driver unit per year, times the scale multiplier.
    pub unit_cost: Option<f64>,
    /// FTE per year.
    pub fte_fixed: Option<f64>,
    /// FTE per driver unit, times the scale multiplier.
    pub fte_per_unit: Option<f64>,
    /// Euro per investment.
    pub capex_fixed: Option<f64>,
    /// Euro per driver unit per investment, times the scale multiplier.
    pub capex_per_unit: Option<f64>,
    /// Years an investment lasts.
    pub lifetime: Option<i64>,
    /// Breakpoints `[volume, multiplier]` of the economies-of-scale curve.
    pub scale: Option<Vec<Vec<f64>>>,
    /// Shared sheet only: one-off euro per joining member.
    pub integration_per_member: Option<f64>,
    /// Shared sheet only: euro per member per year.
    pub coordination_per_member: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: Option<String>,
    pub name: Option<String>,
    /// Where the figures of this entry come from, or a note on them: shown beside them in
    /// the council report's assumptions.
    pub source: Option<String>,
    pub driver: Option<String>,
    /// Growth of demand per year (0.01 = 1%).
    pub growth: Option<f64>,
    pub standalone: Option<RawSheet>,
    pub shared: Option<RawSheet>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForm {
    pub id: Option<String>,
    pub name: Option<String>,
    /// Where the figures of this entry come from, or a note on them: shown beside them in
    /// the council report's assumptions.
    pub source: Option<String>,
    /// One-off euro per vehicle.
    pub setup_cost: Option<f64>,
    /// Euro per vehicle per year.
    pub governance_fixed: Option<f64>,
    /// Euro per member per year.
    pub governance_per_member: Option<f64>,
    pub min_members: Option<i64>,
    pub max_members: Option<i64>,
    pub domains: Option<Vec<String>>,
    pub partner_kinds: Option<Vec<String>>,
    /// Years before the vehicle can deliver.
    pub lead_time: Option<i64>,
    pub staff_transfer: Option<bool>,
    /// VAT rate on the recharged internal (staff) part, 0.21 = 21%.
    pub vat_rate: Option<f64>,
    /// One member hosts the service; it pays no VAT on its own share.
    pub hosted: Option<bool>,
    /// Euro per FTE per year of the shared service's staff when the form is not hosted (a
    /// vehicle with its own pay scale); default the scenario's `salary_per_fte`.
    pub shared_salary: Option<f64>,
    /// Every member must belong to one municipality (a beheersovereenkomst: a gemeente and its
    /// own OCMW).
    pub same_municipality: Option<bool>,
    /// Per partner kind, the fewest members of that kind a group needs (an
    /// intergemeentelijk samenwerkingsverband: `{ gemeente = 2 }`).
    pub min_kind: Option<BTreeMap<String, i64>>,
    /// Does the form create a legal person (that staff can transfer to)?
    pub legal_personality: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeepInHouse {
    pub partner: Option<String>,
    pub domain: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMustTogether {
    pub partners: Option<Vec<String>>,
    pub domain: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConstraints {
    pub max_group_size: Option<i64>,
    pub max_vehicles_per_partner: Option<i64>,
    /// No member may be further than this from its group's host, km.
    pub max_distance_km: Option<f64>,
    pub min_support: Option<f64>,
    pub individual_rationality: Option<bool>,
    pub min_saving: Option<f64>,
    #[serde(default)]
    pub keep_in_house: Vec<RawKeepInHouse>,
    #[serde(default)]
    pub never_together: Vec<Vec<String>>,
    #[serde(default)]
    pub must_together: Vec<RawMustTogether>,
}

/// A group named by ids: in a plan, or forced or forbidden by an alternative.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroupRef {
    pub domain: Option<String>,
    pub form: Option<String>,
    pub members: Option<Vec<String>>,
}

/// A named variant of the scenario: which partners, forms and domains take part, groups
/// forced or forbidden, and parameters overridden by key path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlternative {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Partners that take part (default: all).
    pub include: Option<Vec<String>>,
    /// Partners left out.
    pub exclude: Option<Vec<String>>,
    /// Forms available (default: all).
    pub forms: Option<Vec<String>>,
    /// Domains considered (default: all).
    pub domains: Option<Vec<String>>,
    /// Groups the plan must contain.
    #[serde(default)]
    pub force: Vec<RawGroupRef>,
    /// Groups the plan may not contain.
    #[serde(default)]
    pub forbid: Vec<RawGroupRef>,
    /// Overrides by key path, e.g. `"form.dv.setup_cost" = 90000`.
    pub set: Option<toml::Table>,
}

/// The numbers of a raw table by key, for the checks that walk [`super::fields`]: each table's
/// numeric specs are read through this (a test ties every spec to its field).
pub trait NumericFields {
    /// The number written at `key`, if any.
    fn number(&self, _key: &str) -> Option<f64> {
        None
    }
    /// The whole number written at `key`, if any.
    fn integer(&self, _key: &str) -> Option<i64> {
        None
    }
}

impl NumericFields for RawScenario {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "discount_rate" => self.discount_rate,
            "salary_per_fte" => self.salary_per_fte,
            "attrition_rate" => self.attrition_rate,
            "distance_cost_per_km" => self.distance_cost_per_km,
            _ => None,
        }
    }
    fn integer(&self, key: &str) -> Option<i64> {
        match key {
            "base_year" => self.base_year,
            "horizon" => self.horizon,
            _ => None,
        }
    }
}

impl NumericFields for RawPartner {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "population" => self.population,
            "staff" => self.staff,
            "sites" => self.sites,
            "devices" => self.devices,
            "ict_fte" => self.ict_fte,
            "budget" => self.budget,
            _ => None,
        }
    }
}

impl NumericFields for RawLocation {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "lat" => Some(self.lat),
            "lon" => Some(self.lon),
            _ => None,
        }
    }
}

impl NumericFields for RawDomain {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "growth" => self.growth,
            _ => None,
        }
    }
}

impl NumericFields for RawSheet {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "fixed_cost" => self.fixed_cost,
            "unit_cost" => self.unit_cost,
            "fte_fixed" => self.fte_fixed,
            "fte_per_unit" => self.fte_per_unit,
            "capex_fixed" => self.capex_fixed,
            "capex_per_unit" => self.capex_per_unit,
            "integration_per_member" => self.integration_per_member,
            "coordination_per_member" => self.coordination_per_member,
            _ => None,
        }
    }
    fn integer(&self, key: &str) -> Option<i64> {
        match key {
            "lifetime" => self.lifetime,
            _ => None,
        }
    }
}

impl NumericFields for RawForm {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "setup_cost" => self.setup_cost,
            "governance_fixed" => self.governance_fixed,
            "governance_per_member" => self.governance_per_member,
            "vat_rate" => self.vat_rate,
            "shared_salary" => self.shared_salary,
            _ => None,
        }
    }
    fn integer(&self, key: &str) -> Option<i64> {
        match key {
            "min_members" => self.min_members,
            "max_members" => self.max_members,
            "lead_time" => self.lead_time,
            _ => None,
        }
    }
}

impl NumericFields for RawConstraints {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "max_distance_km" => self.max_distance_km,
            "min_support" => self.min_support,
            "min_saving" => self.min_saving,
            _ => None,
        }
    }
    fn integer(&self, key: &str) -> Option<i64> {
        match key {
            "max_group_size" => self.max_group_size,
            "max_vehicles_per_partner" => self.max_vehicles_per_partner,
            _ => None,
        }
    }
}
