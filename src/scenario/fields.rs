//! Every key of the scenario file, table by table: type, unit, default, allowed range and
//! meaning, as data.
//!
//! The validator (`scenario::validate`) checks numbers against these specs (range, unit in the
//! hint, default when absent), so the ranges written here are the ones enforced. The same
//! tables are meant to generate the reference document of the format (`docs/scenario.md`):
//! [`TABLES`] lists them in file order. Keys checked by bespoke code (ids, kinds, driver names,
//! references) are here too, for the reference; their `default` says what absence means.

/// Longest horizon accepted; beyond this a real discount rate makes the tail meaningless and a
/// typo (2035 instead of 10) is far more likely than intent.
pub const MAX_HORIZON: i64 = 60;

/// One key of a scenario table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// The key as written in the file (`base_year`, `fixed_cost`, ...).
    pub key: &'static str,
    /// The type of its value.
    pub kind: Kind,
    /// What leaving the key out means.
    pub default: Absent,
    /// Smallest allowed value (numbers, integers and the values of number tables).
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// The unit, as the validator's hints name it; empty for keys without one.
    pub unit: &'static str,
    /// What the key means to the model, in one line.
    pub meaning: &'static str,
}

/// The type of a key's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A real number.
    Number,
    /// A whole number.
    Integer,
    /// A string.
    Text,
    /// `true` or `false`.
    Bool,
    /// A list of the named things (`domain ids`, `partner kinds`, ...).
    List(&'static str),
    /// A table from the named thing (a partner kind, a domain id, a driver name) to a number;
    /// `min`, `max` and `unit` apply to each number.
    NumberMap(&'static str),
    /// Like [`Kind::NumberMap`], with whole numbers.
    IntegerMap(&'static str),
    /// A sub-table (or, for `[[...]]`, a list of them) whose keys are the [`TABLES`] entry of
    /// this name.
    Table(&'static str),
    /// A table from key paths (`"form.dv.setup_cost"`) to values of the keys they name.
    KeyPaths,
}

/// What a key's absence means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Absent {
    /// The key must be given.
    Required,
    /// Absent means this number.
    Value(f64),
    /// Absent means what the text says (`no limit`, `every domain`, `false`).
    Means(&'static str),
}

impl Absent {
    /// The number that stands in for an absent key, if there is one.
    pub fn value(self) -> Option<f64> {
        match self {
            Absent::Value(x) => Some(x),
            _ => None,
        }
    }
}

/// One table of the file and its keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableSpec {
    /// As written in the file: `scenario`, `partner`, `domain.standalone`, ...
    pub name: &'static str,
    /// `[[name]]`: the file holds a list of these tables.
    pub array: bool,
    /// What the table stands for in the model, in one line.
    pub meaning: &'static str,
    /// Its keys, as the file format accepts them.
    pub fields: &'static [FieldSpec],
}

/// Every table of the scenario file, in the order a file usually writes them.
pub static TABLES: &[TableSpec] = &[
    TableSpec {
        name: "(top level)",
        array: false,
        meaning: "keys outside any table",
        fields: FILE_FIELDS,
    },
    table(
        "scenario",
        false,
        "settings of the whole scenario",
        SCENARIO_FIELDS,
    ),
    table(
        "partner",
        true,
        "a public body that may cooperate",
        PARTNER_FIELDS,
    ),
    table(
        "partner.location",
        false,
        "where a partner is",
        LOCATION_FIELDS,
    ),
    table(
        "domain",
        true,
        "an ICT service the partners may share",
        DOMAIN_FIELDS,
    ),
    table(
        "domain.standalone",
        false,
        "the domain's cost when a partner runs it alone",
        SHEET_FIELDS,
    ),
    table(
        "domain.shared",
        false,
        "the domain's cost when a group runs it together, at the pooled volume",
        SHEET_FIELDS,
    ),
    table(
        "domain.*.scale",
        true,
        "one breakpoint `[volume, multiplier]` of the economies-of-scale curve",
        SCALE_POINT_FIELDS,
    ),
    table(
        "form",
        true,
        "a legal form a group can cooperate under",
        FORM_FIELDS,
    ),
    table(
        "criterion",
        true,
        "a non-monetary criterion (local autonomy, control, service quality, support): forms are scored on it, domains weighted",
        CRITERION_FIELDS,
    ),
    table(
        "constraints",
        false,
        "rules every plan must respect",
        CONSTRAINT_FIELDS,
    ),
    table(
        "constraints.keep_in_house",
        true,
        "a partner that keeps a domain (or every domain) to itself",
        KEEP_IN_HOUSE_FIELDS,
    ),
    table(
        "constraints.must_together",
        true,
        "partners that share a domain (or every domain) in the same group",
        MUST_TOGETHER_FIELDS,
    ),
    table(
        "alternative",
        true,
        "a named variant of the scenario, solved side by side with it by `samen compare`",
        ALTERNATIVE_FIELDS,
    ),
    table(
        "alternative.force",
        true,
        "a group (domain, form, members) the variant's plan must or may not contain",
        GROUP_FIELDS,
    ),
    table(
        "uncertain",
        true,
        "an uncertain input: the numbers it moves together and the distribution of its draws",
        UNCERTAIN_FIELDS,
    ),
    table(
        "correlation",
        true,
        "how strongly two uncertain inputs move together",
        CORRELATION_FIELDS,
    ),
];

const fn table(
    name: &'static str,
    array: bool,
    meaning: &'static str,
    fields: &'static [FieldSpec],
) -> TableSpec {
    TableSpec {
        name,
        array,
        meaning,
        fields,
    }
}

/// A number within [min, max].
const fn number(
    key: &'static str,
    default: Absent,
    min: f64,
    max: f64,
    unit: &'static str,
    meaning: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        kind: Kind::Number,
        default,
        min,
        max,
        unit,
        meaning,
    }
}

/// A whole number within [min, max].
const fn integer(
    key: &'static str,
    default: Absent,
    min: i64,
    max: i64,
    unit: &'static str,
    meaning: &'static str,
) -> FieldSpec {
    FieldSpec {
        kind: Kind::Integer,
        min: min as f64,
        max: max as f64,
        ..number(key, default, 0.0, 0.0, unit, meaning)
    }
}

/// A key without a numeric range.
const fn other(key: &'static str, kind: Kind, default: Absent, meaning: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        kind,
        default,
        min: f64::NEG_INFINITY,
        max: f64::INFINITY,
        unit: "",
        meaning,
    }
}

/// A number map: `min`, `max` and `unit` hold for each value.
const fn number_map(
    key: &'static str,
    of: &'static str,
    default: Absent,
    min: f64,
    max: f64,
    unit: &'static str,
    meaning: &'static str,
) -> FieldSpec {
    FieldSpec {
        kind: Kind::NumberMap(of),
        ..number(key, default, min, max, unit, meaning)
    }
}

use Absent::{Means, Required, Value};

const ID: FieldSpec = other(
    "id",
    Kind::Text,
    Required,
    "short unique name other tables refer to (letters, digits, `-`, `_`)",
);
const NAME: FieldSpec = other("name", Kind::Text, Means("the id"), "name shown in reports");
const NAME_NL: FieldSpec = other(
    "name_nl",
    Kind::Text,
    Means("`name`"),
    "the name in Dutch reports (`samen report --lang nl`)",
);
const NAME_EN: FieldSpec = other(
    "name_en",
    Kind::Text,
    Means("`name`"),
    "the name in English reports (`samen report --lang en`)",
);
const SOURCE: FieldSpec = other(
    "source",
    Kind::Text,
    Means("none"),
    "where the entry's figures come from, or a note on them; shown in the report's assumptions",
);
/// A non-negative amount that is zero unless given.
const fn amount(key: &'static str, unit: &'static str, meaning: &'static str) -> FieldSpec {
    number(key, Value(0.0), 0.0, 1e12, unit, meaning)
}

/// The keys outside any table: `extends` and the tables of the file.
pub static FILE_FIELDS: &[FieldSpec] = &[
    other(
        "extends",
        Kind::Text,
        Means("none"),
        "a scenario file this one is written over, relative to this file",
    ),
    other(
        "scenario",
        Kind::Table("scenario"),
        Required,
        "the scenario's settings",
    ),
    other(
        "partner",
        Kind::Table("partner"),
        Required,
        "at least two partners",
    ),
    other(
        "domain",
        Kind::Table("domain"),
        Required,
        "at least one domain",
    ),
    other(
        "form",
        Kind::Table("form"),
        Means("none: every partner stays alone"),
        "the cooperation forms",
    ),
    other(
        "constraints",
        Kind::Table("constraints"),
        Means("no constraints"),
        "rules for every plan",
    ),
    other(
        "alternative",
        Kind::Table("alternative"),
        Means("none"),
        "variants to compare",
    ),
    other(
        "uncertain",
        Kind::Table("uncertain"),
        Means("none"),
        "uncertain inputs, for `samen risk` and `samen sensitivity`",
    ),
    other(
        "correlation",
        Kind::Table("correlation"),
        Means("independent inputs"),
        "how uncertain inputs move together",
    ),
    other(
        "criterion",
        Kind::Table("criterion"),
        Means("none: the plan is judged on cost alone"),
        "non-monetary criteria (autonomy, quality, support) the forms are scored on",
    ),
];

/// The keys of `[scenario]`: years, discounting, salaries, attrition and distance cost.
pub static SCENARIO_FIELDS: &[FieldSpec] = &[
    other(
        "name",
        Kind::Text,
        Means("unnamed scenario"),
        "name shown in reports",
    ),
    NAME_NL,
    NAME_EN,
    integer(
        "base_year",
        Required,
        1900,
        2200,
        "calendar year",
        "calendar year of t = 0",
    ),
    integer(
        "horizon",
        Required,
        1,
        MAX_HORIZON,
        "years",
        "number of years planned, t = 0 .. horizon-1",
    ),
    number(
        "discount_rate",
        Value(0.03),
        -0.99,
        1.0,
        "a real rate per year (0.03 = 3%)",
        "discounts cash in year t by (1 + rate)^-t",
    ),
    number(
        "salary_per_fte",
        Value(65_000.0),
        0.0,
        1e7,
        "euro per FTE per year",
        "loaded cost of one ICT FTE",
    ),
    number_map(
        "salary_by_kind",
        "partner kind",
        Means("salary_per_fte for every kind"),
        0.0,
        1e7,
        "euro per FTE per year",
        "the salary of an FTE on the payroll of a partner of that kind",
    ),
    number(
        "attrition_rate",
        Value(0.03),
        0.0,
        0.99,
        "share of staff leaving per year (0.03 = 3%)",
        "current ICT staff leaving by natural attrition each year (no layoffs)",
    ),
    number(
        "distance_cost_per_km",
        Value(0.0),
        0.0,
        1e6,
        "euro per km per member per year",
        "travel and links from a member to its group's host, straight line",
    ),
    other(
        "distance_per",
        Kind::Text,
        Means("vehicle"),
        "`vehicle`: a member pays the distance to a vehicle's site once a year, however many \
         domains the vehicle runs there; `domain`: once per shared domain (a trip per domain)",
    ),
    number(
        "wage_growth",
        Value(0.0),
        -0.2,
        0.2,
        "a real rate per year (0.01 = 1%)",
        "salaries grow by (1 + rate)^t above inflation: own staff, shared staff and the VAT on them",
    ),
    number_map(
        "wage_growth_by_kind",
        "partner kind",
        Means("wage_growth for every kind"),
        -0.2,
        0.2,
        "a real rate per year (0.01 = 1%)",
        "the real wage growth of the staff on the payroll of a partner of that kind",
    ),
    number_map(
        "retained_fte_by_kind",
        "partner kind",
        Means("no retained staff"),
        0.0,
        1e4,
        "FTE",
        "own ICT FTE every partner of that kind keeps, whatever it shares (see partner.retained_fte)",
    ),
    other(
        "objective",
        Kind::Text,
        Means("cost"),
        "`cost`: the cheapest plan; `capacity`: the plan that frees the most ICT capacity (euro \
         saved plus staff no longer needed) for new services, no partner paying more than alone",
    ),
    other(
        "capacity_guard",
        Kind::Text,
        Means("horizon"),
        "with `objective = \"capacity\"`: no partner pays more than alone over the `horizon` \
         (NPV), or in any `year` (stricter: an integration year then rules a group out)",
    ),
];

/// The keys of a `[[partner]]`.
pub static PARTNER_FIELDS: &[FieldSpec] = &[
    ID,
    NAME,
    NAME_NL,
    NAME_EN,
    SOURCE,
    other(
        "kind",
        Kind::Text,
        Required,
        "kind of public body (gemeente, ocmw, police, agb, association, province, other)",
    ),
    number(
        "population",
        Required,
        0.0,
        1e9,
        "inhabitants",
        "inhabitants: the standard driver `population`",
    ),
    number(
        "staff",
        Means("not given"),
        0.0,
        1e9,
        "count",
        "staff, i.e. ICT users: the standard driver `staff`",
    ),
    number(
        "sites",
        Means("not given"),
        0.0,
        1e9,
        "count",
        "buildings to connect: the standard driver `sites`",
    ),
    number(
        "devices",
        Means("not given"),
        0.0,
        1e9,
        "count",
        "workstations and other managed devices: the standard driver `devices`",
    ),
    number_map(
        "drivers",
        "driver name",
        Means("none"),
        0.0,
        1e12,
        "driver units",
        "extra demand drivers a domain can name",
    ),
    number(
        "ict_fte",
        Value(0.0),
        0.0,
        1e5,
        "FTE",
        "current ICT staff, who cannot be laid off",
    ),
    FieldSpec {
        kind: Kind::IntegerMap("domain id"),
        ..integer(
            "locked_until",
            Means("free now"),
            1800,
            2300,
            "calendar year",
            "per domain, the first year the partner is free to change (a contract's end)",
        )
    },
    FieldSpec {
        kind: Kind::IntegerMap("domain id"),
        ..integer(
            "asset_age",
            Means("ages spread evenly: 1/lifetime of the equipment renewed each year"),
            0,
            100,
            "years",
            "per domain, the age of the current equipment: it is renewed when its lifetime is up",
        )
    },
    FieldSpec {
        kind: Kind::IntegerMap("domain id"),
        ..integer(
            "renewal",
            Means("ages spread evenly: 1/lifetime of the equipment renewed each year"),
            1800,
            2300,
            "calendar year",
            "per domain, the year the current equipment is next renewed (instead of asset_age)",
        )
    },
    number(
        "retained_fte",
        Means("scenario.retained_fte_by_kind for its kind, else 0"),
        0.0,
        1e4,
        "FTE",
        "own ICT staff the partner keeps whatever it shares: managing suppliers and partners (regie)",
    ),
    other(
        "location",
        Kind::Table("partner.location"),
        Means("unknown (required when distances are used)"),
        "where the partner is",
    ),
    number(
        "budget",
        Means("no budget limit"),
        0.0,
        1e12,
        "euro per year",
        "total annual ICT budget the plan may not exceed in any year",
    ),
    number_map(
        "support",
        "domain id",
        Means("unknown"),
        0.0,
        1.0,
        "support score from 0 (none) to 1 (full)",
        "per domain, support for sharing it (see constraints.min_support)",
    ),
    other(
        "municipality",
        Kind::Text,
        Means("a gemeente's own id; none for other kinds"),
        "the municipality the partner belongs to (an OCMW names its gemeente's id)",
    ),
];

/// The keys of a partner's `location = { lat, lon }`.
pub static LOCATION_FIELDS: &[FieldSpec] = &[
    number(
        "lat",
        Required,
        -90.0,
        90.0,
        "degrees latitude (WGS84)",
        "latitude",
    ),
    number(
        "lon",
        Required,
        -180.0,
        180.0,
        "degrees longitude (WGS84)",
        "longitude",
    ),
];

/// The keys of a `[[domain]]`; its two cost sheets have [`SHEET_FIELDS`].
pub static DOMAIN_FIELDS: &[FieldSpec] = &[
    ID,
    NAME,
    NAME_NL,
    NAME_EN,
    SOURCE,
    other(
        "driver",
        Kind::Text,
        Required,
        "the partner attribute demand follows: a standard driver or an extra one",
    ),
    number(
        "growth",
        Value(0.0),
        -0.5,
        1.0,
        "growth of demand per year (0.01 = 1%)",
        "demand in year t is the driver times (1 + growth)^t",
    ),
    other(
        "standalone",
        Kind::Table("domain.standalone"),
        Required,
        "cost sheet of a partner running the domain alone",
    ),
    other(
        "shared",
        Kind::Table("domain.shared"),
        Required,
        "cost sheet of a group running the domain together",
    ),
    number_map(
        "weights",
        "criterion id",
        Means("1 for every criterion"),
        0.0,
        1e6,
        "relative weight (1 = an ordinary domain)",
        "per criterion, how much each partner's cell of this domain counts in the plan's score",
    ),
];

/// The keys of a cost sheet (`[domain.standalone]` and `[domain.shared]`).
pub static SHEET_FIELDS: &[FieldSpec] = &[
    amount(
        "fixed_cost",
        "euro per year",
        "running cost independent of volume",
    ),
    amount(
        "unit_cost",
        "euro per driver unit per year",
        "running cost per unit of volume, times the scale multiplier",
    ),
    amount("fte_fixed", "FTE", "staff needed independent of volume"),
    amount(
        "fte_per_unit",
        "FTE per driver unit",
        "staff needed per unit of volume, times the scale multiplier",
    ),
    amount(
        "capex_fixed",
        "euro per investment",
        "investment independent of volume, renewed every lifetime",
    ),
    amount(
        "capex_per_unit",
        "euro per driver unit per investment",
        "investment per unit of volume, times the scale multiplier",
    ),
    integer(
        "lifetime",
        Means("no investment (required with capex)"),
        1,
        100,
        "years",
        "years an investment lasts; its unused life at the horizon is credited",
    ),
    other(
        "scale",
        Kind::List("[volume, multiplier] breakpoints, volumes increasing"),
        Means("no scale effect (multiplier 1)"),
        "economies-of-scale curve, linear between breakpoints and flat beyond them",
    ),
    amount(
        "integration_per_member",
        "euro per joining member, once",
        "shared sheet only: one-off cost of bringing a member in, in the start year",
    ),
    amount(
        "coordination_per_member",
        "euro per member per year",
        "shared sheet only: yearly cost of coordinating each member",
    ),
    number(
        "resale",
        Value(0.0),
        0.0,
        1.0,
        "share of book value, 0..1",
        "standalone sheet only: part of the unused value of equipment left behind when the \
         partner starts sharing that is recovered, reused or sold (0: written off)",
    ),
];

/// The two numbers of a scale breakpoint, by position.
pub static SCALE_POINT_FIELDS: &[FieldSpec] = &[
    number(
        "volume",
        Required,
        0.0,
        1e12,
        "driver units (pooled volume)",
        "the volume (a group's pooled volume on the shared sheet)",
    ),
    number(
        "multiplier",
        Required,
        1e-6,
        100.0,
        "multiplier of unit costs (1 = no scale effect)",
        "multiplies the per-unit cost, FTE and investment at that volume",
    ),
];

/// The keys of a `[[form]]`.
pub static FORM_FIELDS: &[FieldSpec] = &[
    ID,
    NAME,
    NAME_NL,
    NAME_EN,
    SOURCE,
    amount(
        "setup_cost",
        "euro, once per vehicle",
        "cost of creating the vehicle in year 0, split equally",
    ),
    amount(
        "governance_fixed",
        "euro per vehicle per year",
        "yearly cost of running the vehicle from its lead time on, split equally",
    ),
    amount(
        "governance_per_member",
        "euro per member per year",
        "yearly cost each member pays from the lead time on",
    ),
    integer(
        "min_members",
        Value(2.0),
        2,
        100_000,
        "members",
        "fewest members of a group",
    ),
    integer(
        "max_members",
        Means("no limit"),
        1,
        100_000,
        "members",
        "most members of a group",
    ),
    other(
        "domains",
        Kind::List("domain ids"),
        Means("every domain"),
        "the domains a group under this form may share",
    ),
    other(
        "partner_kinds",
        Kind::List("partner kinds"),
        Means("every kind"),
        "the kinds of partner that may join",
    ),
    integer(
        "lead_time",
        Value(0.0),
        0,
        100,
        "years",
        "years before the vehicle can deliver; shared service starts no earlier",
    ),
    other(
        "staff_transfer",
        Kind::Bool,
        Means("false"),
        "members' current staff may move to the shared service",
    ),
    number(
        "vat_rate",
        Value(0.0),
        0.0,
        1.0,
        "a fraction: 0.21 = 21%",
        "VAT on the recharged shared staff cost",
    ),
    other(
        "hosted",
        Kind::Bool,
        Means("false"),
        "one member (the largest) hosts the service: its staff, its salary, no VAT on its share",
    ),
    number(
        "shared_salary",
        Means("the scenario's salary_per_fte"),
        1.0,
        1e7,
        "euro per FTE per year",
        "salary of the staff of a vehicle that is not hosted",
    ),
    other(
        "same_municipality",
        Kind::Bool,
        Means("false"),
        "every member belongs to one municipality (a gemeente and its OCMW)",
    ),
    FieldSpec {
        kind: Kind::IntegerMap("partner kind"),
        ..integer(
            "min_kind",
            Means("no minimum"),
            1,
            100_000,
            "members of that kind",
            "per partner kind, the fewest members of that kind a group needs",
        )
    },
    other(
        "legal_personality",
        Kind::Bool,
        Means("not stated"),
        "the form creates a legal person (that staff can transfer to)",
    ),
    number_map(
        "scores",
        "criterion id",
        Means("none; required for every criterion when the scenario has `[[criterion]]`"),
        0.0,
        1.0,
        "score from 0 (worst) to 1 (best)",
        "per criterion, the score of a domain shared under this form (a judgement, e.g. from a draagvlakanalyse)",
    ),
    number_map(
        "provider_price",
        "domain id",
        Means("not a provider: a form groups build themselves"),
        0.0,
        1e9,
        "euro per driver unit per year, excluding VAT",
        "makes the form an existing provider each partner joins on its own, at this price per unit of the domain's driver (its keys are the domains it offers; VAT at vat_rate on top; no setup, shared staff or transfer)",
    ),
];

/// The keys of a `[[criterion]]`: a non-monetary criterion, its score alone, minimum and value.
pub static CRITERION_FIELDS: &[FieldSpec] = &[
    ID,
    NAME,
    NAME_NL,
    NAME_EN,
    SOURCE,
    number(
        "alone",
        Required,
        0.0,
        1.0,
        "score from 0 (worst) to 1 (best)",
        "the score of a partner running a domain alone (1 for full autonomy)",
    ),
    number(
        "min",
        Means("no minimum"),
        0.0,
        1.0,
        "score from 0 to 1",
        "the plan's score on this criterion must be at least this",
    ),
    number(
        "value_eur",
        Value(0.0),
        0.0,
        1e12,
        "euro of NPV per whole point of score (0 to 1)",
        "what the council would pay to raise the plan's score from 0 to 1: the solve minimises NPV minus value_eur times the score",
    ),
];

/// The keys of `[constraints]`.
pub static CONSTRAINT_FIELDS: &[FieldSpec] = &[
    integer(
        "max_group_size",
        Means("no limit"),
        1,
        100_000,
        "partners",
        "most members of any group",
    ),
    integer(
        "max_vehicles_per_partner",
        Means("no limit"),
        0,
        100_000,
        "vehicles",
        "most vehicles (groups) a partner may be a member of",
    ),
    number(
        "max_distance_km",
        Means("no limit"),
        0.0,
        40_000.0,
        "km, straight line from a member to its group's host",
        "no member further than this from its group's host",
    ),
    number(
        "min_support",
        Means("no minimum"),
        0.0,
        1.0,
        "support score from 0 to 1",
        "a partner shares a domain only if its support for it is at least this",
    ),
    other(
        "individual_rationality",
        Kind::Bool,
        Means("true"),
        "no partner pays more (NPV) than alone",
    ),
    number(
        "min_saving",
        Value(0.0),
        0.0,
        0.99,
        "share of the standalone NPV (0.05 = 5%)",
        "with individual_rationality, every partner saves at least this share",
    ),
    other(
        "keep_in_house",
        Kind::Table("constraints.keep_in_house"),
        Means("none"),
        "partners that share a domain with nobody",
    ),
    other(
        "never_together",
        Kind::List("pairs of partner ids"),
        Means("none"),
        "pairs of partners that are never in one group",
    ),
    other(
        "must_together",
        Kind::Table("constraints.must_together"),
        Means("none"),
        "partners that are always in one group",
    ),
];

/// The keys of a `[[constraints.keep_in_house]]` entry.
pub static KEEP_IN_HOUSE_FIELDS: &[FieldSpec] = &[
    other("partner", Kind::Text, Required, "the partner's id"),
    other(
        "domain",
        Kind::Text,
        Means("every domain"),
        "the domain's id",
    ),
];

/// The keys of a `[[constraints.must_together]]` entry.
pub static MUST_TOGETHER_FIELDS: &[FieldSpec] = &[
    other(
        "partners",
        Kind::List("partner ids"),
        Required,
        "at least two partners",
    ),
    other(
        "domain",
        Kind::Text,
        Means("every domain"),
        "the domain's id",
    ),
];

/// The keys of an `[[alternative]]`.
pub static ALTERNATIVE_FIELDS: &[FieldSpec] = &[
    other("name", Kind::Text, Required, "unique name of the variant"),
    other(
        "description",
        Kind::Text,
        Means("empty"),
        "shown with the comparison",
    ),
    other(
        "include",
        Kind::List("partner ids"),
        Means("every partner"),
        "partners that take part",
    ),
    other(
        "exclude",
        Kind::List("partner ids"),
        Means("none"),
        "partners left out",
    ),
    other(
        "forms",
        Kind::List("form ids"),
        Means("every form"),
        "forms available",
    ),
    other(
        "domains",
        Kind::List("domain ids"),
        Means("every domain"),
        "domains considered",
    ),
    other(
        "force",
        Kind::Table("alternative.force"),
        Means("none"),
        "groups the plan must contain",
    ),
    other(
        "forbid",
        Kind::Table("alternative.force"),
        Means("none"),
        "groups the plan may not contain",
    ),
    other(
        "set",
        Kind::KeyPaths,
        Means("none"),
        "overrides by key path, e.g. `\"form.dv.setup_cost\" = 90000` (ids cannot be overridden)",
    ),
];

/// The keys of a group an alternative forces or forbids (`force` and `forbid` entries).
pub static GROUP_FIELDS: &[FieldSpec] = &[
    other("domain", Kind::Text, Required, "the domain's id"),
    other("form", Kind::Text, Required, "the form's id"),
    other(
        "members",
        Kind::List("partner ids"),
        Required,
        "at least two distinct partners",
    ),
];

/// A distribution parameter: any real number, checked against the distribution.
const fn parameter(key: &'static str, meaning: &'static str) -> FieldSpec {
    other(key, Kind::Number, Means("see `distribution`"), meaning)
}

/// The keys of an `[[uncertain]]` input.
pub static UNCERTAIN_FIELDS: &[FieldSpec] = &[
    other(
        "name",
        Kind::Text,
        Required,
        "unique name, as results and `[[correlation]]` refer to it",
    ),
    NAME_NL,
    NAME_EN,
    other(
        "description",
        Kind::Text,
        Means("empty"),
        "shown with the results",
    ),
    SOURCE,
    other(
        "set",
        Kind::List("key paths"),
        Required,
        "the numbers it moves together, as in an alternative's `set` (`partner.ID.ict_fte`, \
         `domain.ID.shared.unit_cost`, ...), `*` for every id: `domain.*.shared.integration_per_member`",
    ),
    other(
        "as",
        Kind::Text,
        Means("factor"),
        "`factor`: a draw multiplies each number as written (1 = as written); `value`: a draw replaces it",
    ),
    other(
        "distribution",
        Kind::Text,
        Required,
        "`uniform` (low, high), `triangular` or `pert` (low, mode, high), `normal` (mean, sd), \
         `lognormal` (median and p95, or mean and sd), `discrete` (values, weights)",
    ),
    parameter("low", "smallest draw (uniform, triangular, pert)"),
    parameter("mode", "most likely draw (triangular, pert)"),
    parameter("high", "largest draw (uniform, triangular, pert)"),
    parameter("mean", "mean of the draws (normal, lognormal)"),
    parameter(
        "sd",
        "standard deviation of the draws (normal, lognormal), at least 0",
    ),
    parameter("median", "median of the draws (lognormal)"),
    parameter(
        "p95",
        "95th percentile of the draws (lognormal): one draw in twenty is above it",
    ),
    other(
        "values",
        Kind::List("numbers"),
        Means("none"),
        "the draws a discrete distribution takes",
    ),
    other(
        "weights",
        Kind::List("numbers"),
        Means("equal"),
        "how likely each of `values` is (positive; they need not sum to 1)",
    ),
];

/// The keys of a `[[correlation]]`.
pub static CORRELATION_FIELDS: &[FieldSpec] = &[
    other(
        "between",
        Kind::List("uncertain input names"),
        Required,
        "the two inputs",
    ),
    number(
        "coefficient",
        Required,
        -1.0,
        1.0,
        "",
        "their correlation (of the draws' normal scores, close to their rank correlation); \
         samen repairs a set that cannot hold together to the nearest one that can, with a warning",
    ),
];

/// The spec of `key` in `fields`. The validator names only keys of its own tables, so a
/// missing one is a bug, caught by every test that validates a scenario.
pub fn spec(fields: &'static [FieldSpec], key: &str) -> &'static FieldSpec {
    fields
        .iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no field spec for `{key}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table's keys are those its serde type accepts: a key missing here, or one that
    /// is not in the file format, fails.
    #[test]
    fn the_specs_name_exactly_the_keys_of_the_file_format() {
        use super::super::raw::*;
        fn accepts<T: serde::de::DeserializeOwned>(key: &str) -> bool {
            // Any value: a wrong type is another error than an unknown field.
            let e = toml::from_str::<T>(&format!("{key} = 0")).err();
            !e.is_some_and(|e| e.message().contains("unknown field"))
        }
        fn check<T: serde::de::DeserializeOwned>(fields: &[FieldSpec], expected: usize) {
            for (i, f) in fields.iter().enumerate() {
                assert!(accepts::<T>(f.key), "`{}` is not a key of its table", f.key);
                assert!(
                    fields[..i].iter().all(|g| g.key != f.key),
                    "`{}` twice",
                    f.key
                );
            }
            assert_eq!(fields.len(), expected, "a key has no spec");
        }
        check::<RawFile>(FILE_FIELDS, 10);
        check::<RawScenario>(SCENARIO_FIELDS, 16);
        check::<RawPartner>(PARTNER_FIELDS, 20);
        check::<RawLocation>(LOCATION_FIELDS, 2);
        check::<RawDomain>(DOMAIN_FIELDS, 10);
        check::<RawSheet>(SHEET_FIELDS, 11);
        check::<RawForm>(FORM_FIELDS, 22);
        check::<RawCriterion>(CRITERION_FIELDS, 8);
        check::<RawConstraints>(CONSTRAINT_FIELDS, 9);
        check::<RawKeepInHouse>(KEEP_IN_HOUSE_FIELDS, 2);
        check::<RawMustTogether>(MUST_TOGETHER_FIELDS, 2);
        check::<RawAlternative>(ALTERNATIVE_FIELDS, 9);
        check::<RawGroupRef>(GROUP_FIELDS, 3);
        check::<RawUncertain>(UNCERTAIN_FIELDS, 17);
        check::<RawCorrelation>(CORRELATION_FIELDS, 2);
    }

    /// Every number and whole number of a spec is read from its own field.
    #[test]
    fn the_numeric_specs_read_their_fields() {
        use super::super::raw::*;
        fn reads<T: serde::de::DeserializeOwned + NumericFields>(fields: &[FieldSpec]) {
            let numeric: Vec<&FieldSpec> = fields
                .iter()
                .filter(|f| matches!(f.kind, Kind::Number | Kind::Integer))
                .collect();
            let text: String = numeric
                .iter()
                .enumerate()
                .map(|(i, f)| match f.kind {
                    Kind::Number => format!("{} = {i}.5\n", f.key),
                    _ => format!("{} = {i}\n", f.key),
                })
                .collect();
            let raw: T = toml::from_str(&text).expect("every numeric key parses");
            for (i, f) in numeric.iter().enumerate() {
                match f.kind {
                    Kind::Number => {
                        assert_eq!(raw.number(f.key), Some(i as f64 + 0.5), "{}", f.key)
                    }
                    _ => assert_eq!(raw.integer(f.key), Some(i as i64), "{}", f.key),
                }
            }
        }
        reads::<RawScenario>(SCENARIO_FIELDS);
        reads::<RawPartner>(PARTNER_FIELDS);
        reads::<RawLocation>(LOCATION_FIELDS);
        reads::<RawDomain>(DOMAIN_FIELDS);
        reads::<RawSheet>(SHEET_FIELDS);
        reads::<RawForm>(FORM_FIELDS);
        reads::<RawConstraints>(CONSTRAINT_FIELDS);
        reads::<RawCriterion>(CRITERION_FIELDS);
    }

    #[test]
    fn every_table_is_listed_and_every_sub_table_exists() {
        for t in TABLES {
            for f in t.fields {
                if let Kind::Table(name) = f.kind {
                    assert!(TABLES.iter().any(|t| t.name == name), "no table `{name}`");
                }
                assert!(f.min <= f.max, "`{}.{}`: empty range", t.name, f.key);
            }
        }
    }
}
