//! Candidate columns for the column formulation: every group that the scenario's rules allow,
//! for every domain and form, with its costs computed once by [`crate::costs`].
//!
//! A provider form (`Form::is_provider`) is joined alone: its columns are groups of one, one
//! per partner, each with a vehicle of its own (the member's contract with the provider).
//!
//! Groups are enumerated by size, so the count grows like the sum of binomials C(N, k) up to
//! the maximum group size; [`MAX_GROUPS`] bounds it with a clear error rather than a hang.
//! With [`Rules::Elastic`] (used to explain infeasibility) groups that break relaxable rules are
//! kept too, each with the rules it breaks.

use super::Rules;
use crate::costs::{self, Cash, ColumnCost};
use crate::error::Error;
use crate::rules::{self, Breach, Rule};
use crate::scenario::Scenario;
use rayon::prelude::*;

/// Most candidate groups (partner subsets) enumerated before samen refuses the scenario.
pub const MAX_GROUPS: u128 = 50_000;

/// How many groups are priced in parallel before their columns are added.
const PRICED_AT_ONCE: usize = 2048;

/// The candidate columns of a scenario: the shared groups the rules allow, and standalones.
#[derive(Debug, Clone)]
pub struct Candidates {
    /// Shared columns (group, domain, form).
    pub shared: Vec<Column>,
    /// Index into `vehicles` of each shared column.
    pub vehicle_of: Vec<usize>,
    /// Distinct (members, form) pairs of the shared columns.
    pub vehicles: Vec<(Vec<usize>, usize)>,
    /// Standalone column of (p, d) at `p * D + d`; None when p may not run d alone.
    pub alone: Vec<Option<Column>>,
    /// Elastic mode only: the relaxable rules each shared column breaks (else empty).
    pub shared_breaches: Vec<Vec<Breach>>,
    /// Elastic mode only: the rules each standalone column breaks.
    pub alone_breaches: Vec<Vec<Breach>>,
}

/// A candidate column as the model reads it: its [`ColumnCost`] with each member's ledger cut
/// to its [`Cash`] (the evaluator prices the chosen plan's ledgers again, in full).
#[derive(Debug, Clone)]
pub struct Column {
    /// Sorted partner indices; one partner for a standalone column.
    pub members: Vec<usize>,
    /// Index into `Scenario::domains`.
    pub domain: usize,
    /// Index into `Scenario::forms`; `None` for a partner alone.
    pub form: Option<usize>,
    /// First year of sharing (H for a standalone column).
    pub start: usize,
    /// Volume-key share of each member.
    pub key: Vec<f64>,
    /// Per member: what it pays (without its own payroll), per row and in NPV.
    pub cash: Vec<Cash>,
    /// Per member: FTE it needs in house per year.
    pub own_fte: Vec<Vec<f64>>,
    /// FTE the shared service needs per year.
    pub shared_fte: Vec<f64>,
    /// The member the service runs at, when distances cost anything.
    pub site: Option<usize>,
}

impl Column {
    /// The column of `cost`.
    pub fn new(s: &Scenario, cost: ColumnCost) -> Column {
        Column {
            cash: cost.ledgers.iter().map(|l| Cash::of(s, l)).collect(),
            members: cost.members,
            domain: cost.domain,
            form: cost.form,
            start: cost.start,
            key: cost.key,
            own_fte: cost.own_fte,
            shared_fte: cost.shared_fte,
            site: cost.site,
        }
    }
    /// Net present value of what all members pay for the column (own payroll excluded), euro.
    pub fn npv(&self) -> f64 {
        self.cash.iter().map(Cash::npv).sum()
    }
}

/// C(n, k), saturating at u128::MAX (exact while the running product fits).
fn binomial(n: u128, k: u128) -> u128 {
    let k = k.min(n - k);
    let mut acc = 1u128;
    for i in 0..k {
        match acc.checked_mul(n - i) {
            Some(v) => acc = v / (i + 1),
            None => return u128::MAX,
        }
    }
    acc
}

/// Number of partner subsets of size 2..=max among n partners (saturating at u128::MAX).
pub fn group_count(n: usize, max: usize) -> u128 {
    (2..=max.min(n)).fold(0u128, |acc, k| {
        acc.saturating_add(binomial(n as u128, k as u128))
    })
}

/// Enumerates every allowed column.
pub fn enumerate(s: &Scenario) -> Result<Candidates, Error> {
    enumerate_with(s, Rules::Strict)
}

/// Enumerates columns; with [`Rules::Elastic`], also those that break relaxable rules (never
/// those that break hard facts), as long as that stays within [`MAX_GROUPS`].
pub fn enumerate_with(s: &Scenario, mode: Rules) -> Result<Candidates, Error> {
    let (pool, max_size) = pool(s, mode);
    let count = group_count(pool.len(), max_size);
    if count > MAX_GROUPS {
        return Err(Error::TooLarge(format!(
            "{} partners with groups of up to {max_size} give {count} candidate groups (limit {MAX_GROUPS}); \
             set `constraints.max_group_size` (C(n,2)+...+C(n,k) groups) or split the region",
            pool.len()
        )));
    }
    let mut c = Candidates {
        shared: Vec::new(),
        vehicle_of: Vec::new(),
        vehicles: Vec::new(),
        alone: Vec::new(),
        shared_breaches: Vec::new(),
        alone_breaches: Vec::new(),
    };
    // Each group's columns are priced on its own, so the groups are priced in parallel
    // (most of the enumeration's time) and added in their order: the same candidates, in
    // the same order, as one after the other. A chunk at a time, so that the priced columns
    // waiting to be added are a chunk's, not the region's (35 MB more at the peak).
    let groups = groups(s, &pool, max_size, mode);
    for chunk in groups.chunks(PRICED_AT_ONCE) {
        let priced: Vec<_> = (chunk.par_iter())
            .with_min_len(64)
            .map(|g| group_columns(s, g, mode))
            .collect();
        for (members, forms) in chunk.iter().zip(priced) {
            c.add_group(members, forms);
        }
    }
    c.add_alone(s, mode);
    Ok(c)
}

/// Every group of 2..=`max_size` partners of `pool`, by size, then (with a provider form) a
/// group of one per partner: an existing provider is joined alone.
fn groups(s: &Scenario, pool: &[usize], max_size: usize, mode: Rules) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut group = Vec::with_capacity(max_size);
    for size in 2..=max_size {
        combinations(pool, size, 0, &mut group, &mut |g| {
            // Cheap pre-filter; the full check is group_breaches.
            let never = mode == Rules::Strict
                && s.constraints
                    .never_together
                    .iter()
                    .any(|(a, b)| g.contains(a) && g.contains(b));
            if !never {
                out.push(g.to_vec());
            }
        });
    }
    if s.forms.iter().any(|f| f.is_provider()) {
        out.extend(pool.iter().map(|&p| vec![p]));
    }
    out
}

/// A group's columns, per form under which it has any: (form, its columns by domain, each
/// with the rules it breaks).
type GroupColumns = Vec<(usize, Vec<(Column, Vec<Breach>)>)>;

/// The columns of one group, per form and domain.
fn group_columns(s: &Scenario, members: &[usize], mode: Rules) -> GroupColumns {
    (0..s.forms.len())
        .map(|f| (f, form_columns(s, members, f, mode)))
        .filter(|(_, cols)| !cols.is_empty())
        .collect()
}

/// The group's columns under form f, by domain.
fn form_columns(
    s: &Scenario,
    members: &[usize],
    f: usize,
    mode: Rules,
) -> Vec<(Column, Vec<Breach>)> {
    let mut sites = costs::Sites::new(s, members, f);
    (0..s.domains.len())
        .filter_map(|d| {
            let (allowed, breaches) = allowed(s, members, d, f, &mut sites, mode);
            allowed.then(|| {
                let cost = costs::group_column(s, members, d, None, &mut sites);
                (Column::new(s, cost), breaches)
            })
        })
        .collect()
}

/// The partners groups are drawn from and the largest group size. An elastic enumeration
/// takes every partner and size when that stays within [`MAX_GROUPS`]: the rules that limit
/// them are among those it may relax.
fn pool(s: &Scenario, mode: Rules) -> (Vec<usize>, usize) {
    let np = s.partners.len();
    let nd = s.domains.len();
    if mode == Rules::Elastic && group_count(np, np) <= MAX_GROUPS {
        return ((0..np).collect(), np);
    }
    let strict_max = s.constraints.max_group_size.unwrap_or(np).min(np);
    let max_form = s.forms.iter().map(|f| f.max_members).max().unwrap_or(0);
    let pool = (0..np)
        .filter(|&p| (0..nd).any(|d| rules::may_share(s, p, d)))
        .collect();
    (pool, strict_max.min(max_form))
}

impl Candidates {
    /// The columns of one group, and its vehicle under each form it has a column of.
    fn add_group(&mut self, members: &[usize], forms: GroupColumns) {
        for (f, columns) in forms {
            self.vehicles.push((members.to_vec(), f));
            let v = self.vehicles.len() - 1;
            for (column, breaches) in columns {
                self.shared.push(column);
                self.vehicle_of.push(v);
                self.shared_breaches.push(breaches);
            }
        }
    }

    /// The standalone column of every (p, d), where p may run d alone.
    fn add_alone(&mut self, s: &Scenario, mode: Rules) {
        for p in 0..s.partners.len() {
            for d in 0..s.domains.len() {
                let breaches = rules::alone_breaches(s, p, d);
                let allowed = mode == Rules::Elastic || breaches.is_empty();
                self.alone
                    .push(allowed.then(|| Column::new(s, costs::column(s, &[p], d, None))));
                self.alone_breaches.push(breaches);
            }
        }
    }
}

/// Whether the group's column for (d, f) is enumerated, and the rules it breaks: strict,
/// when it breaks none (asked without formatting the messages of the rules rejected groups
/// break: nobody reads them); elastic, when it breaks no hard fact.
fn allowed(
    s: &Scenario,
    members: &[usize],
    d: usize,
    f: usize,
    sites: &mut costs::Sites,
    mode: Rules,
) -> (bool, Vec<Breach>) {
    match mode {
        Rules::Strict => (rules::group_allowed_at(s, members, d, f, sites), Vec::new()),
        Rules::Elastic => {
            let breaches = rules::group_breaches_at(s, members, d, f, sites);
            (breaches.iter().all(|b| b.rule != Rule::Hard), breaches)
        }
    }
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
    if from + need > pool.len() {
        return;
    }
    for i in from..=pool.len() - need {
        cur.push(pool[i]);
        combinations(pool, k, i + 1, cur, f);
        cur.pop();
    }
}
