//! The hub model's slots: every (host, domain, form, start year) a group could have, with the
//! partners that may join it, its variables (`o`, `y`, `lam`) and its costs on the volume
//! grid; and the groups the slots leave out.

use super::{Builder, Prices, Slot, annuity, grid, size_limits};
use crate::costs::{self, partner_km};
use crate::rules::{self, Rule};
use crate::scenario::Scenario;

/// Whether form f admits partners of p's kind.
fn kind_ok(s: &Scenario, f: usize, p: usize) -> bool {
    s.forms[f]
        .partner_kinds
        .as_ref()
        .is_none_or(|k| k.contains(&s.partners[p].kind))
}

/// Whether a `never_together` rule keeps a and b apart.
fn apart(s: &Scenario, a: usize, b: usize) -> bool {
    s.constraints
        .never_together
        .iter()
        .any(|&(x, y)| (x, y) == (a.min(b), a.max(b)))
}

fn q(s: &Scenario, p: usize, d: usize) -> f64 {
    s.demand(p, d, 0)
}

/// The years a group of form f in domain d can start: the form's lead time, or a partner's
/// lock-in beyond it, within the horizon.
fn starts(s: &Scenario, d: usize, f: usize) -> Vec<usize> {
    let fm = &s.forms[f];
    let mut starts: Vec<usize> = (0..s.partners.len())
        .map(|p| s.partners[p].locked_until[d].max(fm.lead_time))
        .chain(std::iter::once(fm.lead_time))
        .filter(|&t| t < s.horizon)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

impl Builder<'_> {
    /// Every slot, in the order domain, form, start year, host.
    pub(super) fn slots(&mut self) {
        let s = self.s;
        for d in 0..s.domains.len() {
            for f in 0..s.forms.len() {
                if !s.forms[f].domains[d] {
                    continue;
                }
                let (max_size, min_size) = size_limits(s, f);
                if max_size < min_size {
                    continue;
                }
                for start in starts(s, d, f) {
                    for host in 0..s.partners.len() {
                        if let Some(others) = self.joiners(d, f, start, host) {
                            self.add_slot(d, f, start, host, &others);
                        }
                    }
                }
            }
        }
    }

    /// The partners that may join `host`'s slot, or `None` when the slot is not modelled.
    fn joiners(&self, d: usize, f: usize, start: usize, host: usize) -> Option<Vec<usize>> {
        let s = self.s;
        let fm = &s.forms[f];
        if !self.may_host(d, f, start, host) {
            return None;
        }
        let lock = |p: usize| s.partners[p].locked_until[d];
        let others: Vec<usize> = (0..s.partners.len())
            .filter(|&p| self.may_join(d, f, start, host, p))
            .collect();
        if others.len() + 1 < size_limits(s, f).1 {
            return None;
        }
        let exact_start = |p: usize| lock(p).max(fm.lead_time) == start;
        if start > fm.lead_time && !exact_start(host) && !others.iter().any(|&p| exact_start(p)) {
            return None;
        }
        Some(others)
    }

    /// Whether `host` may host a slot of domain d under form f from year `start`.
    fn may_host(&self, d: usize, f: usize, start: usize, host: usize) -> bool {
        let s = self.s;
        let fm = &s.forms[f];
        if !rules::may_share(s, host, d)
            || !kind_ok(s, f, host)
            || s.partners[host].locked_until[d] > start
        {
            return false;
        }
        // A form for one municipality admits only the host's fellow members.
        if fm.same_municipality && s.partners[host].municipality.is_none() {
            return false;
        }
        // A hosted form's host has the largest volume: a zero-volume host means a group
        // without volume, which the grid cannot price (see `restricted`).
        !(fm.hosted && q(s, host, d) <= 0.0)
    }

    /// Whether partner p may join `host`'s slot of domain d under form f from year `start`.
    /// A partner with no volume in a domain may still join (it pays its integration,
    /// coordination and governance shares, and saves its fixed costs alone).
    fn may_join(&self, d: usize, f: usize, start: usize, host: usize, p: usize) -> bool {
        let s = self.s;
        let fm = &s.forms[f];
        let radius = s.constraints.max_distance_km.unwrap_or(f64::INFINITY);
        let town = |p: usize| s.partners[p].municipality.as_deref();
        let same_town = !fm.same_municipality || town(p) == town(host);
        let (qh, vol) = (q(s, host, d), q(s, p, d));
        p != host
            && rules::may_share(s, p, d)
            && kind_ok(s, f, p)
            && same_town
            && s.partners[p].locked_until[d] <= start
            && !apart(s, p, host)
            && partner_km(s, p, host) <= radius
            && if fm.hosted {
                vol < qh || (vol == qh && p > host)
            } else {
                self.distances || p > host
            }
    }

    /// The slot's variables (`o`, a `y` per joiner, a `lam` per grid volume) and prices.
    fn add_slot(&mut self, d: usize, f: usize, start: usize, host: usize, others: &[usize]) {
        let s = self.s;
        let fm = &s.forms[f];
        let breaks: Vec<f64> = s.domains[d]
            .shared
            .scale
            .points
            .iter()
            .map(|&(v, _)| v)
            .collect();
        let vols: Vec<f64> = others.iter().map(|&p| q(s, p, d)).collect();
        let grid = grid::grid(q(s, host, d), &vols, size_limits(s, f).0 - 1, &breaks);
        let name = format!(
            "{}|{}|{}|{}",
            self.pid(host),
            s.domains[d].id,
            fm.id,
            s.base_year + start as i32
        );
        let open = self.binary(format!("o[{name}]"));
        let others: Vec<(usize, usize)> = others
            .iter()
            .map(|&p| (p, self.binary(format!("y[{}@{name}]", self.pid(p)))))
            .collect();
        let lam: Vec<usize> = (0..grid.volumes.len())
            .map(|i| {
                self.m.add_var(
                    format!("lam[{name}#{i}]"),
                    crate::milp::VarKind::Continuous,
                    0.0,
                    1.0,
                )
            })
            .collect();
        let slot = Slot {
            host,
            domain: d,
            form: f,
            start,
            open,
            others,
            grid,
            lam,
        };
        self.prices.push(prices(s, &slot));
        self.slots.push(slot);
    }
}

/// A slot's costs: its members' own costs, and the shared service's on the grid.
fn prices(s: &Scenario, slot: &Slot) -> Prices {
    let (d, f, start, host) = (slot.domain, slot.form, slot.start, slot.host);
    let fm = &s.forms[f];
    let sheet = &s.domains[d].shared;
    // Member costs that do not depend on the pooled volume.
    let after = annuity(s, start);
    // Per vehicle, the distance is the vehicle's (its trips, `super::trips`).
    let per_domain = s.distance_per == crate::scenario::DistancePer::Domain;
    let km_cost = |p: usize| {
        if per_domain {
            s.distance_cost_per_km * partner_km(s, p, host)
        } else {
            0.0
        }
    };
    let member = |p: usize| {
        let (before, fte) = costs::standalone_before(s, p, d, start);
        let cost = before.npv(s)
            + sheet.integration_per_member * s.discount(start)
            + sheet.coordination_per_member * after
            + km_cost(p) * after;
        (cost, fte)
    };
    let own = std::iter::once(host)
        .chain(slot.others.iter().map(|&(p, _)| p))
        .map(member)
        .collect();
    let qh = q(s, host, d);
    let n = slot.grid.volumes.len();
    let mut prices = Prices {
        own,
        cost: Vec::with_capacity(n),
        fte: Vec::with_capacity(n),
        parts: Vec::with_capacity(n),
    };
    for &g in &slot.grid.volumes {
        let (ledger, fte) = costs::service(s, d, start, g);
        let staff: f64 = (0..s.horizon)
            .map(|t| s.discount(t) * s.shared_salary(f, Some(host), t) * fte[t])
            .sum();
        // VAT on the recharged staff part; a hosted form's host pays none on its own volume
        // share.
        let exempt = if fm.hosted && g > 0.0 { qh / g } else { 0.0 };
        prices
            .cost
            .push(ledger.npv(s) + staff * (1.0 + fm.vat_rate * (1.0 - exempt)));
        prices.parts.push((ledger.npv(s), staff));
        prices.fte.push(fte);
    }
    prices
}

/// Whether a group without volume was possible: two partners with no volume in a domain that
/// may share it together under some form (the pair breaks none of the group rules, the
/// must-together and forced-group rules aside, which a larger group could satisfy; a form that
/// needs more than two members counts when enough partners have no volume).
pub(super) fn zero_volume_groups(s: &Scenario) -> Option<String> {
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
