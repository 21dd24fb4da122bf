//! The hub (facility-location) formulation of MODEL.md §3, for regions where enumerating
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
//! (as in [`crate::costs::site`]).
//!
//! Start years: a slot starting at s admits members free by s, and must contain a member
//! whose lock-in (or the form's lead time) is exactly s, so the start is the one the column
//! formulation would compute for the same group.
//!
//! What the hub formulation does not model (refused with a clear error, use columns): per-year
//! budgets, and groups forced or forbidden by an alternative. A partner with no volume in a
//! domain may join a group for it like any other.

mod grid;

pub use grid::Grid;

use super::{limits, staff};
use crate::costs::{self, partner_km};
use crate::error::Error;
use crate::milp::{Milp, Sense, VarKind};
use crate::plan::{Group, Plan};
use crate::rules;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// Partners up to which vehicles are modelled exactly (any anchor, several per form); beyond,
/// a vehicle is keyed by its slots' host, one per host and form.
pub const EXACT_VEHICLES_MAX_PARTNERS: usize = 16;

/// One possible group: host, domain, form, start year, and its variables.
#[derive(Debug, Clone)]
pub struct Slot {
    pub host: usize,
    pub domain: usize,
    pub form: usize,
    pub start: usize,
    /// `o`: the slot is open (and its host a member).
    pub open: usize,
    /// `(partner, y)` of every other partner that may join.
    pub others: Vec<(usize, usize)>,
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
    pub milp: Milp,
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
    pub form: usize,
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

impl HubModel {
    /// A plan as a partial assignment of the model's binaries (slots, memberships, alone;
    /// the rest left undefined, `f64::INFINITY`, for HiGHS to complete), or `None` when a
    /// group has no slot (a shape the hub model does not offer).
    pub fn start_of(&self, s: &Scenario, plan: &Plan) -> Option<Vec<f64>> {
        let mut v = vec![f64::INFINITY; self.milp.vars.len()];
        for k in &self.slots {
            v[k.open] = 0.0;
            for &(_, y) in &k.others {
                v[y] = 0.0;
            }
        }
        for x in self.alone.iter().flatten().flatten() {
            v[*x] = 1.0;
        }
        let mut opened: Vec<(usize, &Group)> = Vec::new();
        for g in &plan.groups {
            let start = costs::start_year(s, &g.members, g.domain, s.forms[g.form].lead_time);
            let (k, slot) = self
                .slots
                .iter()
                .enumerate()
                .filter(|(_, k)| {
                    k.domain == g.domain
                        && k.form == g.form
                        && k.start == start
                        && g.members.contains(&k.host)
                        && g.members.iter().all(|&p| k.index_of(p).is_some())
                })
                .min_by(|(_, a), (_, b)| {
                    let km = |k: &Slot| -> f64 {
                        g.members.iter().map(|&p| partner_km(s, p, k.host)).sum()
                    };
                    km(a).total_cmp(&km(b))
                })?;
            v[slot.open] = 1.0;
            for &(p, y) in &slot.others {
                if g.members.contains(&p) {
                    v[y] = 1.0;
                }
            }
            opened.push((k, g));
            for &p in &g.members {
                if let Some(x) = self.alone[p][g.domain] {
                    v[x] = 0.0;
                }
            }
        }
        // Vehicles: one per anchor, form and member set, copies numbered in order.
        for x in &self.vehicles {
            v[x.v] = 0.0;
            for &(_, mv) in &x.members {
                v[mv] = 0.0;
            }
            for &(k, att) in &x.attached {
                if att != self.slots[k].open {
                    v[att] = 0.0;
                }
            }
            for &(_, c) in &x.counts {
                v[c] = 0.0;
            }
        }
        // Per (anchor, form): its member sets in order of first use; the position is the copy.
        let mut sets: BTreeMap<(usize, usize), Vec<&[usize]>> = BTreeMap::new();
        for (k, g) in opened {
            let anchor = if self.region {
                self.slots[k].host
            } else {
                g.members[0]
            };
            let used = sets.entry((anchor, g.form)).or_default();
            let copy = match used.iter().position(|&m| m == g.members.as_slice()) {
                Some(j) => j,
                None => {
                    used.push(&g.members);
                    used.len() - 1
                }
            };
            let x = self
                .vehicles
                .iter()
                .find(|x| (x.anchor, x.form, x.copy) == (anchor, g.form, copy))?;
            let &(_, att) = x.attached.iter().find(|&&(kk, _)| kk == k)?;
            v[att] = 1.0;
            v[x.v] = 1.0;
            for &(p, mv) in &x.members {
                if g.members.contains(&p) {
                    v[mv] = 1.0;
                }
            }
            if let Some(&(_, c)) = x.counts.iter().find(|&&(n, _)| n == g.members.len()) {
                v[c] = 1.0;
            }
        }
        Some(v)
    }

    /// The plan of a solution: the open slots and their members.
    pub fn plan_of(&self, values: &[f64]) -> Plan {
        let groups = self
            .slots
            .iter()
            .filter(|k| values[k.open] > 0.5)
            .map(|k| {
                let mut members: Vec<usize> = std::iter::once(k.host)
                    .chain(
                        k.others
                            .iter()
                            .filter(|&&(_, y)| values[y] > 0.5)
                            .map(|&(p, _)| p),
                    )
                    .collect();
                members.sort_unstable();
                Group {
                    domain: k.domain,
                    form: k.form,
                    members,
                }
            })
            .collect();
        Plan::new(groups)
    }
}

/// What the hub formulation cannot express, as an error naming the way out.
fn unsupported(s: &Scenario) -> Option<String> {
    if s.partners.iter().any(|p| p.budget.is_some()) {
        return Some("per-year budgets are not modelled by the hub formulation".into());
    }
    if !s.constraints.forced.is_empty() || !s.constraints.forbidden.is_empty() {
        return Some(
            "groups forced or forbidden by an alternative are not modelled by the hub formulation"
                .into(),
        );
    }
    None
}

/// A slot whose host has no volume needs a member that has some (a group without volume
/// splits its costs equally, which the volume grid cannot price).
fn volume_rows(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    let q = |p: usize| s.demand(p, slot.domain, 0);
    if q(slot.host) > 0.0 {
        return;
    }
    let mut row: Vec<(usize, f64)> = slot
        .others
        .iter()
        .filter(|&&(p, _)| q(p) > 0.0)
        .map(|&(_, y)| (y, 1.0))
        .collect();
    row.push((slot.open, -1.0));
    m.add_row(format!("some_volume[{name}]"), row, Sense::Ge, 0.0);
}

/// Whether a group without volume was possible: two partners with no volume in a domain that
/// may share it together under some form (the pair breaks none of the group rules, the
/// must-together and forced-group rules aside, which a larger group could satisfy; a form that
/// needs more than two members counts when enough partners have no volume).
fn zero_volume_groups(s: &Scenario) -> Option<String> {
    use crate::rules::Rule;
    let binding = |b: &rules::Breach| !matches!(b.rule, Rule::MustTogether(_) | Rule::Forced(_));
    for d in 0..s.domains.len() {
        let zero: Vec<usize> = (0..s.partners.len())
            .filter(|&p| s.demand(p, d, 0) <= 0.0 && rules::may_share(s, p, d))
            .collect();
        let possible = (0..s.forms.len()).any(|f| {
            if s.forms[f].min_members > 2 {
                return s.forms[f].domains[d] && zero.len() >= s.forms[f].min_members;
            }
            zero.iter().enumerate().any(|(i, &p)| {
                zero[i + 1..]
                    .iter()
                    .any(|&q| !rules::group_breaches(s, &[p, q], d, f).iter().any(binding))
            })
        });
        if possible {
            return Some(format!(
                "the hub formulation does not model groups whose members all have no volume in a domain ({} have none in `{}`); the plan is optimal within that restriction only; --formulation columns models them",
                crate::rules::ids(s, &zero),
                s.domains[d].id
            ));
        }
    }
    None
}

/// `form.min_kind`: an open slot has at least n members of each listed kind (the host
/// counts when it is of that kind).
fn min_kind_rows(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    for (kind, need) in &s.forms[slot.form].min_kind {
        let is = |p: usize| &s.partners[p].kind == kind;
        let from_others = *need as f64 - if is(slot.host) { 1.0 } else { 0.0 };
        // Redundant when every possible member is of that kind and min_members asks as many.
        let all_of_kind = is(slot.host) && slot.others.iter().all(|&(p, _)| is(p));
        let min_members = s.forms[slot.form].min_members.max(2);
        if from_others <= 0.0 || (all_of_kind && *need <= min_members) {
            continue;
        }
        let mut row: Vec<(usize, f64)> = slot
            .others
            .iter()
            .filter(|&&(p, _)| is(p))
            .map(|&(_, y)| (y, 1.0))
            .collect();
        row.push((slot.open, -from_others));
        m.add_row(format!("min_kind[{name},{kind}]"), row, Sense::Ge, 0.0);
    }
}

/// Σ δ_t over years a..H.
fn annuity(s: &Scenario, a: usize) -> f64 {
    (a..s.horizon).map(|t| s.discount(t)).sum()
}

/// Builds the hub MILP. `baseline_npv[p]` is p's NPV alone (for individual rationality).
pub fn build(s: &Scenario, baseline_npv: &[f64]) -> Result<HubModel, Error> {
    if let Some(why) = unsupported(s) {
        return Err(Error::Usage(format!(
            "{why}; use --formulation columns (up to a few thousand candidate groups)"
        )));
    }
    let np = s.partners.len();
    let nd = s.domains.len();
    let h = s.horizon;
    let c = &s.constraints;
    let pid = |p: usize| s.partners[p].id.as_str();
    let year = |t: usize| s.base_year + t as i32;
    let mut m = Milp::default();
    let q = |p: usize, d: usize| s.demand(p, d, 0);
    let kind_ok = |f: usize, p: usize| {
        s.forms[f]
            .partner_kinds
            .as_ref()
            .is_none_or(|k| k.contains(&s.partners[p].kind))
    };
    // A partner with no volume in a domain may still join (it pays its integration,
    // coordination and governance shares, and saves its fixed costs alone).
    let may = |p: usize, d: usize| rules::may_share(s, p, d);
    let apart = |a: usize, b: usize| {
        c.never_together
            .iter()
            .any(|&(x, y)| (x, y) == (a.min(b), a.max(b)))
    };
    let radius = c.max_distance_km.unwrap_or(f64::INFINITY);
    let distances = costs::distances_used(s);
    let region = np > EXACT_VEHICLES_MAX_PARTNERS;

    // Slots.
    let mut slots: Vec<Slot> = Vec::new();
    // Per slot, per member (host first): the member's costs that do not depend on the pooled
    // volume, and the FTE it needs in house before the start.
    let mut own: Vec<Vec<(f64, Vec<f64>)>> = Vec::new();
    let mut grid_cost: Vec<Vec<f64>> = Vec::new(); // per slot, per grid point
    let mut grid_fte: Vec<Vec<Vec<f64>>> = Vec::new(); // per slot, per grid point, per year
    let mut grid_parts: Vec<Vec<(f64, f64)>> = Vec::new(); // per slot, per point: (service, staff) NPV
    for d in 0..nd {
        let sheet = &s.domains[d].shared;
        let breaks: Vec<f64> = sheet.scale.points.iter().map(|&(v, _)| v).collect();
        for (f, fm) in s.forms.iter().enumerate() {
            if !fm.domains[d] {
                continue;
            }
            let mut starts: Vec<usize> = (0..np)
                .map(|p| s.partners[p].locked_until[d].max(fm.lead_time))
                .chain(std::iter::once(fm.lead_time))
                .filter(|&t| t < h)
                .collect();
            starts.sort_unstable();
            starts.dedup();
            let max_size = fm.max_members.min(c.max_group_size.unwrap_or(usize::MAX));
            let min_size = fm.min_members.max(2);
            if max_size < min_size {
                continue;
            }
            for &start in &starts {
                for host in 0..np {
                    let lock = |p: usize| s.partners[p].locked_until[d];
                    if !may(host, d) || !kind_ok(f, host) || lock(host) > start {
                        continue;
                    }
                    // A form for one municipality admits only the host's fellow members.
                    let town = |p: usize| s.partners[p].municipality.as_deref();
                    if fm.same_municipality && town(host).is_none() {
                        continue;
                    }
                    // A hosted form's host has the largest volume: a zero-volume host means
                    // a group without volume, which the grid cannot price (see `restricted`).
                    if fm.hosted && q(host, d) <= 0.0 {
                        continue;
                    }
                    let same_town = |p: usize| !fm.same_municipality || town(p) == town(host);
                    let others: Vec<usize> = (0..np)
                        .filter(|&p| {
                            p != host
                                && may(p, d)
                                && kind_ok(f, p)
                                && same_town(p)
                                && lock(p) <= start
                                && !apart(p, host)
                                && partner_km(s, p, host) <= radius
                                && if fm.hosted {
                                    q(p, d) < q(host, d) || (q(p, d) == q(host, d) && p > host)
                                } else {
                                    distances || p > host
                                }
                        })
                        .collect();
                    if others.len() + 1 < min_size {
                        continue;
                    }
                    let exact_start = |p: usize| lock(p).max(fm.lead_time) == start;
                    if start > fm.lead_time
                        && !exact_start(host)
                        && !others.iter().any(|&p| exact_start(p))
                    {
                        continue;
                    }
                    let vols: Vec<f64> = others.iter().map(|&p| q(p, d)).collect();
                    let grid = grid::grid(q(host, d), &vols, max_size - 1, &breaks);
                    let name = format!(
                        "{}|{}|{}|{}",
                        pid(host),
                        s.domains[d].id,
                        fm.id,
                        year(start)
                    );
                    let open = m.add_var(format!("o[{name}]"), VarKind::Binary, 0.0, 1.0);
                    let others: Vec<(usize, usize)> = others
                        .iter()
                        .map(|&p| {
                            let y = m.add_var(
                                format!("y[{}@{name}]", pid(p)),
                                VarKind::Binary,
                                0.0,
                                1.0,
                            );
                            (p, y)
                        })
                        .collect();
                    let lam: Vec<usize> = (0..grid.volumes.len())
                        .map(|i| {
                            m.add_var(format!("lam[{name}#{i}]"), VarKind::Continuous, 0.0, 1.0)
                        })
                        .collect();
                    // Member costs that do not depend on the pooled volume.
                    let after = annuity(s, start);
                    let member = |p: usize| {
                        let (before, fte) = costs::standalone_before(s, p, d, start);
                        let cost = before.npv(s)
                            + sheet.integration_per_member * s.discount(start)
                            + sheet.coordination_per_member * after
                            + s.distance_cost_per_km * partner_km(s, p, host) * after;
                        (cost, fte)
                    };
                    own.push(
                        std::iter::once(host)
                            .chain(others.iter().map(|&(p, _)| p))
                            .map(member)
                            .collect(),
                    );
                    let qh = q(host, d);
                    let mut costs_at = Vec::with_capacity(grid.volumes.len());
                    let mut fte_at = Vec::with_capacity(grid.volumes.len());
                    let mut parts = Vec::with_capacity(grid.volumes.len());
                    for &g in &grid.volumes {
                        let (ledger, fte) = costs::service(s, d, start, g);
                        let salary = s.shared_salary(f, Some(host));
                        let staff: f64 = (0..h).map(|t| s.discount(t) * salary * fte[t]).sum();
                        // VAT on the recharged staff part; a hosted form's host pays none on
                        // its own volume share.
                        let exempt = if fm.hosted && g > 0.0 { qh / g } else { 0.0 };
                        costs_at.push(ledger.npv(s) + staff * (1.0 + fm.vat_rate * (1.0 - exempt)));
                        parts.push((ledger.npv(s), staff));
                        fte_at.push(fte);
                    }
                    grid_parts.push(parts);
                    grid_cost.push(costs_at);
                    grid_fte.push(fte_at);
                    slots.push(Slot {
                        host,
                        domain: d,
                        form: f,
                        start,
                        open,
                        others,
                        grid,
                        lam,
                    });
                }
            }
        }
    }

    // Standalone choices (a partner that must be together with others for d cannot be alone).
    let mut alone: Vec<Vec<Option<usize>>> = vec![vec![None; nd]; np];
    let mut alone_fte: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); nd]; np];
    let mut alone_npv: Vec<Vec<f64>> = vec![vec![0.0; nd]; np];
    let mut objective: Vec<(usize, f64)> = Vec::new();
    for p in 0..np {
        for d in 0..nd {
            if !rules::alone_breaches(s, p, d).is_empty() {
                continue;
            }
            let (ledger, fte) = costs::standalone(s, p, d);
            let x = m.add_var(
                format!("alone[{}|{}]", pid(p), s.domains[d].id),
                VarKind::Binary,
                0.0,
                1.0,
            );
            alone_npv[p][d] = ledger.npv(s);
            objective.push((x, alone_npv[p][d]));
            alone[p][d] = Some(x);
            alone_fte[p][d] = fte;
        }
    }

    // Per slot: objective, lambda rows, volume, size, start, never/must-together.
    for (k, slot) in slots.iter().enumerate() {
        let fm = &s.forms[slot.form];
        let name = m.vars[slot.open].name[2..m.vars[slot.open].name.len() - 1].to_string();
        for (i, &l) in slot.lam.iter().enumerate() {
            objective.push((l, grid_cost[k][i]));
        }
        objective.push((slot.open, own[k][0].0));
        for (j, &(_, y)) in slot.others.iter().enumerate() {
            objective.push((y, own[k][j + 1].0));
            m.add_row(
                format!("member[{}]", m.vars[y].name),
                vec![(y, 1.0), (slot.open, -1.0)],
                Sense::Le,
                0.0,
            );
        }
        let mut sum_lam: Vec<(usize, f64)> = slot.lam.iter().map(|&l| (l, 1.0)).collect();
        sum_lam.push((slot.open, -1.0));
        m.add_row(format!("lambda[{name}]"), sum_lam, Sense::Eq, 0.0);
        let n = slot.lam.len();
        if n > 1 {
            let seg: Vec<usize> = (0..n - 1)
                .map(|j| m.add_var(format!("seg[{name}#{j}]"), VarKind::Binary, 0.0, 1.0))
                .collect();
            let mut sum_seg: Vec<(usize, f64)> = seg.iter().map(|&v| (v, 1.0)).collect();
            sum_seg.push((slot.open, -1.0));
            m.add_row(format!("segment[{name}]"), sum_seg, Sense::Eq, 0.0);
            for i in 0..n {
                let mut row = vec![(slot.lam[i], 1.0)];
                if i > 0 {
                    row.push((seg[i - 1], -1.0));
                }
                if i + 1 < n {
                    row.push((seg[i], -1.0));
                }
                m.add_row(format!("adjacent[{name}#{i}]"), row, Sense::Le, 0.0);
            }
        }
        let d = slot.domain;
        let mut vol: Vec<(usize, f64)> = slot
            .lam
            .iter()
            .zip(&slot.grid.volumes)
            .map(|(&l, &g)| (l, g))
            .collect();
        vol.push((slot.open, -q(slot.host, d)));
        vol.extend(slot.others.iter().map(|&(p, y)| (y, -q(p, d))));
        m.add_row(format!("volume[{name}]"), vol, Sense::Eq, 0.0);
        let max_size = fm.max_members.min(c.max_group_size.unwrap_or(usize::MAX));
        let min_size = fm.min_members.max(2);
        let count: Vec<(usize, f64)> = slot.others.iter().map(|&(_, y)| (y, 1.0)).collect();
        let mut lo = count.clone();
        lo.push((slot.open, -((min_size - 1) as f64)));
        m.add_row(format!("min_members[{name}]"), lo, Sense::Ge, 0.0);
        if max_size <= slot.others.len() {
            let mut hi = count;
            hi.push((slot.open, -((max_size - 1) as f64)));
            m.add_row(format!("max_members[{name}]"), hi, Sense::Le, 0.0);
        }
        min_kind_rows(&mut m, s, slot, &name);
        volume_rows(&mut m, s, slot, &name);
        let lock = |p: usize| s.partners[p].locked_until[d].max(fm.lead_time);
        if slot.start > fm.lead_time && lock(slot.host) != slot.start {
            let mut row: Vec<(usize, f64)> = slot
                .others
                .iter()
                .filter(|&&(p, _)| lock(p) == slot.start)
                .map(|&(_, y)| (y, 1.0))
                .collect();
            row.push((slot.open, -1.0));
            m.add_row(format!("starts[{name}]"), row, Sense::Ge, 0.0);
        }
        for (i, &(a, b)) in c.never_together.iter().enumerate() {
            if let (Some(ya), Some(yb)) = (slot.var_of(a), slot.var_of(b)) {
                m.add_row(
                    format!("never_together[{i},{name}]"),
                    vec![(ya, 1.0), (yb, 1.0)],
                    Sense::Le,
                    1.0,
                );
            }
        }
        for (i, (must, md)) in c.must_together.iter().enumerate() {
            if md.is_some_and(|md| md != d) {
                continue;
            }
            for pair in must.windows(2) {
                let row = match (slot.var_of(pair[0]), slot.var_of(pair[1])) {
                    (Some(a), Some(b)) => vec![(a, 1.0), (b, -1.0)],
                    (Some(a), None) | (None, Some(a)) => vec![(a, 1.0)],
                    (None, None) => continue,
                };
                m.add_row(
                    format!(
                        "must_together[{i},{}+{},{name}]",
                        pid(pair[0]),
                        pid(pair[1])
                    ),
                    row,
                    Sense::Eq,
                    0.0,
                );
            }
        }
    }

    // Cover: each (p, d) alone or in exactly one slot.
    let mut memberships: Vec<Vec<(usize, usize)>> = vec![Vec::new(); np]; // (slot, var)
    for (k, slot) in slots.iter().enumerate() {
        memberships[slot.host].push((k, slot.open));
        for &(p, y) in &slot.others {
            memberships[p].push((k, y));
        }
    }
    for p in 0..np {
        for d in 0..nd {
            let mut row: Vec<(usize, f64)> = memberships[p]
                .iter()
                .filter(|&&(k, _)| slots[k].domain == d)
                .map(|&(_, v)| (v, 1.0))
                .collect();
            if let Some(x) = alone[p][d] {
                row.push((x, 1.0));
            }
            m.add_row(
                format!("cover[{},{}]", pid(p), s.domains[d].id),
                row,
                Sense::Eq,
                1.0,
            );
        }
    }

    // Vehicles. A vehicle is keyed by its anchor (its lowest-index member), its form and a
    // copy number (one partner may anchor several vehicles of one form, for groups that
    // differ by domain); every slot attached to it has exactly its members. On regions the
    // anchor is the slot's host and there is one copy (see the module doc).
    let exact_vehicles = np <= EXACT_VEHICLES_MAX_PARTNERS;
    let mut keys: Vec<(usize, usize, usize)> = Vec::new(); // (anchor, form, copy)
    let mut attached: Vec<Vec<(usize, usize)>> = Vec::new(); // per vehicle: (slot, att var)
    for (k, slot) in slots.iter().enumerate() {
        let f = slot.form;
        // One copy per domain the form can host: a partner may anchor (or host) groups with
        // different members in different domains under one form. Copies are numbered in the
        // order of the form's domains, so the slot of its i-th domain needs copies 0..=i only
        // (symmetry).
        let copies = (0..slot.domain).filter(|&d| s.forms[f].domains[d]).count() + 1;
        let anchors: Vec<usize> = std::iter::once(slot.host)
            .chain(
                slot.others
                    .iter()
                    .map(|&(p, _)| p)
                    .filter(|&p| exact_vehicles && p < slot.host),
            )
            .collect();
        let options = anchors.len() * copies;
        let mut sum = vec![(slot.open, -1.0)];
        for &a in &anchors {
            let mut by_anchor = Vec::new();
            for j in 0..copies {
                let att = if options == 1 {
                    slot.open
                } else {
                    let v = m.add_var(
                        format!("attach[{}#{j}@{}]", pid(a), &m.vars[slot.open].name),
                        VarKind::Binary,
                        0.0,
                        1.0,
                    );
                    sum.push((v, 1.0));
                    by_anchor.push((v, 1.0));
                    v
                };
                let key = (a, f, j);
                let vi = match keys.iter().position(|&x| x == key) {
                    Some(i) => i,
                    None => {
                        keys.push(key);
                        attached.push(Vec::new());
                        keys.len() - 1
                    }
                };
                attached[vi].push((k, att));
            }
            if exact_vehicles && options > 1 {
                // The anchor is a member, and the lowest-index one (in region mode the
                // anchor is the host).
                if a != slot.host {
                    let mut row = by_anchor.clone();
                    row.push((slot.var_of(a).unwrap_or(slot.open), -1.0));
                    m.add_row(format!("anchor[{}@{k}]", pid(a)), row, Sense::Le, 0.0);
                }
                for p in std::iter::once(slot.host)
                    .chain(slot.others.iter().map(|&(p, _)| p))
                    .filter(|&p| p < a)
                {
                    let mut row = by_anchor.clone();
                    row.push((slot.var_of(p).unwrap_or(slot.open), 1.0));
                    m.add_row(
                        format!("lowest[{}<{}@{k}]", pid(p), pid(a)),
                        row,
                        Sense::Le,
                        1.0,
                    );
                }
            }
        }
        if options > 1 {
            m.add_row(format!("attach[{k}]"), sum, Sense::Eq, 0.0);
        }
    }
    let mut vehicle_of: Vec<Vec<usize>> = vec![Vec::new(); np]; // membership vars per partner
    // Per vehicle: (form, v, [(partner, membership var)]), anchor first.
    let mut vehicle_members: Vec<VehicleVars> = Vec::new();
    let mut v_of_key: Vec<usize> = Vec::new();
    for (vi, &(anchor, f, j)) in keys.iter().enumerate() {
        let fm = &s.forms[f];
        let name = format!("{}|{}#{j}", pid(anchor), fm.id);
        let v = m.add_var(format!("v[{name}]"), VarKind::Binary, 0.0, 1.0);
        v_of_key.push(v);
        if j > 0 {
            // Copies are used in order (symmetry).
            let prev = keys
                .iter()
                .position(|&x| x == (anchor, f, j - 1))
                .map(|i| v_of_key[i]);
            if let Some(prev) = prev {
                m.add_row(
                    format!("copies[{name}]"),
                    vec![(v, 1.0), (prev, -1.0)],
                    Sense::Le,
                    0.0,
                );
            }
        }
        let gov = annuity(s, fm.lead_time.min(h));
        objective.push((
            v,
            fm.setup_cost + fm.governance_fixed * gov + fm.governance_per_member * gov,
        ));
        let mut used = vec![(v, 1.0)];
        for &(_, att) in &attached[vi] {
            m.add_row(
                format!("opens[{}@{name}]", m.vars[att].name),
                vec![(att, 1.0), (v, -1.0)],
                Sense::Le,
                0.0,
            );
            used.push((att, -1.0));
        }
        m.add_row(format!("used[{name}]"), used, Sense::Le, 0.0);
        vehicle_of[anchor].push(v);
        let mut partners: Vec<usize> = attached[vi]
            .iter()
            .flat_map(|&(k, _)| {
                std::iter::once(slots[k].host).chain(slots[k].others.iter().map(|&(p, _)| p))
            })
            .filter(|&p| p != anchor)
            .collect();
        partners.sort_unstable();
        partners.dedup();
        let mut members = vec![(anchor, v)];
        for p in partners {
            let mv = m.add_var(format!("in[{}@{name}]", pid(p)), VarKind::Binary, 0.0, 1.0);
            members.push((p, mv));
            objective.push((mv, fm.governance_per_member * gov));
            m.add_row(
                format!("in_vehicle[{}@{name}]", pid(p)),
                vec![(mv, 1.0), (v, -1.0)],
                Sense::Le,
                0.0,
            );
            vehicle_of[p].push(mv);
            for &(k, att) in &attached[vi] {
                // An attached slot has exactly the vehicle's members.
                match slots[k].var_of(p) {
                    Some(y) => {
                        m.add_row(
                            format!("joins[{}@{k}@{name}]", pid(p)),
                            vec![(y, 1.0), (att, 1.0), (mv, -1.0)],
                            Sense::Le,
                            1.0,
                        );
                        m.add_row(
                            format!("same_members[{}@{k}@{name}]", pid(p)),
                            vec![(mv, 1.0), (att, 1.0), (y, -1.0)],
                            Sense::Le,
                            1.0,
                        );
                    }
                    None => m.add_row(
                        format!("same_members[{}@{k}@{name}]", pid(p)),
                        vec![(mv, 1.0), (att, 1.0)],
                        Sense::Le,
                        1.0,
                    ),
                }
            }
        }
        vehicle_members.push((f, v, members));
    }
    if let Some(max) = c.max_vehicles_per_partner {
        for p in 0..np {
            if vehicle_of[p].len() > max {
                let row = vehicle_of[p].iter().map(|&v| (v, 1.0)).collect();
                limits::vehicles_row(&mut m, s, p, row, max);
            }
        }
    }

    // Staff: paid F ≥ in-house need; F + T ≥ remaining staff; T ≤ transferable FTE (the rows
    // of the column formulation, [`staff::staff_rows`]).
    let mut f_vars: Vec<Vec<usize>> = vec![Vec::new(); np];
    for p in 0..np {
        let transfer_slots: Vec<(usize, usize)> = memberships[p]
            .iter()
            .copied()
            .filter(|&(k, _)| s.forms[slots[k].form].staff_transfer)
            .collect();
        let transfers = s.partners[p].ict_fte > 0.0 && !transfer_slots.is_empty();
        let mut need_rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); h];
        for d in 0..nd {
            if let Some(x) = alone[p][d] {
                for t in 0..h {
                    if alone_fte[p][d][t] != 0.0 {
                        need_rows[t].push((x, alone_fte[p][d][t]));
                    }
                }
            }
        }
        for &(k, var) in &memberships[p] {
            let i = slots[k].index_of(p).expect("a membership is in its slot");
            let fte = &own[k][i].1;
            for t in 0..slots[k].start {
                if fte[t] != 0.0 {
                    need_rows[t].push((var, fte[t]));
                }
            }
        }
        // Region mode: per transfer slot, the smallest pooled volume p can be part of and the
        // service's FTE there (once per membership, not per year).
        let least_volume: Vec<Option<(f64, Vec<f64>)>> = transfer_slots
            .iter()
            .map(|&(k, _)| {
                let slot = &slots[k];
                region.then(|| {
                    let least = q(p, slot.domain)
                        + if p == slot.host {
                            slot.others
                                .iter()
                                .map(|&(o, _)| q(o, slot.domain))
                                .fold(f64::INFINITY, f64::min)
                        } else {
                            q(slot.host, slot.domain)
                        };
                    (least, costs::service(s, slot.domain, slot.start, least).1)
                })
            })
            .collect();
        for (t, need) in need_rows.into_iter().enumerate() {
            let fv = m.add_var(
                format!("F[{},{}]", pid(p), year(t)),
                VarKind::Continuous,
                0.0,
                f64::INFINITY,
            );
            f_vars[p].push(fv);
            objective.push((fv, s.discount(t) * s.salary_of(p)));
            let mut transfer = None;
            if transfers {
                let tv = m.add_var(
                    format!("T[{},{}]", pid(p), year(t)),
                    VarKind::Continuous,
                    0.0,
                    f64::INFINITY,
                );
                let mut cap = Vec::new();
                for (&(k, var), least) in transfer_slots.iter().zip(&least_volume) {
                    let slot = &slots[k];
                    if t < slot.start {
                        continue;
                    }
                    if let Some((least, fte_least)) = least {
                        // On a region, a cap per membership: p's share at the smallest
                        // pooled volume it can be part of (a relaxation, see the module doc).
                        let mut most = q(p, slot.domain) * fte_least[t] / least;
                        for (&g, fte) in slot.grid.volumes.iter().zip(&grid_fte[k]) {
                            if g >= *least {
                                most = most.max(q(p, slot.domain) * fte[t] / g);
                            }
                        }
                        if most > 0.0 {
                            cap.push((var, most));
                        }
                        continue;
                    }
                    // p's volume share of the service's FTE, q_p W_t(V) / V, linearised:
                    // u ≤ Σ_i λ_i q_p W_t(g_i)/g_i and u ≤ M y.
                    let share: Vec<f64> = slot
                        .grid
                        .volumes
                        .iter()
                        .zip(&grid_fte[k])
                        .map(|(&g, fte)| {
                            if g > 0.0 {
                                q(p, slot.domain) * fte[t] / g
                            } else {
                                0.0
                            }
                        })
                        .collect();
                    let big = share.iter().copied().fold(0.0, f64::max);
                    if big <= 0.0 {
                        continue;
                    }
                    let u = m.add_var(
                        format!("u[{},{},{}]", pid(p), k, year(t)),
                        VarKind::Continuous,
                        0.0,
                        f64::INFINITY,
                    );
                    let mut row = vec![(u, 1.0)];
                    row.extend(slot.lam.iter().zip(&share).map(|(&l, &w)| (l, -w)));
                    m.add_row(
                        format!("share[{},{},{}]", pid(p), k, year(t)),
                        row,
                        Sense::Le,
                        0.0,
                    );
                    m.add_row(
                        format!("share_open[{},{},{}]", pid(p), k, year(t)),
                        vec![(u, 1.0), (var, -big)],
                        Sense::Le,
                        0.0,
                    );
                    cap.push((u, 1.0));
                }
                transfer = Some((tv, cap));
            }
            staff::staff_rows(&mut m, s, p, t, fv, need, transfer);
        }
    }
    // In region mode individual rationality is left to the evaluator (a relaxation: the
    // heuristic's plans satisfy it, and a MILP plan that breaks it is not reported); its rows
    // were a third of the model and did not move the LP bound.
    let counts = if c.individual_rationality && !region {
        rationality(
            s,
            &mut m,
            baseline_npv,
            &Shares {
                slots: &slots,
                own: &own,
                alone_npv: &alone_npv,
                grid_parts: &grid_parts,
                memberships: &memberships,
                alone: &alone,
                vehicles: &vehicle_members,
                f_vars: &f_vars,
            },
        )
    } else {
        vec![Vec::new(); keys.len()]
    };
    let vehicles: Vec<HubVehicle> = keys
        .iter()
        .zip(attached)
        .zip(vehicle_members)
        .zip(counts)
        .map(
            |((((anchor, form, copy), attached), (_, v, members)), counts)| HubVehicle {
                anchor: *anchor,
                form: *form,
                copy: *copy,
                v,
                members,
                attached,
                counts,
            },
        )
        .collect();
    m.objective = objective;
    let exact = !region && slots.iter().all(|k| k.grid.exact);
    let start = alone.iter().flatten().all(Option::is_some).then(|| {
        let mut v = vec![0.0; m.vars.len()];
        for p in 0..np {
            for d in 0..nd {
                if let Some(x) = alone[p][d] {
                    v[x] = 1.0;
                }
            }
            for (t, &fv) in f_vars[p].iter().enumerate() {
                let need: f64 = (0..nd).map(|d| alone_fte[p][d][t]).sum();
                v[fv] = need.max(s.remaining_staff(p, t));
            }
        }
        v
    });
    Ok(HubModel {
        milp: m,
        slots,
        exact,
        start,
        alone,
        region,
        vehicles,
        restricted: zero_volume_groups(s),
    })
}

/// A vehicle's form, its variable `v` and its members' membership variables (anchor first).
type VehicleVars = (usize, usize, Vec<(usize, usize)>);

/// What individual rationality needs to know of the built model.
struct Shares<'a> {
    slots: &'a [Slot],
    own: &'a [Vec<(f64, Vec<f64>)>],
    alone_npv: &'a [Vec<f64>],
    grid_parts: &'a [Vec<(f64, f64)>],
    memberships: &'a [Vec<(usize, usize)>],
    alone: &'a [Vec<Option<usize>>],
    vehicles: &'a [VehicleVars],
    f_vars: &'a [Vec<usize>],
}

/// Individual rationality under the volume key: each partner's NPV in the plan is at most
/// (1 - min_saving) times its NPV alone. Its share of a slot's service, q_p / V times a
/// function of V, is linearised per member (`share ≥ q_p Σ_i λ_i ψ(g_i) - M (1 - y)`), and
/// its share of a vehicle's setup and fixed governance, split equally, with one binary per
/// possible member count.
fn rationality(
    s: &Scenario,
    m: &mut Milp,
    baseline_npv: &[f64],
    x: &Shares,
) -> Vec<Vec<(usize, usize)>> {
    let mut all_counts = Vec::new();
    let np = s.partners.len();
    let pid = |p: usize| s.partners[p].id.as_str();
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); np];
    for p in 0..np {
        for (t, &fv) in x.f_vars[p].iter().enumerate() {
            rows[p].push((fv, s.discount(t) * s.salary_of(p)));
        }
        for d in 0..s.domains.len() {
            if let Some(a) = x.alone[p][d] {
                rows[p].push((a, x.alone_npv[p][d]));
            }
        }
        for &(k, var) in &x.memberships[p] {
            let slot = &x.slots[k];
            let fm = &s.forms[slot.form];
            let idx = slot.index_of(p).expect("a membership is in its slot");
            rows[p].push((var, x.own[k][idx].0));
            let vat = if fm.hosted && p == slot.host {
                0.0
            } else {
                fm.vat_rate
            };
            let qp = s.demand(p, slot.domain, 0);
            let psi: Vec<f64> = slot
                .grid
                .volumes
                .iter()
                .zip(&x.grid_parts[k])
                .map(|(&g, &(service, staff))| {
                    if g > 0.0 {
                        qp * (service + staff * (1.0 + vat)) / g
                    } else {
                        0.0
                    }
                })
                .collect();
            let big = psi.iter().copied().fold(0.0, f64::max);
            let w = m.add_var(
                format!("pays[{}@{k}]", pid(p)),
                VarKind::Continuous,
                0.0,
                f64::INFINITY,
            );
            let mut row = vec![(w, 1.0), (var, -big)];
            row.extend(slot.lam.iter().zip(&psi).map(|(&l, &v)| (l, -v)));
            m.add_row(format!("pays[{}@{k}]", pid(p)), row, Sense::Ge, -big);
            rows[p].push((w, 1.0));
        }
    }
    for (vi, (f, v, members)) in x.vehicles.iter().enumerate() {
        let fm = &s.forms[*f];
        let gov = annuity(s, fm.lead_time.min(s.horizon));
        let split = fm.setup_cost + fm.governance_fixed * gov;
        let most = members
            .len()
            .min(fm.max_members)
            .min(s.constraints.max_group_size.unwrap_or(usize::MAX));
        let counts: Vec<(usize, usize)> = (2..=most)
            .map(|n| {
                (
                    n,
                    m.add_var(format!("count[{vi}={n}]"), VarKind::Binary, 0.0, 1.0),
                )
            })
            .collect();
        let mut one: Vec<(usize, f64)> = counts.iter().map(|&(_, c)| (c, 1.0)).collect();
        one.push((*v, -1.0));
        m.add_row(format!("count[{vi}]"), one, Sense::Eq, 0.0);
        all_counts.push(counts.clone());
        let mut size: Vec<(usize, f64)> = counts.iter().map(|&(n, c)| (c, n as f64)).collect();
        size.extend(members.iter().map(|&(_, mv)| (mv, -1.0)));
        m.add_row(format!("size[{vi}]"), size, Sense::Eq, 0.0);
        for &(p, mv) in members {
            rows[p].push((mv, fm.governance_per_member * gov));
            if split > 0.0 {
                let big = split / 2.0;
                let w = m.add_var(
                    format!("vpays[{}@{vi}]", pid(p)),
                    VarKind::Continuous,
                    0.0,
                    f64::INFINITY,
                );
                let mut row = vec![(w, 1.0), (mv, -big)];
                row.extend(counts.iter().map(|&(n, c)| (c, -split / n as f64)));
                m.add_row(format!("vpays[{}@{vi}]", pid(p)), row, Sense::Ge, -big);
                rows[p].push((w, 1.0));
            }
        }
    }
    for (p, row) in rows.into_iter().enumerate() {
        limits::rational_row(m, s, p, row, baseline_npv[p]);
    }
    all_counts
}
