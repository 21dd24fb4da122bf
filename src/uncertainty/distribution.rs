//! The marginal distributions a planner can give an uncertain input: their quantile function
//! (what the sampler draws through), CDF, mean, the swing of a sensitivity analysis and the
//! central value a deterministic run uses.
//!
//! Every function here is total: invalid parameters (see [`Distribution::problem`]) give
//! meaningless numbers or NaN, never a panic.

use statrs::function::{beta, erf};
use std::f64::consts::SQRT_2;

/// The standard normal 95% quantile, Φ⁻¹(0.95): the `p95` of
/// [`Distribution::lognormal_from_median_p95`] lies this many `sigma` above `ln median`.
const Z95: f64 = 1.644_853_626_951_472_2;

/// How far [`Distribution::quantile`] keeps `u` from 0 and 1, so that unbounded
/// distributions return finite values.
const U_EDGE: f64 = 1e-12;

/// The PERT shape parameter: the weight of the mode against the two ends.
const PERT_SHAPE: f64 = 4.0;

/// The distribution of one uncertain input.
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Every value in `[low, high]` equally likely.
    Uniform {
        /// The smallest value.
        low: f64,
        /// The largest value.
        high: f64,
    },
    /// A density rising linearly from `low` to `mode` and falling linearly to `high`.
    Triangular {
        /// The smallest value.
        low: f64,
        /// The most likely value.
        mode: f64,
        /// The largest value.
        high: f64,
    },
    /// Beta-PERT with shape 4 (alpha = 1 + 4 (mode-low)/(high-low), beta = 1 + 4
    /// (high-mode)/(high-low)) on `[low, high]`: like the triangular, but with thinner tails.
    Pert {
        /// The smallest value.
        low: f64,
        /// The most likely value.
        mode: f64,
        /// The largest value.
        high: f64,
    },
    /// The normal distribution.
    Normal {
        /// The mean (and median).
        mean: f64,
        /// The standard deviation.
        sd: f64,
    },
    /// ln X ~ Normal(mu, sigma)
    LogNormal {
        /// The mean of `ln X`; `exp(mu)` is the median of `X`.
        mu: f64,
        /// The standard deviation of `ln X`.
        sigma: f64,
    },
    /// values with weights (weights > 0, normalised internally); quantile = smallest value
    /// whose cumulative weight >= u, values sorted ascending by the constructor/check
    Discrete {
        /// The possible values, ascending.
        values: Vec<f64>,
        /// Each value's weight, in the same order.
        weights: Vec<f64>,
    },
}

impl Distribution {
    /// The lognormal with the given median and 95th percentile (`p95 >= median > 0`):
    /// `mu = ln median`, `sigma = (ln p95 - ln median) / 1.6449`.
    ///
    /// Its quantiles are `exp(mu + ...)`, and `exp(ln median)` may differ from `median` in
    /// the last bit: a caller that must reproduce a point exactly checks `p95 == median`.
    pub fn lognormal_from_median_p95(median: f64, p95: f64) -> Distribution {
        let mu = median.ln();
        let sigma = (p95.ln() - mu) / Z95;
        Distribution::LogNormal { mu, sigma }
    }

    /// The lognormal with the given mean and standard deviation (`mean > 0`, `sd >= 0`):
    /// `sigma² = ln(1 + sd²/mean²)`, `mu = ln mean - sigma²/2`.
    pub fn lognormal_from_mean_sd(mean: f64, sd: f64) -> Distribution {
        let variance = (sd / mean).powi(2).ln_1p();
        let mu = mean.ln() - variance / 2.0;
        Distribution::LogNormal {
            mu,
            sigma: variance.sqrt(),
        }
    }

    /// A discrete distribution with the pairs sorted ascending by value (the weights move
    /// with their values).
    pub fn discrete(values: Vec<f64>, weights: Vec<f64>) -> Distribution {
        let mut pairs: Vec<(f64, f64)> = values.into_iter().zip(weights).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (values, weights) = pairs.into_iter().unzip();
        Distribution::Discrete { values, weights }
    }

    /// None when the parameters are valid, else a planner-readable reason ("`low` must not
    /// exceed `mode`", "weights must be positive", "sd must not be negative", ...)
    pub fn problem(&self) -> Option<String> {
        match self {
            Distribution::Uniform { low, high } => {
                finite(&[("low", *low), ("high", *high)]).or_else(|| ordered(*low, *high))
            }
            Distribution::Triangular { low, mode, high }
            | Distribution::Pert { low, mode, high } => three_point(*low, *mode, *high),
            Distribution::Normal { mean, sd } => {
                finite(&[("mean", *mean), ("sd", *sd)]).or_else(|| not_negative("sd", *sd))
            }
            Distribution::LogNormal { mu, sigma } => {
                finite(&[("mu", *mu), ("sigma", *sigma)]).or_else(|| not_negative("sigma", *sigma))
            }
            Distribution::Discrete { values, weights } => discrete_problem(values, weights),
        }
    }

    /// Inverse CDF at u in (0,1) (u is clamped into [1e-12, 1-1e-12]). Zero-width cases return
    /// the point exactly, bit for bit: Uniform/Triangular/Pert with low==high return low;
    /// Normal sd==0 returns mean; LogNormal sigma==0 returns exp(mu). So a zero-width
    /// uncertainty reproduces the deterministic result exactly.
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(U_EDGE, 1.0 - U_EDGE);
        if u.is_nan() {
            return f64::NAN;
        }
        match self {
            Distribution::Uniform { low, high } if low == high => *low,
            Distribution::Uniform { low, high } => low + u * (high - low),
            Distribution::Triangular { low, high, .. } if low == high => *low,
            Distribution::Triangular { low, mode, high } => {
                triangular_quantile(*low, *mode, *high, u)
            }
            Distribution::Pert { low, high, .. } if low == high => *low,
            Distribution::Pert { low, mode, high } => pert_quantile(*low, *mode, *high, u),
            Distribution::Normal { mean, sd } if *sd == 0.0 => *mean,
            Distribution::Normal { mean, sd } => mean + sd * normal_quantile(u),
            Distribution::LogNormal { mu, sigma } if *sigma == 0.0 => mu.exp(),
            Distribution::LogNormal { mu, sigma } => (mu + sigma * normal_quantile(u)).exp(),
            Distribution::Discrete { values, weights } => discrete_quantile(values, weights, u),
        }
    }

    /// The probability of a value at most `x`. A zero-width distribution steps from 0 to 1
    /// at its point.
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Distribution::Uniform { low, high } => uniform_cdf(*low, *high, x),
            Distribution::Triangular { low, mode, high } => triangular_cdf(*low, *mode, *high, x),
            Distribution::Pert { low, mode, high } => pert_cdf(*low, *mode, *high, x),
            Distribution::Normal { mean, sd } if *sd == 0.0 => step(*mean, x),
            Distribution::Normal { mean, sd } => normal_cdf((x - mean) / sd),
            Distribution::LogNormal { mu, sigma } => lognormal_cdf(*mu, *sigma, x),
            Distribution::Discrete { values, weights } => discrete_cdf(values, weights, x),
        }
    }

    /// The expected value (the point itself for a zero-width distribution).
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Uniform { low, high } if low == high => *low,
            Distribution::Uniform { low, high } => (low + high) / 2.0,
            Distribution::Triangular { low, high, .. } if low == high => *low,
            Distribution::Triangular { low, mode, high } => (low + mode + high) / 3.0,
            Distribution::Pert { low, high, .. } if low == high => *low,
            Distribution::Pert { low, mode, high } => {
                (low + PERT_SHAPE * mode + high) / (PERT_SHAPE + 2.0)
            }
            Distribution::Normal { mean, .. } => *mean,
            Distribution::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Distribution::Discrete { values, weights } => discrete_mean(values, weights),
        }
    }

    /// Lowest and highest value a sensitivity analysis swings to: the support's ends for
    /// bounded distributions (Uniform, Triangular, Pert, Discrete), the 5% and 95% quantiles
    /// for Normal and LogNormal.
    pub fn swing(&self) -> (f64, f64) {
        match self {
            Distribution::Uniform { low, high }
            | Distribution::Triangular { low, high, .. }
            | Distribution::Pert { low, high, .. } => (*low, *high),
            Distribution::Normal { .. } | Distribution::LogNormal { .. } => {
                (self.quantile(0.05), self.quantile(0.95))
            }
            Distribution::Discrete { values, .. } => {
                let low = values.iter().copied().fold(f64::INFINITY, f64::min);
                (
                    low,
                    values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                )
            }
        }
    }

    /// The most likely / central value: mode for Triangular/Pert, midpoint for Uniform, mean
    /// for Normal, median exp(mu) for LogNormal, the heaviest value for Discrete (the
    /// smallest of equally heavy ones).
    pub fn central(&self) -> f64 {
        match self {
            Distribution::Uniform { low, high } if low == high => *low,
            Distribution::Uniform { low, high } => (low + high) / 2.0,
            Distribution::Triangular { mode, .. } | Distribution::Pert { mode, .. } => *mode,
            Distribution::Normal { mean, .. } => *mean,
            Distribution::LogNormal { mu, .. } => mu.exp(),
            Distribution::Discrete { values, weights } => heaviest(values, weights),
        }
    }

    /// Short name for reports: "uniform", "triangular", "PERT", "normal", "lognormal",
    /// "discrete".
    pub fn kind(&self) -> &'static str {
        match self {
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Pert { .. } => "PERT",
            Distribution::Normal { .. } => "normal",
            Distribution::LogNormal { .. } => "lognormal",
            Distribution::Discrete { .. } => "discrete",
        }
    }
}

/// The standard normal quantile Φ⁻¹(u) for u in [0, 1] (±∞ at the ends, NaN outside).
pub fn normal_quantile(u: f64) -> f64 {
    if !(0.0..=1.0).contains(&u) {
        return f64::NAN;
    }
    -SQRT_2 * erf::erfc_inv(2.0 * u)
}

/// The standard normal CDF Φ(z); erfc keeps the lower tail accurate in relative terms, to
/// about 1e-10 with statrs (ample for the copula and for reports).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erf::erfc(-z / SQRT_2)
}

/// The first parameter that is not a finite number.
fn finite(named: &[(&str, f64)]) -> Option<String> {
    let (name, value) = named.iter().find(|(_, v)| !v.is_finite())?;
    Some(format!("`{name}` must be a finite number, not {value}"))
}

fn not_negative(name: &str, value: f64) -> Option<String> {
    (value < 0.0).then(|| format!("`{name}` must not be negative (it is {value})"))
}

fn ordered(low: f64, high: f64) -> Option<String> {
    (low > high).then(|| format!("`low` ({low}) must not exceed `high` ({high})"))
}

fn three_point(low: f64, mode: f64, high: f64) -> Option<String> {
    finite(&[("low", low), ("mode", mode), ("high", high)])
        .or_else(|| (low > mode).then(|| format!("`low` ({low}) must not exceed `mode` ({mode})")))
        .or_else(|| {
            (mode > high).then(|| format!("`mode` ({mode}) must not exceed `high` ({high})"))
        })
}

fn discrete_problem(values: &[f64], weights: &[f64]) -> Option<String> {
    if values.is_empty() {
        return Some("a discrete distribution needs at least one value".to_string());
    }
    if values.len() != weights.len() {
        return Some(format!(
            "`values` and `weights` must have the same length (they have {} and {})",
            values.len(),
            weights.len()
        ));
    }
    if let Some(v) = values.iter().find(|v| !v.is_finite()) {
        return Some(format!("values must be finite numbers, not {v}"));
    }
    if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w > 0.0)) {
        return Some(format!(
            "weights must be positive (finite) numbers, not {w}"
        ));
    }
    values
        .windows(2)
        .any(|p| p[0] > p[1])
        .then(|| "values must be in ascending order".to_string())
}

fn triangular_quantile(low: f64, mode: f64, high: f64, u: f64) -> f64 {
    let width = high - low;
    if u < (mode - low) / width {
        low + (u * width * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * width * (high - mode)).sqrt()
    }
}

/// The PERT's beta parameters on [0, 1], or None when they are not both positive (invalid
/// parameters), where statrs would panic.
fn pert_shape(low: f64, mode: f64, high: f64) -> Option<(f64, f64)> {
    let width = high - low;
    let alpha = 1.0 + PERT_SHAPE * (mode - low) / width;
    let beta = 1.0 + PERT_SHAPE * (high - mode) / width;
    (alpha > 0.0 && beta > 0.0 && alpha.is_finite() && beta.is_finite()).then_some((alpha, beta))
}

fn pert_quantile(low: f64, mode: f64, high: f64, u: f64) -> f64 {
    match pert_shape(low, mode, high) {
        Some((a, b)) => low + (high - low) * beta::inv_beta_reg(a, b, u),
        None => f64::NAN,
    }
}

fn step(point: f64, x: f64) -> f64 {
    if x >= point { 1.0 } else { 0.0 }
}

fn uniform_cdf(low: f64, high: f64, x: f64) -> f64 {
    if low == high {
        return step(low, x);
    }
    ((x - low) / (high - low)).clamp(0.0, 1.0)
}

fn triangular_cdf(low: f64, mode: f64, high: f64, x: f64) -> f64 {
    let width = high - low;
    if low == high {
        step(low, x)
    } else if x <= low {
        0.0
    } else if x < mode {
        (x - low).powi(2) / (width * (mode - low))
    } else if x < high {
        1.0 - (high - x).powi(2) / (width * (high - mode))
    } else {
        1.0
    }
}

fn pert_cdf(low: f64, mode: f64, high: f64, x: f64) -> f64 {
    if low == high {
        return step(low, x);
    }
    let t = ((x - low) / (high - low)).clamp(0.0, 1.0);
    match pert_shape(low, mode, high) {
        Some((a, b)) if !t.is_nan() => beta::beta_reg(a, b, t),
        _ => f64::NAN,
    }
}

fn lognormal_cdf(mu: f64, sigma: f64, x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else if sigma == 0.0 {
        step(mu.exp(), x)
    } else {
        normal_cdf((x.ln() - mu) / sigma)
    }
}

fn discrete_quantile(values: &[f64], weights: &[f64], u: f64) -> f64 {
    let total: f64 = weights.iter().sum();
    let mut cumulative = 0.0;
    for (v, w) in values.iter().zip(weights) {
        cumulative += w;
        if cumulative / total >= u {
            return *v;
        }
    }
    // Rounding can leave the last cumulative share a hair below u.
    values.last().copied().unwrap_or(f64::NAN)
}

fn discrete_cdf(values: &[f64], weights: &[f64], x: f64) -> f64 {
    let total: f64 = weights.iter().sum();
    let below: f64 = values
        .iter()
        .zip(weights)
        .filter(|(v, _)| **v <= x)
        .map(|(_, w)| w)
        .sum();
    (below / total).min(1.0)
}

fn discrete_mean(values: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    values.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / total
}

fn heaviest(values: &[f64], weights: &[f64]) -> f64 {
    let mut best = (f64::NAN, f64::NEG_INFINITY);
    for (v, w) in values.iter().zip(weights) {
        if *w > best.1 {
            best = (*v, *w);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: [f64; 7] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    /// Φ⁻¹ at `US`, from published tables (R's qnorm to 15 digits).
    const ZS: [f64; 7] = [
        -2.326_347_874_040_841,
        -1.644_853_626_951_472_2,
        -0.674_489_750_196_081_7,
        0.0,
        0.674_489_750_196_081_7,
        1.644_853_626_951_472_2,
        2.326_347_874_040_841,
    ];

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * (1.0 + b.abs())
    }

    fn continuous() -> Vec<Distribution> {
        vec![
            Distribution::Uniform {
                low: 2.0,
                high: 5.0,
            },
            Distribution::Triangular {
                low: 1.0,
                mode: 2.0,
                high: 6.0,
            },
            Distribution::Triangular {
                low: 1.0,
                mode: 1.0,
                high: 6.0,
            },
            Distribution::Triangular {
                low: 1.0,
                mode: 6.0,
                high: 6.0,
            },
            Distribution::Pert {
                low: 10.0,
                mode: 12.0,
                high: 20.0,
            },
            Distribution::Pert {
                low: 0.0,
                mode: 0.0,
                high: 1.0,
            },
            Distribution::Normal { mean: 3.0, sd: 0.5 },
            Distribution::LogNormal {
                mu: 1.0,
                sigma: 0.4,
            },
        ]
    }

    #[test]
    fn standard_normal_quantiles_match_the_tables() {
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054, 1e-14));
        for (u, z) in US.iter().zip(ZS) {
            assert!(
                close(normal_quantile(*u), z, 1e-13),
                "{u}: {}",
                normal_quantile(*u)
            );
            // statrs's erfc is good to about 1e-10 relative (its erfc_inv to 1e-16).
            assert!(
                (normal_cdf(z) - u).abs() < 2e-10 * u,
                "{u}: {:e}",
                normal_cdf(z) - u
            );
        }
        assert!(normal_quantile(1.5).is_nan());
    }

    #[test]
    fn uniform_quantiles() {
        let d = Distribution::Uniform {
            low: 2.0,
            high: 5.0,
        };
        for u in US {
            assert!(close(d.quantile(u), 2.0 + u * 3.0, 1e-15));
        }
    }

    #[test]
    fn triangular_quantiles_follow_the_piecewise_formula() {
        let (a, c, b) = (1.0, 2.0, 6.0);
        let d = Distribution::Triangular {
            low: a,
            mode: c,
            high: b,
        };
        for u in US {
            let expected = if u < (c - a) / (b - a) {
                a + (u * (b - a) * (c - a)).sqrt()
            } else {
                b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
            };
            assert!(close(d.quantile(u), expected, 1e-14), "{u}");
        }
        assert!(
            close(d.quantile(0.2), 2.0, 1e-14),
            "the mode at F(c) = (c-a)/(b-a)"
        );
    }

    #[test]
    fn normal_and_lognormal_quantiles() {
        let normal = Distribution::Normal { mean: 3.0, sd: 0.5 };
        let lognormal = Distribution::LogNormal {
            mu: 1.0,
            sigma: 0.4,
        };
        for (u, z) in US.iter().zip(ZS) {
            assert!(close(normal.quantile(*u), 3.0 + 0.5 * z, 1e-13));
            assert!(close(lognormal.quantile(*u), (1.0 + 0.4 * z).exp(), 1e-13));
        }
    }

    #[test]
    fn cdf_inverts_quantile() {
        for d in continuous() {
            for u in US {
                assert!((d.cdf(d.quantile(u)) - u).abs() < 1e-9, "{d:?} at {u}");
            }
        }
    }

    #[test]
    fn pert_has_its_beta_shape() {
        let d = Distribution::Pert {
            low: 0.0,
            mode: 0.5,
            high: 1.0,
        };
        assert!(close(d.quantile(0.5), 0.5, 1e-12), "symmetric");
        // Beta(3, 3): F(0.25) = 0.103515625 exactly (10 t^3 - 15 t^4 + 6 t^5).
        assert!(close(d.cdf(0.25), 0.103_515_625, 1e-12));
        let skewed = Distribution::Pert {
            low: 10.0,
            mode: 12.0,
            high: 20.0,
        };
        assert!(skewed.quantile(0.5) > 12.0 && skewed.quantile(0.5) < skewed.mean());
    }

    #[test]
    fn zero_width_returns_the_point_bit_for_bit() {
        let x = 0.1 + 0.2;
        let points = [
            Distribution::Uniform { low: x, high: x },
            Distribution::Triangular {
                low: x,
                mode: x,
                high: x,
            },
            Distribution::Pert {
                low: x,
                mode: x,
                high: x,
            },
            Distribution::Normal { mean: x, sd: 0.0 },
        ];
        for d in &points {
            for u in [0.0, 1e-300, 0.3, 0.5, 0.999_999, 1.0] {
                assert_eq!(d.quantile(u), x, "{d:?} at {u}");
            }
            assert_eq!((d.mean(), d.central()), (x, x), "{d:?}");
        }
        let lognormal = Distribution::LogNormal {
            mu: 0.7,
            sigma: 0.0,
        };
        assert_eq!(lognormal.quantile(0.123), 0.7f64.exp());
        assert_eq!(lognormal.quantile(0.999), 0.7f64.exp());
    }

    #[test]
    fn zero_width_cdf_steps_at_the_point() {
        let d = Distribution::Pert {
            low: 2.0,
            mode: 2.0,
            high: 2.0,
        };
        assert_eq!((d.cdf(1.9), d.cdf(2.0), d.cdf(2.1)), (0.0, 1.0, 1.0));
        let n = Distribution::Normal { mean: 2.0, sd: 0.0 };
        assert_eq!((n.cdf(1.9), n.cdf(2.0)), (0.0, 1.0));
    }

    #[test]
    fn discrete_quantile_is_the_smallest_value_reaching_u() {
        let d = Distribution::discrete(vec![30.0, 10.0, 20.0], vec![1.0, 2.0, 1.0]);
        assert_eq!(
            d,
            Distribution::Discrete {
                values: vec![10.0, 20.0, 30.0],
                weights: vec![2.0, 1.0, 1.0]
            }
        );
        assert_eq!(d.quantile(0.01), 10.0);
        assert_eq!(d.quantile(0.5), 10.0, "cumulative 0.5 >= 0.5");
        assert_eq!(d.quantile(0.5000001), 20.0);
        assert_eq!(d.quantile(0.75), 20.0);
        assert_eq!(d.quantile(0.76), 30.0);
        assert_eq!(d.quantile(0.99), 30.0);
        assert_eq!(
            (d.cdf(9.0), d.cdf(10.0), d.cdf(25.0), d.cdf(30.0)),
            (0.0, 0.5, 0.75, 1.0)
        );
        assert_eq!(d.mean(), 17.5);
        assert_eq!((d.central(), d.swing()), (10.0, (10.0, 30.0)));
        assert_eq!(
            Distribution::discrete(vec![4.0], vec![0.3]).quantile(0.9),
            4.0
        );
    }

    #[test]
    fn means() {
        let close_mean = |d: Distribution, m: f64| assert!(close(d.mean(), m, 1e-14), "{d:?}");
        close_mean(
            Distribution::Uniform {
                low: 2.0,
                high: 5.0,
            },
            3.5,
        );
        close_mean(
            Distribution::Triangular {
                low: 1.0,
                mode: 2.0,
                high: 6.0,
            },
            3.0,
        );
        close_mean(
            Distribution::Pert {
                low: 10.0,
                mode: 12.0,
                high: 20.0,
            },
            13.0,
        );
        close_mean(
            Distribution::Normal {
                mean: -1.0,
                sd: 2.0,
            },
            -1.0,
        );
        close_mean(
            Distribution::LogNormal {
                mu: 1.0,
                sigma: 0.4,
            },
            (1.08f64).exp(),
        );
    }

    #[test]
    fn swing_and_central() {
        let pert = Distribution::Pert {
            low: 10.0,
            mode: 12.0,
            high: 20.0,
        };
        assert_eq!((pert.swing(), pert.central()), ((10.0, 20.0), 12.0));
        let uniform = Distribution::Uniform {
            low: 2.0,
            high: 5.0,
        };
        assert_eq!((uniform.swing(), uniform.central()), ((2.0, 5.0), 3.5));
        let normal = Distribution::Normal { mean: 3.0, sd: 0.5 };
        let (low, high) = normal.swing();
        assert!(close(low, 3.0 + 0.5 * ZS[1], 1e-13) && close(high, 3.0 + 0.5 * ZS[5], 1e-13));
        assert_eq!(normal.central(), 3.0);
        let lognormal = Distribution::LogNormal {
            mu: 1.0,
            sigma: 0.4,
        };
        assert!(close(lognormal.swing().1, (1.0 + 0.4 * ZS[5]).exp(), 1e-13));
        assert_eq!(lognormal.central(), 1f64.exp());
    }

    #[test]
    fn lognormal_constructors() {
        let d = Distribution::lognormal_from_median_p95(100.0, 150.0);
        assert!(close(d.quantile(0.5), 100.0, 1e-13) && close(d.quantile(0.95), 150.0, 1e-12));
        let d = Distribution::lognormal_from_mean_sd(50.0, 10.0);
        let Distribution::LogNormal { mu, sigma } = d else {
            panic!("{d:?}")
        };
        let variance = ((2.0 * mu + sigma * sigma).exp()) * ((sigma * sigma).exp() - 1.0);
        assert!(close(d.mean(), 50.0, 1e-13) && close(variance.sqrt(), 10.0, 1e-12));
        let point = Distribution::lognormal_from_mean_sd(50.0, 0.0);
        assert_eq!(
            point,
            Distribution::LogNormal {
                mu: 50f64.ln(),
                sigma: 0.0
            }
        );
        assert!(
            Distribution::lognormal_from_median_p95(3.0, 3.0)
                .problem()
                .is_none()
        );
    }

    #[test]
    fn kinds() {
        let kinds: Vec<&str> = continuous().iter().map(Distribution::kind).collect();
        assert_eq!(kinds[0], "uniform");
        assert_eq!(
            (kinds[1], kinds[4], kinds[6], kinds[7]),
            ("triangular", "PERT", "normal", "lognormal")
        );
        assert_eq!(
            Distribution::discrete(vec![1.0], vec![1.0]).kind(),
            "discrete"
        );
    }

    fn problem(d: Distribution) -> String {
        d.problem().unwrap_or_default()
    }

    #[test]
    fn valid_parameters_have_no_problem() {
        for d in continuous() {
            assert_eq!(d.problem(), None, "{d:?}");
        }
        assert_eq!(Distribution::Normal { mean: 1.0, sd: 0.0 }.problem(), None);
        assert_eq!(
            Distribution::discrete(vec![2.0, 1.0], vec![1.0, 3.0]).problem(),
            None
        );
    }

    #[test]
    fn problems_of_bounded_distributions() {
        assert!(
            problem(Distribution::Uniform {
                low: 3.0,
                high: 2.0
            })
            .contains("`low` (3) must not exceed `high` (2)")
        );
        assert!(
            problem(Distribution::Triangular {
                low: 3.0,
                mode: 2.0,
                high: 4.0
            })
            .contains("`low` (3) must not exceed `mode`")
        );
        assert!(
            problem(Distribution::Pert {
                low: 1.0,
                mode: 5.0,
                high: 4.0
            })
            .contains("`mode` (5) must not exceed `high`")
        );
        assert!(
            problem(Distribution::Pert {
                low: f64::NAN,
                mode: 5.0,
                high: 4.0
            })
            .contains("`low` must be a finite number")
        );
        assert!(
            problem(Distribution::Uniform {
                low: 1.0,
                high: f64::INFINITY
            })
            .contains("`high` must be a finite")
        );
    }

    #[test]
    fn problems_of_normal_and_lognormal() {
        assert!(
            problem(Distribution::Normal {
                mean: 1.0,
                sd: -0.1
            })
            .contains("`sd` must not be negative")
        );
        assert!(
            problem(Distribution::LogNormal {
                mu: 1.0,
                sigma: -2.0
            })
            .contains("`sigma` must not be negative")
        );
        assert!(
            problem(Distribution::Normal {
                mean: f64::NAN,
                sd: 1.0
            })
            .contains("`mean` must be a finite")
        );
        assert!(
            problem(Distribution::lognormal_from_median_p95(-1.0, 2.0))
                .contains("`mu` must be a finite")
        );
        assert!(
            problem(Distribution::lognormal_from_median_p95(2.0, 1.0))
                .contains("`sigma` must not be negative")
        );
    }

    #[test]
    fn problems_of_discrete() {
        let d = |v: Vec<f64>, w: Vec<f64>| {
            problem(Distribution::Discrete {
                values: v,
                weights: w,
            })
        };
        assert!(d(vec![], vec![]).contains("at least one value"));
        assert!(d(vec![1.0, 2.0], vec![1.0]).contains("same length (they have 2 and 1)"));
        assert!(d(vec![1.0, 2.0], vec![1.0, 0.0]).contains("weights must be positive"));
        assert!(d(vec![1.0, 2.0], vec![1.0, -1.0]).contains("weights must be positive"));
        assert!(d(vec![1.0, f64::NAN], vec![1.0, 1.0]).contains("values must be finite"));
        assert!(d(vec![2.0, 1.0], vec![1.0, 1.0]).contains("ascending"));
    }

    #[test]
    fn invalid_parameters_do_not_panic() {
        let bad = [
            Distribution::Pert {
                low: 3.0,
                mode: 9.0,
                high: 2.0,
            },
            Distribution::Pert {
                low: 0.0,
                mode: f64::NAN,
                high: 1.0,
            },
            Distribution::Triangular {
                low: 3.0,
                mode: 1.0,
                high: 2.0,
            },
            Distribution::Discrete {
                values: vec![],
                weights: vec![],
            },
            Distribution::Normal {
                mean: 0.0,
                sd: -1.0,
            },
        ];
        for d in &bad {
            let _ = (
                d.quantile(0.3),
                d.quantile(f64::NAN),
                d.cdf(0.5),
                d.cdf(f64::NAN),
            );
            let _ = (d.mean(), d.swing(), d.central());
        }
        assert!(bad[0].quantile(0.5).is_nan());
    }
}
