//! The validated scenario: the typed input every other module trusts.
//!
//! Indices replace ids (partner `p`, domain `d`, form `f` are positions in the vectors), years
//! are offsets from the base year, and every default has been applied. Build one with
//! [`Scenario::from_toml`] or [`Scenario::load`]; the raw file format is in [`raw`].

mod extends;
pub mod fields;
pub mod locate;
pub mod raw;
pub mod reference;
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

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub base_year: i32,
    /// Number of planned years H; t runs over 0..H.
    pub horizon: usize,
    pub discount_rate: f64,
    pub salary_per_fte: f64,
    pub salary_by_kind: BTreeMap<String, f64>,
    pub attrition_rate: f64,
    /// Euro per km (straight line) per member per year, from a member to its group's host.
    pub distance_cost_per_km: f64,
    pub partners: Vec<Partner>,
    pub domains: Vec<Domain>,
    pub forms: Vec<Form>,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub id: String,
    pub name: String,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    pub kind: String,
    /// Every demand driver of this partner (standard and extra), by name.
    pub drivers: BTreeMap<String, f64>,
    /// Current ICT staff E_p, FTE.
    pub ict_fte: f64,
    /// Per domain: first year offset t at which the partner is free to change (0 = now).
    pub locked_until: Vec<usize>,
    /// `(lat, lon)` in degrees (WGS84).
    pub location: Option<(f64, f64)>,
    /// Annual ICT budget, euro per year.
    pub budget: Option<f64>,
    /// Per domain: support score 0..1, when known.
    pub support: Vec<Option<f64>>,
    /// The municipality it belongs to (a gemeente: its own id unless given).
    pub municipality: Option<String>,
}

/// One cost sheet (standalone or shared) of a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct CostSheet {
    pub fixed_cost: f64,
    pub unit_cost: f64,
    pub fte_fixed: f64,
    pub fte_per_unit: f64,
    pub capex_fixed: f64,
    pub capex_per_unit: f64,
    /// Years; 0 when the sheet has no investment.
    pub lifetime: usize,
    pub scale: ScaleCurve,
    pub integration_per_member: f64,
    pub coordination_per_member: f64,
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
    pub fn flat() -> Self {
        ScaleCurve { points: Vec::new() }
    }

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

#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub id: String,
    pub name: String,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    pub driver: String,
    pub growth: f64,
    pub standalone: CostSheet,
    pub shared: CostSheet,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub id: String,
    pub name: String,
    /// Source or note as written in the scenario (`source`).
    pub source: Option<String>,
    pub setup_cost: f64,
    pub governance_fixed: f64,
    pub governance_per_member: f64,
    pub min_members: usize,
    pub max_members: usize,
    /// Per domain: may this form host it.
    pub domains: Vec<bool>,
    /// Partner kinds allowed; `None` = every kind.
    pub partner_kinds: Option<Vec<String>>,
    pub lead_time: usize,
    pub staff_transfer: bool,
    pub vat_rate: f64,
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
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub max_group_size: Option<usize>,
    pub max_vehicles_per_partner: Option<usize>,
    /// No member further than this from its group's host, km.
    pub max_distance_km: Option<f64>,
    pub min_support: Option<f64>,
    pub individual_rationality: bool,
    pub min_saving: f64,
    /// `(partner, Some(domain))`, or `None` for every domain.
    pub keep_in_house: Vec<(usize, Option<usize>)>,
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
    pub members: Vec<usize>,
    pub domain: usize,
    pub form: usize,
}

/// A named variant of the scenario, validated like the scenario itself.
#[derive(Debug, Clone)]
pub struct Alternative {
    pub name: String,
    pub description: String,
    pub scenario: Scenario,
}

/// A validated scenario plus the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
    /// The scenario's `[[alternative]]` variants, in file order.
    pub alternatives: Vec<Alternative>,
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
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
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

    pub fn partner_index(&self, id: &str) -> Option<usize> {
        self.partners.iter().position(|p| p.id == id)
    }
    pub fn domain_index(&self, id: &str) -> Option<usize> {
        self.domains.iter().position(|d| d.id == id)
    }
    pub fn form_index(&self, id: &str) -> Option<usize> {
        self.forms.iter().position(|f| f.id == id)
    }

    /// Demand q[p,d,t] of partner p for domain d in year t.
    pub fn demand(&self, p: usize, d: usize, t: usize) -> f64 {
        let dom = &self.domains[d];
        let base = self.partners[p]
            .drivers
            .get(&dom.driver)
            .copied()
            .unwrap_or(0.0);
        base * (1.0 + dom.growth).powi(t as i32)
    }

    /// What a shared service pays per FTE of its staff. Under a hosted form the host employs
    /// them (a gemeente's staff serving its OCMW under a beheersovereenkomst), so they cost the
    /// host's salary; a vehicle with staff of its own pays the form's `shared_salary`, else the
    /// scenario's `salary_per_fte`. Never a mean of the members' salaries: who employs the
    /// staff sets their pay.
    pub fn shared_salary(&self, f: usize, host: Option<usize>) -> f64 {
        match host {
            Some(h) if self.forms[f].hosted => self.salary_of(h),
            _ => self.forms[f].shared_salary.unwrap_or(self.salary_per_fte),
        }
    }

    /// Salary of one FTE on partner p's payroll.
    pub fn salary_of(&self, p: usize) -> f64 {
        self.salary_by_kind
            .get(&self.partners[p].kind)
            .copied()
            .unwrap_or(self.salary_per_fte)
    }

    /// Discount factor δ_t = (1+r)^-t (cash counted at the start of year t).
    pub fn discount(&self, t: usize) -> f64 {
        (1.0 + self.discount_rate).powi(-(t as i32))
    }

    /// Current staff still on p's payroll in year t without any transfer: E_p (1-a)^t.
    pub fn remaining_staff(&self, p: usize, t: usize) -> f64 {
        self.partners[p].ict_fte * (1.0 - self.attrition_rate).powi(t as i32)
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
    /// - Each partner's current ICT staff is apportioned to the kept domains by their share of
    ///   its in-house need alone in the base year (otherwise its whole payroll would stay on
    ///   the kept domains, the no-layoff rule would pay it, and no sharing could look right).
    /// - Budgets are dropped when domains are left out: a budget covers all domains together.
    /// - Rules about other domains are dropped; forced and forbidden groups, keep-in-house and
    ///   must-together rules of kept domains are kept, renumbered.
    pub fn with_domains(&self, keep: &[usize]) -> Scenario {
        let map = |d: usize| keep.iter().position(|&k| k == d);
        let mut v = self.clone();
        if keep.len() < self.domains.len() {
            for (p, partner) in v.partners.iter_mut().enumerate() {
                partner.ict_fte *= self.staff_share(p, keep);
                partner.budget = None;
            }
        }
        v.domains = keep.iter().map(|&d| self.domains[d].clone()).collect();
        for p in &mut v.partners {
            p.locked_until = keep.iter().map(|&d| p.locked_until[d]).collect();
            p.support = keep.iter().map(|&d| p.support[d]).collect();
        }
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
