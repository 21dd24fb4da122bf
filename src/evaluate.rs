//! Evaluation of a plan: every partner's yearly cash, staff and NPV under the plan and alone,
//! and every scenario rule the plan breaks. The optimiser's result is reported through this
//! same code, so a number is never computed two ways.

use crate::costs::{self, Cat, ColumnCost, Ledger};
use crate::format::eur;
/// A budget or individual-rationality bound holds when it is exceeded by at most this share
/// (about EUR 1 per EUR 1 million): the same allowance as in the MILP's rows, so that the
/// optimiser and `evaluate` agree on what is feasible.
use crate::milp::RESIDUAL_TOLERANCE;
use crate::plan::Plan;
use crate::rules;
use crate::scenario::{DistancePer, Guard, Objective, Scenario};

/// A vehicle: one group of partners using one form, hosting one or more domains.
#[derive(Debug, Clone)]
pub struct VehicleCost {
    /// Indices into `Scenario::partners` of its members, ascending.
    pub members: Vec<usize>,
    /// Index into `Scenario::forms` of its cooperation form.
    pub form: usize,
    /// Indices into `Scenario::domains` of the domains it hosts, in plan order.
    pub domains: Vec<usize>,
    /// Per member: its share of setup and governance.
    pub ledgers: Vec<Ledger>,
}

/// What one partner pays and employs year by year, under the plan and when alone.
#[derive(Debug, Clone)]
pub struct PartnerOutcome {
    /// Everything the partner pays under the plan, its own payroll included.
    pub ledger: Ledger,
    /// The same when it runs every domain alone.
    pub baseline: Ledger,
    /// In-house FTE need per year under the plan.
    pub need_fte: Vec<f64>,
    /// FTE on its payroll per year under the plan (need, or remaining staff).
    pub paid_fte: Vec<f64>,
    /// FTE transferred into vehicles per year.
    pub transferred_fte: Vec<f64>,
    /// FTE on its payroll per year when alone.
    pub baseline_fte: Vec<f64>,
    /// In-house FTE need per year when alone.
    pub baseline_need_fte: Vec<f64>,
}

/// A scenario rule the plan breaks, named like the MILP's constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The rule, named like the MILP's row (`budget[p,year]`, `rational[p]`, `group[...]`, ...).
    pub rule: String,
    /// What breaks the rule, in words (with the amounts involved).
    pub message: String,
}

/// A plan evaluated: its groups' and vehicles' costs, every partner's outcome, broken rules.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The shared columns of the plan (one per group), in plan order.
    pub groups: Vec<ColumnCost>,
    /// The plan's vehicles: one per distinct (members, form), in order of first use.
    pub vehicles: Vec<VehicleCost>,
    /// Per partner (index into `Scenario::partners`): what it pays and employs, plan and alone.
    pub partners: Vec<PartnerOutcome>,
    /// Every rule the plan breaks, in the order found (empty: the plan is allowed).
    pub violations: Vec<Violation>,
}

impl Evaluation {
    /// NPV of everything all partners pay under the plan, euro of the base year.
    pub fn npv(&self, s: &Scenario) -> f64 {
        self.partners.iter().map(|p| p.ledger.npv(s)).sum()
    }
    /// What the scenario's objective minimises for this plan, euro: its NPV, or under the
    /// capacity objective its NPV less the salary of every partner's spare staff (staff
    /// count as free capacity, not as cost, where the plan no longer needs them).
    pub fn objective_value(&self, s: &Scenario) -> f64 {
        match s.objective {
            Objective::Cost => self.npv(s),
            Objective::Capacity(_) => {
                let spare: f64 = (self.partners.iter().enumerate())
                    .map(|(p, o)| salary_npv(s, p, &o.spare_fte(s, p)))
                    .sum();
                self.npv(s) - spare
            }
        }
    }
    /// NPV of everything all partners pay when each runs every domain alone, euro.
    pub fn baseline_npv(&self, s: &Scenario) -> f64 {
        self.partners.iter().map(|p| p.baseline.npv(s)).sum()
    }
    /// Total cash of row t (0..=H) under the plan.
    pub fn cash(&self, t: usize) -> f64 {
        self.partners.iter().map(|p| p.ledger.cash(t)).sum()
    }
    /// Total cash of row t (0..=H) when every partner is alone, undiscounted euro.
    pub fn baseline_cash(&self, t: usize) -> f64 {
        self.partners.iter().map(|p| p.baseline.cash(t)).sum()
    }
    /// FTE on all payrolls in year t (0..H): the partners' own staff and the groups' shared
    /// staff.
    pub fn fte(&self, t: usize) -> f64 {
        let own: f64 = self.partners.iter().map(|o| o.paid_fte[t]).sum();
        own + self.groups.iter().map(|c| c.shared_fte[t]).sum::<f64>()
    }
    /// FTE on all payrolls in year t when everyone is alone.
    pub fn baseline_fte(&self, t: usize) -> f64 {
        self.partners.iter().map(|o| o.baseline_fte[t]).sum()
    }
    /// First year from which the cumulative discounted saving stays non-negative; `None`
    /// for a plan without groups (nothing to pay back) or one that never pays back.
    pub fn payback_year(&self, s: &Scenario) -> Option<i32> {
        if self.groups.is_empty() {
            return None;
        }
        payback((0..=s.horizon).map(|t| {
            let saving = self.baseline_cash(t) - self.cash(t);
            (s.base_year + t as i32, s.discount(t) * saving)
        }))
    }
}

/// The payback year of (calendar year, discounted saving) flows in year order: the first year
/// from which the cumulative discounted saving stays non-negative (within a cent's rounding).
pub fn payback(flows: impl IntoIterator<Item = (i32, f64)>) -> Option<i32> {
    let mut cumulative = 0.0;
    let mut since = None;
    for (year, saving) in flows {
        cumulative += saving;
        if cumulative >= -1e-6 {
            since.get_or_insert(year);
        } else {
            since = None;
        }
    }
    since
}

impl PartnerOutcome {
    /// NPV alone minus NPV in the plan.
    pub fn saving(&self, s: &Scenario) -> f64 {
        self.baseline.npv(s) - self.ledger.npv(s)
    }

    /// Spare staff per year under the plan: FTE on p's payroll beyond what its choices and
    /// its retained organisation need (kept on under no layoffs, free for new services).
    pub fn spare_fte(&self, s: &Scenario, p: usize) -> Vec<f64> {
        spare(s, p, &self.paid_fte, &self.need_fte)
    }

    /// Spare staff per year when p runs everything alone.
    pub fn spare_fte_alone(&self, s: &Scenario, p: usize) -> Vec<f64> {
        spare(s, p, &self.baseline_fte, &self.baseline_need_fte)
    }

    /// ICT capacity the plan frees for partner p against going alone, euro NPV ("more with
    /// the same means"): what it no longer spends plus the salary of the staff it no longer
    /// needs, beyond those already spare alone.
    pub fn freed(&self, s: &Scenario, p: usize) -> f64 {
        let spare_gain: Vec<f64> = (self.spare_fte(s, p).iter())
            .zip(self.spare_fte_alone(s, p))
            .map(|(plan, alone)| plan - alone)
            .collect();
        self.saving(s) + salary_npv(s, p, &spare_gain)
    }

    /// The freed capacity of the last planned year as FTE at p's salary then: the cash
    /// saving of that year over the salary, plus the extra spare staff.
    pub fn freed_fte_last_year(&self, s: &Scenario, p: usize) -> f64 {
        let t = s.horizon - 1;
        let cash = self.baseline.cash(t) - self.ledger.cash(t);
        cash / s.salary_of(p, t) + self.spare_fte(s, p)[t] - self.spare_fte_alone(s, p)[t]
    }
}

/// Paid FTE beyond the need (at least the retained organisation), per year.
fn spare(s: &Scenario, p: usize, paid: &[f64], need: &[f64]) -> Vec<f64> {
    let retained = s.partners[p].retained_fte;
    (paid.iter().zip(need))
        .map(|(f, n)| (f - n.max(retained)).max(0.0))
        .collect()
}

/// The discounted salary of `fte` FTE per year on p's payroll, euro.
fn salary_npv(s: &Scenario, p: usize, fte: &[f64]) -> f64 {
    (fte.iter().enumerate())
        .map(|(t, f)| s.discount(t) * s.salary_of(p, t) * f)
        .sum()
}

/// Own payroll of partner p for in-house needs `need` and transfer caps `cap` per year, never
/// below its retained staff: adds it to the ledger and returns (paid FTE, transferred FTE).
fn payroll(
    s: &Scenario,
    p: usize,
    need: &[f64],
    cap: &[f64],
    ledger: &mut Ledger,
) -> (Vec<f64>, Vec<f64>) {
    let mut paid = vec![0.0; s.horizon];
    let mut moved = vec![0.0; s.horizon];
    for t in 0..s.horizon {
        let need = need[t].max(s.partners[p].retained_fte);
        let (f, tr) = costs::paid_staff(need, s.remaining_staff(p, t), cap[t]);
        paid[t] = f;
        moved[t] = tr;
        ledger.add(t, Cat::OwnStaff, s.salary_of(p, t) * f);
    }
    (paid, moved)
}

/// Every partner running every domain alone: (ledger incl. payroll, paid FTE) per partner.
pub fn baseline(s: &Scenario) -> Vec<(Ledger, Vec<f64>)> {
    (0..s.partners.len())
        .map(|p| {
            let (mut ledger, need) = alone_costs(s, p);
            let (paid, _) = payroll(s, p, &need, &vec![0.0; s.horizon], &mut ledger);
            (ledger, paid)
        })
        .collect()
}

/// Partner p running every domain alone: its ledger without payroll, and its in-house FTE
/// need per year.
fn alone_costs(s: &Scenario, p: usize) -> (Ledger, Vec<f64>) {
    let mut ledger = Ledger::new(s.horizon);
    let mut need = vec![0.0; s.horizon];
    for d in 0..s.domains.len() {
        let (l, fte) = costs::standalone(s, p, d);
        ledger.add_scaled(&l, 1.0);
        for (n, f) in need.iter_mut().zip(fte) {
            *n += f;
        }
    }
    (ledger, need)
}

/// Partner p's in-house FTE need per year when it runs every domain alone.
fn alone_need(s: &Scenario, p: usize) -> Vec<f64> {
    alone_costs(s, p).1
}

/// Every partner's NPV alone (payroll included): the reference of individual rationality.
pub fn baseline_npv(s: &Scenario) -> Vec<f64> {
    baseline(s).iter().map(|(l, _)| l.npv(s)).collect()
}

/// Evaluates a plan: costs, staff, and every rule it breaks.
pub fn evaluate(s: &Scenario, plan: &Plan) -> Evaluation {
    let (owner, mut violations) = cover(s, plan);
    violations.extend(alone_violations(s, &owner));
    let groups: Vec<ColumnCost> = plan
        .groups
        .iter()
        .map(|g| costs::column_from(s, &g.members, g.domain, Some(g.form), g.start))
        .collect();
    let vehicles = vehicles(s, plan, &groups);
    let base = baseline(s);
    let partners: Vec<PartnerOutcome> = (0..s.partners.len())
        .map(|p| {
            let (outcome, count) = outcome(s, p, &owner[p], &groups, &vehicles, &base[p]);
            violations.extend(vehicle_limit_violation(s, p, count));
            outcome
        })
        .collect();
    for (p, o) in partners.iter().enumerate() {
        violations.extend(budget_violations(s, p, o));
        violations.extend(guard_violations(s, p, o));
        violations.extend(rationality_violation(s, p, o));
    }
    // Minimum scores on the non-monetary criteria (`crate::criteria`), named `min_score[ID]`.
    violations.extend(
        (crate::criteria::shortfalls(s, plan).into_iter())
            .map(|(rule, message)| Violation { rule, message }),
    );
    Evaluation {
        groups,
        vehicles,
        partners,
        violations,
    }
}

/// Per partner and domain, the plan's group that covers it (`None`: alone).
type Owners = Vec<Vec<Option<usize>>>;

/// Who covers what, with the groups' own breaches and every partner in two groups of a
/// domain, in plan order.
fn cover(s: &Scenario, plan: &Plan) -> (Owners, Vec<Violation>) {
    let mut violations = Vec::new();
    let mut owner: Owners = vec![vec![None; s.domains.len()]; s.partners.len()];
    for (gi, g) in plan.groups.iter().enumerate() {
        violations.extend(group_violations(s, g));
        for &p in &g.members {
            if owner[p][g.domain].is_some() {
                violations.push(double_cover(s, p, g.domain));
            }
            owner[p][g.domain] = Some(gi);
        }
    }
    (owner, violations)
}

fn group_violations(s: &Scenario, g: &crate::plan::Group) -> Vec<Violation> {
    let name = rules::group_name(s, &g.members, g.domain, g.form);
    rules::group_breaches(s, &g.members, g.domain, g.form)
        .into_iter()
        .map(|b| Violation {
            rule: format!("group[{name}]"),
            message: b.message,
        })
        .collect()
}

fn double_cover(s: &Scenario, p: usize, d: usize) -> Violation {
    Violation {
        rule: format!("cover[{},{}]", s.partners[p].id, s.domains[d].id),
        message: format!(
            "{} is in two groups for `{}`",
            s.partners[p].id, s.domains[d].id
        ),
    }
}

/// The rules broken by partners running a domain alone.
fn alone_violations(s: &Scenario, owner: &Owners) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (p, row) in owner.iter().enumerate() {
        for (d, o) in row.iter().enumerate() {
            if o.is_none() {
                for b in rules::alone_breaches(s, p, d) {
                    violations.push(Violation {
                        rule: format!("cover[{},{}]", s.partners[p].id, s.domains[d].id),
                        message: b.message,
                    });
                }
            }
        }
    }
    violations
}

/// One vehicle per distinct (members, form), hosting the domains of its groups (`columns`,
/// the plan's groups costed), with its trips when the distance is charged per vehicle.
fn vehicles(s: &Scenario, plan: &Plan, columns: &[ColumnCost]) -> Vec<VehicleCost> {
    let mut vehicles: Vec<VehicleCost> = Vec::new();
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    for (g, col) in plan.groups.iter().zip(columns) {
        let at = vehicles
            .iter()
            .position(|v| v.members == g.members && v.form == g.form);
        let v = at.unwrap_or_else(|| {
            vehicles.push(VehicleCost {
                members: g.members.clone(),
                form: g.form,
                domains: Vec::new(),
                ledgers: costs::vehicle(s, &g.members, g.form),
            });
            runs.push(Vec::new());
            vehicles.len() - 1
        });
        vehicles[v].domains.push(g.domain);
        runs[v].extend(col.site.map(|site| (site, col.start)));
    }
    if s.distance_per == DistancePer::Vehicle {
        for (v, runs) in vehicles.iter_mut().zip(&runs) {
            let trips = costs::trips(s, &v.members, runs);
            for (l, trip) in v.ledgers.iter_mut().zip(&trips) {
                l.add_scaled(trip, 1.0);
            }
        }
    }
    vehicles
}

/// What partner `p` pays and employs under the plan, and in how many vehicles it takes part.
fn outcome(
    s: &Scenario,
    p: usize,
    owner: &[Option<usize>],
    groups: &[ColumnCost],
    vehicles: &[VehicleCost],
    base: &(Ledger, Vec<f64>),
) -> (PartnerOutcome, usize) {
    let (mut ledger, need, cap) = domain_costs(s, p, owner, groups);
    let count = add_vehicles(p, vehicles, &mut ledger);
    let (paid, moved) = payroll(s, p, &need, &cap, &mut ledger);
    let (baseline, baseline_fte) = base.clone();
    let outcome = PartnerOutcome {
        ledger,
        baseline,
        need_fte: need,
        paid_fte: paid,
        transferred_fte: moved,
        baseline_fte,
        baseline_need_fte: alone_need(s, p),
    };
    (outcome, count)
}

/// Partner `p`'s share of every domain, in its group or alone: (ledger, in-house FTE need,
/// FTE it may transfer into shared services) per year.
fn domain_costs(
    s: &Scenario,
    p: usize,
    owner: &[Option<usize>],
    groups: &[ColumnCost],
) -> (Ledger, Vec<f64>, Vec<f64>) {
    let h = s.horizon;
    let mut ledger = Ledger::new(h);
    let mut need = vec![0.0; h];
    let mut cap = vec![0.0; h];
    for (d, o) in owner.iter().enumerate() {
        match *o {
            Some(gi) => {
                let c = &groups[gi];
                let i = c.members.iter().position(|&m| m == p).unwrap_or(0);
                add_share(s, c, i, &mut ledger, &mut need, &mut cap);
            }
            None => {
                let c = costs::column(s, &[p], d, None);
                add_share(s, &c, 0, &mut ledger, &mut need, &mut cap);
            }
        }
    }
    (ledger, need, cap)
}

/// Adds member `i`'s share of column `c`.
fn add_share(
    s: &Scenario,
    c: &ColumnCost,
    i: usize,
    ledger: &mut Ledger,
    need: &mut [f64],
    cap: &mut [f64],
) {
    ledger.add_scaled(&c.ledgers[i], 1.0);
    let transfer = c.form.is_some_and(|f| s.forms[f].staff_transfer);
    for t in 0..s.horizon {
        need[t] += c.own_fte[i][t];
        if transfer {
            cap[t] += c.key[i] * c.shared_fte[t];
        }
    }
}

/// Adds partner `p`'s share of its vehicles; returns how many there are.
fn add_vehicles(p: usize, vehicles: &[VehicleCost], ledger: &mut Ledger) -> usize {
    let mut count = 0;
    for v in vehicles {
        if let Some(i) = v.members.iter().position(|&m| m == p) {
            ledger.add_scaled(&v.ledgers[i], 1.0);
            count += 1;
        }
    }
    count
}

fn vehicle_limit_violation(s: &Scenario, p: usize, count: usize) -> Option<Violation> {
    let max = s.constraints.max_vehicles_per_partner?;
    (count > max).then(|| Violation {
        rule: format!("vehicles[{}]", s.partners[p].id),
        message: format!(
            "{} takes part in {count} vehicles, above constraints.max_vehicles_per_partner = {max}",
            s.partners[p].id
        ),
    })
}

fn budget_violations(s: &Scenario, p: usize, o: &PartnerOutcome) -> Vec<Violation> {
    let id = &s.partners[p].id;
    let Some(budget) = s.partners[p].budget else {
        return Vec::new();
    };
    let mut violations = Vec::new();
    for t in 0..s.horizon {
        let cash = o.ledger.cash(t);
        if cash > budget + RESIDUAL_TOLERANCE * (1.0 + budget) {
            violations.push(Violation {
                rule: format!("budget[{id},{}]", s.base_year + t as i32),
                message: format!(
                    "{id} would spend {} on ICT in {}, above its budget of {}",
                    eur(cash),
                    s.base_year + t as i32,
                    eur(budget)
                ),
            });
        }
    }
    violations
}

/// Under the capacity objective with a yearly guard: in no year does p pay more than alone.
fn guard_violations(s: &Scenario, p: usize, o: &PartnerOutcome) -> Vec<Violation> {
    if s.objective != Objective::Capacity(Guard::Year) {
        return Vec::new();
    }
    let id = &s.partners[p].id;
    (0..s.horizon)
        .filter_map(|t| {
            let (plan, alone) = (o.ledger.cash(t), o.baseline.cash(t));
            let year = s.base_year + t as i32;
            (plan > alone + RESIDUAL_TOLERANCE * (1.0 + alone.abs())).then(|| Violation {
                rule: format!("no_dearer[{id},{year}]"),
                message: format!(
                    "{id} would pay {} in {year}, more than the {} it pays alone (the capacity \
                     objective's yearly guard)",
                    eur(plan),
                    eur(alone)
                ),
            })
        })
        .collect()
}

/// Individual rationality: nobody pays more in the plan than alone (less the minimum saving).
fn rationality_violation(s: &Scenario, p: usize, o: &PartnerOutcome) -> Option<Violation> {
    if !s.rationality_applies() {
        return None;
    }
    let id = &s.partners[p].id;
    let alone = o.baseline.npv(s);
    let limit = (1.0 - s.required_saving()) * alone;
    let plan = o.ledger.npv(s);
    (plan > limit + RESIDUAL_TOLERANCE * (1.0 + alone.abs())).then(|| Violation {
        rule: format!("rational[{id}]"),
        message: format!(
            "{id} would pay an NPV of {}, more than {}its NPV alone of {} (individual rationality)",
            eur(plan),
            min_saving_text(s.required_saving()),
            eur(alone)
        ),
    })
}

fn min_saving_text(min_saving: f64) -> String {
    if min_saving > 0.0 {
        format!("{:.1}% below ", 100.0 * min_saving)
    } else {
        String::new()
    }
}
