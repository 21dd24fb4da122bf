//! The rows of each slot (membership, the lambda formulation of its volume, its size, start
//! year and group rules), the standalone choices, and the cover of every partner and domain.

use super::{Builder, Slot, size_limits};
use crate::milp::{Milp, Sense};
use crate::rules;
use crate::scenario::Scenario;

impl Builder<'_> {
    /// Standalone choices (a partner that must be together with others for d cannot be alone).
    pub(super) fn alone(&mut self) {
        let s = self.s;
        for p in 0..s.partners.len() {
            for d in 0..s.domains.len() {
                if rules::alone_breaches(s, p, d).is_empty() {
                    self.alone_choice(p, d);
                }
            }
        }
    }

    /// The choice that `p` runs `d` alone, with its cost and staff.
    fn alone_choice(&mut self, p: usize, d: usize) {
        let s = self.s;
        let (ledger, fte) = crate::costs::standalone(s, p, d);
        let x = self.binary(format!("alone[{}|{}]", self.pid(p), s.domains[d].id));
        self.alone.npv[p][d] = ledger.npv(s);
        self.objective.push((x, self.alone.npv[p][d]));
        self.alone.var[p][d] = Some(x);
        self.alone.fte[p][d] = fte;
    }

    /// Per slot: its objective terms, lambda rows, volume, size, start, never/must-together.
    pub(super) fn slot_rows(&mut self) {
        for k in 0..self.slots.len() {
            let open = self.slots[k].open;
            let name = self.m.vars[open].name[2..self.m.vars[open].name.len() - 1].to_string();
            self.slot_objective(k);
            self.lambda_rows(k, &name);
            rule_rows(&mut self.m, self.s, &self.slots[k], &name);
        }
    }

    /// The slot's grid costs and members' own costs; a member joins only an open slot.
    fn slot_objective(&mut self, k: usize) {
        let (slot, prices) = (&self.slots[k], &self.prices[k]);
        for (i, &l) in slot.lam.iter().enumerate() {
            self.objective.push((l, prices.cost[i]));
        }
        self.objective.push((slot.open, prices.own[0].0));
        for (j, &(_, y)) in slot.others.iter().enumerate() {
            self.objective.push((y, prices.own[j + 1].0));
            member_row(&mut self.m, y, slot.open);
        }
    }

    /// An open slot's lambdas sum to one, over one grid segment (`seg`) when there are several.
    fn lambda_rows(&mut self, k: usize, name: &str) {
        let (open, lam) = (self.slots[k].open, self.slots[k].lam.clone());
        let mut sum_lam: Vec<(usize, f64)> = lam.iter().map(|&l| (l, 1.0)).collect();
        sum_lam.push((open, -1.0));
        self.m
            .add_row(format!("lambda[{name}]"), sum_lam, Sense::Eq, 0.0);
        let n = lam.len();
        if n <= 1 {
            return;
        }
        let seg: Vec<usize> = (0..n - 1)
            .map(|j| self.binary(format!("seg[{name}#{j}]")))
            .collect();
        let mut sum_seg: Vec<(usize, f64)> = seg.iter().map(|&v| (v, 1.0)).collect();
        sum_seg.push((open, -1.0));
        self.m
            .add_row(format!("segment[{name}]"), sum_seg, Sense::Eq, 0.0);
        for i in 0..n {
            let row = adjacent(&lam, &seg, i);
            self.m
                .add_row(format!("adjacent[{name}#{i}]"), row, Sense::Le, 0.0);
        }
    }

    /// Each (p, d) alone or in exactly one slot.
    pub(super) fn cover(&mut self) {
        let s = self.s;
        self.record_memberships();
        for p in 0..s.partners.len() {
            for d in 0..s.domains.len() {
                let row = self.cover_row(p, d);
                let name = format!("cover[{},{}]", self.pid(p), s.domains[d].id);
                self.m.add_row(name, row, Sense::Eq, 1.0);
            }
        }
    }

    /// Per partner, the (slot, variable) of each slot it can be a member of.
    fn record_memberships(&mut self) {
        for (k, slot) in self.slots.iter().enumerate() {
            self.memberships[slot.host].push((k, slot.open));
            for &(p, y) in &slot.others {
                self.memberships[p].push((k, y));
            }
        }
    }

    /// The ways `p` can run `d`: each slot of `d` it can join, and alone.
    fn cover_row(&self, p: usize, d: usize) -> Vec<(usize, f64)> {
        let mut row: Vec<(usize, f64)> = self.memberships[p]
            .iter()
            .filter(|&&(k, _)| self.slots[k].domain == d)
            .map(|&(_, v)| (v, 1.0))
            .collect();
        if let Some(x) = self.alone.var[p][d] {
            row.push((x, 1.0));
        }
        row
    }
}

/// A member `y` joins only if the slot is open.
fn member_row(m: &mut Milp, y: usize, open: usize) {
    m.add_row(
        format!("member[{}]", m.vars[y].name),
        vec![(y, 1.0), (open, -1.0)],
        Sense::Le,
        0.0,
    );
}

/// Lambda `i` is positive only in a chosen segment next to it.
fn adjacent(lam: &[usize], seg: &[usize], i: usize) -> Vec<(usize, f64)> {
    let mut row = vec![(lam[i], 1.0)];
    if i > 0 {
        row.push((seg[i - 1], -1.0));
    }
    if i + 1 < lam.len() {
        row.push((seg[i], -1.0));
    }
    row
}

/// The slot's volume, size, start and group-rule rows.
fn rule_rows(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    volume_row(m, s, slot, name);
    size_rows(m, s, slot, name);
    min_kind_rows(m, s, slot, name);
    some_volume_row(m, s, slot, name);
    start_row(m, s, slot, name);
    never_rows(m, s, slot, name);
    must_rows(m, s, slot, name);
}

/// One for each member other than the host that `counts` accepts, and `-need` for the open
/// slot: with `Ge 0`, an open slot has at least `need` such members.
fn members_where(slot: &Slot, counts: impl Fn(usize) -> bool, need: f64) -> Vec<(usize, f64)> {
    let mut row: Vec<(usize, f64)> = slot
        .others
        .iter()
        .filter(|&&(p, _)| counts(p))
        .map(|&(_, y)| (y, 1.0))
        .collect();
    row.push((slot.open, -need));
    row
}

/// The pooled volume of an open slot is its members' volumes.
fn volume_row(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    let d = slot.domain;
    let mut vol: Vec<(usize, f64)> = slot
        .lam
        .iter()
        .zip(&slot.grid.volumes)
        .map(|(&l, &g)| (l, g))
        .collect();
    vol.push((slot.open, -s.demand(slot.host, d, 0)));
    vol.extend(slot.others.iter().map(|&(p, y)| (y, -s.demand(p, d, 0))));
    m.add_row(format!("volume[{name}]"), vol, Sense::Eq, 0.0);
}

/// An open slot has between the form's least and most members.
fn size_rows(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    let (max_size, min_size) = size_limits(s, slot.form);
    let lo = members_where(slot, |_| true, (min_size - 1) as f64);
    m.add_row(format!("min_members[{name}]"), lo, Sense::Ge, 0.0);
    if max_size <= slot.others.len() {
        let hi = members_where(slot, |_| true, (max_size - 1) as f64);
        m.add_row(format!("max_members[{name}]"), hi, Sense::Le, 0.0);
    }
}

/// A slot starting after the form's lead time and its host's lock-in needs a member whose
/// lock-in ends exactly then (else the group would start earlier).
fn start_row(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    let fm = &s.forms[slot.form];
    let lock = |p: usize| s.partners[p].locked_until[slot.domain].max(fm.lead_time);
    if slot.start > fm.lead_time && lock(slot.host) != slot.start {
        let row = members_where(slot, |p| lock(p) == slot.start, 1.0);
        m.add_row(format!("starts[{name}]"), row, Sense::Ge, 0.0);
    }
}

/// `never_together` pairs are not both members.
fn never_rows(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    for (i, &(a, b)) in s.constraints.never_together.iter().enumerate() {
        if let (Some(ya), Some(yb)) = (slot.var_of(a), slot.var_of(b)) {
            m.add_row(
                format!("never_together[{i},{name}]"),
                vec![(ya, 1.0), (yb, 1.0)],
                Sense::Le,
                1.0,
            );
        }
    }
}

/// `must_together` partners (for this domain) are members together or not at all.
fn must_rows(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    let pid = |p: usize| s.partners[p].id.as_str();
    for (i, (must, md)) in s.constraints.must_together.iter().enumerate() {
        if md.is_some_and(|md| md != slot.domain) {
            continue;
        }
        for pair in must.windows(2) {
            let Some(row) = together(slot, pair[0], pair[1]) else {
                continue;
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

/// `a` and `b` are both members or neither (one that can be a member when the other cannot
/// is not); `None` when neither can be.
fn together(slot: &Slot, a: usize, b: usize) -> Option<Vec<(usize, f64)>> {
    match (slot.var_of(a), slot.var_of(b)) {
        (Some(a), Some(b)) => Some(vec![(a, 1.0), (b, -1.0)]),
        (Some(a), None) | (None, Some(a)) => Some(vec![(a, 1.0)]),
        (None, None) => None,
    }
}

/// A slot whose host has no volume needs a member that has some (a group without volume
/// splits its costs equally, which the volume grid cannot price).
fn some_volume_row(m: &mut Milp, s: &Scenario, slot: &Slot, name: &str) {
    let q = |p: usize| s.demand(p, slot.domain, 0);
    if q(slot.host) > 0.0 {
        return;
    }
    let row = members_where(slot, |p| q(p) > 0.0, 1.0);
    m.add_row(format!("some_volume[{name}]"), row, Sense::Ge, 0.0);
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
        let row = members_where(slot, is, from_others);
        m.add_row(format!("min_kind[{name},{kind}]"), row, Sense::Ge, 0.0);
    }
}
