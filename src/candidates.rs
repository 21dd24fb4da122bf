//! Candidate columns for the column formulation: every group that the scenario's rules allow,
//! for every domain and form, with its costs computed once by [`crate::costs`].
//!
//! Groups are enumerated by size, so the count grows like the sum of binomials C(N, k) up to
//! the maximum group size; [`MAX_GROUPS`] bounds it with a clear error rather than a hang.

use crate::costs::{self, ColumnCost};
use crate::error::Error;
use crate::rules;
use crate::scenario::Scenario;

/// Most candidate groups (partner subsets) enumerated before samen refuses the scenario.
pub const MAX_GROUPS: u128 = 50_000;

#[derive(Debug, Clone)]
pub struct Candidates {
    /// Shared columns (group, domain, form).
    pub shared: Vec<ColumnCost>,
    /// Index into `vehicles` of each shared column.
    pub vehicle_of: Vec<usize>,
    /// Distinct (members, form) pairs of the shared columns.
    pub vehicles: Vec<(Vec<usize>, usize)>,
    /// Standalone column of (p, d) at `p * D + d`; None when p may not run d alone.
    pub alone: Vec<Option<ColumnCost>>,
}

fn binomial(n: u128, k: u128) -> u128 {
    (0..k).fold(1u128, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}

/// Number of partner subsets of size 2..=max among n partners.
pub fn group_count(n: usize, max: usize) -> u128 {
    (2..=max.min(n))
        .map(|k| binomial(n as u128, k as u128))
        .sum()
}

/// Enumerates every allowed column.
pub fn enumerate(s: &Scenario) -> Result<Candidates, Error> {
    let np = s.partners.len();
    let nd = s.domains.len();
    let max_form = s.forms.iter().map(|f| f.max_members).max().unwrap_or(0);
    let max_size = s
        .constraints
        .max_group_size
        .unwrap_or(np)
        .min(max_form)
        .min(np);
    // Partners that may share at least one domain.
    let pool: Vec<usize> = (0..np)
        .filter(|&p| (0..nd).any(|d| rules::may_share(s, p, d).is_ok()))
        .collect();
    let count = group_count(pool.len(), max_size);
    if count > MAX_GROUPS {
        return Err(Error::TooLarge(format!(
            "{} partners with groups of up to {max_size} give {count} candidate groups (limit {MAX_GROUPS}); \
             set `constraints.max_group_size` (C(n,2)+...+C(n,k) groups) or split the region",
            pool.len()
        )));
    }
    let mut shared = Vec::new();
    let mut vehicle_of = Vec::new();
    let mut vehicles: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut group = Vec::with_capacity(max_size);
    let mut visit = |members: &[usize]| {
        for f in 0..s.forms.len() {
            let mut vehicle = None;
            for d in 0..nd {
                if rules::group_violations(s, members, d, f).is_empty() {
                    let v = *vehicle.get_or_insert_with(|| {
                        vehicles.push((members.to_vec(), f));
                        vehicles.len() - 1
                    });
                    shared.push(costs::column(s, members, d, Some(f)));
                    vehicle_of.push(v);
                }
            }
        }
    };
    for size in 2..=max_size {
        combinations(&pool, size, 0, &mut group, &mut |g| {
            let never = s
                .constraints
                .never_together
                .iter()
                .any(|(a, b)| g.contains(a) && g.contains(b));
            if !never {
                visit(g);
            }
        });
    }
    let alone = (0..np)
        .flat_map(|p| (0..nd).map(move |d| (p, d)))
        .map(|(p, d)| {
            rules::alone_violation(s, p, d)
                .is_none()
                .then(|| costs::column(s, &[p], d, None))
        })
        .collect();
    Ok(Candidates {
        shared,
        vehicle_of,
        vehicles,
        alone,
    })
}

fn combinations(
    pool: &[usize],
    k: usize,
    from: usize,
    cur: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]),
) {
    if cur.len() == k {
        f(cur);
        return;
    }
    let need = k - cur.len();
    for i in from..=pool.len().saturating_sub(need) {
        cur.push(pool[i]);
        combinations(pool, k, i + 1, cur, f);
        cur.pop();
    }
}
