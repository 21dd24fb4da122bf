//! Individual rationality in the hub model, under the volume key: each partner's NPV in the
//! plan is at most (1 - min_saving) times its NPV alone. Its share of a slot's service, q_p / V
//! times a function of V, is linearised per member (`share ≥ q_p Σ_i λ_i ψ(g_i) - M (1 - y)`),
//! and its share of a vehicle's setup and fixed governance, split equally, with one binary
//! per possible member count.

use super::{Builder, annuity};
use crate::formulation::limits;
use crate::milp::Sense;

impl Builder<'_> {
    /// The `rational` row of every partner (and the vehicles' member counts it needs).
    pub(super) fn rationality(&mut self, baseline_npv: &[f64]) {
        let mut rows: Vec<Vec<(usize, f64)>> = (0..self.s.partners.len())
            .map(|p| self.partner_npv(p))
            .collect();
        for vi in 0..self.vehicles.len() {
            self.vehicle_shares(vi, &mut rows);
        }
        for (p, row) in rows.into_iter().enumerate() {
            limits::rational_row(&mut self.m, self.s, p, row, baseline_npv[p]);
        }
    }

    /// Partner p's NPV but its vehicles': paid staff, standalone choices, slot shares and trips.
    fn partner_npv(&mut self, p: usize) -> Vec<(usize, f64)> {
        let s = self.s;
        let mut row = Vec::new();
        for (t, &fv) in self.f_vars[p].iter().enumerate() {
            row.push((fv, s.discount(t) * s.salary_of(p, t)));
        }
        for d in 0..s.domains.len() {
            if let Some(a) = self.alone.var[p][d] {
                row.push((a, self.alone.npv[p][d]));
            }
        }
        for j in 0..self.memberships[p].len() {
            let (k, var) = self.memberships[p][j];
            let idx = self.slots[k]
                .index_of(p)
                .expect("a membership is in its slot");
            row.push((var, self.prices[k].own[idx].0));
            let w = self.pays(p, k, var);
            row.push((w, 1.0));
        }
        row.extend(self.trip_npv[p].iter().copied());
        row
    }

    /// `pays`: what p pays for slot k's service when a member (`var`), at least its volume
    /// share of the interpolated cost.
    fn pays(&mut self, p: usize, k: usize, var: usize) -> usize {
        let s = self.s;
        let slot = &self.slots[k];
        let fm = &s.forms[slot.form];
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
            .zip(&self.prices[k].parts)
            .map(|(&g, &(service, staff))| {
                if g > 0.0 {
                    qp * (service + staff * (1.0 + vat)) / g
                } else {
                    0.0
                }
            })
            .collect();
        let big = psi.iter().copied().fold(0.0, f64::max);
        let pooled: Vec<(usize, f64)> = slot.lam.iter().zip(&psi).map(|(&l, &v)| (l, -v)).collect();
        let name = format!("pays[{}@{k}]", self.pid(p));
        let w = self.amount(name.clone());
        let mut row = vec![(w, 1.0), (var, -big)];
        row.extend(pooled);
        self.m.add_row(name, row, Sense::Ge, -big);
        w
    }

    /// Vehicle vi's member count (one binary per possible count), and each member's share of
    /// its governance, setup and fixed costs, added to `rows`.
    fn vehicle_shares(&mut self, vi: usize, rows: &mut [Vec<(usize, f64)>]) {
        let s = self.s;
        let (f, v, members) = {
            let x = &self.vehicles[vi];
            (x.form, x.v, x.members.clone())
        };
        let fm = &s.forms[f];
        let gov = annuity(s, fm.lead_time.min(s.horizon));
        let split = fm.setup_cost + fm.governance_fixed * gov;
        let most = members
            .len()
            .min(fm.max_members)
            .min(s.constraints.max_group_size.unwrap_or(usize::MAX));
        let counts: Vec<(usize, usize)> = (2..=most)
            .map(|n| (n, self.binary(format!("count[{vi}={n}]"))))
            .collect();
        let mut one: Vec<(usize, f64)> = counts.iter().map(|&(_, c)| (c, 1.0)).collect();
        one.push((v, -1.0));
        self.m.add_row(format!("count[{vi}]"), one, Sense::Eq, 0.0);
        let mut size: Vec<(usize, f64)> = counts.iter().map(|&(n, c)| (c, n as f64)).collect();
        size.extend(members.iter().map(|&(_, mv)| (mv, -1.0)));
        self.m.add_row(format!("size[{vi}]"), size, Sense::Eq, 0.0);
        for &(p, mv) in &members {
            rows[p].push((mv, fm.governance_per_member * gov));
            if split > 0.0 {
                let big = split / 2.0;
                let name = format!("vpays[{}@{vi}]", self.pid(p));
                let w = self.amount(name.clone());
                let mut row = vec![(w, 1.0), (mv, -big)];
                row.extend(counts.iter().map(|&(n, c)| (c, -split / n as f64)));
                self.m.add_row(name, row, Sense::Ge, -big);
                rows[p].push((w, 1.0));
            }
        }
        self.vehicles[vi].counts = counts;
    }
}
