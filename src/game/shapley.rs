//! The Shapley value: every player's marginal contribution `c(T ∪ {i}) - c(T)` averaged over
//! all orders in which the grand coalition can form.
//!
//! - [`shapley`]: exact, by the subset formula
//!   `φ_i = Σ_{T ⊆ N∖{i}} |T|! (n-|T|-1)! / n! · (c(T ∪ {i}) - c(T))`, `O(n 2^n)`, in parallel
//!   over players (each player's sum is sequential, so the result does not depend on the
//!   number of threads).
//! - [`shapley_sampled`] and [`shapley_sampled_fn`]: permutation sampling (Castro, Gómez &
//!   Tejada 2009) with a standard error per player. Sample `k` draws its permutation from
//!   `ChaCha8Rng::seed_from_u64(seed)` on stream `k`, and partial sums are merged in sample
//!   order, so the estimate depends only on `(samples, seed)`, never on the thread count.
//!   Every sampled permutation's marginals add up to `c(N)`, so the estimate is efficient.
//!
//! The Shapley value is linear, so it needs no cost/profit distinction: it is computed on the
//! values as given.

use super::characteristic::{Coalition, Game, grand};
use crate::error::Error;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

/// The exact Shapley value (one share per player; the shares add up to `c(N)`).
pub fn shapley(game: &Game) -> Vec<f64> {
    let n = game.players();
    let values = game.values();
    let full = game.grand();
    // weight[s] = s! (n-s-1)! / n! = 1 / (n · C(n-1, s))
    let mut weight = vec![0.0; n];
    let mut binomial = 1.0;
    for (s, w) in weight.iter_mut().enumerate() {
        *w = 1.0 / (n as f64 * binomial);
        binomial = binomial * (n - 1 - s) as f64 / (s + 1) as f64;
    }
    (0..n)
        .into_par_iter()
        .map(|i| {
            let bit = 1u32 << i;
            // Marginal contributions summed per coalition size, then weighted once per size.
            let mut by_size = vec![0.0; n];
            let others = full & !bit;
            // Enumerate the subsets of N∖{i}.
            let mut t: Coalition = 0;
            loop {
                by_size[t.count_ones() as usize] += values[(t | bit) as usize] - values[t as usize];
                if t == others {
                    break;
                }
                t = (t.wrapping_sub(others)) & others;
            }
            by_size.iter().zip(&weight).map(|(m, w)| m * w).sum()
        })
        .collect()
}

/// A sampled Shapley value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShapleyEstimate {
    /// The estimate per player (mean marginal contribution over the sampled permutations).
    pub value: Vec<f64>,
    /// The standard error per player: sample standard deviation of the marginal
    /// contributions divided by `sqrt(samples)`.
    pub std_error: Vec<f64>,
    /// Number of sampled permutations.
    pub samples: usize,
    /// The seed the permutations were drawn from.
    pub seed: u64,
}

/// Permutations per block: blocks run in parallel, and are merged in order.
const BLOCK: usize = 256;

/// The Shapley value of a tabulated game estimated from `samples` random permutations
/// (at least 2).
pub fn shapley_sampled(game: &Game, samples: usize, seed: u64) -> Result<ShapleyEstimate, Error> {
    let values = game.values();
    shapley_sampled_fn(game.players(), |t| values[t as usize], samples, seed)
}

/// The Shapley value estimated from `samples` random permutations (at least 2) of a game
/// given only as a function `value(T)` (with `value(0) = 0`) on up to 32 players: for games
/// too large to tabulate. Each permutation costs `n` evaluations of `value`; a non-finite
/// value is an error.
pub fn shapley_sampled_fn(
    players: usize,
    value: impl Fn(Coalition) -> f64 + Sync,
    samples: usize,
    seed: u64,
) -> Result<ShapleyEstimate, Error> {
    check_sampling(players, samples)?;
    let n = players;
    let full = check_ends(n, &value)?;
    let blocks = samples.div_ceil(BLOCK);
    let partial: Vec<Result<Moments, Error>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            sample_block(
                n,
                &value,
                full,
                b * BLOCK..((b + 1) * BLOCK).min(samples),
                seed,
            )
        })
        .collect();
    let mut total = Moments::new(n);
    for m in partial {
        total.merge(&m?);
    }
    let count = total.count as f64;
    Ok(ShapleyEstimate {
        value: total.mean.clone(),
        std_error: total
            .m2
            .iter()
            .map(|m2| (m2 / (count - 1.0)).max(0.0).sqrt() / count.sqrt())
            .collect(),
        samples,
        seed,
    })
}

fn check_sampling(players: usize, samples: usize) -> Result<(), Error> {
    if players == 0 || players > 32 {
        return Err(Error::Game(format!(
            "sampling needs 1 to 32 players (32-bit coalition masks), not {players}"
        )));
    }
    if samples < 2 {
        return Err(Error::Game(format!(
            "sampling needs at least 2 permutations for a standard error, not {samples}"
        )));
    }
    Ok(())
}

/// Checks that the empty coalition is worth 0 and the grand coalition a finite number;
/// returns the latter.
fn check_ends(n: usize, value: &impl Fn(Coalition) -> f64) -> Result<f64, Error> {
    let empty = value(0);
    if empty != 0.0 {
        return Err(Error::Game(format!(
            "the empty coalition must be worth 0, not {empty}"
        )));
    }
    let full = value(grand(n));
    if !full.is_finite() {
        return Err(Error::Game(format!(
            "the grand coalition's value is {full}, not a finite number"
        )));
    }
    Ok(full)
}

/// The moments of the marginal contributions over permutations `ks`; permutation k is
/// drawn from stream k of the seed, so the estimate does not depend on the blocks' order.
fn sample_block(
    n: usize,
    value: &impl Fn(Coalition) -> f64,
    full: f64,
    ks: std::ops::Range<usize>,
    seed: u64,
) -> Result<Moments, Error> {
    let mut m = Moments::new(n);
    let mut order: Vec<usize> = (0..n).collect();
    let mut marginal = vec![0.0; n];
    for k in ks {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(k as u64);
        order.sort_unstable();
        order.shuffle(&mut rng);
        marginals(n, value, full, &order, &mut marginal)?;
        m.push(&marginal);
    }
    Ok(m)
}

/// Each player's marginal contribution when the players join in `order`.
fn marginals(
    n: usize,
    value: &impl Fn(Coalition) -> f64,
    full: f64,
    order: &[usize],
    marginal: &mut [f64],
) -> Result<(), Error> {
    let (mut t, mut before) = (0u32, 0.0);
    for &i in order {
        t |= 1 << i;
        let after = if t == grand(n) { full } else { value(t) };
        if !after.is_finite() {
            return Err(Error::Game(format!(
                "the value of coalition {} is {after}, not a finite number",
                super::characteristic::format_coalition(t)
            )));
        }
        marginal[i] = after - before;
        before = after;
    }
    Ok(())
}

/// Running mean and sum of squared deviations per player (Welford; Chan et al. to merge).
struct Moments {
    count: usize,
    mean: Vec<f64>,
    m2: Vec<f64>,
}

impl Moments {
    fn new(n: usize) -> Moments {
        Moments {
            count: 0,
            mean: vec![0.0; n],
            m2: vec![0.0; n],
        }
    }

    fn push(&mut self, x: &[f64]) {
        self.count += 1;
        let k = self.count as f64;
        for ((mean, m2), &x) in self.mean.iter_mut().zip(&mut self.m2).zip(x) {
            let delta = x - *mean;
            *mean += delta / k;
            *m2 += delta * (x - *mean);
        }
    }

    fn merge(&mut self, other: &Moments) {
        if other.count == 0 {
            return;
        }
        let (a, b) = (self.count as f64, other.count as f64);
        let total = a + b;
        for i in 0..self.mean.len() {
            let delta = other.mean[i] - self.mean[i];
            self.mean[i] += delta * b / total;
            self.m2[i] += other.m2[i] + delta * delta * a * b / total;
        }
        self.count += other.count;
    }
}
