//! Correlation matrices between uncertain inputs: the structural check, the positive
//! semidefiniteness test, the nearest valid matrix when a planner's coefficients contradict
//! each other, and the factor the sampler mixes independent normals with.
//!
//! Rows and columns are counted from 1 in messages, as a planner counts inputs.

use nalgebra::{Cholesky, DMatrix, SymmetricEigen};

/// How far apart `a_ij` and `a_ji` may be and still count as symmetric, and how far a
/// diagonal entry may be from 1.
const SYMMETRY_TOLERANCE: f64 = 1e-9;

/// The smallest eigenvalue that still counts as PSD: rounding in a valid matrix with a
/// coefficient of exactly ±1 leaves eigenvalues a few ulps below 0.
const PSD_TOLERANCE: f64 = -1e-10;

/// When [`nearest`] stops: the relative change of its iterates and their distance.
const NEAREST_TOLERANCE: f64 = 1e-10;
const NEAREST_ITERATIONS: usize = 1000;

/// The eigensolver's iteration limit; it only matters for non-finite entries, which would
/// otherwise make it loop forever.
const EIGEN_ITERATIONS: usize = 10_000;

/// Structural check: square n×n, symmetric (|a_ij - a_ji| <= 1e-9), unit diagonal, entries
/// in [-1, 1]. Err(planner-readable reason naming the entry by (row, column), from 1).
pub fn check(m: &DMatrix<f64>) -> Result<(), String> {
    if !m.is_square() {
        return Err(format!(
            "a correlation matrix must be square, this one is {}×{}",
            m.nrows(),
            m.ncols()
        ));
    }
    for i in 0..m.nrows() {
        for j in 0..m.ncols() {
            check_entry(m, i, j)?;
        }
    }
    Ok(())
}

/// The checks of entry (i, j) against itself, the diagonal and its mirror entry.
fn check_entry(m: &DMatrix<f64>, i: usize, j: usize) -> Result<(), String> {
    let (a, at) = (m[(i, j)], (i + 1, j + 1));
    if !a.is_finite() {
        return Err(format!("entry {at:?} must be a finite number, not {a}"));
    }
    if i == j && (a - 1.0).abs() > SYMMETRY_TOLERANCE {
        return Err(format!(
            "entry {at:?} is on the diagonal and must be 1, not {a}"
        ));
    }
    if !(-1.0..=1.0).contains(&a) {
        return Err(format!("entry {at:?} is {a}, outside [-1, 1]"));
    }
    let mirror = m[(j, i)];
    if (a - mirror).abs() > SYMMETRY_TOLERANCE {
        return Err(format!(
            "entry {at:?} is {a} but entry {:?} is {mirror}: a correlation matrix is symmetric",
            (j + 1, i + 1)
        ));
    }
    Ok(())
}

/// Smallest eigenvalue >= -1e-10. False for a matrix that is not square or has non-finite
/// entries.
pub fn is_psd(m: &DMatrix<f64>) -> bool {
    min_eigenvalue(m) >= PSD_TOLERANCE
}

/// The smallest eigenvalue of the symmetric part of `m`: +∞ for a 0×0 matrix (it has none),
/// NaN when `m` is not square or the eigensolver fails (non-finite entries).
pub fn min_eigenvalue(m: &DMatrix<f64>) -> f64 {
    if m.is_empty() && m.is_square() {
        return f64::INFINITY;
    }
    match eigen(m) {
        Some(e) => e.eigenvalues.iter().copied().fold(f64::INFINITY, f64::min),
        None => f64::NAN,
    }
}

/// The eigendecomposition of the symmetric part of `m`, if `m` is square, not empty (where
/// nalgebra panics) and it converges.
fn eigen(m: &DMatrix<f64>) -> Option<SymmetricEigen<f64, nalgebra::Dyn>> {
    if !m.is_square() || m.is_empty() {
        return None;
    }
    let symmetric = (m + m.transpose()) / 2.0;
    SymmetricEigen::try_new(symmetric, f64::EPSILON, EIGEN_ITERATIONS)
}

/// Higham (2002) nearest correlation matrix in the Frobenius norm: alternating projections
/// with Dykstra's correction onto the PSD cone and the unit-diagonal set, to a tolerance of
/// 1e-10 or 1000 iterations; result symmetric, unit diagonal exactly, PSD.
///
/// A matrix that already is one (symmetric, unit diagonal, PSD) comes back unchanged. A
/// non-square matrix, which has no nearest correlation matrix, comes back unchanged too
/// ([`check`] rejects it first).
pub fn nearest(m: &DMatrix<f64>) -> DMatrix<f64> {
    if !m.is_square() || (check(m).is_ok() && is_psd(m)) {
        return m.clone();
    }
    let target = (m + m.transpose()) / 2.0;
    let mut y = target.clone();
    let mut correction = DMatrix::zeros(m.nrows(), m.ncols());
    let mut x_previous = y.clone();
    for _ in 0..NEAREST_ITERATIONS {
        let r = &y - &correction;
        let x = psd_projection(&r);
        correction = &x - &r;
        let y_next = unit_diagonal(&x);
        let done = converged(&x, &x_previous, &y_next, &y);
        (y, x_previous) = (y_next, x);
        if done {
            break;
        }
    }
    finish(y)
}

/// Higham's stopping rule: the iterates have stopped moving and the two projections agree.
fn converged(
    x: &DMatrix<f64>,
    x_prev: &DMatrix<f64>,
    y: &DMatrix<f64>,
    y_prev: &DMatrix<f64>,
) -> bool {
    let scale = y.norm().max(f64::MIN_POSITIVE);
    let change = (x - x_prev)
        .norm()
        .max((y - y_prev).norm())
        .max((y - x).norm());
    change / scale <= NEAREST_TOLERANCE
}

/// The nearest PSD matrix in the Frobenius norm: negative eigenvalues set to 0.
fn psd_projection(m: &DMatrix<f64>) -> DMatrix<f64> {
    match eigen(m) {
        Some(e) => {
            let clipped = e.eigenvalues.map(|l| l.max(0.0));
            &e.eigenvectors * DMatrix::from_diagonal(&clipped) * e.eigenvectors.transpose()
        }
        None => m.clone(),
    }
}

fn unit_diagonal(m: &DMatrix<f64>) -> DMatrix<f64> {
    let mut m = m.clone();
    m.fill_diagonal(1.0);
    m
}

/// The last iterate has a unit diagonal but, stopped at a tolerance, may be a hair outside
/// the PSD cone; then it is clipped and rescaled to a unit diagonal, which keeps it PSD.
fn finish(y: DMatrix<f64>) -> DMatrix<f64> {
    let y = (&y + y.transpose()) / 2.0;
    if min_eigenvalue(&y) >= 0.0 {
        return y;
    }
    clipped_and_rescaled(&y)
}

/// The eigenvalue-clipped matrix rescaled to a unit diagonal, `D^-1/2 P_S(m) D^-1/2` (the
/// diagonal then set to exactly 1, a rounding-sized change): a cheap PSD correlation matrix
/// near `m`, but not the nearest.
pub fn clipped_and_rescaled(m: &DMatrix<f64>) -> DMatrix<f64> {
    let clipped = psd_projection(m);
    let scale = clipped
        .diagonal()
        .map(|d| if d > 0.0 { 1.0 / d.sqrt() } else { 0.0 });
    let rescaled = DMatrix::from_diagonal(&scale) * clipped * DMatrix::from_diagonal(&scale);
    unit_diagonal(&((&rescaled + rescaled.transpose()) / 2.0))
}

/// A lower factor L with L Lᵀ = m for a PSD matrix m, also when m is only semidefinite (e.g.
/// a coefficient of exactly 1): Cholesky when it succeeds, else from the symmetric
/// eigendecomposition with negative eigenvalues clipped to 0 (Q sqrt(Λ+), which is fine as
/// a factor even if not triangular).
///
/// A non-square matrix gives a 0×0 one; one the eigensolver cannot handle (non-finite
/// entries) gives the identity, that is independence. [`check`] rules both out first.
pub fn factor(m: &DMatrix<f64>) -> DMatrix<f64> {
    if !m.is_square() || m.is_empty() {
        return DMatrix::zeros(0, 0);
    }
    if let Some(c) = Cholesky::new(m.clone()) {
        return c.l();
    }
    match eigen(m) {
        Some(e) => {
            &e.eigenvectors * DMatrix::from_diagonal(&e.eigenvalues.map(|l| l.max(0.0).sqrt()))
        }
        None => DMatrix::identity(m.nrows(), m.ncols()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[&[f64]]) -> DMatrix<f64> {
        DMatrix::from_fn(rows.len(), rows.len(), |i, j| rows[i][j])
    }

    fn contradictory() -> DMatrix<f64> {
        matrix(&[&[1.0, 0.9, 0.9], &[0.9, 1.0, -0.9], &[0.9, -0.9, 1.0]])
    }

    #[test]
    fn check_accepts_a_correlation_matrix() {
        assert_eq!(check(&matrix(&[&[1.0, 0.3], &[0.3, 1.0]])), Ok(()));
        assert_eq!(check(&DMatrix::zeros(0, 0)), Ok(()));
    }

    #[test]
    fn check_names_an_asymmetric_entry() {
        let err = check(&matrix(&[&[1.0, 0.3], &[0.2, 1.0]])).unwrap_err();
        assert!(err.contains("(1, 2)") && err.contains("symmetric"), "{err}");
    }

    #[test]
    fn check_names_a_diagonal_entry_that_is_not_1() {
        let err = check(&matrix(&[&[1.0, 0.3], &[0.3, 0.9]])).unwrap_err();
        assert!(err.contains("(2, 2)") && err.contains("diagonal"), "{err}");
    }

    #[test]
    fn check_names_an_entry_out_of_range() {
        let err = check(&matrix(&[&[1.0, 1.2], &[1.2, 1.0]])).unwrap_err();
        assert!(err.contains("(1, 2)") && err.contains("[-1, 1]"), "{err}");
    }

    #[test]
    fn check_rejects_non_square_and_non_finite() {
        assert!(check(&DMatrix::zeros(2, 3)).unwrap_err().contains("2×3"));
        let err = check(&matrix(&[&[1.0, f64::NAN], &[f64::NAN, 1.0]])).unwrap_err();
        assert!(err.contains("finite"), "{err}");
    }

    #[test]
    fn psd_test_and_smallest_eigenvalue() {
        assert!(!is_psd(&contradictory()));
        assert!(min_eigenvalue(&contradictory()) < -0.5);
        let m = matrix(&[&[1.0, 0.5], &[0.5, 1.0]]);
        assert!((min_eigenvalue(&m) - 0.5).abs() < 1e-12);
        assert!(is_psd(&matrix(&[&[1.0, 1.0], &[1.0, 1.0]])));
        assert!(!is_psd(&DMatrix::zeros(2, 3)));
        assert!(is_psd(&DMatrix::zeros(0, 0)));
    }

    #[test]
    fn nearest_of_a_non_psd_matrix_is_a_correlation_matrix() {
        let n = nearest(&contradictory());
        assert_eq!(check(&n), Ok(()));
        assert!(is_psd(&n), "min eigenvalue {}", min_eigenvalue(&n));
        assert_eq!(n.diagonal(), DMatrix::from_element(3, 1, 1.0));
        assert_eq!(n, n.transpose());
    }

    #[test]
    fn nearest_is_no_farther_than_other_correlation_matrices() {
        let m = contradictory();
        let distance = (nearest(&m) - &m).norm();
        let identity = DMatrix::identity(3, 3);
        let mut candidates = vec![identity.clone(), clipped_and_rescaled(&m)];
        for k in 1..10 {
            let t = f64::from(k) / 10.0;
            candidates.push(&identity + (&m - &identity) * t);
        }
        for c in candidates.iter().filter(|c| is_psd(c)) {
            assert!(distance <= (c - &m).norm() + 1e-12, "{distance} vs {c}");
        }
        assert!(candidates.iter().filter(|c| is_psd(c)).count() >= 3);
    }

    /// A random correlation matrix: a random factor's Gram matrix rescaled to a unit diagonal.
    fn random_correlation(n: usize, seed: u64) -> DMatrix<f64> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let b = DMatrix::from_fn(n, n, |_, _| {
            (rng.next_u64() >> 11) as f64 / 2f64.powi(52) - 1.0
        });
        clipped_and_rescaled(&(&b * b.transpose()))
    }

    /// A random symmetric matrix with unit diagonal and entries in [-1, 1]; at n = 5 it is
    /// rarely PSD.
    fn random_symmetric(n: usize, seed: u64) -> DMatrix<f64> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let b = DMatrix::from_fn(n, n, |_, _| {
            (rng.next_u64() >> 11) as f64 / 2f64.powi(52) - 1.0
        });
        unit_diagonal(&((&b + b.transpose()) / 2.0))
    }

    fn lopsided() -> DMatrix<f64> {
        matrix(&[&[1.0, 0.9, 0.7], &[0.9, 1.0, -0.6], &[0.7, -0.6, 1.0]])
    }

    /// Correlation matrices of size n to test optimality against: random ones and the rank-one
    /// `v vᵀ` of every sign vector `v` (corners of the set).
    fn candidates(n: usize) -> Vec<DMatrix<f64>> {
        let mut all: Vec<DMatrix<f64>> = (0..300).map(|k| random_correlation(n, k)).collect();
        for signs in 0..1u32 << n {
            let v = DMatrix::from_fn(n, 1, |i, _| if signs >> i & 1 == 1 { -1.0 } else { 1.0 });
            all.push(&v * v.transpose());
        }
        all
    }

    #[test]
    fn nearest_satisfies_the_optimality_condition() {
        // X is nearest to A in the convex set of correlation matrices exactly when
        // <A - X, C - X> <= 0 for every correlation matrix C.
        let random = (0..)
            .map(|seed| random_symmetric(5, seed))
            .filter(|a| !is_psd(a));
        let mut inputs = vec![contradictory(), lopsided()];
        inputs.extend(random.take(4));
        for a in inputs {
            assert!(!is_psd(&a), "{a}");
            let x = nearest(&a);
            for c in candidates(a.nrows()) {
                let d = (&a - &x).dot(&(&c - &x));
                assert!(d <= 1e-8, "{d:e} {a} {c}");
            }
        }
    }

    #[test]
    fn nearest_beats_clipping_and_rescaling() {
        let a = lopsided();
        let (x, cheap) = (nearest(&a), clipped_and_rescaled(&a));
        assert!(is_psd(&cheap) && cheap.diagonal().iter().all(|d| *d == 1.0));
        // 0.58313 against 0.58388: close, but far apart next to the tolerance of 1e-10.
        assert!(
            (&x - &a).norm() < (&cheap - &a).norm() - 1e-4,
            "{x} {cheap}"
        );
    }

    #[test]
    fn nearest_of_a_correlation_matrix_is_itself() {
        let m = matrix(&[&[1.0, 0.7, -0.4], &[0.7, 1.0, 0.2], &[-0.4, 0.2, 1.0]]);
        assert!((nearest(&m) - &m).amax() < 1e-9);
        let singular = matrix(&[&[1.0, 1.0], &[1.0, 1.0]]);
        assert!((nearest(&singular) - &singular).amax() < 1e-9);
    }

    #[test]
    fn factor_of_a_definite_matrix() {
        let m = matrix(&[&[1.0, 0.7, -0.4], &[0.7, 1.0, 0.2], &[-0.4, 0.2, 1.0]]);
        let l = factor(&m);
        assert!((&l * l.transpose() - &m).amax() < 1e-9);
        assert_eq!(l[(0, 1)], 0.0, "Cholesky is lower triangular");
    }

    #[test]
    fn factor_of_a_semidefinite_matrix_with_a_coefficient_of_1() {
        let m = matrix(&[&[1.0, 1.0, 0.3], &[1.0, 1.0, 0.3], &[0.3, 0.3, 1.0]]);
        let l = factor(&m);
        assert!((&l * l.transpose() - &m).amax() < 1e-9, "{l}");
    }

    #[test]
    fn factor_does_not_panic_on_bad_input() {
        assert_eq!(factor(&DMatrix::zeros(2, 3)).nrows(), 0);
        assert_eq!(factor(&DMatrix::zeros(0, 0)).nrows(), 0);
        let nan = matrix(&[&[1.0, f64::NAN], &[f64::NAN, 1.0]]);
        assert_eq!(factor(&nan).nrows(), 2);
    }
}
