//! A slot's host as the group's site. With a distance cost the optimiser chooses the host of
//! a slot whose form is not hosted; the plan is then priced by [`crate::costs::site`]: the
//! member closest in total to the others (the lowest index on a tie), among the members
//! with every other member within `max_distance_km`. Any tied host gives the same total,
//! but not the same member pays the distance, so where individual rationality holds, the host
//! must be that site: for every other possible member h' of slot (host h),
//!
//! Σ_p y_p (km(p,h) − km(p,h')) ≤ M (1 − y_h') + M Σ_{q too far from h'} y_q  (− ε if h' < h)
//!
//! A near-tie within ε (0.1 m) of the lower-index member is ruled out for both: such a group
//! is not formed by the hub model.

use super::Builder;
use crate::costs::partner_km;
use crate::milp::Sense;

/// How much closer in total (km) a host must be than a lower-index member to win.
const TIE_KM: f64 = 1e-4;

impl Builder<'_> {
    /// The site rows of every slot whose host the optimiser chooses, where they matter.
    pub(super) fn site_rows(&mut self) {
        let s = self.s;
        if s.distance_cost_per_km <= 0.0 || !s.rationality_applies() || self.region {
            return;
        }
        for k in 0..self.slots.len() {
            if !s.forms[self.slots[k].form].hosted {
                for j in 0..self.slots[k].others.len() {
                    self.site_row(k, j);
                }
            }
        }
    }

    /// Slot k's host is no farther in total than its j-th possible joiner h', when h' is a
    /// member and could be the site.
    fn site_row(&mut self, k: usize, j: usize) {
        let s = self.s;
        let slot = &self.slots[k];
        let (h, (other, y_other)) = (slot.host, slot.others[j]);
        let radius = s.constraints.max_distance_km.unwrap_or(f64::INFINITY);
        let members: Vec<(usize, usize)> = std::iter::once((h, slot.open))
            .chain(slot.others.iter().copied())
            .collect();
        let gap = |p: usize| partner_km(s, p, h) - partner_km(s, p, other);
        let big: f64 = members.iter().map(|&(p, _)| gap(p).abs()).sum::<f64>() + 1.0;
        let mut row: Vec<(usize, f64)> = Vec::with_capacity(members.len());
        for &(p, y) in &members {
            let far = partner_km(s, p, other) > radius;
            let extra = if p == other {
                big
            } else if far {
                -big
            } else {
                0.0
            };
            row.push((y, gap(p) + extra));
        }
        let tie = if other < h { TIE_KM } else { 0.0 };
        let name = format!(
            "site[{}<={}@{}]",
            self.pid(h),
            self.pid(other),
            self.m.vars[y_other].name
        );
        self.m.add_row(name, row, Sense::Le, big - tie);
    }
}
