//! Draws of the uncertain inputs: plain random or Latin hypercube, independent or correlated
//! through a Gaussian copula.
//!
//! # Reproducibility
//!
//! Draw `i` depends only on the seed, `i` and the construction arguments, never on the order
//! of the calls or the thread, so a parallel run gives the same draws as a serial one. Its
//! uniforms come from `ChaCha8Rng::seed_from_u64(seed)` on stream `i`, one `next_u64` per
//! input, mapped to `((bits >> 11) + 0.5) / 2^53`, strictly inside (0, 1). The Latin
//! hypercube's permutation of dimension `j` comes from the same seed on stream `2^63 + j`,
//! which no draw uses.
//!
//! # Correlation
//!
//! With a correlation matrix `C = L Lᵀ` ([`super::correlation::factor`]), the uniforms `u`
//! of a draw become independent standard normals `z = Φ⁻¹(u)`, are mixed to `x = L z`
//! (normals with correlation `C`) and mapped back, `u'_j = Φ(x_j)`, before each marginal's
//! quantile: the inputs then have the planner's marginals and the rank dependence of normals
//! with correlation `C` (a Gaussian copula). Without a matrix the uniforms go straight to
//! the quantiles.
//!
//! # Latin hypercube
//!
//! Each dimension's N uniforms are stratified: draw `i` lies in stratum `perm_j[i]` of
//! dimension `j`, `u_ij = (perm_j[i] + U_ij) / N`, so every stratum `[k/N, (k+1)/N)` holds
//! exactly one draw. With correlation the copula mixes the dimensions after the
//! stratification, so the inputs' strata are then only approximately evenly filled. Draws
//! with `i >= N` have no stratum and are plain random.

use super::correlation;
use super::distribution::{Distribution, normal_cdf, normal_quantile};
use nalgebra::{DMatrix, DVector};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The first stream of the Latin hypercube permutations, above every draw's stream.
const PERMUTATION_STREAM: u64 = 1 << 63;

/// 2^-53: the spacing of the uniforms built from 53 random bits.
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// How the uniforms behind the draws are spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Independent uniforms for every draw.
    Random,
    /// Each input's uniforms stratified into N equal strata, one draw in each.
    LatinHypercube,
}

/// Draws of the uncertain inputs, one value per input, reproducible draw by draw.
#[derive(Debug, Clone)]
pub struct Sampler {
    marginals: Vec<Distribution>,
    factor: Option<DMatrix<f64>>,
    method: Method,
    seed: u64,
    draws: usize,
    /// Per input, the stratum of each draw (Latin hypercube only).
    strata: Vec<Vec<usize>>,
}

impl Sampler {
    /// marginals: one Distribution per input; corr: None = independent, else an n×n
    /// correlation matrix that the caller has already checked and made PSD (it is factored
    /// here; a matrix whose size does not match the marginals is ignored, so the inputs are
    /// then drawn independently); method: how the uniforms are spread; seed: the run's
    /// seed; draws: total number N of draws (needed by Latin hypercube).
    pub fn new(
        marginals: Vec<Distribution>,
        corr: Option<&DMatrix<f64>>,
        method: Method,
        seed: u64,
        draws: usize,
    ) -> Sampler {
        let n = marginals.len();
        let factor = corr
            .filter(|c| c.nrows() == n && c.ncols() == n && n > 0)
            .map(correlation::factor);
        let strata = match method {
            Method::Random => Vec::new(),
            Method::LatinHypercube => (0..n).map(|j| permutation(seed, j, draws)).collect(),
        };
        Sampler {
            marginals,
            factor,
            method,
            seed,
            draws,
            strata,
        }
    }

    /// Draw i (0 <= i < N) as one value per input, the same from any thread in any order
    /// (see the module documentation for how).
    pub fn draw(&self, i: usize) -> Vec<f64> {
        let uniforms = self.uniforms(i);
        let uniforms = match &self.factor {
            Some(l) => copula(l, uniforms),
            None => uniforms,
        };
        self.marginals
            .iter()
            .zip(uniforms)
            .map(|(m, u)| m.quantile(u))
            .collect()
    }

    /// The uniforms of draw `i`, before the copula: stratified for a Latin hypercube.
    fn uniforms(&self, i: usize) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(i as u64);
        let n = self.marginals.len();
        let mut u: Vec<f64> = (0..n).map(|_| open_uniform(&mut rng)).collect();
        if self.method == Method::LatinHypercube && i < self.draws {
            for (u, strata) in u.iter_mut().zip(&self.strata) {
                *u = (strata[i] as f64 + *u) / self.draws as f64;
            }
        }
        u
    }

    /// The number of inputs.
    pub fn len(&self) -> usize {
        self.marginals.len()
    }

    /// Whether there are no inputs (every draw is then empty).
    pub fn is_empty(&self) -> bool {
        self.marginals.is_empty()
    }

    /// The number N of draws the sampler was built for.
    pub fn draws(&self) -> usize {
        self.draws
    }

    /// How the uniforms are spread.
    pub fn method(&self) -> Method {
        self.method
    }

    /// Whether the inputs are drawn through a correlation matrix.
    pub fn is_correlated(&self) -> bool {
        self.factor.is_some()
    }

    /// The inputs' distributions, in order.
    pub fn marginals(&self) -> &[Distribution] {
        &self.marginals
    }
}

/// A uniform strictly inside (0, 1) from 53 random bits, so no quantile sees 0 or 1.
fn open_uniform(rng: &mut ChaCha8Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * UNIT
}

/// Dimension `j`'s random permutation of the strata `0..draws`.
fn permutation(seed: u64, j: usize, draws: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(PERMUTATION_STREAM + j as u64);
    let mut strata: Vec<usize> = (0..draws).collect();
    strata.shuffle(&mut rng);
    strata
}

/// Independent uniforms to uniforms with the Gaussian copula of `l lᵀ`.
fn copula(l: &DMatrix<f64>, uniforms: Vec<f64>) -> Vec<f64> {
    let z = DVector::from_iterator(uniforms.len(), uniforms.into_iter().map(normal_quantile));
    (l * z).iter().map(|x| normal_cdf(*x)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Vec<Distribution> {
        vec![
            Distribution::Uniform {
                low: 0.0,
                high: 1.0,
            },
            Distribution::Normal { mean: 5.0, sd: 2.0 },
        ]
    }

    #[test]
    fn a_draw_has_one_value_per_input() {
        let s = Sampler::new(inputs(), None, Method::Random, 7, 10);
        assert_eq!((s.len(), s.draws()), (2, 10));
        assert_eq!(s.draw(3).len(), 2);
        assert!((0.0..1.0).contains(&s.draw(3)[0]));
    }

    #[test]
    fn the_seed_and_the_index_pick_the_draw() {
        let a = Sampler::new(inputs(), None, Method::Random, 7, 10);
        let b = Sampler::new(inputs(), None, Method::Random, 8, 10);
        assert_eq!(a.draw(1), a.draw(1));
        assert_ne!(a.draw(1), a.draw(2));
        assert_ne!(a.draw(1), b.draw(1));
    }

    #[test]
    fn zero_draws_and_no_inputs_do_not_panic() {
        let s = Sampler::new(inputs(), None, Method::LatinHypercube, 1, 0);
        assert_eq!(s.draw(0).len(), 2);
        let empty = Sampler::new(Vec::new(), None, Method::LatinHypercube, 1, 5);
        assert!(empty.is_empty() && empty.draw(2).is_empty());
    }

    #[test]
    fn a_matrix_of_the_wrong_size_is_ignored() {
        let c = DMatrix::identity(3, 3);
        let s = Sampler::new(inputs(), Some(&c), Method::Random, 1, 5);
        assert!(!s.is_correlated());
        assert_eq!(s.draw(0).len(), 2);
    }

    #[test]
    fn zero_width_inputs_give_their_point_also_when_correlated() {
        let points = vec![
            Distribution::Pert {
                low: 0.1,
                mode: 0.1,
                high: 0.1,
            },
            Distribution::Normal { mean: 0.3, sd: 0.0 },
        ];
        let c = DMatrix::from_row_slice(2, 2, &[1.0, 0.5, 0.5, 1.0]);
        let s = Sampler::new(points, Some(&c), Method::LatinHypercube, 3, 4);
        for i in 0..4 {
            assert_eq!(s.draw(i), vec![0.1, 0.3]);
        }
    }

    #[test]
    fn a_coefficient_of_1_makes_the_uniforms_equal() {
        let both = vec![
            Distribution::Uniform {
                low: 0.0,
                high: 1.0
            };
            2
        ];
        let c = DMatrix::from_element(2, 2, 1.0);
        let s = Sampler::new(both, Some(&c), Method::Random, 9, 50);
        for i in 0..50 {
            let d = s.draw(i);
            assert!((d[0] - d[1]).abs() < 1e-9, "{d:?}");
        }
    }

    #[test]
    fn latin_hypercube_strata_are_a_permutation() {
        let s = Sampler::new(inputs(), None, Method::LatinHypercube, 5, 20);
        for strata in &s.strata {
            let mut sorted = strata.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..20).collect::<Vec<_>>());
        }
        assert_ne!(s.strata[0], s.strata[1]);
    }
}
