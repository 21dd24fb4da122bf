//! The scenario file as written: serde types that mirror the TOML one to one.
//!
//! Nothing here is trusted. Every field is optional where the format allows a default, and
//! unknown keys are rejected so that a misspelt key never silently falls back to a default.
//! `super::validate` turns this into the typed [`super::Scenario`] the rest of samen uses.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole scenario file as parsed, before validation: its top-level keys and tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Another scenario file this one is written over (path relative to this file); see
    /// `super::extends` for how the two merge.
    pub extends: Option<String>,
    /// `[scenario]`: settings of the whole scenario (required).
    pub scenario: Option<RawScenario>,
    /// `[[partner]]`: the public bodies that may cooperate (at least two).
    #[serde(default)]
    pub partner: Vec<RawPartner>,
    /// `[[domain]]`: the ICT services the partners may share (at least one).
    #[serde(default)]
    pub domain: Vec<RawDomain>,
    /// `[[form]]`: the cooperation forms; none means every partner stays alone.
    #[serde(default)]
    pub form: Vec<RawForm>,
    /// `[constraints]`: rules every plan must respect; absent means no constraints.
    pub constraints: Option<RawConstraints>,
    /// Named scale alternatives, solved side by side by `samen compare`.
    #[serde(default)]
    pub alternative: Vec<RawAlternative>,
    /// `[[uncertain]]`: inputs whose value is uncertain, for `samen risk` and `samen
    /// sensitivity`.
    #[serde(default)]
    pub uncertain: Vec<RawUncertain>,
    /// `[[correlation]]`: how two uncertain inputs move together.
    #[serde(default)]
    pub correlation: Vec<RawCorrelation>,
    /// `[[criterion]]`: non-monetary criteria (autonomy, quality, ...) forms are scored on.
    #[serde(default)]
    pub criterion: Vec<RawCriterion>,
}

/// `[scenario]` as written: settings of the whole scenario.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Name shown in reports (default `unnamed scenario`).
    pub name: Option<String>,
    /// The name in Dutch reports (`samen report --lang nl`; default: `name`).
    pub name_nl: Option<String>,
    /// The name in English reports (`samen report --lang en`; default: `name`).
    pub name_en: Option<String>,
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
    /// How the distance cost is charged: once per member per `vehicle` and site (default), or
    /// per shared `domain`.
    pub distance_per: Option<String>,
    /// Real growth of salaries per year above inflation (0.01 = 1%).
    pub wage_growth: Option<f64>,
    /// Optional real wage growth per partner kind (a kind's own staff).
    pub wage_growth_by_kind: Option<BTreeMap<String, f64>>,
    /// Optional retained own ICT FTE per partner kind (a partner's `retained_fte` wins).
    pub retained_fte_by_kind: Option<BTreeMap<String, f64>>,
    /// What the plan optimises: `cost` (default) or `capacity` (more with the same means).
    pub objective: Option<String>,
    /// Under the capacity objective, no partner pays more than alone in any `year` (default)
    /// or over the `horizon`.
    pub capacity_guard: Option<String>,
}

/// `location = { lat, lon }`: where a partner is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    /// Latitude, degrees (WGS84), -90..90.
    pub lat: f64,
    /// Longitude, degrees (WGS84), -180..180.
    pub lon: f64,
}

/// One `[[partner]]` as written: a public body that may cooperate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPartner {
    /// Short unique name other tables refer to (letters, digits, `-`, `_`); required.
    pub id: Option<String>,
    /// Name shown in reports (default: the id).
    pub name: Option<String>,
    /// The name in Dutch reports (`samen report --lang nl`; default: `name`).
    pub name_nl: Option<String>,
    /// The name in English reports (`samen report --lang en`; default: `name`).
    pub name_en: Option<String>,
    /// Where the figures of this entry come from, or a note on them: shown beside them in
    /// the council report's assumptions.
    pub source: Option<String>,
    /// Kind of public body (gemeente, ocmw, police, agb, association, province, other); required.
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
    /// Per domain id: the age in years of the partner's current equipment.
    pub asset_age: Option<BTreeMap<String, i64>>,
    /// Per domain id: the calendar year of the next renewal of the current equipment.
    pub renewal: Option<BTreeMap<String, i64>>,
    /// Own ICT FTE the partner keeps whatever it shares (its regie), FTE.
    pub retained_fte: Option<f64>,
    /// Where the partner is (unknown when absent; required when distances are used).
    pub location: Option<RawLocation>,
    /// Total annual ICT budget, euro per year.
    pub budget: Option<f64>,
    /// Per domain id: support for sharing that domain, 0..1.
    pub support: Option<BTreeMap<String, f64>>,
    /// The municipality the partner belongs to (an OCMW names its gemeente's id); a gemeente
    /// belongs to itself by default.
    pub municipality: Option<String>,
}

/// A cost sheet as written (`[domain.standalone]` or `[domain.shared]`); absent amounts are 0.
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
    /// Standalone sheet only: share of the book value of equipment left behind at a switch
    /// that is recovered (reused or sold), 0..1.
    pub resale: Option<f64>,
}

/// One `[[domain]]` as written: an ICT service the partners may share.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    /// Short unique name other tables refer to (letters, digits, `-`, `_`); required.
    pub id: Option<String>,
    /// Name shown in reports (default: the id).
    pub name: Option<String>,
    /// The name in Dutch reports (`samen report --lang nl`; default: `name`).
    pub name_nl: Option<String>,
    /// The name in English reports (`samen report --lang en`; default: `name`).
    pub name_en: Option<String>,
    /// Where the figures of this entry come from, or a note on them: shown beside them in
    /// the council report's assumptions.
    pub source: Option<String>,
    /// The partner attribute demand follows: a standard driver or an extra one; required.
    pub driver: Option<String>,
    /// Growth of demand per year (0.01 = 1%).
    pub growth: Option<f64>,
    /// `[domain.standalone]`: cost sheet of a partner running the domain alone; required.
    pub standalone: Option<RawSheet>,
    /// `[domain.shared]`: cost sheet of a group running the domain together; required.
    pub shared: Option<RawSheet>,
    /// Per criterion id: how much this domain counts in the plan's score (default 1).
    pub weights: Option<BTreeMap<String, f64>>,
}

/// One `[[form]]` as written: a legal form a group can cooperate under.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForm {
    /// Short unique name other tables refer to (letters, digits, `-`, `_`); required.
    pub id: Option<String>,
    /// Name shown in reports (default: the id).
    pub name: Option<String>,
    /// The name in Dutch reports (`samen report --lang nl`; default: `name`).
    pub name_nl: Option<String>,
    /// The name in English reports (`samen report --lang en`; default: `name`).
    pub name_en: Option<String>,
    /// Where the figures of this entry come from, or a note on them: shown beside them in
    /// the council report's assumptions.
    pub source: Option<String>,
    /// One-off euro per vehicle.
    pub setup_cost: Option<f64>,
    /// Euro per vehicle per year.
    pub governance_fixed: Option<f64>,
    /// Euro per member per year.
    pub governance_per_member: Option<f64>,
    /// Fewest members of a group (default 2, at least 2).
    pub min_members: Option<i64>,
    /// Most members of a group (default no limit).
    pub max_members: Option<i64>,
    /// Domain ids a group under this form may share (default every domain).
    pub domains: Option<Vec<String>>,
    /// Partner kinds that may join (default every kind).
    pub partner_kinds: Option<Vec<String>>,
    /// Years before the vehicle can deliver.
    pub lead_time: Option<i64>,
    /// Members' current staff may move to the shared service (default false).
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
    /// Per criterion id: the form's score, 0..1 (every criterion must be scored).
    pub scores: Option<BTreeMap<String, f64>>,
    /// Per domain id: the price of an existing provider, euro per unit of the domain's driver
    /// per year before VAT. Makes the form a provider form, joined by one partner at a time.
    pub provider_price: Option<BTreeMap<String, f64>>,
}

/// One `[[criterion]]` as written: a non-monetary criterion the forms are scored on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    /// Short unique name forms and domains refer to; required.
    pub id: Option<String>,
    /// Name shown in reports (default: the id).
    pub name: Option<String>,
    /// The name in Dutch reports (`samen report --lang nl`; default: `name`).
    pub name_nl: Option<String>,
    /// The name in English reports (`samen report --lang en`; default: `name`).
    pub name_en: Option<String>,
    /// Where the scores come from (a support analysis, a workshop), or a note on them.
    pub source: Option<String>,
    /// Score 0..1 of a partner running a domain alone; required.
    pub alone: Option<f64>,
    /// The plan's score must be at least this, 0..1 (default no minimum).
    pub min: Option<f64>,
    /// Euro of NPV the council would pay to raise the plan's score by 1 (default 0).
    pub value_eur: Option<f64>,
}

/// One `[[constraints.keep_in_house]]`: a partner that keeps a domain (or every domain) to
/// itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeepInHouse {
    /// The partner's id; required.
    pub partner: Option<String>,
    /// The domain's id (default every domain).
    pub domain: Option<String>,
}

/// One `[[constraints.must_together]]`: partners that share a domain (or every domain) in the
/// same group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMustTogether {
    /// Ids of at least two partners; required.
    pub partners: Option<Vec<String>>,
    /// The domain's id (default every domain).
    pub domain: Option<String>,
}

/// `[constraints]` as written: rules every plan must respect.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConstraints {
    /// Most members of any group, partners (default no limit).
    pub max_group_size: Option<i64>,
    /// Most vehicles (groups) a partner may be a member of (default no limit).
    pub max_vehicles_per_partner: Option<i64>,
    /// No member may be further than this from its group's host, km.
    pub max_distance_km: Option<f64>,
    /// A partner shares a domain only if its support for it is at least this, 0..1 (default no
    /// minimum).
    pub min_support: Option<f64>,
    /// No partner pays more (NPV) than alone (default true).
    pub individual_rationality: Option<bool>,
    /// With `individual_rationality`, every partner saves at least this share of its standalone
    /// NPV (0.05 = 5%; default 0).
    pub min_saving: Option<f64>,
    /// `[[constraints.keep_in_house]]`: partners that share a domain with nobody.
    #[serde(default)]
    pub keep_in_house: Vec<RawKeepInHouse>,
    /// Pairs of partner ids that are never in one group.
    #[serde(default)]
    pub never_together: Vec<Vec<String>>,
    /// `[[constraints.must_together]]`: partners that are always in one group.
    #[serde(default)]
    pub must_together: Vec<RawMustTogether>,
}

/// A group named by ids: in a plan, or forced or forbidden by an alternative.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroupRef {
    /// The domain's id; required.
    pub domain: Option<String>,
    /// The form's id; required.
    pub form: Option<String>,
    /// Ids of at least two distinct partners; required.
    pub members: Option<Vec<String>>,
}

/// A named variant of the scenario: which partners, forms and domains take part, groups
/// forced or forbidden, and parameters overridden by key path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlternative {
    /// Unique name of the variant; required.
    pub name: Option<String>,
    /// Text shown with the comparison (default empty).
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

/// One `[[uncertain]]` as written: the numbers it moves and the distribution they follow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUncertain {
    /// Unique name other tables and reports refer to; required.
    pub name: Option<String>,
    /// The name in Dutch reports (`samen report --lang nl`; default: `name`).
    pub name_nl: Option<String>,
    /// The name in English reports (`samen report --lang en`; default: `name`).
    pub name_en: Option<String>,
    /// Text shown with the results (default empty).
    pub description: Option<String>,
    /// Where the range comes from, or a note on it.
    pub source: Option<String>,
    /// Key paths of the numbers it moves together (`*` for every id); required.
    pub set: Option<Vec<String>>,
    /// `factor` (a draw multiplies each number as written, default) or `value` (a draw
    /// replaces it).
    #[serde(rename = "as")]
    pub how: Option<String>,
    /// `uniform`, `triangular`, `pert`, `normal`, `lognormal` or `discrete`; required.
    pub distribution: Option<String>,
    /// Lowest value (uniform, triangular, pert).
    pub low: Option<f64>,
    /// Most likely value (triangular, pert).
    pub mode: Option<f64>,
    /// Highest value (uniform, triangular, pert).
    pub high: Option<f64>,
    /// Mean (normal; lognormal with `sd`).
    pub mean: Option<f64>,
    /// Standard deviation (normal; lognormal with `mean`).
    pub sd: Option<f64>,
    /// Median (lognormal with `p95`).
    pub median: Option<f64>,
    /// 95th percentile (lognormal with `median`).
    pub p95: Option<f64>,
    /// The values a discrete distribution takes.
    pub values: Option<Vec<f64>>,
    /// Their weights (default equal).
    pub weights: Option<Vec<f64>>,
}

/// One `[[correlation]]` as written: how strongly two uncertain inputs move together.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrelation {
    /// The names of two `[[uncertain]]` inputs; required.
    pub between: Option<Vec<String>>,
    /// Their correlation, -1..1 (of the inputs' normal scores, close to their rank
    /// correlation); required.
    pub coefficient: Option<f64>,
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
            "wage_growth" => self.wage_growth,
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
            "retained_fte" => self.retained_fte,
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
            "resale" => self.resale,
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

impl NumericFields for RawCriterion {
    fn number(&self, key: &str) -> Option<f64> {
        match key {
            "alone" => self.alone,
            "min" => self.min,
            "value_eur" => self.value_eur,
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
