//! A lower bound on a MILP's optimum from any row multipliers, checked by samen itself.
//!
//! For row multipliers `w` (signed as a minimisation's duals: `w ≤ 0` on a `≤` row, `w ≥ 0`
//! on a `≥` row, free on an `=` row) weak duality gives, for every point `x` within the
//! variables' bounds that satisfies the rows,
//!
//! `c·x ≥ Σ_i w_i b_i + Σ_j min(d_j l_j, d_j u_j)`, with `d = c - Aᵀw`,
//!
//! so the right-hand side bounds the LP relaxation and hence the MILP from below. It holds for
//! any `w`, optimal or not, which is why samen recomputes it instead of trusting a solver's
//! objective: an interior-point solve without crossover ends with duals that are optimal only
//! to its tolerances, and the bound computed here from them is valid all the same (Neumaier
//! and Shcherbina, "Safe bounds in linear and mixed-integer linear programming", 2004). A
//! multiplier of the wrong sign is set to zero, which keeps the bound valid.
//!
//! A variable without an upper (lower) bound whose reduced cost `d_j` is negative (positive)
//! would make the bound minus infinity, however small `d_j`: such a variable gets the bound
//! its rows imply, the other variables at their bounds (propagated over a few passes, for a
//! variable bounded only through another), or, for a variable its rows only ask to be large
//! enough, the most they ask (some optimum has it no higher: [`least_needed`]). When neither
//! bounds it, there is no bound (the variable is named).

use crate::milp::{Milp, Row, Sense, VarKind};
use std::collections::HashMap;

/// The lower bound on `milp`'s objective from row multipliers `w` (one per row), or the name
/// of the first variable without a bound on the side its reduced cost needs that its rows do
/// not bound either.
pub fn dual_bound(milp: &Milp, w: &[f64]) -> Result<f64, String> {
    assert_eq!(w.len(), milp.rows.len(), "one multiplier per row");
    let w: Vec<f64> = milp
        .rows
        .iter()
        .zip(w)
        .map(|(r, &y)| signed(r, y))
        .collect();
    let d = reduced_costs(milp, &w);
    let rows: f64 = milp.rows.iter().zip(&w).map(|(r, &y)| y * r.rhs).sum();
    let needs = unbounded_on_the_wrong_side(milp, &d);
    let implied = implied_bounds(milp, &needs);
    let mut columns = 0.0;
    for (j, &dj) in d.iter().enumerate() {
        let v = &milp.vars[j];
        let (lo, up) = implied.get(&j).copied().unwrap_or((v.lower, v.upper));
        columns += column_term(dj, lo, up).ok_or_else(|| v.name.clone())?;
    }
    Ok(rows + columns)
}

/// A multiplier with the sign a minimisation's dual of its row has (zero otherwise).
fn signed(r: &Row, y: f64) -> f64 {
    match r.sense {
        Sense::Le => y.min(0.0),
        Sense::Ge => y.max(0.0),
        Sense::Eq => y,
    }
}

/// `d = c - Aᵀw`.
fn reduced_costs(milp: &Milp, w: &[f64]) -> Vec<f64> {
    let mut d = milp.dense_objective();
    for (r, &y) in milp.rows.iter().zip(w) {
        if y != 0.0 {
            for &(j, a) in &r.coefs {
                d[j] -= a * y;
            }
        }
    }
    d
}

/// `min(d l, d u)` over the variable's bounds (a zero reduced cost adds nothing, even on an
/// unbounded variable); `None` when it is minus infinity.
fn column_term(d: f64, lower: f64, upper: f64) -> Option<f64> {
    let at = match d {
        d if d > 0.0 => lower,
        d if d < 0.0 => upper,
        _ => return Some(0.0),
    };
    let term = d * at;
    term.is_finite().then_some(term)
}

/// The variables whose reduced cost points at an infinite bound.
fn unbounded_on_the_wrong_side(milp: &Milp, d: &[f64]) -> Vec<usize> {
    (0..d.len())
        .filter(|&j| {
            let v = &milp.vars[j];
            (d[j] < 0.0 && v.upper == f64::INFINITY) || (d[j] > 0.0 && v.lower == f64::NEG_INFINITY)
        })
        .collect()
}

/// Passes of bound propagation: a variable bounded only through another unbounded one (a
/// transfer capped by shares, each share capped by a membership) needs two.
const PROPAGATION_PASSES: usize = 4;

/// The bounds of each variable in `needs`, from the bounds every row implies with the other
/// variables at their bounds, propagated over the variables without a bound.
fn implied_bounds(milp: &Milp, needs: &[usize]) -> HashMap<usize, (f64, f64)> {
    if needs.is_empty() {
        return HashMap::new();
    }
    let mut bounds: Vec<(f64, f64)> = milp.vars.iter().map(|v| (v.lower, v.upper)).collect();
    let open: Vec<bool> = milp
        .vars
        .iter()
        .map(|v| !v.lower.is_finite() || !v.upper.is_finite())
        .collect();
    for _ in 0..PROPAGATION_PASSES {
        if !propagate(milp, &open, &mut bounds) {
            break;
        }
    }
    let costs = milp.dense_objective();
    let mut rows_of: HashMap<usize, Vec<(usize, f64)>> = needs
        .iter()
        .filter(|&&j| bounds[j].1 == f64::INFINITY)
        .map(|&j| (j, Vec::new()))
        .collect();
    for (i, r) in milp.rows.iter().enumerate() {
        for &(j, a) in &r.coefs {
            if let Some(rows) = rows_of.get_mut(&j) {
                rows.push((i, a));
            }
        }
    }
    for (&j, rows) in &rows_of {
        if let Some(most) = least_needed(milp, &bounds, j, costs[j], rows) {
            bounds[j].1 = most.max(bounds[j].0);
        }
    }
    needs.iter().map(|&j| (j, bounds[j])).collect()
}

/// For a continuous variable that costs nothing or more (`cost` ≥ 0) and that every row it
/// appears in (`rows`: row index and its coefficient) only asks to be large enough (a ≥ row
/// with a > 0, a ≤ row with a < 0; never an = row), the most any of those rows can ask of it,
/// the others at their bounds. Lowering such a variable to what its rows ask keeps every row
/// and costs no more, so some optimum, of the LP and of the MILP alike, has it at most there:
/// a bound the optimum's value respects though the model does not state it (paid staff `F`:
/// only "at least what the choices need" and "no layoffs" ask of it).
fn least_needed(
    milp: &Milp,
    bounds: &[(f64, f64)],
    j: usize,
    cost: f64,
    rows: &[(usize, f64)],
) -> Option<f64> {
    let asks_up = |&(i, a): &(usize, f64)| match milp.rows[i].sense {
        Sense::Ge => a > 0.0,
        Sense::Le => a < 0.0,
        Sense::Eq => false,
    };
    if cost < 0.0 || milp.vars[j].kind != VarKind::Continuous || !rows.iter().all(asks_up) {
        return None;
    }
    let mut most = f64::NEG_INFINITY;
    for &(i, a) in rows {
        let r = &milp.rows[i];
        let activity = Activity::of(r, bounds);
        let (least, most_others) = activity.without(a, bounds[j]);
        // a x ≥ rhs - others: the most it asks is with the others at their least (a ≥ row) or
        // greatest (a ≤ row, a < 0) activity.
        let others = if r.sense == Sense::Ge {
            least
        } else {
            most_others
        };
        let asked = (r.rhs - others) / a;
        if !asked.is_finite() {
            return None;
        }
        most = most.max(asked);
    }
    Some(most)
}

/// One pass over the rows, tightening the bounds of the `open` variables; whether any changed.
fn propagate(milp: &Milp, open: &[bool], bounds: &mut [(f64, f64)]) -> bool {
    let mut changed = false;
    for r in &milp.rows {
        if !r.coefs.iter().any(|&(j, _)| open[j]) {
            continue;
        }
        let activity = Activity::of(r, bounds);
        for &(j, a) in r.coefs.iter().filter(|&&(j, a)| open[j] && a != 0.0) {
            let before = bounds[j];
            bounds[j] = tightened(r, a, before, activity.without(a, before));
            changed |= bounds[j] != before;
        }
    }
    changed
}

/// `(lower, upper)` of a variable with coefficient `a` in row `r`, tightened by the row given
/// the least and greatest activity of the row's other variables.
fn tightened(
    r: &Row,
    a: f64,
    (mut lo, mut up): (f64, f64),
    (least, most): (f64, f64),
) -> (f64, f64) {
    // a x ≤ rhs - (the others' least activity), on a ≤ or = row.
    if r.sense != Sense::Ge && least.is_finite() {
        let cap = (r.rhs - least) / a;
        if a > 0.0 {
            up = up.min(cap)
        } else {
            lo = lo.max(cap)
        }
    }
    // a x ≥ rhs - (the others' greatest activity), on a ≥ or = row.
    if r.sense != Sense::Le && most.is_finite() {
        let floor = (r.rhs - most) / a;
        if a > 0.0 {
            lo = lo.max(floor)
        } else {
            up = up.min(floor)
        }
    }
    (lo, up)
}

/// A row's least and greatest activity over the variables' bounds: the finite part and how
/// many terms are infinite, so that one variable's term can be taken out.
struct Activity {
    least: f64,
    least_infinite: usize,
    most: f64,
    most_infinite: usize,
}

impl Activity {
    fn of(r: &Row, bounds: &[(f64, f64)]) -> Self {
        let mut act = Activity {
            least: 0.0,
            least_infinite: 0,
            most: 0.0,
            most_infinite: 0,
        };
        for &(j, a) in r.coefs.iter().filter(|&&(_, a)| a != 0.0) {
            let (lo, hi) = term_range(a, bounds[j]);
            if lo.is_finite() {
                act.least += lo
            } else {
                act.least_infinite += 1
            }
            if hi.is_finite() {
                act.most += hi
            } else {
                act.most_infinite += 1
            }
        }
        act
    }

    /// The least and greatest activity of the others, without the term of a variable with
    /// coefficient `a` and bounds `b` (infinite when another term is).
    fn without(&self, a: f64, b: (f64, f64)) -> (f64, f64) {
        let (lo, hi) = term_range(a, b);
        let part =
            |sum: f64, infinite: usize, own: f64, sign: f64| match (own.is_finite(), infinite) {
                (true, 0) => sum - own,
                (false, 1) => sum,
                _ => sign * f64::INFINITY,
            };
        (
            part(self.least, self.least_infinite, lo, -1.0),
            part(self.most, self.most_infinite, hi, 1.0),
        )
    }
}

/// The least and greatest value of `a x` over `x`'s bounds.
fn term_range(a: f64, (l, u): (f64, f64)) -> (f64, f64) {
    if a > 0.0 {
        (a * l, a * u)
    } else {
        (a * u, a * l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::milp::VarKind;

    /// min x + y  s.t.  x + y ≥ 2,  x, y ≥ 0 (no upper bounds): optimum 2.
    fn covering() -> Milp {
        let mut m = Milp::default();
        let x = m.add_var("x".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        let y = m.add_var("y".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        m.add_row("cover".into(), vec![(x, 1.0), (y, 1.0)], Sense::Ge, 2.0);
        m.objective = vec![(x, 1.0), (y, 1.0)];
        m
    }

    #[test]
    fn the_optimal_dual_gives_the_optimum_and_any_other_a_weaker_bound() {
        let m = covering();
        assert_eq!(dual_bound(&m, &[1.0]), Ok(2.0));
        assert_eq!(dual_bound(&m, &[0.5]), Ok(1.0));
        assert_eq!(dual_bound(&m, &[0.0]), Ok(0.0));
        // A multiplier of the wrong sign on a ≥ row counts as zero.
        assert_eq!(dual_bound(&m, &[-3.0]), Ok(0.0));
    }

    #[test]
    fn a_multiplier_past_the_optimum_is_bounded_by_the_rows() {
        // w = 1.5 gives d = -0.5 on both unbounded variables: minus infinity without a cap. No
        // row caps them, but the one row they are in only asks them to be large enough (at
        // most 2 each): 1.5 · 2 - 0.5 · 2 - 0.5 · 2 = 1, below the optimum 2 as it must be.
        assert_eq!(dual_bound(&covering(), &[1.5]), Ok(1.0));
    }

    /// min -x  s.t.  x ≤ 3 (a row),  x ≥ 0 (no upper bound): optimum -3.
    fn capped() -> Milp {
        let mut m = Milp::default();
        let x = m.add_var("x".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        m.add_row("cap".into(), vec![(x, 1.0)], Sense::Le, 3.0);
        m.objective = vec![(x, -1.0)];
        m
    }

    #[test]
    fn an_unbounded_variable_takes_the_bound_its_rows_imply() {
        let m = capped();
        assert_eq!(dual_bound(&m, &[-1.0]), Ok(-3.0));
        // No multiplier: d = -1 on x, whose row caps it at 3: still -3, by the implied bound.
        assert_eq!(dual_bound(&m, &[0.0]), Ok(-3.0));
        // Half the dual: -1.5 from the row, -0.5 · 3 from x.
        assert_eq!(dual_bound(&m, &[-0.5]), Ok(-3.0));
    }

    #[test]
    fn an_equality_row_bounds_both_ways_and_takes_a_free_multiplier() {
        // min x - y  s.t.  x + y = 4,  x, y ≥ 0 (no upper bounds).
        let mut m = Milp::default();
        let x = m.add_var("x".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        let y = m.add_var("y".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        m.add_row("sum".into(), vec![(x, 1.0), (y, 1.0)], Sense::Eq, 4.0);
        m.objective = vec![(x, 1.0), (y, -1.0)];
        // Optimum -4 (x = 0, y = 4); w = -1 is its dual: d = (2, 0).
        assert_eq!(dual_bound(&m, &[-1.0]), Ok(-4.0));
        // w = 0: d = (1, -1), y capped at 4 by the row: -4 again.
        assert_eq!(dual_bound(&m, &[0.0]), Ok(-4.0));
    }

    #[test]
    fn a_variable_bounded_only_through_another_gets_its_bound_in_a_second_pass() {
        // min -t  s.t.  t - u ≤ 0,  u - 5 y ≤ 0,  y ∈ [0, 1],  t, u ≥ 0 unbounded: optimum -5.
        let mut m = Milp::default();
        let t = m.add_var("t".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        let u = m.add_var("u".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        let y = m.add_var("y".into(), VarKind::Binary, 0.0, 1.0);
        m.add_row("t_cap".into(), vec![(t, 1.0), (u, -1.0)], Sense::Le, 0.0);
        m.add_row("u_cap".into(), vec![(u, 1.0), (y, -5.0)], Sense::Le, 0.0);
        m.objective = vec![(t, -1.0)];
        // No multipliers: t's cap is u's, and u's is 5 (y at most 1).
        assert_eq!(dual_bound(&m, &[0.0, 0.0]), Ok(-5.0));
        // The optimal duals (-1, -1): d = (0, 0, -5), y at 1.
        assert_eq!(dual_bound(&m, &[-1.0, -1.0]), Ok(-5.0));
    }

    #[test]
    fn a_variable_only_asked_to_be_large_enough_is_bounded_by_the_most_asked() {
        // min f + 0·z  s.t.  f - 3 y ≥ 0,  f + z ≥ 2,  y ∈ [0, 1],  f, z ≥ 0: optimum 0 (y = 0,
        // z = 2 for free). f has no row capping it; its rows ask at most max(3, 2) = 3.
        let mut m = Milp::default();
        let f = m.add_var("f".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        let y = m.add_var("y".into(), VarKind::Binary, 0.0, 1.0);
        let z = m.add_var("z".into(), VarKind::Continuous, 0.0, f64::INFINITY);
        m.add_row("need".into(), vec![(f, 1.0), (y, -3.0)], Sense::Ge, 0.0);
        m.add_row("floor".into(), vec![(f, 1.0), (z, 1.0)], Sense::Ge, 2.0);
        m.objective = vec![(f, 1.0)];
        // w = (0, 2): d_f = 1 - 2 = -1 < 0 on an unbounded f, capped at 3: 4 - 3 = 1; d_z = -2
        // on z, which only a ≥ row asks of and which costs nothing: capped at 2 - 0 = 2: -4.
        assert_eq!(dual_bound(&m, &[0.0, 2.0]), Ok(4.0 - 3.0 - 4.0));
        // w = (0, 1): d = (0, 0, -1), z capped at 2: 2 - 2 = 0, the optimum.
        assert_eq!(dual_bound(&m, &[0.0, 1.0]), Ok(0.0));
        // A variable a ≤ row caps the other way cannot be bounded so: f ≤ 5 + z would let f
        // grow with z, and z has no cap.
        let mut n = m.clone();
        n.add_row("cap".into(), vec![(f, 1.0), (z, -1.0)], Sense::Le, 5.0);
        assert_eq!(dual_bound(&n, &[0.0, 2.0, 0.0]), Err("f".into()));
    }
}
