//! Between plans and hub-model solutions: a plan as a (partial) start for the solver, the
//! plan of a solution, and everyone alone as the first feasible point.

use super::{Alone, HubModel, Slot};
use crate::costs::{self, partner_km};
use crate::milp::Milp;
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use std::collections::BTreeMap;

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
            opened.push((self.open_group(s, g, &mut v)?, g));
        }
        self.close_vehicles(&mut v);
        self.open_vehicles(&opened, &mut v)?;
        Some(v)
    }

    /// Opens the slot of group g in `v` (of its shape, the host nearest its members), its
    /// members out of their standalone choices; `None` when no slot has its shape.
    fn open_group(&self, s: &Scenario, g: &Group, v: &mut [f64]) -> Option<usize> {
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
                let km =
                    |k: &Slot| -> f64 { g.members.iter().map(|&p| partner_km(s, p, k.host)).sum() };
                km(a).total_cmp(&km(b))
            })?;
        v[slot.open] = 1.0;
        for &(p, y) in &slot.others {
            if g.members.contains(&p) {
                v[y] = 1.0;
            }
        }
        for &p in &g.members {
            if let Some(x) = self.alone[p][g.domain] {
                v[x] = 0.0;
            }
        }
        Some(k)
    }

    /// Every vehicle variable but an attached slot's own `open` to 0.
    fn close_vehicles(&self, v: &mut [f64]) {
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
    }

    /// The vehicles of the opened slots: one per anchor, form and member set, copies
    /// numbered in order of first use; `None` when a copy or attachment is not modelled.
    fn open_vehicles(&self, opened: &[(usize, &Group)], v: &mut [f64]) -> Option<()> {
        // Per (anchor, form): its member sets in order of first use; the position is the copy.
        let mut sets: BTreeMap<(usize, usize), Vec<&[usize]>> = BTreeMap::new();
        for &(k, g) in opened {
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
        Some(())
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
                    start: None,
                }
            })
            .collect();
        Plan::new(groups)
    }
}

/// Everyone alone, as a feasible point of the model (every standalone choice, the staff it
/// needs or keeps, nothing else), or `None` when some partner may not run some domain alone.
pub(super) fn everyone_alone(
    s: &Scenario,
    m: &Milp,
    alone: &Alone,
    f_vars: &[Vec<usize>],
) -> Option<Vec<f64>> {
    let nd = s.domains.len();
    alone.var.iter().flatten().all(Option::is_some).then(|| {
        let mut v = vec![0.0; m.vars.len()];
        for p in 0..s.partners.len() {
            for d in 0..nd {
                if let Some(x) = alone.var[p][d] {
                    v[x] = 1.0;
                }
            }
            for (t, &fv) in f_vars[p].iter().enumerate() {
                let need: f64 = (0..nd).map(|d| alone.fte[p][d][t]).sum();
                v[fv] = need
                    .max(s.remaining_staff(p, t))
                    .max(s.partners[p].retained_fte);
            }
        }
        v
    })
}
