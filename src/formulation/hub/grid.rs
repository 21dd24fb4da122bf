//! The volumes at which a hub slot's shared cost is tabulated.
//!
//! The cost of a shared service is an arbitrary function of its pooled volume (fixed costs, a
//! piecewise-linear scale multiplier times the volume, investments, staff), so the hub model
//! interpolates it between grid volumes (lambda formulation). When every volume a slot can
//! reach is on its grid the interpolation is exact, and the hub optimum equals the column
//! optimum; otherwise the grid is geometric plus the scale curve's breakpoints, and the plan
//! is re-priced exactly afterwards.

/// Grid points per slot above which the exact grid (every reachable volume) gives way to an
/// approximate one.
pub const EXACT_MAX: usize = 64;
/// Points of an approximate grid (before the scale curve's breakpoints are added).
pub const APPROX_POINTS: usize = 12;

/// A slot's grid and whether it holds every volume the slot can reach.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Pooled base-year driver volumes (host's plus joiners'), ascending, duplicates merged.
    pub volumes: Vec<f64>,
    /// Whether every volume the slot can reach is on the grid (the interpolation is then exact).
    pub exact: bool,
}

/// Two volumes closer than this (relative) are one grid point.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The grid of a slot whose host brings `host` and whose possible other members bring
/// `others`, with at most `max_others` of them joining; `breakpoints` are the scale curve's
/// volumes (added to an approximate grid so the interpolation follows the curve's kinks).
pub fn grid(host: f64, others: &[f64], max_others: usize, breakpoints: &[f64]) -> Grid {
    // Every subset sum, while they stay few (sums are deduplicated as they grow).
    let mut sums = vec![0.0f64];
    let mut exact = true;
    for &q in others {
        let mut next: Vec<f64> = sums.iter().map(|&s| s + q).collect();
        next.extend_from_slice(&sums);
        next.sort_by(f64::total_cmp);
        next.dedup_by(|a, b| same(*a, *b));
        if next.len() > EXACT_MAX {
            exact = false;
            break;
        }
        sums = next;
    }
    if exact {
        return Grid {
            volumes: sums.into_iter().map(|s| host + s).collect(),
            exact: true,
        };
    }
    let mut largest = others.to_vec();
    largest.sort_by(|a, b| b.total_cmp(a));
    let hi = host + largest.iter().take(max_others).sum::<f64>();
    let lo = host.max(hi * 1e-6).max(f64::MIN_POSITIVE);
    let mut volumes: Vec<f64> = (0..APPROX_POINTS)
        .map(|i| lo * (hi / lo).powf(i as f64 / (APPROX_POINTS - 1) as f64))
        .collect();
    volumes[0] = host;
    volumes.extend(breakpoints.iter().copied().filter(|&b| b > host && b < hi));
    volumes.sort_by(f64::total_cmp);
    volumes.dedup_by(|a, b| same(*a, *b));
    Grid {
        volumes,
        exact: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_grid_holds_every_subset_sum() {
        let g = grid(10.0, &[1.0, 2.0, 4.0], 3, &[]);
        assert!(g.exact);
        let want: Vec<f64> = (0..8).map(|k| 10.0 + k as f64).collect();
        assert_eq!(g.volumes, want);
    }

    #[test]
    fn duplicate_sums_are_one_point() {
        let g = grid(5.0, &[1.0, 1.0, 2.0], 3, &[]);
        assert_eq!(g.volumes, vec![5.0, 6.0, 7.0, 8.0, 9.0]);
    }

    #[test]
    fn large_slots_get_a_geometric_grid_with_breakpoints() {
        let others: Vec<f64> = (1..=20).map(|i| 1000.0 + 37.0 * i as f64).collect();
        let g = grid(500.0, &others, 3, &[2000.0]);
        assert!(!g.exact);
        assert_eq!(g.volumes[0], 500.0);
        let hi = 500.0 + (1740.0 + 1703.0 + 1666.0);
        assert!((g.volumes.last().unwrap() - hi).abs() < 1e-6);
        assert!(g.volumes.contains(&2000.0));
        assert!(g.volumes.windows(2).all(|w| w[0] < w[1]));
    }
}
