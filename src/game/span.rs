//! The linear span of coalitions' incidence vectors (0/1 vectors in `R^n`), kept in reduced
//! row-echelon form: which coalitions' sums `x(T)` are already determined by the fixed ones,
//! and the unique allocation once they span `R^n`. Used by the nucleolus and the Kohlberg
//! check.

use super::characteristic::{Coalition, members};

/// Entries below this are zero. Incidence vectors are 0/1 and `n <= 24`, so eliminated
/// entries are small rationals far from it.
const ZERO: f64 = 1e-9;

pub(crate) struct Span {
    n: usize,
    /// Reduced rows with their pivot column; each row is 1 at its pivot and 0 at the others'.
    rows: Vec<(usize, Vec<f64>)>,
}

impl Span {
    pub(crate) fn new(n: usize) -> Span {
        Span {
            n,
            rows: Vec::new(),
        }
    }

    pub(crate) fn is_full(&self) -> bool {
        self.rows.len() == self.n
    }

    fn reduce(&self, t: Coalition) -> Vec<f64> {
        let mut v = vec![0.0; self.n];
        for i in members(t) {
            v[i] = 1.0;
        }
        for (p, row) in &self.rows {
            let f = v[*p];
            if f != 0.0 {
                for (a, b) in v.iter_mut().zip(row) {
                    *a -= f * b;
                }
            }
        }
        v
    }

    /// Whether `1_T` is a linear combination of the coalitions inserted so far.
    pub(crate) fn contains(&self, t: Coalition) -> bool {
        self.is_full() || self.reduce(t).iter().all(|a| a.abs() <= ZERO)
    }

    /// Adds `1_T`; returns false (and changes nothing) when it was already in the span.
    pub(crate) fn insert(&mut self, t: Coalition) -> bool {
        let mut v = self.reduce(t);
        let Some((p, &pivot)) = v
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        else {
            return false;
        };
        if pivot.abs() <= ZERO {
            return false;
        }
        for a in v.iter_mut() {
            *a /= pivot;
            if a.abs() <= ZERO {
                *a = 0.0;
            }
        }
        for (_, row) in self.rows.iter_mut() {
            let f = row[p];
            if f != 0.0 {
                for (a, b) in row.iter_mut().zip(&v) {
                    *a -= f * b;
                }
            }
        }
        self.rows.push((p, v));
        true
    }
}

/// Solves `x(T_k) = rhs_k` for `n` coalitions with linearly independent incidence vectors
/// (Gaussian elimination with partial pivoting). `None` when they are dependent.
pub(crate) fn solve_square(n: usize, equations: &[(Coalition, f64)]) -> Option<Vec<f64>> {
    if equations.len() != n {
        return None;
    }
    let mut a: Vec<Vec<f64>> = equations
        .iter()
        .map(|&(t, rhs)| {
            let mut row = vec![0.0; n + 1];
            for i in members(t) {
                row[i] = 1.0;
            }
            row[n] = rhs;
            row
        })
        .collect();
    for col in 0..n {
        let p = (col..n).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[p][col].abs() <= ZERO {
            return None;
        }
        a.swap(col, p);
        for r in 0..n {
            if r != col {
                let f = a[r][col] / a[col][col];
                if f != 0.0 {
                    let (pivot_row, row) = if r < col {
                        let (lo, hi) = a.split_at_mut(col);
                        (&hi[0], &mut lo[r])
                    } else {
                        let (lo, hi) = a.split_at_mut(r);
                        (&lo[col], &mut hi[0])
                    };
                    for (x, y) in row.iter_mut().zip(pivot_row) {
                        *x -= f * y;
                    }
                }
            }
        }
    }
    Some((0..n).map(|i| a[i][n] / a[i][i]).collect())
}
