//! The column formulation (`docs/model.md`) as a [`Milp`]: binary x per candidate column, binary z
//! per vehicle, continuous paid staff F and transfers T per partner and year; cover, vehicle
//! links, staff coupling, vehicle limits, budgets and individual rationality.

pub mod candidates;

use super::criteria::{self as crit, Cell};
use super::{limits, staff};
use crate::costs::{Cash, Ledger};
use crate::milp::{Milp, Sense, VarKind};
use crate::rules;
use crate::rules::Rule;
use crate::scenario::{DistancePer, Guard, Objective, Scenario};
use candidates::{Candidates, Column};
use rayon::prelude::*;

/// The model and where each of its variables came from.
#[derive(Debug, Clone)]
pub struct Model {
    /// The MILP itself (variables x, z, F, T and the rows of `docs/model.md`).
    pub milp: Milp,
    /// Variable of each shared candidate column.
    pub x_shared: Vec<usize>,
    /// Variable of each standalone column (p * D + d), when it exists.
    pub x_alone: Vec<Option<usize>>,
    /// Variable of each vehicle.
    pub z: Vec<usize>,
    /// Elastic models only: the slack variable of each relaxable rule.
    pub relax: Vec<(Relaxation, usize)>,
}

/// Which rules a model holds to: all of them, or (to explain infeasibility) the relaxable
/// ones at a penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Every rule a hard row or a candidate filter: the model `solve` optimises.
    Strict,
    /// Every relaxable rule gets a penalised slack (see [`build_with`]).
    Elastic,
}

/// A scenario rule that an elastic model may relax, at a penalty.
#[derive(Debug, Clone, PartialEq)]
pub enum Relaxation {
    /// A group rule (binary: given way or not), with how it reads.
    Rule(Rule, String),
    /// Euro above partner p's budget in year t.
    Budget(usize, usize),
    /// Euro of NPV above partner p's individual-rationality bound.
    Rational(usize),
    /// Vehicles above the maximum for partner p.
    Vehicles(usize),
    /// Points of score below criterion c's minimum (`criterion.min`).
    MinScore(usize),
}

/// Builds the MILP. `baseline_npv[p]` is p's NPV alone (for individual rationality).
pub fn build(s: &Scenario, c: &Candidates, baseline_npv: &[f64]) -> Model {
    build_with(s, c, baseline_npv, Rules::Strict)
}

/// Builds the MILP. An [`Rules::Elastic`] model gives every relaxable rule a penalised slack
/// and minimises the number of group rules given way, plus budget shortfalls as shares of the
/// budget, plus individual-rationality excess as a share of the NPV alone, plus extra
/// vehicles, with the plan's cost as a tie-breaker: the least change that admits a plan.
pub fn build_with(s: &Scenario, c: &Candidates, baseline_npv: &[f64], mode: Rules) -> Model {
    let mut b = Builder::new(s, c, baseline_npv, mode);
    b.objective();
    b.rows();
    if mode == Rules::Elastic {
        b.rule_breaks();
        b.penalties();
    }
    b.into_model()
}

/// The model under construction, its variables and where each partner appears.
struct Builder<'a> {
    s: &'a Scenario,
    c: &'a Candidates,
    baseline_npv: &'a [f64],
    mode: Rules,
    m: Milp,
    x_shared: Vec<usize>,
    x_alone: Vec<Option<usize>>,
    z: Vec<usize>,
    /// Per vehicle, its members' cash.
    vehicle_cash: Vec<Vec<Cash>>,
    /// Per vehicle, its trips (distance charged per vehicle): variable and members' cash.
    trips: Vec<Vec<(usize, Vec<Cash>)>>,
    /// Per partner: (variable, column, member position) of every column it is in.
    appears: Vec<Vec<(usize, &'a Column, usize)>>,
    /// Per partner: (vehicle, member position) of every vehicle it is in.
    in_vehicle: Vec<Vec<(usize, usize)>>,
    /// Paid staff F per partner and year.
    f_var: Vec<Vec<usize>>,
    /// Transfers T per partner and year, for partners in a column of a transfer form.
    t_var: Vec<Option<Vec<usize>>>,
    relax: Vec<(Relaxation, usize)>,
}

/// Where each partner appears: (variable, column, member position).
fn appearances<'a>(
    np: usize,
    c: &'a Candidates,
    x_shared: &[usize],
    x_alone: &[Option<usize>],
) -> Vec<Vec<(usize, &'a Column, usize)>> {
    let mut appears: Vec<Vec<(usize, &Column, usize)>> = vec![Vec::new(); np];
    for (k, col) in c.shared.iter().enumerate() {
        for (i, &p) in col.members.iter().enumerate() {
            appears[p].push((x_shared[k], col, i));
        }
    }
    for (idx, col) in c.alone.iter().enumerate() {
        if let (Some(col), Some(x)) = (col, x_alone[idx]) {
            appears[col.members[0]].push((x, col, 0));
        }
    }
    appears
}

/// The trips of every vehicle when the distance is charged per vehicle (`costs::trips`): per
/// vehicle, site and start year s_j of one of its columns there, a variable u_j ≥ u_{j-1}
/// and ≥ every such column's x, so u_j is one when a column at that site runs by s_j; u_j
/// carries the distance of the years s_j..s_{j+1}. Continuous: the cost drives it down to
/// the largest x.
fn trip_vars(
    m: &mut Milp,
    s: &Scenario,
    c: &Candidates,
    x_shared: &[usize],
) -> Vec<Vec<(usize, Vec<Cash>)>> {
    let mut runs: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); c.vehicles.len()];
    for (k, col) in c.shared.iter().enumerate() {
        if let Some(site) = col.site {
            runs[c.vehicle_of[k]].push((site, col.start, x_shared[k]));
        }
    }
    // Planned in parallel (a region's vehicles have a hundred thousand trips, each priced
    // per member), added in vehicle order: the same model as one vehicle after the other.
    let planned: Vec<Vec<Trip>> = (c.vehicles.par_iter().zip(runs))
        .with_min_len(256)
        .map(|((members, f), runs)| vehicle_trips(s, members, *f, runs))
        .collect();
    planned
        .into_iter()
        .map(|trips| add_trips(m, trips))
        .collect()
}

/// One trip of a vehicle, planned apart from the model.
struct Trip {
    /// `trip[GROUP|FORM@SITE#YEAR]`.
    name: String,
    /// The x of every column that runs at the trip's site from its start year.
    xs: Vec<usize>,
    /// The vehicle's previous trip at the same site (its position among the vehicle's trips).
    earlier: Option<usize>,
    /// What each member pays for the trip.
    cash: Vec<Cash>,
}

/// The trips of one vehicle (`members` under form f) whose columns run at (site, start, x).
fn vehicle_trips(
    s: &Scenario,
    members: &[usize],
    f: usize,
    mut runs: Vec<(usize, usize, usize)>,
) -> Vec<Trip> {
    runs.sort_unstable();
    let group = format!("{}|{}", rules::ids(s, members), s.forms[f].id);
    let mut trips: Vec<Trip> = Vec::new();
    let mut prev: Option<(usize, usize)> = None; // (site, position) of the last trip
    for (i, &(site, start, _)) in runs.iter().enumerate() {
        if i > 0 && runs[i - 1].0 == site && runs[i - 1].1 == start {
            continue;
        }
        let end = (runs[i..].iter())
            .find(|r| r.0 == site && r.1 > start)
            .map_or(s.horizon, |r| r.1);
        let at = (s.partners[site].id.as_str(), s.base_year + start as i32);
        trips.push(Trip {
            name: format!("trip[{group}@{}#{}]", at.0, at.1),
            xs: (runs.iter())
                .filter(|r| r.0 == site && r.1 == start)
                .map(|r| r.2)
                .collect(),
            earlier: prev.filter(|(here, _)| *here == site).map(|(_, j)| j),
            cash: (members.iter())
                .map(|&p| crate::costs::trip_cash(s, p, site, start, end))
                .collect(),
        });
        prev = Some((site, trips.len() - 1));
    }
    trips
}

/// Each trip's variable u ≥ every x of its site and start, and ≥ the u of the site's
/// earlier trip; its members' cash.
fn add_trips(m: &mut Milp, trips: Vec<Trip>) -> Vec<(usize, Vec<Cash>)> {
    let mut out: Vec<(usize, Vec<Cash>)> = Vec::with_capacity(trips.len());
    for trip in trips {
        let u = m.add_var(trip.name.clone(), VarKind::Continuous, 0.0, 1.0);
        for (n, &x) in trip.xs.iter().enumerate() {
            let name = format!("{}>x{n}", trip.name);
            m.add_row(name, vec![(u, 1.0), (x, -1.0)], Sense::Ge, 0.0);
        }
        if let Some(j) = trip.earlier {
            let row = vec![(u, 1.0), (out[j].0, -1.0)];
            m.add_row(format!("{}>earlier", trip.name), row, Sense::Ge, 0.0);
        }
        out.push((u, trip.cash));
    }
    out
}

/// The cash of each member of the vehicle (`members` under form f).
fn cash_of_vehicle(s: &Scenario, members: &[usize], f: usize) -> Vec<Cash> {
    // Every member pays the same: priced once (a region has tens of thousands of vehicles).
    let each = Cash::of(s, &crate::costs::vehicle_each(s, members, f));
    vec![each; members.len()]
}

/// Per year, the (variable, coefficient) terms of one row.
type YearTerms = Vec<Vec<(usize, f64)>>;

/// Pushes `(x, coef(t))` onto year t's terms wherever the coefficient is not zero.
fn push_nonzero(years: &mut YearTerms, x: usize, coef: impl Fn(usize) -> f64) {
    for (t, terms) in years.iter_mut().enumerate() {
        let c = coef(t);
        if c != 0.0 {
            terms.push((x, c));
        }
    }
}

/// (vehicle, member position) of every vehicle each partner is in.
fn vehicle_memberships(np: usize, c: &Candidates) -> Vec<Vec<(usize, usize)>> {
    let mut in_vehicle: Vec<Vec<(usize, usize)>> = vec![Vec::new(); np];
    for (v, (members, _)) in c.vehicles.iter().enumerate() {
        for (i, &p) in members.iter().enumerate() {
            in_vehicle[p].push((v, i));
        }
    }
    in_vehicle
}

impl<'a> Builder<'a> {
    /// The variables: x per column, z per vehicle, then F and T per partner and year.
    fn new(s: &'a Scenario, c: &'a Candidates, baseline_npv: &'a [f64], mode: Rules) -> Self {
        let np = s.partners.len();
        let mut m = Milp::default();
        let x_shared = shared_vars(&mut m, s, c);
        let x_alone = alone_vars(&mut m, s, c);
        let z = vehicle_vars(&mut m, s, c);
        let vehicle_cash = c
            .vehicles
            .iter()
            .map(|(members, f)| cash_of_vehicle(s, members, *f))
            .collect();
        let appears = appearances(np, c, &x_shared, &x_alone);
        let trips = match s.distance_per {
            DistancePer::Vehicle => trip_vars(&mut m, s, c, &x_shared),
            DistancePer::Domain => vec![Vec::new(); c.vehicles.len()],
        };
        let mut b = Builder {
            s,
            c,
            baseline_npv,
            mode,
            m,
            x_shared,
            x_alone,
            z,
            vehicle_cash,
            trips,
            appears,
            in_vehicle: vehicle_memberships(np, c),
            f_var: Vec::new(),
            t_var: Vec::new(),
            relax: Vec::new(),
        };
        b.staff_vars();
        b
    }

    /// Cover, vehicle links and limits, staff coupling, budgets and individual rationality.
    fn rows(&mut self) {
        self.cover();
        self.vehicle_links();
        self.vehicle_limits();
        self.staff_coupling();
        self.partner_limits();
        self.min_scores();
    }

    fn into_model(self) -> Model {
        Model {
            milp: self.m,
            x_shared: self.x_shared,
            x_alone: self.x_alone,
            z: self.z,
            relax: self.relax,
        }
    }

    fn pid(&self, p: usize) -> &'a str {
        self.s.partners[p].id.as_str()
    }

    fn year(&self, t: usize) -> i32 {
        self.s.base_year + t as i32
    }

    /// A continuous variable ≥ 0.
    fn amount(&mut self, name: String) -> usize {
        self.m
            .add_var(name, VarKind::Continuous, 0.0, f64::INFINITY)
    }

    /// In an elastic model, the penalised slack of a relaxable rule.
    fn slack(&mut self, name: String, rule: Relaxation) -> Option<usize> {
        (self.mode == Rules::Elastic).then(|| {
            let u = self.amount(name);
            self.relax.push((rule, u));
            u
        })
    }

    /// Whether partner p is in a column of a form that takes staff transfers.
    fn transfers(&self, p: usize) -> bool {
        self.appears[p]
            .iter()
            .any(|(_, col, _)| col.form.is_some_and(|f| self.s.forms[f].staff_transfer))
    }

    /// Paid staff F per partner and year, then transfers T where a partner can make any.
    fn staff_vars(&mut self) {
        let np = self.s.partners.len();
        self.f_var = (0..np).map(|p| self.yearly(p, "F")).collect();
        let transfers: Vec<bool> = (0..np).map(|p| self.transfers(p)).collect();
        self.t_var = (0..np)
            .map(|p| transfers[p].then(|| self.yearly(p, "T")))
            .collect();
    }

    /// An amount per year of the horizon for partner p, named `letter[partner,year]`.
    fn yearly(&mut self, p: usize, letter: &str) -> Vec<usize> {
        (0..self.s.horizon)
            .map(|t| self.amount(format!("{letter}[{},{}]", self.pid(p), self.year(t))))
            .collect()
    }

    /// The plan's NPV: columns, vehicles and paid staff; under the capacity objective the
    /// needed staff instead of the paid (spare staff count as capacity, not cost).
    fn objective(&mut self) {
        let s = self.s;
        let mut obj = Vec::with_capacity(self.m.vars.len());
        obj.extend(self.column_terms());
        for (v, cash) in self.vehicle_cash.iter().enumerate() {
            obj.push((self.z[v], cash.iter().map(Cash::npv).sum()));
        }
        for (u, cash) in self.trips.iter().flatten() {
            obj.push((*u, cash.iter().map(Cash::npv).sum()));
        }
        match s.objective {
            Objective::Cost => obj.extend(self.staff_terms()),
            Objective::Capacity(_) => obj.extend(self.needed_staff_terms()),
        }
        // The weighted objective: NPV − Σ value_eur · score (nothing without valued criteria).
        obj.extend(crit::value_terms(s, &self.cells()));
        self.m.objective = obj;
    }

    /// The discounted salary of the staff each partner's choices need, year by year: N ≥ the
    /// in-house need, N ≥ the retained organisation (a lower bound), N priced in the objective.
    fn needed_staff_terms(&mut self) -> Vec<(usize, f64)> {
        let s = self.s;
        let mut terms = Vec::new();
        for p in 0..s.partners.len() {
            for (t, need) in self.year_terms(p, false).0.into_iter().enumerate() {
                let at = format!("{},{}", self.pid(p), self.year(t));
                let retained = s.partners[p].retained_fte;
                let n = (self.m).add_var(
                    format!("N[{at}]"),
                    VarKind::Continuous,
                    retained,
                    f64::INFINITY,
                );
                let mut row = vec![(n, 1.0)];
                row.extend(need.into_iter().map(|(x, f)| (x, -f)));
                self.m.add_row(format!("needed[{at}]"), row, Sense::Ge, 0.0);
                terms.push((n, s.discount(t) * s.salary_of(p, t)));
            }
        }
        terms
    }

    /// Every column as the cells it decides: a shared column's members, or one alone.
    fn cells(&self) -> Vec<Cell> {
        let c = self.c;
        let shared = (c.shared.iter().zip(&self.x_shared)).map(|(col, &var)| Cell {
            var,
            domain: col.domain,
            form: col.form,
            members: col.members.len(),
        });
        let alone = (c.alone.iter().zip(&self.x_alone)).filter_map(|(col, x)| {
            let (col, &var) = (col.as_ref()?, x.as_ref()?);
            Some(Cell {
                var,
                domain: col.domain,
                form: None,
                members: 1,
            })
        });
        shared.chain(alone).collect()
    }

    /// `min_score[ID]` for every criterion with a minimum; elastic: with a slack.
    fn min_scores(&mut self) {
        let cells = self.cells();
        for c in crit::with_min(self.s) {
            let name = format!("short_score[{}]", self.s.criteria[c].id);
            let u = self.slack(name, Relaxation::MinScore(c));
            crit::min_row(&mut self.m, self.s, c, &cells, u);
        }
    }

    /// The NPV of each shared, then each standalone, column.
    fn column_terms(&self) -> Vec<(usize, f64)> {
        let c = self.c;
        let mut obj: Vec<(usize, f64)> = (c.shared.iter().zip(&self.x_shared))
            .map(|(col, &x)| (x, col.npv()))
            .collect();
        for (idx, col) in c.alone.iter().enumerate() {
            if let (Some(col), Some(x)) = (col, self.x_alone[idx]) {
                obj.push((x, col.npv()));
            }
        }
        obj
    }

    /// The discounted salary of each partner's paid staff, year by year.
    fn staff_terms(&self) -> Vec<(usize, f64)> {
        (0..self.s.partners.len())
            .flat_map(|p| self.salary_terms(p))
            .collect()
    }

    /// The discounted salary of p's paid staff in each year.
    fn salary_terms(&self, p: usize) -> Vec<(usize, f64)> {
        let s = self.s;
        (0..s.horizon)
            .map(|t| (self.f_var[p][t], s.discount(t) * s.salary_of(p, t)))
            .collect()
    }

    /// Each (p, d) in exactly one chosen column.
    fn cover(&mut self) {
        let s = self.s;
        for p in 0..s.partners.len() {
            for d in 0..s.domains.len() {
                let coefs = self.columns_of(p, d);
                let name = format!("cover[{},{}]", self.pid(p), s.domains[d].id);
                self.m.add_row(name, coefs, Sense::Eq, 1.0);
            }
        }
    }

    /// One for each column of domain d that p is in.
    fn columns_of(&self, p: usize, d: usize) -> Vec<(usize, f64)> {
        self.appears[p]
            .iter()
            .filter(|(_, col, _)| col.domain == d)
            .map(|&(x, _, _)| (x, 1.0))
            .collect()
    }

    /// A column needs its vehicle; a vehicle needs a column.
    fn vehicle_links(&mut self) {
        let c = self.c;
        let mut used: Vec<Vec<(usize, f64)>> = self.z.iter().map(|&zv| vec![(zv, 1.0)]).collect();
        for k in 0..c.shared.len() {
            let v = c.vehicle_of[k];
            self.link_row(k, v);
            used[v].push((self.x_shared[k], -1.0));
        }
        for (v, coefs) in used.into_iter().enumerate() {
            self.used_row(v, coefs);
        }
    }

    /// Shared column k needs its vehicle v.
    fn link_row(&mut self, k: usize, v: usize) {
        let x = self.x_shared[k];
        // x's name is `x[GROUP]`: the row is `link[GROUP]`, without naming the group again.
        let name = format!("link{}", &self.m.vars[x].name[1..]);
        let coefs = vec![(x, 1.0), (self.z[v], -1.0)];
        self.m.add_row(name, coefs, Sense::Le, 0.0);
    }

    /// Vehicle v needs one of its columns (`coefs`: z_v less each of them).
    fn used_row(&mut self, v: usize, coefs: Vec<(usize, f64)>) {
        let s = self.s;
        let (members, f) = &self.c.vehicles[v];
        let name = format!("used[{}|{}]", crate::rules::ids(s, members), s.forms[*f].id);
        self.m.add_row(name, coefs, Sense::Le, 0.0);
    }

    /// `constraints.max_vehicles_per_partner`, where a partner could exceed it.
    fn vehicle_limits(&mut self) {
        let Some(max) = self.s.constraints.max_vehicles_per_partner else {
            return;
        };
        for p in 0..self.s.partners.len() {
            if self.in_vehicle[p].len() > max {
                self.vehicle_limit(p, max);
            }
        }
    }

    /// p is in at most `max` vehicles.
    fn vehicle_limit(&mut self, p: usize, max: usize) {
        let mut coefs: Vec<(usize, f64)> = self.in_vehicle[p]
            .iter()
            .map(|&(v, _)| (self.z[v], 1.0))
            .collect();
        let name = format!("extra_vehicles[{}]", self.pid(p));
        if let Some(w) = self.slack(name, Relaxation::Vehicles(p)) {
            coefs.push((w, -1.0));
        }
        limits::vehicles_row(&mut self.m, self.s, p, coefs, max);
    }

    /// F ≥ in-house need; F + T ≥ remaining staff; T ≤ transferable FTE.
    fn staff_coupling(&mut self) {
        let s = self.s;
        let partners: Vec<usize> = (0..s.partners.len()).collect();
        // A partner's terms are gathered on their own, so a few partners at a time in
        // parallel (a partner of a region is in thousands of columns), their rows added in
        // partner order: the same model, with only a few partners' terms waiting at once.
        for chunk in partners.chunks(rayon::current_num_threads().max(1)) {
            let terms: Vec<_> = (chunk.par_iter())
                .map(|&p| self.year_terms(p, self.t_var[p].is_some()))
                .collect();
            for (&p, (needs, caps)) in chunk.iter().zip(terms) {
                self.staff_rows_of(p, needs, caps);
            }
        }
    }

    /// The staff rows of partner p, each year's from its in-house need and (with transfers)
    /// the FTE it can transfer.
    fn staff_rows_of(&mut self, p: usize, needs: YearTerms, caps: Option<YearTerms>) {
        let mut caps = caps.map(Vec::into_iter);
        for (t, need) in needs.into_iter().enumerate() {
            let cap = caps.as_mut().and_then(Iterator::next);
            let transfer = self.t_var[p].as_ref().map(|tv| tv[t]).zip(cap);
            staff::staff_rows(&mut self.m, self.s, p, t, self.f_var[p][t], need, transfer);
        }
    }

    /// Per year of the horizon, in one pass over p's columns: the FTE they need in house and,
    /// with `caps`, the FTE p can transfer (its key's share of each transfer column's staff).
    /// One pass for all years, not one per year and kind: a pass per year walked a region
    /// partner's thousands of columns again (15% of the build).
    fn year_terms(&self, p: usize, caps: bool) -> (YearTerms, Option<YearTerms>) {
        let (s, h) = (self.s, self.s.horizon);
        let mut needs = vec![Vec::new(); h];
        let mut moves = vec![Vec::new(); if caps { h } else { 0 }];
        for &(x, col, i) in &self.appears[p] {
            push_nonzero(&mut needs, x, |t| col.own_fte[i][t]);
            if caps && col.form.is_some_and(|f| s.forms[f].staff_transfer) {
                push_nonzero(&mut moves, x, |t| col.key[i] * col.shared_fte[t]);
            }
        }
        (needs, caps.then_some(moves))
    }

    /// Budgets (per year), the capacity objective's yearly guard and individual rationality
    /// (NPV), under the volume key.
    fn partner_limits(&mut self) {
        let guard = self.s.objective == Objective::Capacity(Guard::Year);
        let alone = guard.then(|| crate::evaluate::baseline(self.s));
        for p in 0..self.s.partners.len() {
            if let Some(b) = self.s.partners[p].budget {
                self.budgets(p, b);
            }
            if let Some(alone) = &alone {
                self.no_dearer(p, &alone[p].0);
            }
            if self.s.rationality_applies() {
                self.rational(p);
            }
        }
    }

    /// What p pays stays within its budget b, every year.
    fn budgets(&mut self, p: usize, b: f64) {
        for t in 0..self.s.horizon {
            self.budget(p, t, b);
        }
    }

    /// What p pays in year t stays within its budget b.
    fn budget(&mut self, p: usize, t: usize, b: f64) {
        let mut coefs = vec![(self.f_var[p][t], self.s.salary_of(p, t))];
        coefs.extend(self.ledger_terms(p, |l| l.cash(t)));
        let name = format!("short[{},{}]", self.pid(p), self.year(t));
        if let Some(u) = self.slack(name, Relaxation::Budget(p, t)) {
            coefs.push((u, -1.0));
        }
        limits::budget_row(&mut self.m, self.s, p, t, coefs, b);
    }

    /// What p pays stays at most what it pays alone (`alone`), every year.
    fn no_dearer(&mut self, p: usize, alone: &Ledger) {
        for t in 0..self.s.horizon {
            let mut coefs = vec![(self.f_var[p][t], self.s.salary_of(p, t))];
            coefs.extend(self.ledger_terms(p, |l| l.cash(t)));
            let name = format!("no_dearer[{},{}]", self.pid(p), self.year(t));
            limits::cap_row(&mut self.m, name, coefs, alone.cash(t));
        }
    }

    /// p's NPV in the plan against its NPV alone.
    fn rational(&mut self, p: usize) {
        let s = self.s;
        let mut coefs = self.salary_terms(p);
        coefs.extend(self.ledger_terms(p, Cash::npv));
        let name = format!("excess[{}]", self.pid(p));
        if let Some(v) = self.slack(name, Relaxation::Rational(p)) {
            coefs.push((v, -1.0));
        }
        limits::rational_row(&mut self.m, s, p, coefs, self.baseline_npv[p]);
    }

    /// `amount` of p's ledger in each column, then each vehicle, it is in.
    fn ledger_terms(&self, p: usize, amount: impl Fn(&Cash) -> f64) -> Vec<(usize, f64)> {
        // Loops into one exact allocation, not a chain of iterators collected: a partner of a
        // region is in tens of thousands of columns, and this runs per partner and year.
        let trips: usize = (self.in_vehicle[p].iter())
            .map(|&(v, _)| self.trips[v].len())
            .sum();
        let mut terms =
            Vec::with_capacity(self.appears[p].len() + self.in_vehicle[p].len() + trips);
        for &(x, col, i) in &self.appears[p] {
            terms.push((x, amount(&col.cash[i])));
        }
        for &(v, i) in &self.in_vehicle[p] {
            terms.push((self.z[v], amount(&self.vehicle_cash[v][i])));
        }
        for &(v, i) in &self.in_vehicle[p] {
            terms.extend(self.trips[v].iter().map(|(u, cash)| (*u, amount(&cash[i]))));
        }
        terms
    }

    /// Elastic: a column that breaks group rule r needs r's slack (one binary per rule).
    fn rule_breaks(&mut self) {
        let mut rule_var: Vec<(Rule, usize)> = Vec::new();
        for (breaches, x) in self.breaching_columns() {
            for b in breaches {
                let r = self.rule_slack(&mut rule_var, b);
                self.break_row(x, r);
            }
        }
    }

    /// Column x may be chosen only with the slack r of the rule it breaks.
    fn break_row(&mut self, x: usize, r: usize) {
        let name = self.m.vars[x].name.clone();
        let coefs = vec![(x, 1.0), (r, -1.0)];
        self.m
            .add_row(format!("breaks[{name}]"), coefs, Sense::Le, 0.0);
    }

    /// Each column's breaches, with its variable: shared columns, then standalone ones.
    fn breaching_columns(&self) -> Vec<(&'a Vec<rules::Breach>, usize)> {
        let c = self.c;
        let shared = c.shared_breaches.iter().zip(&self.x_shared);
        let alone = c.alone_breaches.iter().zip(&self.x_alone);
        shared
            .map(|(b, &x)| (b, x))
            .chain(alone.filter_map(|(b, x)| x.map(|x| (b, x))))
            .collect()
    }

    /// The binary slack of the rule `b` breaks, made the first time (and recorded in
    /// `rule_var`).
    fn rule_slack(&mut self, rule_var: &mut Vec<(Rule, usize)>, b: &rules::Breach) -> usize {
        if let Some(&(_, r)) = rule_var.iter().find(|(r, _)| *r == b.rule) {
            return r;
        }
        let name = format!("relax[{}]", rule_var.len());
        let r = self.m.add_var(name, VarKind::Binary, 0.0, 1.0);
        rule_var.push((b.rule, r));
        self.relax
            .push((Relaxation::Rule(b.rule, b.message.clone()), r));
        r
    }

    /// Elastic: penalties first, the plan's cost (scaled to at most ~1e-3) as a tie-breaker.
    fn penalties(&mut self) {
        let s = self.s;
        let total: f64 = self
            .baseline_npv
            .iter()
            .map(|b| b.abs())
            .sum::<f64>()
            .max(1.0);
        for term in self.m.objective.iter_mut() {
            term.1 *= 1e-3 / total;
        }
        for (r, var) in &self.relax {
            let weight = relax_weight(s, self.baseline_npv, r);
            self.m.objective.push((*var, weight));
        }
    }
}

/// A relaxation's penalty per unit: one per rule or vehicle, a share of the budget or of the
/// NPV alone.
fn relax_weight(s: &Scenario, baseline_npv: &[f64], r: &Relaxation) -> f64 {
    match *r {
        Relaxation::Rule(..) | Relaxation::Vehicles(_) => 1.0,
        Relaxation::Budget(p, _) => 1.0 / s.partners[p].budget.unwrap_or(1.0).max(1.0),
        Relaxation::Rational(p) => 1.0 / baseline_npv[p].abs().max(1.0),
        // A shortfall as a share of the minimum.
        Relaxation::MinScore(c) => 1.0 / s.criteria[c].min.unwrap_or(1.0).max(1e-3),
    }
}

/// Binary x per shared candidate column.
fn shared_vars(m: &mut Milp, s: &Scenario, c: &Candidates) -> Vec<usize> {
    c.shared
        .iter()
        .map(|col| {
            let mut name = String::with_capacity(64);
            name.push_str("x[");
            rules::push_group_name(
                &mut name,
                s,
                &col.members,
                col.domain,
                col.form.unwrap_or(0),
            );
            name.push(']');
            // The model keeps a hundred thousand of these: no spare capacity.
            name.shrink_to_fit();
            m.add_var(name, VarKind::Binary, 0.0, 1.0)
        })
        .collect()
}

/// Binary x per standalone column that exists.
fn alone_vars(m: &mut Milp, s: &Scenario, c: &Candidates) -> Vec<Option<usize>> {
    c.alone
        .iter()
        .map(|col| {
            col.as_ref().map(|col| {
                let (p, d) = (col.members[0], col.domain);
                let name = format!("x[{}|{}|alone]", s.partners[p].id, s.domains[d].id);
                m.add_var(name, VarKind::Binary, 0.0, 1.0)
            })
        })
        .collect()
}

/// Binary z per vehicle (members, form).
fn vehicle_vars(m: &mut Milp, s: &Scenario, c: &Candidates) -> Vec<usize> {
    c.vehicles
        .iter()
        .map(|(members, f)| {
            let name = format!("z[{}|{}]", crate::rules::ids(s, members), s.forms[*f].id);
            m.add_var(name, VarKind::Binary, 0.0, 1.0)
        })
        .collect()
}
