//! Domain priorities (the I-scan step "prioritise the objects of cooperation"): for each
//! domain, the saving and payback attributable to sharing it, i.e. the optimum against the
//! optimum with that domain kept in house by everyone, ranked by saving.

use super::{solve_variant, sweep_options};
use crate::error::Error;
use crate::scenario::Scenario;
use crate::solver::SolveOptions;
use rayon::prelude::*;
use serde::Serialize;

/// What sharing one domain is worth: the optimum against the optimum without sharing it.
#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    /// Id of the domain.
    pub domain: String,
    /// NPV of the optimum when nobody shares this domain (None: infeasible then).
    pub npv_without: Option<f64>,
    /// What sharing this domain adds to the optimum's saving.
    pub saving: Option<f64>,
    /// `saving` as a percentage (0..100) of everyone's NPV alone (`None`: infeasible, zero base).
    pub saving_pct_of_baseline: Option<f64>,
    /// First year from which the cumulative discounted difference stays non-negative.
    pub payback_year: Option<i32>,
    /// Is the domain shared at all in the optimum?
    pub shared_in_optimum: bool,
}

/// The domains ranked by what sharing them adds to the optimum's saving.
#[derive(Debug, Clone, Serialize)]
pub struct Priorities {
    /// NPV of the optimum with every domain shareable, euro of the base year.
    pub optimum_npv: f64,
    /// NPV of every partner alone, euro of the base year.
    pub baseline_npv: f64,
    /// Ranked: largest saving first.
    pub domains: Vec<Priority>,
}

/// Solves the optimum and, in parallel, the optimum with each domain kept in house by everyone.
pub fn priorities(s: &Scenario, opts: &SolveOptions) -> Result<Priorities, Error> {
    let opts = sweep_options(opts);
    let best = crate::solve::optimise(s, &opts)?;
    let optimum_npv = best.evaluation.npv(s);
    let baseline_npv = best.evaluation.baseline_npv(s);
    let mut domains = (0..s.domains.len())
        .into_par_iter()
        .map(|d| {
            let mut v = s.clone();
            v.constraints.keep_in_house = (0..s.partners.len()).map(|p| (p, Some(d))).collect();
            v.constraints
                .keep_in_house
                .extend(s.constraints.keep_in_house.iter().copied());
            let without = solve_variant(&v, &opts)?;
            let npv_without = without.as_ref().map(|o| o.evaluation.npv(s));
            let shared_in_optimum = best.plan.groups.iter().any(|g| g.domain == d);
            let payback_year = without
                .as_ref()
                .filter(|_| shared_in_optimum)
                .and_then(|o| {
                    crate::evaluate::payback((0..=s.horizon).map(|t| {
                        let saving = o.evaluation.cash(t) - best.evaluation.cash(t);
                        (s.base_year + t as i32, s.discount(t) * saving)
                    }))
                });
            Ok(Priority {
                domain: s.domains[d].id.clone(),
                npv_without,
                saving: npv_without.map(|w| w - optimum_npv),
                saving_pct_of_baseline: npv_without
                    .filter(|_| baseline_npv != 0.0)
                    .map(|w| 100.0 * (w - optimum_npv) / baseline_npv),
                payback_year,
                shared_in_optimum,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    // Largest saving first; domains that cannot be kept in house (None) last.
    domains.sort_by(|a, b| {
        b.saving
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.saving.unwrap_or(f64::NEG_INFINITY))
    });
    Ok(Priorities {
        optimum_npv,
        baseline_npv,
        domains,
    })
}
