//! The column formulation (`docs/model.md`) as a [`Milp`]: binary x per candidate column, binary z
//! per vehicle, continuous paid staff F and transfers T per partner and year; cover, vehicle
//! links, staff coupling, vehicle limits, budgets and individual rationality.

pub mod candidates;

use crate::milp::{Milp, Sense, VarKind};
use crate::rules;
use crate::rules::Rule;
use crate::scenario::Scenario;
use candidates::Candidates;
// Budget and rationality rows get half of the allowance `evaluate` grants: the other half
// absorbs the solver's own feasibility tolerance, so a plan the solver accepts always passes
// `evaluate` (HiGHS once returned a budget exceeded by cents beyond a full allowance).
use crate::milp::RESIDUAL_TOLERANCE as RULE_TOLERANCE;

/// The model and where each of its variables came from.
#[derive(Debug, Clone)]
pub struct Model {
    pub milp: Milp,
    /// Variable of each shared candidate column.
    pub x_shared: Vec<usize>,
    /// Variable of each standalone column (p * D + d), when it exists.
    pub x_alone: Vec<Option<usize>>,
    /// Variable of each vehicle.
    pub z: Vec<usize>,
    /// Elastic models only: the slack variable of each relaxable rule.
    pub relax: Vec<(Relaxation, usize)>,
}

/// A scenario rule that an elastic model may relax, at a penalty.
#[derive(Debug, Clone, PartialEq)]
pub enum Relaxation {
    /// A group rule (binary: given way or not), with how it reads.
    Rule(Rule, String),
    /// Euro above partner p's budget in year t.
    Budget(usize, usize),
    /// Euro of NPV above partner p's individual-rationality bound.
    Rational(usize),
    /// Vehicles above the maximum for partner p.
    Vehicles(usize),
}

/// The staff-coupling rows of partner p in year t, named alike in both formulations:
/// `need`: paid F ≥ Σ fte·x over `need` (the FTE each chosen option needs in house);
/// `no_layoff`: F + T ≥ E_p (1-a)^t; with transfers `(T, cap)`, `transfer`: T ≤ Σ w·x over
/// `cap` (the FTE p may move into its vehicles).
pub(crate) fn staff_rows(
    m: &mut Milp,
    s: &Scenario,
    p: usize,
    t: usize,
    paid: usize,
    need: Vec<(usize, f64)>,
    transfer: Option<(usize, Vec<(usize, f64)>)>,
) {
    let at = format!("{},{}", s.partners[p].id, s.base_year + t as i32);
    let mut row = vec![(paid, 1.0)];
    row.extend(need.into_iter().map(|(x, fte)| (x, -fte)));
    m.add_row(format!("need[{at}]"), row, Sense::Ge, 0.0);
    let mut floor = vec![(paid, 1.0)];
    if let Some((moved, cap)) = transfer {
        floor.push((moved, 1.0));
        let mut row = vec![(moved, 1.0)];
        row.extend(cap.into_iter().map(|(x, w)| (x, -w)));
        m.add_row(format!("transfer[{at}]"), row, Sense::Le, 0.0);
    }
    m.add_row(
        format!("no_layoff[{at}]"),
        floor,
        Sense::Ge,
        s.remaining_staff(p, t),
    );
}

/// Builds the MILP. `baseline_npv[p]` is p's NPV alone (for individual rationality).
pub fn build(s: &Scenario, c: &Candidates, baseline_npv: &[f64]) -> Model {
    build_with(s, c, baseline_npv, false)
}

/// Builds the MILP. An `elastic` model gives every relaxable rule a penalised slack and
/// minimises the number of group rules given way, plus budget shortfalls as shares of the
/// budget, plus individual-rationality excess as a share of the NPV alone, plus extra
/// vehicles, with the plan's cost as a tie-breaker: the least change that admits a plan.
pub fn build_with(s: &Scenario, c: &Candidates, baseline_npv: &[f64], elastic: bool) -> Model {
    let np = s.partners.len();
    let nd = s.domains.len();
    let h = s.horizon;
    let mut m = Milp::default();
    let pid = |p: usize| s.partners[p].id.as_str();
    let year = |t: usize| s.base_year + t as i32;

    let x_shared: Vec<usize> = c
        .shared
        .iter()
        .map(|col| {
            let name = rules::group_name(s, &col.members, col.domain, col.form.unwrap_or(0));
            m.add_var(format!("x[{name}]"), VarKind::Binary, 0.0, 1.0)
        })
        .collect();
    let x_alone: Vec<Option<usize>> = c
        .alone
        .iter()
        .map(|col| {
            col.as_ref().map(|col| {
                let name = format!(
                    "x[{}|{}|alone]",
                    pid(col.members[0]),
                    s.domains[col.domain].id
                );
                m.add_var(name, VarKind::Binary, 0.0, 1.0)
            })
        })
        .collect();
    let z: Vec<usize> = c
        .vehicles
        .iter()
        .map(|(members, f)| {
            let name = format!("z[{}|{}]", crate::rules::ids(s, members), s.forms[*f].id);
            m.add_var(name, VarKind::Binary, 0.0, 1.0)
        })
        .collect();
    let vehicle_ledgers: Vec<_> = c
        .vehicles
        .iter()
        .map(|(members, f)| crate::costs::vehicle(s, members, *f))
        .collect();

    // Where each partner appears: (variable, column, member position).
    let mut appears: Vec<Vec<(usize, &crate::costs::ColumnCost, usize)>> = vec![Vec::new(); np];
    for (k, col) in c.shared.iter().enumerate() {
        for (i, &p) in col.members.iter().enumerate() {
            appears[p].push((x_shared[k], col, i));
        }
    }
    for (idx, col) in c.alone.iter().enumerate() {
        if let (Some(col), Some(x)) = (col, x_alone[idx]) {
            appears[col.members[0]].push((x, col, 0));
        }
    }
    let mut in_vehicle: Vec<Vec<(usize, usize)>> = vec![Vec::new(); np];
    for (v, (members, _)) in c.vehicles.iter().enumerate() {
        for (i, &p) in members.iter().enumerate() {
            in_vehicle[p].push((v, i));
        }
    }

    // Staff variables.
    let f_var: Vec<Vec<usize>> = (0..np)
        .map(|p| {
            (0..h)
                .map(|t| {
                    m.add_var(
                        format!("F[{},{}]", pid(p), year(t)),
                        VarKind::Continuous,
                        0.0,
                        f64::INFINITY,
                    )
                })
                .collect()
        })
        .collect();
    let transfers: Vec<bool> = (0..np)
        .map(|p| {
            appears[p]
                .iter()
                .any(|(_, col, _)| col.form.is_some_and(|f| s.forms[f].staff_transfer))
        })
        .collect();
    let t_var: Vec<Option<Vec<usize>>> = (0..np)
        .map(|p| {
            transfers[p].then(|| {
                (0..h)
                    .map(|t| {
                        m.add_var(
                            format!("T[{},{}]", pid(p), year(t)),
                            VarKind::Continuous,
                            0.0,
                            f64::INFINITY,
                        )
                    })
                    .collect()
            })
        })
        .collect();

    // Objective.
    let mut obj = Vec::with_capacity(m.vars.len());
    for (k, col) in c.shared.iter().enumerate() {
        obj.push((x_shared[k], col.npv(s)));
    }
    for (idx, col) in c.alone.iter().enumerate() {
        if let (Some(col), Some(x)) = (col, x_alone[idx]) {
            obj.push((x, col.npv(s)));
        }
    }
    for (v, ledgers) in vehicle_ledgers.iter().enumerate() {
        obj.push((z[v], ledgers.iter().map(|l| l.npv(s)).sum()));
    }
    for p in 0..np {
        for t in 0..h {
            obj.push((f_var[p][t], s.discount(t) * s.salary_of(p)));
        }
    }
    m.objective = obj;

    // Cover: each (p, d) in exactly one chosen column.
    for p in 0..np {
        for d in 0..nd {
            let coefs = appears[p]
                .iter()
                .filter(|(_, col, _)| col.domain == d)
                .map(|&(x, _, _)| (x, 1.0))
                .collect();
            m.add_row(
                format!("cover[{},{}]", pid(p), s.domains[d].id),
                coefs,
                Sense::Eq,
                1.0,
            );
        }
    }
    // Vehicles: a column needs its vehicle; a vehicle needs a column.
    let mut used: Vec<Vec<(usize, f64)>> = z.iter().map(|&zv| vec![(zv, 1.0)]).collect();
    for (k, col) in c.shared.iter().enumerate() {
        let v = c.vehicle_of[k];
        let name = rules::group_name(s, &col.members, col.domain, col.form.unwrap_or(0));
        m.add_row(
            format!("link[{name}]"),
            vec![(x_shared[k], 1.0), (z[v], -1.0)],
            Sense::Le,
            0.0,
        );
        used[v].push((x_shared[k], -1.0));
    }
    for (v, coefs) in used.into_iter().enumerate() {
        let (members, f) = &c.vehicles[v];
        m.add_row(
            format!("used[{}|{}]", crate::rules::ids(s, members), s.forms[*f].id),
            coefs,
            Sense::Le,
            0.0,
        );
    }
    let mut relax: Vec<(Relaxation, usize)> = Vec::new();
    if let Some(max) = s.constraints.max_vehicles_per_partner {
        for p in 0..np {
            if in_vehicle[p].len() > max {
                let mut coefs: Vec<(usize, f64)> =
                    in_vehicle[p].iter().map(|&(v, _)| (z[v], 1.0)).collect();
                if elastic {
                    let w = m.add_var(
                        format!("extra_vehicles[{}]", pid(p)),
                        VarKind::Continuous,
                        0.0,
                        f64::INFINITY,
                    );
                    coefs.push((w, -1.0));
                    relax.push((Relaxation::Vehicles(p), w));
                }
                m.add_row(
                    format!("vehicles[{}]", pid(p)),
                    coefs,
                    Sense::Le,
                    max as f64,
                );
            }
        }
    }
    // Staff coupling: F ≥ in-house need; F + T ≥ remaining staff; T ≤ transferable FTE.
    for p in 0..np {
        for t in 0..h {
            let need = appears[p]
                .iter()
                .map(|&(x, col, i)| (x, col.own_fte[i][t]))
                .filter(|&(_, fte)| fte != 0.0)
                .collect();
            let transfer = t_var[p].as_ref().map(|tv| {
                let cap = appears[p]
                    .iter()
                    .filter(|(_, col, _)| col.form.is_some_and(|f| s.forms[f].staff_transfer))
                    .map(|&(x, col, i)| (x, col.key[i] * col.shared_fte[t]))
                    .filter(|&(_, w)| w != 0.0)
                    .collect();
                (tv[t], cap)
            });
            staff_rows(&mut m, s, p, t, f_var[p][t], need, transfer);
        }
    }
    // Budgets (per year) and individual rationality (NPV), under the volume key.
    for p in 0..np {
        let budget = s.partners[p].budget;
        let ir = s.constraints.individual_rationality;
        if budget.is_none() && !ir {
            continue;
        }
        let salary = s.salary_of(p);
        if let Some(b) = budget {
            for t in 0..h {
                let mut coefs = vec![(f_var[p][t], salary)];
                for &(x, col, i) in &appears[p] {
                    coefs.push((x, col.ledgers[i].cash(t)));
                }
                for &(v, i) in &in_vehicle[p] {
                    coefs.push((z[v], vehicle_ledgers[v][i].cash(t)));
                }
                if elastic {
                    let u = m.add_var(
                        format!("short[{},{}]", pid(p), year(t)),
                        VarKind::Continuous,
                        0.0,
                        f64::INFINITY,
                    );
                    coefs.push((u, -1.0));
                    relax.push((Relaxation::Budget(p, t), u));
                }
                m.add_row(
                    format!("budget[{},{}]", pid(p), year(t)),
                    coefs,
                    Sense::Le,
                    b + 0.5 * RULE_TOLERANCE * (1.0 + b),
                );
            }
        }
        if ir {
            let mut coefs: Vec<(usize, f64)> = (0..h)
                .map(|t| (f_var[p][t], s.discount(t) * salary))
                .collect();
            for &(x, col, i) in &appears[p] {
                coefs.push((x, col.ledgers[i].npv(s)));
            }
            for &(v, i) in &in_vehicle[p] {
                coefs.push((z[v], vehicle_ledgers[v][i].npv(s)));
            }
            if elastic {
                let v = m.add_var(
                    format!("excess[{}]", pid(p)),
                    VarKind::Continuous,
                    0.0,
                    f64::INFINITY,
                );
                coefs.push((v, -1.0));
                relax.push((Relaxation::Rational(p), v));
            }
            let rhs = (1.0 - s.constraints.min_saving) * baseline_npv[p]
                + 0.5 * RULE_TOLERANCE * (1.0 + baseline_npv[p].abs());
            m.add_row(format!("rational[{}]", pid(p)), coefs, Sense::Le, rhs);
        }
    }
    if elastic {
        // Group rules: a column that breaks rule r needs r's slack.
        let mut rule_var: Vec<(Rule, usize)> = Vec::new();
        let columns = c
            .shared
            .iter()
            .zip(&c.shared_breaches)
            .zip(&x_shared)
            .map(|((_, b), &x)| (b, x))
            .chain(
                c.alone_breaches
                    .iter()
                    .zip(&x_alone)
                    .filter_map(|(b, x)| x.map(|x| (b, x))),
            );
        for (breaches, x) in columns {
            for b in breaches {
                let r = match rule_var.iter().find(|(r, _)| *r == b.rule) {
                    Some(&(_, r)) => r,
                    None => {
                        let r = m.add_var(
                            format!("relax[{}]", rule_var.len()),
                            VarKind::Binary,
                            0.0,
                            1.0,
                        );
                        rule_var.push((b.rule, r));
                        relax.push((Relaxation::Rule(b.rule, b.message.clone()), r));
                        r
                    }
                };
                let name = m.vars[x].name.clone();
                m.add_row(
                    format!("breaks[{name}]"),
                    vec![(x, 1.0), (r, -1.0)],
                    Sense::Le,
                    0.0,
                );
            }
        }
        // Penalties first, the plan's cost (scaled to at most ~1e-3) as a tie-breaker.
        let total: f64 = baseline_npv.iter().map(|b| b.abs()).sum::<f64>().max(1.0);
        for term in m.objective.iter_mut() {
            term.1 *= 1e-3 / total;
        }
        for (r, var) in &relax {
            let weight = match *r {
                Relaxation::Rule(..) | Relaxation::Vehicles(_) => 1.0,
                Relaxation::Budget(p, _) => 1.0 / s.partners[p].budget.unwrap_or(1.0).max(1.0),
                Relaxation::Rational(p) => 1.0 / baseline_npv[p].abs().max(1.0),
            };
            m.objective.push((*var, weight));
        }
    }
    Model {
        milp: m,
        x_shared,
        x_alone,
        z,
        relax,
    }
}
