//! The hub model's trips, when the distance is charged per vehicle (`distance_per =
//! "vehicle"`, as in [`crate::costs::trips`]): a member pays the distance to a site once a
//! year, from the first year any slot of its vehicle at that site (hosted there) runs. Per
//! vehicle, joiner p, site and start year s_j of a slot there, a variable u_j ≥ u_{j-1} and
//! ≥ p's membership of every such slot attached to the vehicle carries the distance of the
//! years s_j..s_{j+1}: continuous, as the cost drives it down to the largest membership.

use super::Builder;
use crate::milp::{Sense, VarKind};
use crate::scenario::DistancePer;
use std::collections::BTreeMap;

/// (start, membership y, attach variable) of a slot a joiner may be in; no attach variable
/// where the slot has one vehicle (it attaches when open, and y ≤ open).
type Run = (usize, usize, Option<usize>);

impl Builder<'_> {
    /// Every vehicle's trips, when the distance is charged per vehicle.
    pub(super) fn trips(&mut self) {
        let s = self.s;
        if s.distance_per != DistancePer::Vehicle || s.distance_cost_per_km <= 0.0 {
            return;
        }
        for vi in 0..self.vehicles.len() {
            for ((p, site), runs) in self.vehicle_runs(vi) {
                self.trip_chain(vi, p, site, runs);
            }
        }
    }

    /// Per (joiner, site): the slots attached to vehicle vi it may join there.
    fn vehicle_runs(&self, vi: usize) -> BTreeMap<(usize, usize), Vec<Run>> {
        let mut runs: BTreeMap<(usize, usize), Vec<Run>> = BTreeMap::new();
        for &(k, att) in &self.vehicles[vi].attached {
            let slot = &self.slots[k];
            for &(p, y) in &slot.others {
                let att = (att != slot.open).then_some(att);
                runs.entry((p, slot.host))
                    .or_default()
                    .push((slot.start, y, att));
            }
        }
        runs
    }

    /// Partner p's trips to `site` in vehicle vi, one per distinct start of `runs`.
    fn trip_chain(&mut self, vi: usize, p: usize, site: usize, mut runs: Vec<Run>) {
        runs.sort_unstable();
        let mut starts: Vec<usize> = runs.iter().map(|r| r.0).collect();
        starts.dedup();
        let mut prev = None;
        for (j, &start) in starts.iter().enumerate() {
            let end = starts.get(j + 1).copied().unwrap_or(self.s.horizon);
            let name = self.trip_name(vi, p, site, start);
            let u = (self.m).add_var(name.clone(), VarKind::Continuous, 0.0, 1.0);
            let here = runs
                .iter()
                .filter(|r| r.0 == start)
                .copied()
                .collect::<Vec<_>>();
            self.trip_rows(&name, u, prev, &here);
            let cost = crate::costs::trip(self.s, p, site, start, end).npv(self.s);
            self.objective.push((u, cost));
            self.trip_npv[p].push((u, cost));
            prev = Some(u);
        }
    }

    /// `trip[p@site|vehicle#year]`.
    fn trip_name(&self, vi: usize, p: usize, site: usize, start: usize) -> String {
        let x = &self.vehicles[vi];
        let vehicle = format!(
            "{}|{}#{}",
            self.pid(x.anchor),
            self.s.forms[x.form].id,
            x.copy
        );
        let year = self.s.base_year + start as i32;
        format!("trip[{}@{}|{vehicle}#{year}]", self.pid(p), self.pid(site))
    }

    /// u ≥ the earlier trip, and ≥ p's membership of each slot in `here` while the slot uses
    /// this vehicle (y + att - 1; just y where the slot has one vehicle, att being `open`).
    fn trip_rows(&mut self, name: &str, u: usize, prev: Option<usize>, here: &[Run]) {
        if let Some(before) = prev {
            let row = vec![(u, 1.0), (before, -1.0)];
            self.m
                .add_row(format!("{name}>earlier"), row, Sense::Ge, 0.0);
        }
        for (n, &(_, y, att)) in here.iter().enumerate() {
            let (row, rhs) = match att {
                None => (vec![(u, 1.0), (y, -1.0)], 0.0),
                Some(att) => (vec![(u, 1.0), (y, -1.0), (att, -1.0)], -1.0),
            };
            self.m.add_row(format!("{name}>y{n}"), row, Sense::Ge, rhs);
        }
    }
}
