//! Which inputs drive an output: standardised regression coefficients (SRC), their rank
//! version (SRRC) for monotone but non-linear effects, and plain correlation.
//!
//! Standardising uses the population standard deviation (divide by n); the coefficients do
//! not depend on that choice as long as inputs and output use the same.

use nalgebra::{DMatrix, DVector, SVD};

/// The SVD's iteration limit; it only matters for non-finite data, which would otherwise
/// make it loop forever.
const SVD_ITERATIONS: usize = 10_000;

/// Ranks 1..n, ties get their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut start = 0;
    while start < order.len() {
        let first = x[order[start]];
        // `==` ties 0.0 with -0.0; `total_cmp` ties a NaN with itself, so a group is never empty.
        let tied = |&&k: &&usize| x[k] == first || x[k].total_cmp(&first).is_eq();
        let end = start + order[start..].iter().take_while(tied).count();
        let average = (start + 1 + end) as f64 / 2.0;
        for &k in &order[start..end] {
            ranks[k] = average;
        }
        start = end;
    }
    ranks
}

/// The result of a regression of an output on the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    /// One standardised coefficient per input column, in order: the change of the output,
    /// in its standard deviations, per standard deviation of the input with the others held.
    pub coefficients: Vec<f64>,
    /// The share of the output's variance the fit explains, in [0, 1].
    pub r_squared: f64,
}

/// Standardised regression coefficients of y on the columns `x[j]` (each of length n) by least
/// squares with nalgebra (SVD solve): each column and y standardised to mean 0, sd 1. A
/// constant column (sd 0) gets coefficient exactly 0 and is left out of the fit. y constant
/// (or empty): all coefficients 0, r_squared 0.
///
/// A column whose length differs from y's has no meaning here and gets NaN, and so does
/// every coefficient when the data have non-finite values.
pub fn standardised(x: &[Vec<f64>], y: &[f64]) -> Regression {
    let mut coefficients = vec![0.0; x.len()];
    let Some(y) = standardise(y) else {
        return Regression {
            coefficients,
            r_squared: 0.0,
        };
    };
    let mut fitted = Vec::new();
    for (j, column) in x.iter().enumerate() {
        match (column.len() == y.len()).then(|| standardise(column)) {
            Some(Some(z)) => fitted.push((j, z)),
            Some(None) => {}
            None => coefficients[j] = f64::NAN,
        }
    }
    let r_squared = fit(&fitted, &y, &mut coefficients);
    Regression {
        coefficients,
        r_squared,
    }
}

/// The least-squares fit of `y` on the standardised columns, writing each column's
/// coefficient at its index; returns R².
fn fit(columns: &[(usize, Vec<f64>)], y: &[f64], coefficients: &mut [f64]) -> f64 {
    if columns.is_empty() {
        return 0.0;
    }
    let a = DMatrix::from_fn(y.len(), columns.len(), |i, k| columns[k].1[i]);
    let b = DVector::from_column_slice(y);
    let Some(beta) = least_squares(&a, &b) else {
        columns
            .iter()
            .for_each(|(j, _)| coefficients[*j] = f64::NAN);
        return f64::NAN;
    };
    for ((j, _), value) in columns.iter().zip(beta.iter()) {
        coefficients[*j] = *value;
    }
    let residual = (&a * &beta - &b).norm_squared();
    (1.0 - residual / b.norm_squared()).clamp(0.0, 1.0)
}

/// The minimum-norm least-squares solution of `a beta = b`, which also copes with
/// collinear columns.
fn least_squares(a: &DMatrix<f64>, b: &DVector<f64>) -> Option<DVector<f64>> {
    let svd = SVD::try_new(a.clone(), true, true, f64::EPSILON, SVD_ITERATIONS)?;
    let cutoff = svd.singular_values.max() * 1e-12;
    svd.solve(b, cutoff).ok()
}

/// The data shifted to mean 0 and scaled to sd 1, or None when they are constant or empty.
/// Constant means all equal: the computed sd of equal values can be a rounding error above 0.
fn standardise(v: &[f64]) -> Option<Vec<f64>> {
    let first = *v.first()?;
    if v.iter().all(|x| *x == first) {
        return None;
    }
    let (mean, sd) = mean_sd(v)?;
    Some(v.iter().map(|x| (x - mean) / sd).collect())
}

/// The mean and population standard deviation, None for no data.
fn mean_sd(v: &[f64]) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let variance = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    Some((mean, variance.sqrt()))
}

/// The same on ranks (standardised rank regression coefficients, SRRC), r_squared on the
/// ranks.
pub fn rank_regression(x: &[Vec<f64>], y: &[f64]) -> Regression {
    let ranked: Vec<Vec<f64>> = x.iter().map(|column| ranks(column)).collect();
    standardised(&ranked, &ranks(y))
}

/// Sample Pearson correlation of two equal-length slices (0 when either is constant, when
/// they are empty or their lengths differ).
pub fn correlation(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() {
        return 0.0;
    }
    match (standardise(a), standardise(b)) {
        (Some(za), Some(zb)) => {
            za.iter().zip(&zb).map(|(x, y)| x * y).sum::<f64>() / a.len() as f64
        }
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_without_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 2.0]), vec![3.0, 1.0, 2.0]);
        assert!(ranks(&[]).is_empty());
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(
            ranks(&[5.0, 1.0, 5.0, 2.0, 5.0]),
            vec![4.0, 1.0, 4.0, 2.0, 4.0]
        );
        assert_eq!(ranks(&[2.0, 2.0, 1.0, 1.0]), vec![3.5, 3.5, 1.5, 1.5]);
        assert_eq!(ranks(&[7.0, 7.0]), vec![1.5, 1.5]);
    }

    #[test]
    fn correlation_of_lines_and_constants() {
        let a = [1.0, 2.0, 3.0];
        assert!((correlation(&a, &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((correlation(&a, &[6.0, 4.0, 2.0]) + 1.0).abs() < 1e-12);
        assert_eq!(correlation(&a, &[0.1; 3]), 0.0);
        assert_eq!(correlation(&a, &[1.0, 2.0]), 0.0);
        assert_eq!(correlation(&[], &[]), 0.0);
    }

    #[test]
    fn a_constant_column_gets_exactly_0() {
        // The mean of three 0.1s is not 0.1 in floating point: a computed sd would not be 0.
        let x = vec![vec![1.0, 2.0, 5.0], vec![0.1; 3]];
        let r = standardised(&x, &[2.0, 4.0, 10.0]);
        assert_eq!(r.coefficients[1], 0.0);
        assert!((r.coefficients[0] - 1.0).abs() < 1e-12);
        assert!((r.r_squared - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_constant_output_gives_zeros() {
        let x = vec![vec![1.0, 2.0, 3.0]];
        assert_eq!(
            standardised(&x, &[1.0; 3]),
            Regression {
                coefficients: vec![0.0],
                r_squared: 0.0
            }
        );
        assert_eq!(standardised(&x, &[]).coefficients, vec![0.0]);
    }

    #[test]
    fn no_columns_and_bad_columns() {
        let none = standardised(&[], &[1.0, 2.0]);
        assert!(none.coefficients.is_empty() && none.r_squared == 0.0);
        let r = standardised(&[vec![1.0, 2.0, 3.0], vec![1.0]], &[1.0, 2.0, 4.0]);
        assert!(r.coefficients[1].is_nan() && r.coefficients[0] > 0.9);
    }

    #[test]
    fn collinear_columns_share_the_effect() {
        let x = vec![vec![1.0, 2.0, 3.0, 4.0], vec![2.0, 4.0, 6.0, 8.0]];
        let r = standardised(&x, &[1.0, 2.0, 3.0, 4.0]);
        assert!((r.coefficients[0] - 0.5).abs() < 1e-9 && (r.coefficients[1] - 0.5).abs() < 1e-9);
    }

    #[test]
    fn rank_regression_sees_a_monotone_effect_fully() {
        let x: Vec<f64> = (1..=20).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| v.powi(5)).collect();
        let r = rank_regression(std::slice::from_ref(&x), &y);
        assert!((r.coefficients[0] - 1.0).abs() < 1e-12 && (r.r_squared - 1.0).abs() < 1e-12);
        assert!(standardised(&[x], &y).r_squared < 0.9);
    }
}
