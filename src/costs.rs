//! The cost model: yearly cash flows of one domain for a partner alone or for a group under a
//! form, and of a cooperation vehicle. Every euro samen reports comes from here: the baseline,
//! the MILP's column costs and the evaluation of a plan all call these functions.
//!
//! Conventions: cash of year t is counted at the start of year t (discount δ_t = (1+r)^-t);
//! ledgers have H+1 rows, row H (the start of the year after the horizon) holding only the
//! residual value of investments, credited as a negative cost.

use crate::scenario::{CostSheet, DistancePer, Scenario};
use serde::Serialize;

/// Categories of cash, kept apart so that every total can be explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cat {
    /// Fixed and volume-driven running costs (outside purchases, VAT included).
    Opex,
    /// Investments and renewals, minus residual value.
    Capex,
    /// The member's share of the vehicle's staff.
    SharedStaff,
    /// VAT a member cannot recover: on recharged internal (staff) work, and on a provider's
    /// price.
    Vat,
    /// One-off migration cost of joining.
    Integration,
    /// Yearly coordination cost of being a member.
    Coordination,
    /// Yearly cost of the distance from a member to its group's host.
    Distance,
    /// The member's share of the vehicle's one-off setup cost.
    Setup,
    /// The member's share of the vehicle's governance cost.
    Governance,
    /// The partner's own ICT payroll (need, or stranded staff under no forced layoffs).
    OwnStaff,
    /// What an existing provider charges for the domain (its price times the volume), VAT
    /// excluded.
    Provider,
}

/// Every category, in ledger column order (`cat as usize` is its column).
pub const CATS: [Cat; 11] = [
    Cat::Opex,
    Cat::Capex,
    Cat::SharedStaff,
    Cat::Vat,
    Cat::Integration,
    Cat::Coordination,
    Cat::Distance,
    Cat::Setup,
    Cat::Governance,
    Cat::OwnStaff,
    Cat::Provider,
];

/// Cash by year (rows 0..=H) and category.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// Cash in euro per row (years 0..H, then row H: the residual-value credit), per category in
    /// [`CATS`] order.
    pub rows: Vec<[f64; CATS.len()]>,
}

impl Ledger {
    /// An empty ledger for a horizon of `horizon` years: H+1 rows of zeros.
    pub fn new(horizon: usize) -> Self {
        Ledger {
            rows: vec![[0.0; CATS.len()]; horizon + 1],
        }
    }
    /// Adds `amount` euro of category `cat` to row t.
    pub fn add(&mut self, t: usize, cat: Cat, amount: f64) {
        self.rows[t][cat as usize] += amount;
    }
    /// Adds `scale` times another ledger of the same horizon.
    pub fn add_scaled(&mut self, other: &Ledger, scale: f64) {
        for (row, o) in self.rows.iter_mut().zip(&other.rows) {
            for (a, b) in row.iter_mut().zip(o) {
                *a += scale * b;
            }
        }
    }
    /// Total cash of row t.
    pub fn cash(&self, t: usize) -> f64 {
        self.rows[t].iter().sum()
    }
    /// Total cash of every row, euro (H+1 values).
    pub fn totals(&self) -> Vec<f64> {
        (0..self.rows.len()).map(|t| self.cash(t)).collect()
    }
    /// Net present value of all rows, each discounted by the scenario's δ_t, euro.
    pub fn npv(&self, s: &Scenario) -> f64 {
        (0..self.rows.len())
            .map(|t| s.discount(t) * self.cash(t))
            .sum()
    }
    /// Net present value of one category's cash, euro.
    pub fn npv_of(&self, s: &Scenario, cat: Cat) -> f64 {
        self.rows
            .iter()
            .enumerate()
            .map(|(t, r)| s.discount(t) * r[cat as usize])
            .sum()
    }
}

/// What a model reads of a ledger: the total cash of each row and the NPV. Candidate columns
/// and vehicles keep this rather than their ledgers (eleven categories a row, so eleven times
/// the memory over a region's hundred thousand columns): no row of a model reads a category,
/// and the chosen plan's ledgers are derived again when it is evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Cash {
    rows: Vec<f64>,
    npv: f64,
}

impl Cash {
    /// The totals and NPV of `ledger`.
    pub fn of(s: &Scenario, ledger: &Ledger) -> Cash {
        Cash {
            rows: ledger.totals(),
            npv: ledger.npv(s),
        }
    }
    /// Total cash of row t, euro.
    pub fn cash(&self, t: usize) -> f64 {
        self.rows[t]
    }
    /// Net present value of all rows, euro.
    pub fn npv(&self) -> f64 {
        self.npv
    }
}

/// A cost sheet run over the years [from, to): its volume per year, when its equipment is
/// renewed, and how much of the unused value of the last investments is credited at `to`.
struct Segment<'a> {
    sheet: &'a CostSheet,
    volume: &'a dyn Fn(usize) -> f64,
    from: usize,
    to: usize,
    /// Renewal cohorts: (year of the first investment, share of the equipment).
    cohorts: Vec<(usize, f64)>,
    /// Share of the unused value credited at `to`: 1 at the horizon (what is left is the
    /// plan's), the sheet's `resale` at a switch (what is left behind).
    credit: f64,
}

impl Segment<'_> {
    /// Its cash (into `ledger`) and its staff need per year (returned).
    fn run(&self, s: &Scenario, ledger: &mut Ledger) -> Vec<f64> {
        let fte = self.operate(s, ledger);
        let sheet = self.sheet;
        if sheet.lifetime > 0 && (sheet.capex_fixed > 0.0 || sheet.capex_per_unit > 0.0) {
            for &(first, share) in &self.cohorts {
                self.invest(first, share, ledger);
            }
        }
        fte
    }

    /// The running cost of every year, and the staff it needs.
    fn operate(&self, s: &Scenario, ledger: &mut Ledger) -> Vec<f64> {
        let sheet = self.sheet;
        let mut fte = vec![0.0; s.horizon];
        for t in self.from..self.to {
            let q = (self.volume)(t);
            let scaled = q * sheet.scale.multiplier(q);
            ledger.add(t, Cat::Opex, sheet.fixed_cost + sheet.unit_cost * scaled);
            fte[t] = sheet.fte_at(q);
        }
        fte
    }

    /// The investments of one cohort (`share` of the equipment) at `first`, then every
    /// lifetime years while before `to`, and the credit for the unused life of the last one.
    fn invest(&self, first: usize, share: f64, ledger: &mut Ledger) {
        let (sheet, end) = (self.sheet, self.to);
        let life = sheet.lifetime;
        let mut t = first.max(self.from);
        while t < end {
            let q = (self.volume)(t);
            let full = sheet.capex_fixed + sheet.capex_per_unit * q * sheet.scale.multiplier(q);
            let capex = share * full;
            ledger.add(t, Cat::Capex, capex);
            let used = end - t;
            if used < life {
                let residual = capex * (life - used) as f64 / life as f64;
                ledger.add(end, Cat::Capex, -self.credit * residual);
            }
            t += life;
        }
    }
}

/// Partner p running domain d alone over the whole horizon: its ledger (without its own
/// payroll, which depends on all its domains) and its in-house FTE need per year.
/// The first investment falls when the current contract or equipment frees it.
pub fn standalone(s: &Scenario, p: usize, d: usize) -> (Ledger, Vec<f64>) {
    standalone_before(s, p, d, s.horizon)
}

/// Partner p's years alone before `end`: renewals as its equipment's age says (none before
/// its lock ends), and at a switch only the `resale` share of what it leaves behind credited.
fn standalone_until(s: &Scenario, p: usize, d: usize, end: usize, ledger: &mut Ledger) -> Vec<f64> {
    let (sheet, partner) = (&s.domains[d].standalone, &s.partners[p]);
    let demand = s.demand_curve(p, d);
    let alone = Segment {
        sheet,
        volume: &demand,
        from: 0,
        to: end,
        cohorts: partner.renewal[d].cohorts(sheet.lifetime, partner.locked_until[d]),
        credit: if end < s.horizon { sheet.resale } else { 1.0 },
    };
    alone.run(s, ledger)
}

/// Partner p running domain d alone until year `end` (then sharing): what it pays and the FTE
/// it needs in house per year before `end`.
pub fn standalone_before(s: &Scenario, p: usize, d: usize, end: usize) -> (Ledger, Vec<f64>) {
    let mut ledger = Ledger::new(s.horizon);
    let fte = standalone_until(s, p, d, end, &mut ledger);
    (ledger, fte)
}

/// The shared service of domain d from year `start` for a pooled base-year volume `volume`
/// (growing like every member's demand): its ledger without staff, and the FTE it needs per
/// year. The hub formulation tabulates this over a grid of volumes.
pub fn service(s: &Scenario, d: usize, start: usize, volume: f64) -> (Ledger, Vec<f64>) {
    let g = s.domains[d].growth;
    let mut ledger = Ledger::new(s.horizon);
    let fte =
        shared_segment(s, d, &|t| volume * (1.0 + g).powi(t as i32), start).run(s, &mut ledger);
    (ledger, fte)
}

/// The shared service of domain d from year `start` to the horizon, first investing at the
/// start.
fn shared_segment<'a>(
    s: &'a Scenario,
    d: usize,
    volume: &'a dyn Fn(usize) -> f64,
    start: usize,
) -> Segment<'a> {
    Segment {
        sheet: &s.domains[d].shared,
        volume,
        from: start,
        to: s.horizon,
        cohorts: vec![(start, 1.0)],
        credit: 1.0,
    }
}

/// Year from which a group can share domain d under form f: the form's lead time and every
/// member's lock-in must have passed.
pub fn start_year(s: &Scenario, members: &[usize], d: usize, lead_time: usize) -> usize {
    members
        .iter()
        .map(|&p| s.partners[p].locked_until[d])
        .max()
        .unwrap_or(0)
        .max(lead_time)
}

/// The member that hosts a hosted form's service: the one with the largest volume.
pub fn host(s: &Scenario, members: &[usize], d: usize) -> usize {
    let mut best = members[0];
    for &p in members {
        if s.demand(p, d, 0) > s.demand(best, d, 0) {
            best = p;
        }
    }
    best
}

/// Does the scenario price or limit distances (so that every partner has a location)?
pub fn distances_used(s: &Scenario) -> bool {
    s.distance_cost_per_km > 0.0 || s.constraints.max_distance_km.is_some()
}

/// Distance in km between two partners (0 when either has no location).
pub fn partner_km(s: &Scenario, a: usize, b: usize) -> f64 {
    match (s.partners[a].location, s.partners[b].location) {
        (Some(x), Some(y)) => distance_km(x, y),
        _ => 0.0,
    }
}

/// The member a group's service of domain d under form f runs at, for distances: a hosted
/// form's host (largest volume), otherwise the member closest in total to the others. Only
/// members with every other member within `constraints.max_distance_km` qualify; `None` when
/// none does.
pub fn site(s: &Scenario, members: &[usize], d: usize, f: usize) -> Option<usize> {
    site_by(s, members, d, f, |i, j| {
        partner_km(s, members[i], members[j])
    })
}

/// [`site`], with `km(i, j)` the distance between the members at positions i and j.
fn site_by(
    s: &Scenario,
    members: &[usize],
    d: usize,
    f: usize,
    km: impl Fn(usize, usize) -> f64,
) -> Option<usize> {
    let radius = s.constraints.max_distance_km.unwrap_or(f64::INFINITY);
    let n = members.len();
    let within = |h: usize| (0..n).all(|i| km(i, h) <= radius);
    if s.forms[f].hosted {
        let host = host(s, members, d);
        let h = members.iter().position(|&p| p == host)?;
        return within(h).then_some(host);
    }
    let total = |h: usize| (0..n).map(|i| km(i, h)).sum::<f64>();
    (0..n)
        .filter(|&h| within(h))
        .map(|h| (total(h), members[h]))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, h)| h)
}

/// The site of one group's service under one form, computed at most once where it can be:
/// under a form that is not hosted the site does not depend on the domain, and the candidate
/// columns of a region asked for it per domain twice (the distance rule, then the distance
/// cost): 18% of the column model's build went into those distances. The members' distances
/// are computed once per group and form too, each pair once: the site compares every member
/// with every other.
pub struct Sites<'a> {
    s: &'a Scenario,
    members: &'a [usize],
    f: usize,
    unhosted: Option<Option<usize>>,
    /// The members' distances, row-major by member position, once asked.
    km: Option<Vec<f64>>,
}

impl<'a> Sites<'a> {
    /// No site computed yet for the group `members` under form f.
    pub fn new(s: &'a Scenario, members: &'a [usize], f: usize) -> Self {
        Sites {
            s,
            members,
            f,
            unhosted: None,
            km: None,
        }
    }
    /// [`site`] of the group for domain d.
    pub fn of(&mut self, d: usize) -> Option<usize> {
        let (s, members, f) = (self.s, self.members, self.f);
        if !s.forms[f].hosted
            && let Some(site) = self.unhosted
        {
            return site;
        }
        let n = members.len();
        let km = self.km.get_or_insert_with(|| member_km(s, members));
        let site = site_by(s, members, d, f, |i, j| km[i * n + j]);
        if !s.forms[f].hosted {
            self.unhosted = Some(site);
        }
        site
    }
}

/// The distances between `members`, row-major by position: each pair computed once (the
/// haversine is symmetric to the bit: it negates differences and multiplies commutatively),
/// zero on the diagonal, as [`partner_km`] gives.
fn member_km(s: &Scenario, members: &[usize]) -> Vec<f64> {
    let n = members.len();
    let mut km = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let d = partner_km(s, members[i], members[j]);
            km[i * n + j] = d;
            km[j * n + i] = d;
        }
    }
    km
}

/// Each member's share under the volume key: its part of the pooled volume (equal shares
/// when nobody has any volume).
pub fn volume_key(s: &Scenario, members: &[usize], d: usize) -> Vec<f64> {
    let total: f64 = members.iter().map(|&p| s.demand(p, d, 0)).sum();
    let n = members.len();
    if total > 0.0 {
        members.iter().map(|&p| s.demand(p, d, 0) / total).collect()
    } else {
        vec![1.0 / n as f64; n]
    }
}

/// Cost of one column: a group sharing domain d under form f (or one partner alone when
/// `form` is None).
#[derive(Debug, Clone)]
pub struct ColumnCost {
    /// Sorted partner indices (into `Scenario::partners`); one partner for a standalone column.
    pub members: Vec<usize>,
    /// Index into `Scenario::domains` of the domain the column covers.
    pub domain: usize,
    /// Index into `Scenario::forms` of the form; `None` for a partner alone.
    pub form: Option<usize>,
    /// First year of sharing (H for a standalone column).
    pub start: usize,
    /// Volume-key share of each member.
    pub key: Vec<f64>,
    /// Per member: what it pays (without its own payroll).
    pub ledgers: Vec<Ledger>,
    /// Per member: FTE it needs in house per year (before the start, or alone).
    pub own_fte: Vec<Vec<f64>>,
    /// FTE the shared service needs per year (W), paid through the members' ledgers.
    pub shared_fte: Vec<f64>,
    /// The member the service runs at, when distances cost anything (`None` alone or with an
    /// existing provider). Under
    /// `distance_per = "vehicle"` the distance is not in `ledgers` but in the vehicle's trips
    /// ([`trips`]).
    pub site: Option<usize>,
}

impl ColumnCost {
    /// Net present value of what all members pay for the column (own payroll excluded), euro.
    pub fn npv(&self, s: &Scenario) -> f64 {
        self.ledgers.iter().map(|l| l.npv(s)).sum()
    }
}

/// Costs of the column (members, d, form). `members` must be sorted and, for a shared column,
/// have at least two partners; a start at or after the horizon yields pure standalone costs.
pub fn column(s: &Scenario, members: &[usize], d: usize, form: Option<usize>) -> ColumnCost {
    column_from(s, members, d, form, None)
}

/// [`column`] with the shared service starting at year offset `start` when given (and not
/// before the earliest start, which it never precedes): until then every member runs the
/// domain alone, as before any start.
pub fn column_from(
    s: &Scenario,
    members: &[usize],
    d: usize,
    form: Option<usize>,
    start: Option<usize>,
) -> ColumnCost {
    match form {
        None => standalone_column(s, members[0], d),
        Some(f) => group_column(s, members, d, start, &mut Sites::new(s, members, f)),
    }
}

/// The column of the group `members` sharing domain d under the form of `sites` (which also
/// holds the group's site), from `start` as in [`column_from`].
pub fn group_column(
    s: &Scenario,
    members: &[usize],
    d: usize,
    start: Option<usize>,
    sites: &mut Sites,
) -> ColumnCost {
    let f = sites.f;
    if s.forms[f].is_provider() {
        return provider_column(s, members[0], d, f, start);
    }
    let h = s.horizon;
    let fm = &s.forms[f];
    let earliest = start_year(s, members, d, fm.lead_time);
    let start = start.map_or(earliest, |t| t.max(earliest)).min(h);
    let key = volume_key(s, members, d);
    let host = fm.hosted.then(|| host(s, members, d));
    let curves: Vec<_> = members.iter().map(|&p| s.demand_curve(p, d)).collect();
    let pooled = |t: usize| curves.iter().map(|q| q(t)).sum::<f64>();
    // Where the service runs, for the distance cost (a group with no qualifying site breaks
    // max_distance_km and is never chosen; it is still priced, from its first member).
    let site = (s.distance_cost_per_km > 0.0).then(|| sites.of(d).unwrap_or(members[0]));
    let per_domain = s.distance_per == DistancePer::Domain;

    // The shared service as a whole, computed once, then split by key.
    let mut service = Ledger::new(h);
    let shared_fte = shared_segment(s, d, &pooled, start).run(s, &mut service);

    let terms = MemberTerms {
        d,
        f,
        start,
        vat_rate: fm.vat_rate,
        host,
        site: site.filter(|_| per_domain),
    };
    let (ledgers, own_fte) = members
        .iter()
        .zip(&key)
        .map(|(&p, &k)| member_share(s, p, k, &terms, &service, &shared_fte))
        .unzip();
    ColumnCost {
        members: members.to_vec(),
        domain: d,
        form: Some(f),
        start,
        key,
        ledgers,
        own_fte,
        shared_fte,
        site,
    }
}

/// Partner p running domain d alone over the whole horizon.
fn standalone_column(s: &Scenario, p: usize, d: usize) -> ColumnCost {
    let h = s.horizon;
    let (ledger, fte) = standalone(s, p, d);
    ColumnCost {
        members: vec![p],
        domain: d,
        form: None,
        start: h,
        key: vec![1.0],
        ledgers: vec![ledger],
        own_fte: vec![fte],
        shared_fte: vec![0.0; h],
        site: None,
    }
}

/// What every member's share of a shared column depends on besides its key.
struct MemberTerms {
    d: usize,
    /// The form, whose staff (or host's) sets the salary per FTE of the shared service.
    f: usize,
    start: usize,
    vat_rate: f64,
    /// The hosting member, which pays no VAT on the service.
    host: Option<usize>,
    /// The member the distance cost is measured to (None: no distance cost in the column:
    /// none at all, or charged per vehicle).
    site: Option<usize>,
}

/// Member p's ledger (alone until the start, then its `share` of the service, staff, VAT,
/// coordination and distance, and the integration cost in the start year) and its in-house
/// FTE per year.
fn member_share(
    s: &Scenario,
    p: usize,
    share: f64,
    terms: &MemberTerms,
    service: &Ledger,
    shared_fte: &[f64],
) -> (Ledger, Vec<f64>) {
    let h = s.horizon;
    let mut ledger = Ledger::new(h);
    let fte = standalone_until(s, p, terms.d, terms.start, &mut ledger);
    ledger.add_scaled(service, share);
    for t in terms.start..h {
        let staff = share * s.shared_salary(terms.f, terms.host, t) * shared_fte[t];
        terms.member_year(s, p, t, staff, &mut ledger);
    }
    if terms.start < h {
        let integration = s.domains[terms.d].shared.integration_per_member;
        ledger.add(terms.start, Cat::Integration, integration);
    }
    (ledger, fte)
}

impl MemberTerms {
    /// The VAT rate member p pays on the shared service (none for its host).
    fn vat(&self, p: usize) -> f64 {
        if self.host == Some(p) {
            0.0
        } else {
            self.vat_rate
        }
    }

    /// Member p's year t of the service: its share `staff` of the shared staff, the VAT on
    /// it, coordination, and the distance cost.
    fn member_year(&self, s: &Scenario, p: usize, t: usize, staff: f64, ledger: &mut Ledger) {
        ledger.add(t, Cat::SharedStaff, staff);
        ledger.add(t, Cat::Vat, self.vat(p) * staff);
        let coordination = s.domains[self.d].shared.coordination_per_member;
        ledger.add(t, Cat::Coordination, coordination);
        if let Some(site) = self.site {
            let distance = s.distance_cost_per_km * partner_km(s, p, site);
            ledger.add(t, Cat::Distance, distance);
        }
    }
}

/// The distance cost of a vehicle's trips under `distance_per = "vehicle"`, per member:
/// for each site in `runs` (site, start year) the distance to it, once a year from the
/// earliest start at that site on. One trip serves every domain the vehicle runs at one site.
pub fn trips(s: &Scenario, members: &[usize], runs: &[(usize, usize)]) -> Vec<Ledger> {
    let mut sites: Vec<(usize, usize)> = Vec::new();
    for &(site, start) in runs {
        match sites.iter_mut().find(|(at, _)| *at == site) {
            Some((_, first)) => *first = (*first).min(start),
            None => sites.push((site, start)),
        }
    }
    let mut ledgers = vec![Ledger::new(s.horizon); members.len()];
    for (site, first) in sites {
        for (ledger, &p) in ledgers.iter_mut().zip(members) {
            ledger.add_scaled(&trip(s, p, site, first, s.horizon), 1.0);
        }
    }
    ledgers
}

/// Member p's distance cost to `site` in the years `from..to`.
pub fn trip(s: &Scenario, p: usize, site: usize, from: usize, to: usize) -> Ledger {
    let mut l = Ledger::new(s.horizon);
    let cost = s.distance_cost_per_km * partner_km(s, p, site);
    if cost > 0.0 {
        for t in from..to.min(s.horizon) {
            l.add(t, Cat::Distance, cost);
        }
    }
    l
}

/// [`Cash::of`] the [`trip`] ledger, without the ledger: a region's column model prices a
/// trip per member of every vehicle, and the ledgers (eleven categories a row, one of them
/// used) were most of that. Equal to the bit: each row's total is the one amount on it, and
/// the NPV sums the same discounted rows in the same order.
pub fn trip_cash(s: &Scenario, p: usize, site: usize, from: usize, to: usize) -> Cash {
    let mut rows = vec![0.0; s.horizon + 1];
    let cost = s.distance_cost_per_km * partner_km(s, p, site);
    let years = from..to.min(s.horizon);
    if cost > 0.0 && !years.is_empty() {
        rows[years].fill(cost);
    }
    let npv = (0..rows.len()).map(|t| s.discount(t) * rows[t]).sum();
    Cash { rows, npv }
}

/// What each member of a vehicle (a group using form f) pays for the vehicle itself: the setup
/// cost in year 0 and the fixed governance cost from the lead time on, split equally; the
/// governance cost per member, each for itself.
pub fn vehicle(s: &Scenario, members: &[usize], f: usize) -> Vec<Ledger> {
    vec![vehicle_each(s, members, f); members.len()]
}

/// What each member of the vehicle pays ([`vehicle`]'s ledgers are all this one).
pub fn vehicle_each(s: &Scenario, members: &[usize], f: usize) -> Ledger {
    vehicle_share(s, f, members.len() as f64, governed_from(s, members, f))
}

/// The first year a vehicle's governance is paid: from the form's lead time; for a provider,
/// from the first year its member can join one of the provider's domains (a member locked
/// into its own contract does not manage a provider contract it cannot use yet).
fn governed_from(s: &Scenario, members: &[usize], f: usize) -> usize {
    let fm = &s.forms[f];
    let offered = (0..s.domains.len()).filter(|&d| fm.domains[d]);
    let first = match fm.is_provider() {
        true => offered
            .map(|d| start_year(s, members, d, fm.lead_time))
            .min(),
        false => None,
    };
    first.unwrap_or(fm.lead_time).min(s.horizon)
}

/// What one of `n` members of a vehicle of form f, governed from year `from`, pays for it.
fn vehicle_share(s: &Scenario, f: usize, n: f64, from: usize) -> Ledger {
    let fm = &s.forms[f];
    let mut l = Ledger::new(s.horizon);
    l.add(0, Cat::Setup, fm.setup_cost / n);
    let governance = fm.governance_fixed / n + fm.governance_per_member;
    for t in from..s.horizon {
        l.add(t, Cat::Governance, governance);
    }
    l
}

/// Paid own ICT staff of a partner in year t under no forced layoffs, given its in-house need
/// R, its remaining current staff E(1-a)^t and the FTE it may transfer into vehicles:
/// returns (paid FTE F, transferred FTE T) with F = max(R, E(1-a)^t - T).
pub fn paid_staff(need: f64, remaining: f64, transfer_cap: f64) -> (f64, f64) {
    let transfer = transfer_cap.min((remaining - need).max(0.0));
    (need.max(remaining - transfer), transfer)
}

/// Great-circle distance in km between two `(lat, lon)` points in degrees (haversine, mean
/// Earth radius 6,371 km). Straight-line distance is what a scenario's distance cost prices.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Partner p joining the existing provider of form f for domain d (alone, at the start year
/// of a group of one, or at `start` when later): alone before the start, then the provider's
/// price on its own volume each year with VAT on top (a municipality cannot recover it), and
/// its own side of the switch: the domain's integration once and coordination every year.
/// No shared service, no shared staff, nothing to transfer; governance is the vehicle's.
fn provider_column(s: &Scenario, p: usize, d: usize, f: usize, start: Option<usize>) -> ColumnCost {
    let h = s.horizon;
    let fm = &s.forms[f];
    let earliest = start_year(s, &[p], d, fm.lead_time);
    let start = start.map_or(earliest, |t| t.max(earliest)).min(h);
    let mut ledger = Ledger::new(h);
    let fte = standalone_until(s, p, d, start, &mut ledger);
    let price = fm.price(d).unwrap_or(0.0);
    let shared = &s.domains[d].shared;
    for t in start..h {
        let charge = price * s.demand(p, d, t);
        ledger.add(t, Cat::Provider, charge);
        ledger.add(t, Cat::Vat, fm.vat_rate * charge);
        ledger.add(t, Cat::Coordination, shared.coordination_per_member);
    }
    if start < h {
        ledger.add(start, Cat::Integration, shared.integration_per_member);
    }
    ColumnCost {
        members: vec![p],
        domain: d,
        form: Some(f),
        start,
        key: vec![1.0],
        ledgers: vec![ledger],
        own_fte: vec![fte],
        shared_fte: vec![0.0; h],
        // The provider delivers where it is: no site of a member, no trips.
        site: None,
    }
}
