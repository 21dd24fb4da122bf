//! The hub model's vehicles. A vehicle is keyed by its anchor (its lowest-index member), its
//! form and a copy number (one partner may anchor several vehicles of one form, for groups
//! that differ by domain); every slot attached to it has exactly its members. On regions the
//! anchor is the slot's host and there is one copy (see the module doc of [`super`]).

use super::{Builder, HubVehicle, annuity};
use crate::formulation::limits;
use crate::milp::Sense;

/// (anchor, form, copy) of each vehicle, in order of first use.
type Key = (usize, usize, usize);

impl Builder<'_> {
    /// Every vehicle a slot may use, its variables and rows.
    pub(super) fn vehicles(&mut self) {
        let mut keys: Vec<Key> = Vec::new();
        let mut attached: Vec<Vec<(usize, usize)>> = Vec::new(); // per vehicle: (slot, att var)
        for k in 0..self.slots.len() {
            self.attach(k, &mut keys, &mut attached);
        }
        for (key, attached) in keys.into_iter().zip(attached) {
            let x = self.vehicle(key, attached);
            self.vehicles.push(x);
        }
    }

    /// Slot k uses exactly one vehicle of its form, among those its members may anchor.
    fn attach(&mut self, k: usize, keys: &mut Vec<Key>, attached: &mut Vec<Vec<(usize, usize)>>) {
        let (open, f) = (self.slots[k].open, self.slots[k].form);
        let copies = self.copies(k);
        let anchors = self.anchors(k);
        let options = anchors.len() * copies;
        let mut sum = vec![(open, -1.0)];
        for &a in &anchors {
            let mut by_anchor = Vec::new();
            for j in 0..copies {
                let att = if options == 1 {
                    open
                } else {
                    let v = self.attach_var(a, j, open);
                    sum.push((v, 1.0));
                    by_anchor.push((v, 1.0));
                    v
                };
                let vi = vehicle_index(keys, attached, (a, f, j));
                attached[vi].push((k, att));
            }
            if !self.region && options > 1 {
                self.anchor_rows(k, a, &by_anchor);
            }
        }
        if options > 1 {
            self.m.add_row(format!("attach[{k}]"), sum, Sense::Eq, 0.0);
        }
    }

    /// The copies of a vehicle slot k may use: one per domain the form can host, as a partner
    /// may anchor (or host) groups with different members in different domains under one
    /// form. Copies are numbered in the order of the form's domains, so the slot of its i-th
    /// domain needs copies 0..=i only (symmetry).
    fn copies(&self, k: usize) -> usize {
        let slot = &self.slots[k];
        let hosts = |d: usize| self.s.forms[slot.form].domains[d];
        (0..slot.domain).filter(|&d| hosts(d)).count() + 1
    }

    /// The partners that may anchor the vehicle of slot k: its host, and (off a region) every
    /// partner of lower index that may join it.
    fn anchors(&self, k: usize) -> Vec<usize> {
        let slot = &self.slots[k];
        let lower = slot.partners().filter(|&p| !self.region && p < slot.host);
        std::iter::once(slot.host).chain(lower).collect()
    }

    /// Whether slot `open` attaches to copy j of the vehicle anchored by a.
    fn attach_var(&mut self, a: usize, j: usize, open: usize) -> usize {
        let name = format!("attach[{}#{j}@{}]", self.pid(a), &self.m.vars[open].name);
        self.binary(name)
    }

    /// The anchor of the vehicle slot k attaches to (`by_anchor`: the attach variables of
    /// anchor a) is a member, and the lowest-index one (in region mode the anchor is the host).
    fn anchor_rows(&mut self, k: usize, a: usize, by_anchor: &[(usize, f64)]) {
        let slot = &self.slots[k];
        if a != slot.host {
            let mut row = by_anchor.to_vec();
            row.push((slot.var_of(a).unwrap_or(slot.open), -1.0));
            self.m
                .add_row(format!("anchor[{}@{k}]", self.pid(a)), row, Sense::Le, 0.0);
        }
        for p in slot.members().filter(|&p| p < a) {
            let mut row = by_anchor.to_vec();
            row.push((slot.var_of(p).unwrap_or(slot.open), 1.0));
            self.m.add_row(
                format!("lowest[{}<{}@{k}]", self.pid(p), self.pid(a)),
                row,
                Sense::Le,
                1.0,
            );
        }
    }

    /// Vehicle `key`, used by the slots `attached`: its variable `v`, its setup and
    /// governance, and a membership variable per partner of its slots.
    fn vehicle(&mut self, key: Key, attached: Vec<(usize, usize)>) -> HubVehicle {
        let (anchor, f, j) = key;
        let s = self.s;
        let fm = &s.forms[f];
        let name = format!("{}|{}#{j}", self.pid(anchor), fm.id);
        let v = self.binary(format!("v[{name}]"));
        if j > 0 {
            self.copies_row(key, v, &name);
        }
        let gov = annuity(s, fm.lead_time.min(s.horizon));
        self.objective.push((
            v,
            fm.setup_cost + fm.governance_fixed * gov + fm.governance_per_member * gov,
        ));
        self.used_rows(v, &name, &attached);
        let mut members = vec![(anchor, v)];
        for p in self.partners_of(anchor, &attached) {
            let mv = self.vehicle_member(p, v, &name, &attached, fm.governance_per_member * gov);
            members.push((p, mv));
        }
        HubVehicle {
            anchor,
            form: f,
            copy: j,
            v,
            members,
            attached,
            counts: Vec::new(),
        }
    }

    /// A slot attaches only to a vehicle in use, and a vehicle in use (named `name`) has a
    /// slot `attached`.
    fn used_rows(&mut self, v: usize, name: &str, attached: &[(usize, usize)]) {
        let mut used = vec![(v, 1.0)];
        for &(_, att) in attached {
            self.m.add_row(
                format!("opens[{}@{name}]", self.m.vars[att].name),
                vec![(att, 1.0), (v, -1.0)],
                Sense::Le,
                0.0,
            );
            used.push((att, -1.0));
        }
        self.m
            .add_row(format!("used[{name}]"), used, Sense::Le, 0.0);
    }

    /// Copy j of a vehicle is used only when copy j - 1 is (symmetry).
    fn copies_row(&mut self, (anchor, f, j): Key, v: usize, name: &str) {
        let prev = self
            .vehicles
            .iter()
            .find(|x| (x.anchor, x.form, x.copy) == (anchor, f, j - 1))
            .map(|x| x.v);
        if let Some(prev) = prev {
            self.m.add_row(
                format!("copies[{name}]"),
                vec![(v, 1.0), (prev, -1.0)],
                Sense::Le,
                0.0,
            );
        }
    }

    /// Every partner of the slots `attached` but the anchor, sorted.
    fn partners_of(&self, anchor: usize, attached: &[(usize, usize)]) -> Vec<usize> {
        let mut partners: Vec<usize> = attached
            .iter()
            .flat_map(|&(k, _)| self.slots[k].members())
            .filter(|&p| p != anchor)
            .collect();
        partners.sort_unstable();
        partners.dedup();
        partners
    }

    /// Partner p's membership of vehicle `v` (named `name`), at `governance`: a member of an
    /// existing vehicle, and exactly when it is a member of the attached slot.
    fn vehicle_member(
        &mut self,
        p: usize,
        v: usize,
        name: &str,
        attached: &[(usize, usize)],
        governance: f64,
    ) -> usize {
        let pid = self.pid(p);
        let mv = self.binary(format!("in[{pid}@{name}]"));
        self.objective.push((mv, governance));
        self.m.add_row(
            format!("in_vehicle[{pid}@{name}]"),
            vec![(mv, 1.0), (v, -1.0)],
            Sense::Le,
            0.0,
        );
        for &(k, att) in attached {
            // An attached slot has exactly the vehicle's members.
            let same = format!("same_members[{pid}@{k}@{name}]");
            match self.slots[k].var_of(p) {
                Some(y) => {
                    self.m.add_row(
                        format!("joins[{pid}@{k}@{name}]"),
                        vec![(y, 1.0), (att, 1.0), (mv, -1.0)],
                        Sense::Le,
                        1.0,
                    );
                    let row = vec![(mv, 1.0), (att, 1.0), (y, -1.0)];
                    self.m.add_row(same, row, Sense::Le, 1.0);
                }
                None => {
                    let row = vec![(mv, 1.0), (att, 1.0)];
                    self.m.add_row(same, row, Sense::Le, 1.0);
                }
            }
        }
        mv
    }

    /// `constraints.max_vehicles_per_partner`, where a partner could exceed it.
    pub(super) fn vehicle_limits(&mut self) {
        let Some(max) = self.s.constraints.max_vehicles_per_partner else {
            return;
        };
        // Membership variables per partner, in vehicle order.
        let mut vehicle_of: Vec<Vec<usize>> = vec![Vec::new(); self.s.partners.len()];
        for x in &self.vehicles {
            for &(p, mv) in &x.members {
                vehicle_of[p].push(mv);
            }
        }
        for (p, vars) in vehicle_of.iter().enumerate() {
            if vars.len() > max {
                let row = vars.iter().map(|&v| (v, 1.0)).collect();
                limits::vehicles_row(&mut self.m, self.s, p, row, max);
            }
        }
    }
}

/// The index of vehicle `key` among `keys`, added (with no slot attached yet) when new.
fn vehicle_index(keys: &mut Vec<Key>, attached: &mut Vec<Vec<(usize, usize)>>, key: Key) -> usize {
    if let Some(i) = keys.iter().position(|&x| x == key) {
        return i;
    }
    keys.push(key);
    attached.push(Vec::new());
    keys.len() - 1
}
