//! The validated scenario: the typed input every other module trusts.
//!
//! Indices replace ids (partner `p`, domain `d`, form `f` are positions in the vectors), years
//! are offsets from the base year, and every default has been applied. Build one with
//! [`Scenario::from_toml`] or [`Scenario::load`]; the raw file format is in [`raw`].

pub mod encoding;
mod extends;
pub mod fields;
pub mod locate;
pub mod param;
pub mod raw;
pub mod reference;
pub mod set;
mod validate;
/// The did-you-mean guess, at the path it had before [`crate::suggest`] held it.
pub use crate::suggest::closest;

use crate::error::{Diagnostic, Error};
use std::collections::BTreeMap;
use std::path::Path;

/// What kind of public body a partner is; forms may be limited to some kinds.
pub const PARTNER_KINDS: &[&str] = &[
    "gemeente",
    "ocmw",
    "police",
    "agb",
    "association",
    "province",
    "other",
];

/// The standard demand drivers every partner may declare directly.
pub const STANDARD_DRIVERS: &[&str] = &["population", "staff", "sites", "devices"];

/// A validated scenario: settings, partners, domains, forms and constraints, ids resolved to
/// indices and every default applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Name shown in reports (`unnamed scenario` when the file gives none).
    pub name: String,
    /// The name in each report language, where the file gives one (`name_nl`, `name_en`).
    pub names: Names,
    /// Calendar year of t = 0: year offset t is calendar year `base_year + t`.
    pub base_year: i32,
    /// Number of planned years H; t runs over 0..H.
    pub horizon: usize,
    /// Real discount rate per year (0.03 = 3%): cash of year t counts (1 + rate)^-t.
    pub discount_rate: f64,
    /// Loaded cost of one ICT FTE, euro per FTE per year; the salary of every kind not in
    /// `salary_by_kind`.
    pub salary_per_fte: f64,
    /// Salary of an FTE on the payroll of a partner of that kind (a [`PARTNER_KINDS`] entry), euro
    /// per FTE per year.
    pub salary_by_kind: BTreeMap<String, f64>,
    /// Share of current ICT staff leaving each year by natural attrition, 0..1 (no layoffs).
    pub attrition_rate: f64,
    /// Euro per km (straight line) per member per year, from a member to its group's host.
    pub distance_cost_per_km: f64,
    /// How the distance cost is charged: once per trip (member, vehicle, site) or per shared
    /// domain.
    pub distance_per: DistancePer,
    /// Real growth of salaries per year (0.01 = 1%): a salary of year t is its base-year value
    /// times (1 + growth)^t; for every kind not in `wage_growth_by_kind`.
    pub wage_growth: f64,
    /// Real wage growth of the staff on the payroll of a partner of that kind.
    pub wage_growth_by_kind: BTreeMap<String, f64>,
    /// What the plan optimises.
    pub objective: Objective,
    /// The partners: a partner index p is a position in this vector.
    pub partners: Vec<Partner>,
    /// The ICT domains: a domain index d is a position in this vector.
    pub domains: Vec<Domain>,
    /// The cooperation forms: a form index f is a position in this vector.
    pub forms: Vec<Form>,
    /// Rules every plan must respect (`[constraints]`).
    pub constraints: Constraints,
    /// Non-monetary criteria (`[[criterion]]`): a criterion index c is a position here, and
    /// [`Form::scores`] and [`Domain::weights`] are indexed by it.
    pub criteria: Vec<Criterion>,
}

/// How `distance_cost_per_km` is charged (`[scenario] distance_per`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DistancePer {
    /// Once per member per vehicle and site, from the first year any of the vehicle's domains
    /// at that site runs: one trip serves every domain a vehicle runs at one site.
    #[default]
    Vehicle,
    /// Once per member per shared domain, from that domain's start (each domain its own trip).
    Domain,
}

/// A non-monetary criterion (`[[criterion]]`): local autonomy, control, service quality,
/// support. Forms carry a score on it, domains a weight; `crate::criteria` computes a plan's
/// score from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Unique short name forms and domains refer to.
    pub id: String,
    /// Name shown in reports (the id when the scenario gives none).
    pub name: String,
    /// The name in each report language, where the file gives one (`name_nl`, `name_en`).
    pub names: Names,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    /// Score 0..1 of a partner running a domain alone.
    pub alone: f64,
    /// The plan's score must be at least this (0..1); `None` = no minimum.
    pub min: Option<f64>,
    /// Euro of NPV per whole point of the plan's score (0..1): the solve minimises NPV minus
    /// `value_eur` times the score. 0 = cost only.
    pub value_eur: f64,
}

/// A public body that may cooperate (`[[partner]]`): a gemeente, an OCMW, a police zone, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// Unique short name other tables and plans refer to (letters, digits, `-`, `_`).
    pub id: String,
    /// Name shown in reports (the id when the scenario gives none).
    pub name: String,
    /// The name in each report language, where the file gives one (`name_nl`, `name_en`).
    pub names: Names,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    /// Kind of public body, one of [`PARTNER_KINDS`]; sets its salary and the forms it may join.
    pub kind: String,
    /// Every demand driver of this partner (standard and extra), by name.
    pub drivers: BTreeMap<String, f64>,
    /// Current ICT staff E_p, FTE.
    pub ict_fte: f64,
    /// Per domain: first year offset t at which the partner is free to change (0 = now).
    pub locked_until: Vec<usize>,
    /// Per domain: when the partner's current equipment is next renewed alone.
    pub renewal: Vec<Renewal>,
    /// Own ICT FTE the partner keeps in every year whatever it shares (its regie); the model
    /// pays at least this many FTE on its payroll.
    pub retained_fte: f64,
    /// `(lat, lon)` in degrees (WGS84).
    pub location: Option<(f64, f64)>,
    /// Annual ICT budget, euro per year.
    pub budget: Option<f64>,
    /// Per domain: support score 0..1, when known.
    pub support: Vec<Option<f64>>,
    /// The municipality it belongs to (a gemeente: its own id unless given).
    pub municipality: Option<String>,
}

/// When a partner's current equipment of a domain is next renewed while it runs the domain
/// alone. Either way no renewal falls before the partner's `locked_until`: what is due by then
/// is renewed when the lock ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    /// Ages spread evenly over the lifetime (a fleet renewed in turns): 1/lifetime of the
    /// equipment is renewed in each of the years 0 .. lifetime-1, then every lifetime.
    Spread,
    /// The equipment is this many years old: renewed when its lifetime is up (now when it is
    /// past it).
    Age(usize),
    /// All of it renewed at this year offset, then every lifetime.
    At(usize),
}

impl Renewal {
    /// The renewal cohorts of equipment with `lifetime` years of life, no earlier than `lock`:
    /// (year offset of the first renewal, share of the equipment).
    pub fn cohorts(self, lifetime: usize, lock: usize) -> Vec<(usize, f64)> {
        let life = lifetime.max(1);
        match self {
            Renewal::Spread => (0..life)
                .map(|k| (k.max(lock), 1.0 / life as f64))
                .collect(),
            Renewal::Age(age) => vec![(life.saturating_sub(age).max(lock), 1.0)],
            Renewal::At(t) => vec![(t.max(lock), 1.0)],
        }
    }
}

/// What a plan is chosen for (`scenario.objective`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// The least NPV of everything the partners pay.
    #[default]
    Cost,
    /// "More with the same means": the most ICT capacity freed for new services (what the
    /// partners no longer spend plus the salary of paid staff their choices no longer need),
    /// no partner paying more than alone as the guard says.
    Capacity(Guard),
}

/// Under the capacity objective, the span over which no partner may pay more than alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// In no year does a partner pay more than it would alone.
    Year,
    /// Over the horizon (NPV) no partner pays more than alone.
    Horizon,
}

/// (1 + growth)^t: a base-year salary's real value in year t.
fn wage_index(growth: f64, t: usize) -> f64 {
    (1.0 + growth).powi(t as i32)
}

/// One cost sheet (standalone or shared) of a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct CostSheet {
    /// Running cost independent of volume, euro per year.
    pub fixed_cost: f64,
    /// Running cost per driver unit, euro per unit per year, times the scale multiplier.
    pub unit_cost: f64,
    /// Staff needed independent of volume, FTE.
    pub fte_fixed: f64,
    /// Staff needed per driver unit, FTE per unit, times the scale multiplier.
    pub fte_per_unit: f64,
    /// Investment independent of volume, euro per investment, renewed every `lifetime` years.
    pub capex_fixed: f64,
    /// Investment per driver unit, euro per unit per investment, times the scale multiplier.
    pub capex_per_unit: f64,
    /// Years; 0 when the sheet has no investment.
    pub lifetime: usize,
    /// Economies-of-scale curve applied to the per-unit cost, FTE and investment.
    pub scale: ScaleCurve,
    /// Shared sheet only: one-off cost of bringing a member in, euro per member, paid in the start
    /// year.
    pub integration_per_member: f64,
    /// Shared sheet only: cost of coordinating each member, euro per member per year.
    pub coordination_per_member: f64,
    /// Standalone sheet only: share 0..1 of the unused value of equipment a partner leaves
    /// behind when it starts sharing that is recovered (reused or sold); 0 writes it off. At
    /// the horizon the unused value is always credited in full.
    pub resale: f64,
}

/// Piecewise-linear economies-of-scale multiplier m(Q), constant beyond its first and last
/// breakpoints. May fall and rise again (U-shaped evidence).
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleCurve {
    /// `(volume, multiplier)`, volumes strictly increasing; empty means m = 1.
    pub points: Vec<(f64, f64)>,
}

impl CostSheet {
    /// FTE the sheet needs in a year at volume `q` (the cost model's staff line).
    pub fn fte_at(&self, q: f64) -> f64 {
        self.fte_fixed + self.fte_per_unit * (q * self.scale.multiplier(q))
    }
}

impl ScaleCurve {
    /// The curve without scale effect: multiplier 1 at every volume.
    pub fn flat() -> Self {
        ScaleCurve { points: Vec::new() }
    }

    /// The multiplier m(q) at volume `q` (driver units): linear between breakpoints, flat beyond
    /// the first and last.
    pub fn multiplier(&self, q: f64) -> f64 {
        let pts = &self.points;
        match pts.len() {
            0 => 1.0,
            _ if q <= pts[0].0 => pts[0].1,
            n if q >= pts[n - 1].0 => pts[n - 1].1,
            _ => {
                let i = pts.partition_point(|&(x, _)| x <= q);
                let (x0, y0) = pts[i - 1];
                let (x1, y1) = pts[i];
                y0 + (y1 - y0) * (q - x0) / (x1 - x0)
            }
        }
    }
}

/// An ICT service the partners may run alone or share (`[[domain]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Unique short name other tables and plans refer to (letters, digits, `-`, `_`).
    pub id: String,
    /// Name shown in reports (the id when the scenario gives none).
    pub name: String,
    /// The name in each report language, where the file gives one (`name_nl`, `name_en`).
    pub names: Names,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    /// The partner driver demand follows: a key of [`Partner::drivers`] (`population`, `staff`,
    /// ...).
    pub driver: String,
    /// Growth of demand per year (0.01 = 1%): demand in year t is the driver times (1 + growth)^t.
    pub growth: f64,
    /// Cost sheet of one partner running the domain alone, at its own volume.
    pub standalone: CostSheet,
    /// Cost sheet of a group running the domain together, at the group's pooled volume.
    pub shared: CostSheet,
    /// Per criterion ([`Scenario::criteria`]): how much each partner's cell of this domain
    /// counts in the plan's score (1 when the file gives none).
    pub weights: Vec<f64>,
}

/// A legal form a group can cooperate under (`[[form]]`): a beheersovereenkomst, an
/// intergemeentelijk samenwerkingsverband, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Unique short name other tables and plans refer to (letters, digits, `-`, `_`).
    pub id: String,
    /// Name shown in reports (the id when the scenario gives none).
    pub name: String,
    /// The name in each report language, where the file gives one (`name_nl`, `name_en`).
    pub names: Names,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    /// Cost of creating the vehicle, euro once in year 0, split equally among its members.
    pub setup_cost: f64,
    /// Cost of running the vehicle, euro per year from the lead time on, split equally.
    pub governance_fixed: f64,
    /// Governance cost each member pays for itself, euro per member per year, from the lead
    /// time on.
    pub governance_per_member: f64,
    /// Fewest members of a group under this form (at least 2).
    pub min_members: usize,
    /// Most members of a group under this form; `usize::MAX` when the scenario sets no limit.
    pub max_members: usize,
    /// Per domain: may this form host it.
    pub domains: Vec<bool>,
    /// Partner kinds allowed; `None` = every kind.
    pub partner_kinds: Option<Vec<String>>,
    /// Years before the vehicle can deliver: the shared service starts at year offset t >= this.
    pub lead_time: usize,
    /// Members' current ICT staff may move to the shared service instead of staying on their
    /// payroll.
    pub staff_transfer: bool,
    /// VAT on the recharged shared staff cost, share 0..1 (0.21 = 21%); a host pays none on its
    /// own share.
    pub vat_rate: f64,
    /// One member (the one with the largest volume) hosts the service: its staff, its salary, and
    /// no VAT on its share.
    pub hosted: bool,
    /// Salary of a non-hosted vehicle's staff, euro per FTE per year (see
    /// [`Scenario::shared_salary`]).
    pub shared_salary: Option<f64>,
    /// Members must all belong to one municipality.
    pub same_municipality: bool,
    /// `(kind, n)`: a group needs at least n members of that kind.
    pub min_kind: Vec<(String, usize)>,
    /// Whether the form is a legal person; `None` when the scenario does not say.
    pub legal_personality: Option<bool>,
    /// Per criterion ([`Scenario::criteria`]): the score 0..1 of a domain shared under this
    /// form.
    pub scores: Vec<f64>,
    /// An existing provider's price per domain (euro per driver unit per year, before VAT;
    /// 0 where it offers nothing): the form is joined by one partner at a time, with no setup,
    /// shared staff or transfer. `None` for a form groups build themselves.
    pub provider_price: Option<Vec<f64>>,
}

impl Form {
    /// Is this an existing provider each partner joins on its own (`provider_price`)?
    pub fn is_provider(&self) -> bool {
        self.provider_price.is_some()
    }

    /// The provider's price of domain d, euro per driver unit per year before VAT (`None`
    /// for a form that is no provider).
    pub fn price(&self, d: usize) -> Option<f64> {
        self.provider_price.as_ref().map(|p| p[d])
    }
}

/// Rules every plan must respect (`[constraints]`), partners and domains as indices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// Most members of any group, partners; `None` = no limit.
    pub max_group_size: Option<usize>,
    /// Most vehicles (groups) a partner may be a member of; `None` = no limit.
    pub max_vehicles_per_partner: Option<usize>,
    /// No member further than this from its group's host, km.
    pub max_distance_km: Option<f64>,
    /// A partner shares a domain only if its support score for it (0..1) is at least this; an
    /// unknown support passes. `None` = no minimum.
    pub min_support: Option<f64>,
    /// No partner may pay more (NPV) than it would alone.
    pub individual_rationality: bool,
    /// With `individual_rationality`, the share of its standalone NPV every partner must save at
    /// least, 0..1 (0 = none).
    pub min_saving: f64,
    /// `(partner, Some(domain))`, or `None` for every domain.
    pub keep_in_house: Vec<(usize, Option<usize>)>,
    /// Pairs of partner indices that are never in one group, for any domain.
    pub never_together: Vec<(usize, usize)>,
    /// Partners that must be in the same group, for one domain or (None) all.
    pub must_together: Vec<(Vec<usize>, Option<usize>)>,
    /// Groups the plan must contain (set by alternatives).
    pub forced: Vec<GroupRule>,
    /// Groups the plan may not contain (set by alternatives).
    pub forbidden: Vec<GroupRule>,
}

/// A group (sorted members, domain, form) that an alternative forces or forbids.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRule {
    /// Sorted partner indices (into [`Scenario::partners`]).
    pub members: Vec<usize>,
    /// Index into [`Scenario::domains`] of the domain the group shares.
    pub domain: usize,
    /// Index into [`Scenario::forms`] of the form it shares it under.
    pub form: usize,
}

/// A named variant of the scenario, validated like the scenario itself.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// Unique name of the variant, as the comparison shows it.
    pub name: String,
    /// Text shown with the comparison; empty when the file gives none.
    pub description: String,
    /// The variant as a full validated scenario: its partners, forms and domains selected, its
    /// overrides applied and its forced and forbidden groups in the constraints.
    pub scenario: Scenario,
}

/// How a draw of an uncertain input sets the numbers it moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The draw multiplies each number as the scenario writes it (1 = as written).
    Factor,
    /// The draw replaces each number.
    Value,
}

/// An uncertain input (`[[uncertain]]`): the numbers it moves together and the distribution
/// of its draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// Unique name, as reports and `[[correlation]]` refer to it.
    pub name: String,
    /// The name in each report language, where the file gives one (`name_nl`, `name_en`).
    pub names: Names,
    /// Text shown with the results; empty when the file gives none.
    pub description: String,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    /// The key paths as written (`set`).
    pub set: Vec<String>,
    /// Every number it moves, with its value in the scenario as written.
    pub targets: Vec<(param::Param, f64)>,
    /// Whether a draw is a factor on the numbers or their value.
    pub how: How,
    /// The distribution of its draws.
    pub distribution: crate::uncertainty::Distribution,
}

/// The scenario's uncertain inputs and how they move together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uncertainty {
    /// The inputs, in file order.
    pub inputs: Vec<Uncertain>,
    /// Their correlation matrix (consistent: repaired when the file's was not); `None` when
    /// the file gives no `[[correlation]]`.
    pub correlation: Option<nalgebra::DMatrix<f64>>,
}

impl Uncertain {
    /// The value `draw` gives target `base` (a number as written), kept within the key's
    /// allowed range (unbounded distributions can reach past it; the validator warns).
    pub fn value(&self, base: f64, spec: &fields::FieldSpec, draw: f64) -> f64 {
        let v = match self.how {
            How::Factor => base * draw,
            How::Value => draw,
        };
        v.clamp(spec.min, spec.max)
    }

    /// Sets every number this input moves in `s` from one draw `x`.
    pub fn apply(&self, s: &mut Scenario, x: f64) {
        for (param, base) in &self.targets {
            param.set(s, self.value(*base, param.spec(), x));
        }
    }

    /// The draw that leaves the scenario as written: 1 for a factor, the first number's own
    /// value for a value.
    pub fn as_written(&self) -> f64 {
        match (self.how, self.targets.first()) {
            (How::Value, Some((_, base))) => *base,
            _ => 1.0,
        }
    }
}

impl Uncertainty {
    /// Sets every number the inputs move in `s` (the scenario they were resolved against)
    /// from one draw: `draw[i]` is input i's value.
    pub fn apply(&self, s: &mut Scenario, draw: &[f64]) {
        for (input, &x) in self.inputs.iter().zip(draw) {
            input.apply(s, x);
        }
    }

    /// The scenario `s` at one draw.
    pub fn applied(&self, s: &Scenario, draw: &[f64]) -> Scenario {
        let mut out = s.clone();
        self.apply(&mut out, draw);
        out
    }
}

/// A name in the report's languages beside `name` (`name_nl`, `name_en`): a council reads its
/// report in Dutch, a scenario written in English (or the other way round) still reads as one
/// language. The report picks one and [`Loaded::named`] puts it in `name`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names {
    /// `name_nl`.
    pub nl: Option<String>,
    /// `name_en`.
    pub en: Option<String>,
}

impl Names {
    /// The names as written.
    pub fn of(nl: &Option<String>, en: &Option<String>) -> Names {
        Names {
            nl: nl.clone(),
            en: en.clone(),
        }
    }
}

/// A name in one language, where the file gives it: `Names` to the name to show instead of
/// `name`.
pub type PickName<'a> = &'a dyn Fn(&Names) -> Option<&String>;

impl Scenario {
    /// The scenario with every name (its own, the partners', domains', forms' and criteria's)
    /// in the language `pick` chooses, where the file gives one; ids are untouched.
    pub fn named(&self, pick: PickName) -> Scenario {
        let mut s = self.clone();
        rename(&mut s.name, &s.names, pick);
        for p in &mut s.partners {
            rename(&mut p.name, &p.names, pick);
        }
        for d in &mut s.domains {
            rename(&mut d.name, &d.names, pick);
        }
        for f in &mut s.forms {
            rename(&mut f.name, &f.names, pick);
        }
        for c in &mut s.criteria {
            rename(&mut c.name, &c.names, pick);
        }
        s
    }
}

impl Loaded {
    /// [`Scenario::named`] of the scenario and of each alternative, and the uncertain inputs'
    /// names in the same language.
    pub fn named(&self, pick: PickName) -> Loaded {
        let mut l = self.clone();
        l.scenario = self.scenario.named(pick);
        for a in &mut l.alternatives {
            a.scenario = a.scenario.named(pick);
        }
        for u in &mut l.uncertainty.inputs {
            rename(&mut u.name, &u.names, pick);
        }
        l
    }
}

fn rename(name: &mut String, names: &Names, pick: PickName) {
    if let Some(n) = pick(names) {
        *name = n.clone();
    }
}

/// A validated scenario plus the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated scenario itself.
    pub scenario: Scenario,
    /// Warnings found while validating: reported, but they do not stop a solve.
    pub warnings: Vec<Diagnostic>,
    /// The scenario's `[[alternative]]` variants, in file order.
    pub alternatives: Vec<Alternative>,
    /// The scenario's uncertain inputs (`[[uncertain]]`, `[[correlation]]`), resolved
    /// against [`Loaded::scenario`].
    pub uncertainty: Uncertainty,
    /// Every file read for it, the given one first and then each file it `extends` (as
    /// joined from the `extends` paths): outputs must never overwrite one of them.
    pub files: Vec<std::path::PathBuf>,
}

impl Scenario {
    /// Parses and validates TOML text. `file` names the source in diagnostics. The text has
    /// no directory, so an `extends` in it is an error: use [`Scenario::load`] or
    /// [`Scenario::from_toml_in`].
    pub fn from_toml(text: &str, file: &str) -> Result<Loaded, Error> {
        validate::parse_and_validate(text, file, None, None)
    }

    /// Like [`Scenario::from_toml`], with `extends` paths resolved relative to `dir`.
    pub fn from_toml_in(text: &str, file: &str, dir: &Path) -> Result<Loaded, Error> {
        validate::parse_and_validate(text, file, Some(dir), None)
    }

    /// Reads, parses and validates a scenario file, and the files it `extends`.
    pub fn load(path: &Path) -> Result<Loaded, Error> {
        let text = encoding::read_text(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        let dir = path.parent().unwrap_or(Path::new(""));
        validate::parse_and_validate(
            &text,
            &path.display().to_string(),
            Some(dir),
            std::fs::canonicalize(path).ok(),
        )
    }

    /// Index into [`Scenario::partners`] of the partner with this id, if any.
    pub fn partner_index(&self, id: &str) -> Option<usize> {
        self.partners.iter().position(|p| p.id == id)
    }
    /// Index into [`Scenario::domains`] of the domain with this id, if any.
    pub fn domain_index(&self, id: &str) -> Option<usize> {
        self.domains.iter().position(|d| d.id == id)
    }
    /// Index into [`Scenario::forms`] of the form with this id, if any.
    pub fn form_index(&self, id: &str) -> Option<usize> {
        self.forms.iter().position(|f| f.id == id)
    }

    /// Demand `q[p,d,t]` of partner p for domain d in year t.
    pub fn demand(&self, p: usize, d: usize, t: usize) -> f64 {
        self.demand_curve(p, d)(t)
    }

    /// Partner p's demand for domain d as a function of the year, its driver looked up once:
    /// the cost functions ask for it per member and year of every candidate column, and the
    /// lookup by name was 7% of a region's model build. Equal to [`Scenario::demand`] to the
    /// bit (the same product).
    pub fn demand_curve(&self, p: usize, d: usize) -> impl Fn(usize) -> f64 + use<> {
        let dom = &self.domains[d];
        let base = self.partners[p]
            .drivers
            .get(&dom.driver)
            .copied()
            .unwrap_or(0.0);
        let growth = dom.growth;
        move |t| base * (1.0 + growth).powi(t as i32)
    }

    /// What a shared service pays per FTE of its staff. Under a hosted form the host employs
    /// them (a gemeente's staff serving its OCMW under a beheersovereenkomst), so they cost the
    /// host's salary; a vehicle with staff of its own pays the form's `shared_salary`, else the
    /// scenario's `salary_per_fte`. Never a mean of the members' salaries: who employs the
    /// staff sets their pay.
    /// Salaries grow in real terms by `wage_growth` (the vehicle's staff) or by the host's
    /// kind's rate (a host's staff), so the figure is that of year t.
    pub fn shared_salary(&self, f: usize, host: Option<usize>, t: usize) -> f64 {
        match host {
            Some(h) if self.forms[f].hosted => self.salary_of(h, t),
            _ => {
                let base = self.forms[f].shared_salary.unwrap_or(self.salary_per_fte);
                base * wage_index(self.wage_growth, t)
            }
        }
    }

    /// Salary of one FTE on partner p's payroll in year t.
    pub fn salary_of(&self, p: usize, t: usize) -> f64 {
        let kind = &self.partners[p].kind;
        let base = (self.salary_by_kind.get(kind).copied()).unwrap_or(self.salary_per_fte);
        let growth = (self.wage_growth_by_kind.get(kind).copied()).unwrap_or(self.wage_growth);
        base * wage_index(growth, t)
    }

    /// Discount factor δ_t = (1+r)^-t (cash counted at the start of year t).
    pub fn discount(&self, t: usize) -> f64 {
        (1.0 + self.discount_rate).powi(-(t as i32))
    }

    /// Current staff still on p's payroll in year t without any transfer: E_p (1-a)^t.
    pub fn remaining_staff(&self, p: usize, t: usize) -> f64 {
        self.partners[p].ict_fte * (1.0 - self.attrition_rate).powi(t as i32)
    }

    /// Sets what the plan optimises, as `scenario.objective` and `capacity_guard` would.
    pub fn set_objective(&mut self, objective: Objective) {
        self.objective = objective;
    }

    /// Is every partner's NPV bounded by its NPV alone: by `individual_rationality`, or by
    /// the horizon guard of the capacity objective (which leaves the rule itself as written).
    pub fn rationality_applies(&self) -> bool {
        self.constraints.individual_rationality
            || self.objective == Objective::Capacity(Guard::Horizon)
    }

    /// The share of its NPV alone every partner must save: `min_saving` under individual
    /// rationality, none under the capacity objective's guard alone.
    pub fn required_saving(&self) -> f64 {
        if self.constraints.individual_rationality {
            self.constraints.min_saving
        } else {
            0.0
        }
    }

    /// Restricts the scenario to a subset of partners (sorted indices); constraints that
    /// mention a dropped partner are dropped with it.
    pub fn restricted_to(&self, keep: &[usize]) -> Scenario {
        let map = |p: usize| keep.iter().position(|&k| k == p);
        let mut s = self.clone();
        s.partners = keep.iter().map(|&p| self.partners[p].clone()).collect();
        let c = &self.constraints;
        s.constraints.keep_in_house = c
            .keep_in_house
            .iter()
            .filter_map(|&(p, d)| map(p).map(|p| (p, d)))
            .collect();
        s.constraints.never_together = c
            .never_together
            .iter()
            .filter_map(|&(a, b)| Some((map(a)?, map(b)?)))
            .collect();
        s.constraints.must_together = c
            .must_together
            .iter()
            .filter_map(|(ps, d)| {
                let ps: Option<Vec<usize>> = ps.iter().map(|&p| map(p)).collect();
                ps.map(|ps| (ps, *d))
            })
            .collect();
        let remap_groups = |rules: &[GroupRule]| -> Vec<GroupRule> {
            rules
                .iter()
                .filter_map(|g| {
                    let members: Option<Vec<usize>> = g.members.iter().map(|&p| map(p)).collect();
                    members.map(|members| GroupRule {
                        members,
                        ..g.clone()
                    })
                })
                .collect()
        };
        s.constraints.forced = remap_groups(&c.forced);
        s.constraints.forbidden = remap_groups(&c.forbidden);
        s
    }

    /// Keeps only the domains with these ids (in the scenario's order); an unknown id is a
    /// usage error listing the scenario's domains.
    pub fn only_domains(&self, ids: &[String]) -> Result<Scenario, crate::error::Error> {
        let mut keep = Vec::new();
        for id in ids {
            match self.domain_index(id.trim()) {
                Some(d) => keep.push(d),
                None => {
                    let known: Vec<&str> = self.domains.iter().map(|d| d.id.as_str()).collect();
                    return Err(crate::error::Error::Usage(format!(
                        "unknown domain `{id}`; the scenario's domains are: {}",
                        known.join(", ")
                    )));
                }
            }
        }
        keep.sort_unstable();
        keep.dedup();
        Ok(self.with_domains(&keep))
    }

    /// Keeps only the given domains (sorted indices): the one restriction behind `solve
    /// --domains`, `scale`'s per-domain curves and every other per-domain figure.
    ///
    /// - Each partner's current ICT staff (and its retained staff) is apportioned to the kept
    ///   domains by their share of its in-house need alone in the base year (otherwise its
    ///   whole payroll would stay on the kept domains, the no-layoff rule would pay it, and no
    ///   sharing could look right).
    /// - Budgets are dropped when domains are left out: a budget covers all domains together.
    /// - Rules about other domains are dropped; forced and forbidden groups, keep-in-house and
    ///   must-together rules of kept domains are kept, renumbered.
    pub fn with_domains(&self, keep: &[usize]) -> Scenario {
        let map = |d: usize| keep.iter().position(|&k| k == d);
        let mut v = self.clone();
        v.partners = (0..self.partners.len())
            .map(|p| self.partner_on(p, keep))
            .collect();
        v.domains = keep.iter().map(|&d| self.domains[d].clone()).collect();
        for f in &mut v.forms {
            f.domains = keep.iter().map(|&d| f.domains[d]).collect();
        }
        let c = &self.constraints;
        v.constraints.keep_in_house = c
            .keep_in_house
            .iter()
            .filter_map(|&(p, d)| match d {
                None => Some((p, None)),
                Some(d) => map(d).map(|d| (p, Some(d))),
            })
            .collect();
        v.constraints.must_together = c
            .must_together
            .iter()
            .filter_map(|(ps, d)| match d {
                None => Some((ps.clone(), None)),
                Some(d) => map(*d).map(|d| (ps.clone(), Some(d))),
            })
            .collect();
        let remap = |rules: &[GroupRule]| -> Vec<GroupRule> {
            rules
                .iter()
                .filter_map(|g| {
                    map(g.domain).map(|domain| GroupRule {
                        domain,
                        ..g.clone()
                    })
                })
                .collect()
        };
        v.constraints.forced = remap(&c.forced);
        v.constraints.forbidden = remap(&c.forbidden);
        v
    }

    /// Partner p on the domains `keep` only: its staff apportioned, its budget dropped when
    /// domains are left out, its per-domain figures those of the kept domains.
    fn partner_on(&self, p: usize, keep: &[usize]) -> Partner {
        let mut partner = self.partners[p].clone();
        if keep.len() < self.domains.len() {
            let share = self.staff_share(p, keep);
            partner.ict_fte *= share;
            partner.retained_fte *= share;
            partner.budget = None;
        }
        let old = &self.partners[p];
        partner.locked_until = keep.iter().map(|&d| old.locked_until[d]).collect();
        partner.renewal = keep.iter().map(|&d| old.renewal[d]).collect();
        partner.support = keep.iter().map(|&d| old.support[d]).collect();
        partner
    }

    /// The share of partner p's current staff that works on domains `keep`: their share of
    /// its in-house FTE need alone in the base year (equal shares when it needs none).
    pub fn staff_share(&self, p: usize, keep: &[usize]) -> f64 {
        let need = |d: usize| self.domains[d].standalone.fte_at(self.demand(p, d, 0));
        let total: f64 = (0..self.domains.len()).map(need).sum();
        if total > 0.0 {
            keep.iter().map(|&d| need(d)).sum::<f64>() / total
        } else {
            keep.len() as f64 / self.domains.len().max(1) as f64
        }
    }

    /// Keeps only the given forms (sorted indices); forced or forbidden groups under other
    /// forms are dropped.
    pub fn with_forms(&self, keep: &[usize]) -> Scenario {
        let map = |f: usize| keep.iter().position(|&k| k == f);
        let mut v = self.clone();
        v.forms = keep.iter().map(|&f| self.forms[f].clone()).collect();
        let remap = |rules: &[GroupRule]| -> Vec<GroupRule> {
            rules
                .iter()
                .filter_map(|g| map(g.form).map(|form| GroupRule { form, ..g.clone() }))
                .collect()
        };
        v.constraints.forced = remap(&self.constraints.forced);
        v.constraints.forbidden = remap(&self.constraints.forbidden);
        v
    }
}
