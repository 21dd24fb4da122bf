//! The hub (facility-location) formulation of `docs/model.md`, for regions where enumerating
//! groups is impossible.
//!
//! Per domain, a *slot* is a possible group: a host partner h, a form f and a start year s.
//! `o[slot]` opens it (the host is then a member), `y[p,slot]` makes p a member. The pooled
//! base-year volume V of an open slot is written as a convex combination of grid volumes
//! (`lam`) with one binary per grid segment (`seg`): the lambda formulation, since HiGHS has
//! no SOS2 constraints. Everything that depends on V (the shared service's running costs,
//! investments and residual value, its staff and the VAT on them, the host's VAT exemption of
//! a hosted form, the transferable FTE) is tabulated on the grid; everything that depends on
//! a member alone (its standalone costs before s, integration, coordination, distance to the
//! host) is a coefficient of its `y`. Vehicles are (host, form) pairs whose domains must all
//! have the same members, as in the column formulation.
//!
//! Symmetry: a group has one host, fixed by the data wherever the host does not change the
//! cost: a hosted form's host is its largest-volume member (as in [`crate::costs::host`]);
//! without distances any other form's host is its lowest-index member. With a distance cost
//! the optimiser chooses the host, which then is the member closest in total to the others
//! (as in [`crate::costs::site`]; where individual rationality holds, rows make it exactly
//! that member, see `site`).
//!
//! Start years: a slot starting at s admits members free by s, and must contain a member
//! whose lock-in (or the form's lead time) is exactly s, so the start is the one the column
//! formulation would compute for the same group.
//!
//! What the hub formulation does not model (refused with a clear error, use columns): per-year
//! budgets, groups forced or forbidden by an alternative, existing providers (a form with
//! `provider_price`), and (in region mode) minimum scores and valued criteria. A partner with no volume in a
//! domain may join a group for it like any other.

mod criteria;
mod grid;
mod plan;
mod rationality;
mod rows;
mod site;
mod slots;
mod staff;
mod trips;
mod vehicles;

pub use grid::Grid;

use crate::error::Error;
use crate::milp::{Milp, VarKind};
use crate::scenario::Scenario;

/// Partners up to which vehicles are modelled exactly (any anchor, several per form); beyond,
/// a vehicle is keyed by its slots' host, one per host and form.
pub const EXACT_VEHICLES_MAX_PARTNERS: usize = 16;

/// One possible group: host, domain, form, start year, and its variables.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Index into `Scenario::partners` of the host (always a member when the slot is open).
    pub host: usize,
    /// Index into `Scenario::domains` of the shared domain.
    pub domain: usize,
    /// Index into `Scenario::forms` of the cooperation form.
    pub form: usize,
    /// Year offset t (0..H) from which the group shares: the lead time or a member's lock-in.
    pub start: usize,
    /// `o`: the slot is open (and its host a member).
    pub open: usize,
    /// `(partner, y)` of every other partner that may join.
    pub others: Vec<(usize, usize)>,
    /// The pooled base-year volumes at which the slot's cost is tabulated.
    pub grid: Grid,
    /// `lam` per grid volume.
    pub lam: Vec<usize>,
}

impl Slot {
    /// Position of partner p among the slot's members (the host is 0, then `others`).
    pub fn index_of(&self, p: usize) -> Option<usize> {
        if p == self.host {
            Some(0)
        } else {
            self.others.iter().position(|&(q, _)| q == p).map(|i| i + 1)
        }
    }

    /// Every partner that may join besides the host.
    pub fn partners(&self) -> impl Iterator<Item = usize> + '_ {
        self.others.iter().map(|&(p, _)| p)
    }

    /// The possible members: the host, then every other partner that may join.
    pub fn members(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.host).chain(self.partners())
    }

    /// The membership variable of partner p (the host's is `open`).
    pub fn var_of(&self, p: usize) -> Option<usize> {
        self.index_of(p).map(|i| match i {
            0 => self.open,
            i => self.others[i - 1].1,
        })
    }
}

/// The hub MILP and where its variables came from.
#[derive(Debug, Clone)]
pub struct HubModel {
    /// The MILP itself.
    pub milp: Milp,
    /// Every possible group (host, domain, form, start year), with its variables.
    pub slots: Vec<Slot>,
    /// Whether every slot's grid holds every volume it can reach (then the model's objective
    /// is the plan's exact NPV).
    pub exact: bool,
    /// Everyone alone, as a feasible point of the model (a first incumbent for the solver);
    /// `None` when some partner may not run some domain alone.
    pub start: Option<Vec<f64>>,
    /// Per partner and domain, the variable of running it alone (None: not allowed).
    pub alone: Vec<Vec<Option<usize>>>,
    /// Region mode (more than [`EXACT_VEHICLES_MAX_PARTNERS`] partners): vehicles keyed by
    /// host, staff transfers capped per membership and individual rationality left to the
    /// evaluator, so the model relaxes transfers and rationality; its plans are re-priced and
    /// checked exactly.
    pub region: bool,
    /// The vehicles of the model and their variables.
    pub vehicles: Vec<HubVehicle>,
    /// Groups whose members all have no volume in the domain are not modelled (their costs
    /// split equally, which the volume grid cannot express); set when such a group was
    /// possible, so the plan space was restricted and an optimum is optimal only within it.
    pub restricted: Option<String>,
}

/// A vehicle of the hub model: keyed by anchor, form and copy number.
#[derive(Debug, Clone)]
pub struct HubVehicle {
    /// The anchor: the lowest-index member, or (region mode) the host of its slots.
    pub anchor: usize,
    /// Index into `Scenario::forms` of the vehicle's form.
    pub form: usize,
    /// Copy number: an anchor may run several vehicles of one form (one per domain at most).
    pub copy: usize,
    /// `v`: the vehicle exists (and the anchor is its member).
    pub v: usize,
    /// `(partner, membership variable)`, the anchor first (its variable is `v`).
    pub members: Vec<(usize, usize)>,
    /// `(slot, attach variable)` of every slot that may use it.
    pub attached: Vec<(usize, usize)>,
    /// With individual rationality: `(member count, binary)`.
    pub counts: Vec<(usize, usize)>,
}

/// Builds the hub MILP. `baseline_npv[p]` is p's NPV alone (for individual rationality).
pub fn build(s: &Scenario, baseline_npv: &[f64]) -> Result<HubModel, Error> {
    if let Some(why) = unsupported(s) {
        return Err(Error::Usage(format!(
            "{why}; use --formulation columns (up to a few thousand candidate groups)"
        )));
    }
    let mut b = Builder::new(s);
    b.slots();
    b.alone();
    b.slot_rows();
    b.site_rows();
    b.cover();
    b.vehicles();
    b.trips();
    b.vehicle_limits();
    b.staff();
    b.criteria();
    // In region mode individual rationality is left to the evaluator (a relaxation: the
    // heuristic's plans satisfy it, and a MILP plan that breaks it is not reported); its rows
    // were a third of the model and did not move the LP bound.
    if s.rationality_applies() && !b.region {
        b.rationality(baseline_npv);
    }
    Ok(b.finish())
}

/// A slot's costs, tabulated where they depend on the pooled volume.
struct Prices {
    /// Per member (host first): its costs that do not depend on the pooled volume, and the
    /// FTE it needs in house before the start.
    own: Vec<(f64, Vec<f64>)>,
    /// Per grid volume: the slot's NPV.
    cost: Vec<f64>,
    /// Per grid volume, per year: the service's FTE.
    fte: Vec<Vec<f64>>,
    /// Per grid volume: the (service, staff) parts of its NPV.
    parts: Vec<(f64, f64)>,
}

/// Every partner's standalone choices.
struct Alone {
    /// Per partner and domain: the variable of running it alone (None: not allowed).
    var: Vec<Vec<Option<usize>>>,
    /// Per partner and domain, per year: the FTE it needs alone.
    fte: Vec<Vec<Vec<f64>>>,
    /// Per partner and domain: its NPV alone.
    npv: Vec<Vec<f64>>,
}

/// The hub model under construction, its variables and what they cost.
struct Builder<'a> {
    s: &'a Scenario,
    m: Milp,
    /// Terms of the objective, set on the model when it is finished.
    objective: Vec<(usize, f64)>,
    /// More than [`EXACT_VEHICLES_MAX_PARTNERS`] partners (see [`HubModel::region`]).
    region: bool,
    /// Whether distances cost anything (then the optimiser chooses a group's host).
    distances: bool,
    slots: Vec<Slot>,
    prices: Vec<Prices>,
    alone: Alone,
    /// Per partner: (slot, membership variable) of every slot it may be in.
    memberships: Vec<Vec<(usize, usize)>>,
    vehicles: Vec<HubVehicle>,
    /// Paid staff F per partner and year.
    f_vars: Vec<Vec<usize>>,
    /// Per partner: (trip variable, NPV) of its trips (distance charged per vehicle).
    trip_npv: Vec<Vec<(usize, f64)>>,
}

impl<'a> Builder<'a> {
    fn new(s: &'a Scenario) -> Self {
        let (np, nd) = (s.partners.len(), s.domains.len());
        Builder {
            s,
            m: Milp::default(),
            objective: Vec::new(),
            region: np > EXACT_VEHICLES_MAX_PARTNERS,
            distances: crate::costs::distances_used(s),
            slots: Vec::new(),
            prices: Vec::new(),
            alone: Alone {
                var: vec![vec![None; nd]; np],
                fte: vec![vec![Vec::new(); nd]; np],
                npv: vec![vec![0.0; nd]; np],
            },
            memberships: vec![Vec::new(); np],
            vehicles: Vec::new(),
            f_vars: vec![Vec::new(); np],
            trip_npv: vec![Vec::new(); np],
        }
    }

    fn pid(&self, p: usize) -> &'a str {
        self.s.partners[p].id.as_str()
    }

    fn binary(&mut self, name: String) -> usize {
        self.m.add_var(name, VarKind::Binary, 0.0, 1.0)
    }

    /// A continuous variable ≥ 0.
    fn amount(&mut self, name: String) -> usize {
        self.m
            .add_var(name, VarKind::Continuous, 0.0, f64::INFINITY)
    }

    fn finish(mut self) -> HubModel {
        self.m.objective = self.objective;
        let exact = !self.region && self.slots.iter().all(|k| k.grid.exact);
        // Everyone alone is no feasible first incumbent when it misses a minimum score.
        let start = super::criteria::alone_meets_minimums(self.s)
            .then(|| plan::everyone_alone(self.s, &self.m, &self.alone, &self.f_vars))
            .flatten();
        HubModel {
            milp: self.m,
            slots: self.slots,
            exact,
            start,
            alone: self.alone.var,
            region: self.region,
            vehicles: self.vehicles,
            restricted: slots::zero_volume_groups(self.s),
        }
    }
}

/// What the hub formulation cannot express, as an error naming the way out.
fn unsupported(s: &Scenario) -> Option<String> {
    if let Some(f) = s.forms.iter().find(|f| f.is_provider()) {
        return Some(format!(
            "form `{}` is an existing provider (provider_price), which the hub formulation does not model",
            f.id
        ));
    }
    if s.partners.iter().any(|p| p.budget.is_some()) {
        return Some("per-year budgets are not modelled by the hub formulation".into());
    }
    if s.objective != crate::scenario::Objective::Cost {
        return Some("the capacity objective is not modelled by the hub formulation".into());
    }
    if !s.constraints.forced.is_empty() || !s.constraints.forbidden.is_empty() {
        return Some(
            "groups forced or forbidden by an alternative are not modelled by the hub formulation"
                .into(),
        );
    }
    if s.partners.len() > EXACT_VEHICLES_MAX_PARTNERS && criteria_decide(s) {
        // The cluster heuristic solves clusters on their own: a scenario-wide minimum score
        // or value is not a sum over clusters.
        return Some(
            "minimum scores and valued criteria (criterion.min, criterion.value_eur) are not modelled in region mode".into(),
        );
    }
    None
}

/// Whether some criterion has a minimum or a value in euro (so it can change the plan).
fn criteria_decide(s: &Scenario) -> bool {
    (s.criteria.iter()).any(|c| c.min.is_some() || c.value_eur != 0.0)
}

/// Σ δ_t over years a..H.
fn annuity(s: &Scenario, a: usize) -> f64 {
    (a..s.horizon).map(|t| s.discount(t)).sum()
}

/// The largest and smallest group form f admits (the scenario's size limit included).
fn size_limits(s: &Scenario, f: usize) -> (usize, usize) {
    let fm = &s.forms[f];
    let max_size = fm
        .max_members
        .min(s.constraints.max_group_size.unwrap_or(usize::MAX));
    (max_size, fm.min_members.max(2))
}
