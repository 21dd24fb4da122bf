//! The hub model's staff coupling: per partner and year, paid staff F ≥ in-house need,
//! F + T ≥ remaining staff, and T ≤ the FTE it may transfer into its slots (the rows of the
//! column formulation, [`crate::formulation::staff::staff_rows`]).

use super::Builder;
use crate::costs;
use crate::formulation::staff::staff_rows;
use crate::milp::Sense;

/// Region mode: for a transfer slot, the smallest pooled volume a partner can be part of and
/// the service's FTE there.
type Least = Option<(f64, Vec<f64>)>;

impl Builder<'_> {
    pub(super) fn staff(&mut self) {
        for p in 0..self.s.partners.len() {
            self.partner_staff(p);
        }
    }

    fn partner_staff(&mut self, p: usize) {
        let s = self.s;
        let transfer_slots: Vec<(usize, usize)> = self.memberships[p]
            .iter()
            .copied()
            .filter(|&(k, _)| s.forms[self.slots[k].form].staff_transfer)
            .collect();
        let transfers = s.partners[p].ict_fte > 0.0 && !transfer_slots.is_empty();
        let least_volume: Vec<Least> = transfer_slots
            .iter()
            .map(|&(k, _)| self.least_volume(p, k))
            .collect();
        for (t, need) in self.need_rows(p).into_iter().enumerate() {
            let fv = self.amount(format!("F[{},{}]", self.pid(p), s.base_year + t as i32));
            self.f_vars[p].push(fv);
            self.objective.push((fv, s.discount(t) * s.salary_of(p, t)));
            let transfer =
                transfers.then(|| self.transfer_cap(p, t, &transfer_slots, &least_volume));
            staff_rows(&mut self.m, s, p, t, fv, need, transfer);
        }
    }

    /// Per year, the FTE p's choices need in house: alone, and in a slot before its start.
    fn need_rows(&self, p: usize) -> Vec<Vec<(usize, f64)>> {
        let h = self.s.horizon;
        let mut need_rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); h];
        for d in 0..self.s.domains.len() {
            if let Some(x) = self.alone.var[p][d] {
                for t in 0..h {
                    if self.alone.fte[p][d][t] != 0.0 {
                        need_rows[t].push((x, self.alone.fte[p][d][t]));
                    }
                }
            }
        }
        for &(k, var) in &self.memberships[p] {
            let i = self.slots[k]
                .index_of(p)
                .expect("a membership is in its slot");
            let fte = &self.prices[k].own[i].1;
            for t in 0..self.slots[k].start {
                if fte[t] != 0.0 {
                    need_rows[t].push((var, fte[t]));
                }
            }
        }
        need_rows
    }

    /// Region mode: per transfer slot, the smallest pooled volume p can be part of and the
    /// service's FTE there (once per membership, not per year).
    fn least_volume(&self, p: usize, k: usize) -> Least {
        let (s, slot) = (self.s, &self.slots[k]);
        let q = |p: usize| s.demand(p, slot.domain, 0);
        self.region.then(|| {
            let least = q(p)
                + if p == slot.host {
                    slot.others
                        .iter()
                        .map(|&(o, _)| q(o))
                        .fold(f64::INFINITY, f64::min)
                } else {
                    q(slot.host)
                };
            (least, costs::service(s, slot.domain, slot.start, least).1)
        })
    }

    /// The transfer T of p in year t and what caps it: per transfer slot started by t, p's
    /// share of the service's FTE.
    fn transfer_cap(
        &mut self,
        p: usize,
        t: usize,
        transfer_slots: &[(usize, usize)],
        least_volume: &[Least],
    ) -> (usize, Vec<(usize, f64)>) {
        let s = self.s;
        let tv = self.amount(format!("T[{},{}]", self.pid(p), s.base_year + t as i32));
        let mut cap = Vec::new();
        for (&(k, var), least) in transfer_slots.iter().zip(least_volume) {
            if t < self.slots[k].start {
                continue;
            }
            let term = match least {
                Some((least, fte_least)) => self.region_cap(p, t, k, var, *least, fte_least),
                None => self.share_cap(p, t, k, var),
            };
            cap.extend(term);
        }
        (tv, cap)
    }

    /// On a region, a cap per membership: p's share at the smallest pooled volume it can be
    /// part of (a relaxation, see the module doc of [`super`]).
    fn region_cap(
        &self,
        p: usize,
        t: usize,
        k: usize,
        var: usize,
        least: f64,
        fte_least: &[f64],
    ) -> Option<(usize, f64)> {
        let slot = &self.slots[k];
        let qp = self.s.demand(p, slot.domain, 0);
        let mut most = qp * fte_least[t] / least;
        for (&g, fte) in slot.grid.volumes.iter().zip(&self.prices[k].fte) {
            if g >= least {
                most = most.max(qp * fte[t] / g);
            }
        }
        (most > 0.0).then_some((var, most))
    }

    /// p's volume share of the service's FTE, q_p W_t(V) / V, linearised:
    /// u ≤ Σ_i λ_i q_p W_t(g_i)/g_i and u ≤ M y.
    fn share_cap(&mut self, p: usize, t: usize, k: usize, var: usize) -> Option<(usize, f64)> {
        let s = self.s;
        let slot = &self.slots[k];
        let qp = s.demand(p, slot.domain, 0);
        let share: Vec<f64> = slot
            .grid
            .volumes
            .iter()
            .zip(&self.prices[k].fte)
            .map(|(&g, fte)| if g > 0.0 { qp * fte[t] / g } else { 0.0 })
            .collect();
        let big = share.iter().copied().fold(0.0, f64::max);
        if big <= 0.0 {
            return None;
        }
        let pooled: Vec<(usize, f64)> = slot
            .lam
            .iter()
            .zip(&share)
            .map(|(&l, &w)| (l, -w))
            .collect();
        let at = format!("{},{},{}", self.pid(p), k, s.base_year + t as i32);
        let u = self.amount(format!("u[{at}]"));
        let mut row = vec![(u, 1.0)];
        row.extend(pooled);
        self.m.add_row(format!("share[{at}]"), row, Sense::Le, 0.0);
        self.m.add_row(
            format!("share_open[{at}]"),
            vec![(u, 1.0), (var, -big)],
            Sense::Le,
            0.0,
        );
        Some((u, 1.0))
    }
}
