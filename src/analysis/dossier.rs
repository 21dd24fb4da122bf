//! Everything the council report shows, computed once: the recommended plan, its fair split
//! per cooperation, the scenario's alternatives side by side, the scale curve and the domain
//! priorities; with uncertain inputs, the plan's risk and sensitivity. The report layer
//! renders it (HTML, XLSX); nothing here formats.
//!
//! On a region (the hub formulation), and on a scenario the default solver was kept from
//! (the cluster heuristic or a bounded exact model, up to 100 s a solve), the analyses that
//! re-solve many variants (scale, priorities, the split's coalitions, risk and sensitivity)
//! would take hours; they are left out and the dossier says which and why (`skipped`,
//! `left_out`).

use super::allocation::{self, AllocationReport, Method, SplitRequest};
use super::compare::{self, Comparison};
use super::priorities::{self, Priorities};
use super::risk::{self, RiskOptions, RiskReport};
use super::scale::{self, ScaleReport};
use super::sensitivity::{self, Recommended, SensitivityOptions, SensitivityReport};
use crate::error::Error;
use crate::scenario::{Alternative, Loaded, Objective, Scenario};
use crate::solve::{self, Formulation, Outcome};
use crate::solver::SolveOptions;
use crate::uncertainty::Method as Sampling;
use serde::Serialize;

/// The analyses a dossier may leave out on a large scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Skipped {
    /// The scale curve (one solve per group size and domain).
    Scale,
    /// The domain priorities (one solve per domain).
    Priorities,
    /// The fair split (a solve per coalition of each cooperation).
    Split,
    /// Risk and sensitivity (a solve per point of each uncertain input's range).
    Uncertainty,
}

/// Why a dossier left the analyses in `skipped` out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// A region: the hub formulation, where every re-solve is a region solve.
    Region,
    /// The model is beyond what the default solver finishes (`SolveInfo::limited`): every
    /// re-solve would be bounded by the heuristic's time limit.
    BeyondSolver,
}

/// The inputs and results of a council report.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// The scenario solved.
    pub scenario: Scenario,
    /// The recommended plan.
    pub outcome: Outcome,
    /// Its fair split per cooperation (the nucleolus: in the core whenever the core is not
    /// empty), unless skipped.
    pub split: Option<AllocationReport>,
    /// The base scenario and each alternative, when the scenario has alternatives.
    pub comparison: Option<Comparison>,
    /// The scale curve, unless skipped.
    pub scale: Option<ScaleReport>,
    /// What sharing each domain adds, unless skipped.
    pub priorities: Option<Priorities>,
    /// The recommended plan over draws of the uncertain inputs, when the scenario has any.
    pub risk: Option<RiskReport>,
    /// Which inputs the advice hangs on, when the scenario has uncertain inputs.
    pub sensitivity: Option<SensitivityReport>,
    /// The scenario's uncertain inputs (empty when it has none).
    pub inputs: Vec<crate::scenario::Uncertain>,
    /// Which analyses were left out.
    pub skipped: Vec<Skipped>,
    /// Why they were (`None` when nothing was left out).
    pub left_out: Option<LeftOut>,
}

/// Draws of the report's risk analysis.
pub const RISK_DRAWS: usize = 1000;
/// Draws of the report's global importance.
pub const IMPORTANCE_DRAWS: usize = 300;
/// Seed of both.
pub const SEED: u64 = 1;
/// The scenario's best plans among the candidates of the robust choice.
pub const BEST: usize = 3;

/// Solves and analyses `s` for the report; `tick` is called after each solve of the scale
/// curve (the longest part).
pub fn assemble(
    loaded: &Loaded,
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<Dossier, Error> {
    let objective = loaded.scenario.objective;
    // Alternatives, scale, priorities, the split and the risk section compare plans by cost,
    // whatever the plan itself was chosen for (the council report says so).
    let costed = &by_cost(loaded);
    let (s, alternatives) = (&costed.scenario, &costed.alternatives);
    // The split's coalitions are valued on the spare core while the plan is solved.
    let req = SplitRequest::new(vec![Method::Nucleolus]);
    let (outcome, ahead) = allocation::solve_valuing_ahead(s, &req, opts, || {
        solve::optimise_or_alone(&loaded.scenario, opts, Formulation::Auto)
    })?;
    let loaded = costed;
    let left_out = left_out(s, &outcome);
    let mut d = Dossier {
        scenario: Scenario {
            objective,
            ..s.clone()
        },
        split: None,
        comparison: comparison(s, alternatives, opts)?,
        scale: None,
        priorities: None,
        risk: None,
        sensitivity: None,
        inputs: loaded.uncertainty.inputs.clone(),
        skipped: Vec::new(),
        left_out,
        outcome,
    };
    if left_out.is_some() {
        d.skipped = vec![Skipped::Scale, Skipped::Priorities, Skipped::Split];
        if !loaded.uncertainty.inputs.is_empty() {
            d.skipped.push(Skipped::Uncertainty);
        }
        return Ok(d);
    }
    uncertainty(&mut d, loaded, opts)?;
    d.split = Some(allocation::allocate_ahead(
        s,
        &d.outcome,
        &req,
        opts,
        &|| {},
        ahead,
    )?);
    d.priorities = Some(priorities::priorities(s, opts)?);
    d.scale = Some(scale::scale_with_progress(s, opts, tick)?);
    Ok(d)
}

/// Why the analyses that re-solve many variants are left out of the dossier, if they are.
fn left_out(s: &Scenario, outcome: &Outcome) -> Option<LeftOut> {
    if Formulation::Auto.resolve(s) == Formulation::Hubs {
        Some(LeftOut::Region)
    } else if outcome.info.limited.is_some() {
        Some(LeftOut::BeyondSolver)
    } else {
        None
    }
}

/// The scenario and its alternatives under the cost objective.
fn by_cost(loaded: &Loaded) -> Loaded {
    let mut costed = loaded.clone();
    costed.scenario.objective = Objective::Cost;
    for a in &mut costed.alternatives {
        a.scenario.objective = Objective::Cost;
    }
    costed
}

/// Risk and sensitivity of the recommended plan, when the scenario has uncertain inputs.
fn uncertainty(d: &mut Dossier, loaded: &Loaded, opts: &SolveOptions) -> Result<(), Error> {
    if loaded.uncertainty.inputs.is_empty() {
        return Ok(());
    }
    let risk = RiskOptions {
        draws: RISK_DRAWS,
        seed: SEED,
        method: Sampling::Random,
        reoptimise: false,
        best: BEST,
        solve: *opts,
    };
    d.risk = Some(risk::risk_of(loaded, &d.outcome.plan, &risk, &|| {})?);
    let sens = SensitivityOptions {
        draws: IMPORTANCE_DRAWS,
        seed: SEED,
        method: Sampling::Random,
        solve: *opts,
    };
    // The plan is the optimum of the analysed scenario only where that is the one solved: a
    // plan chosen for capacity is analysed for its cost.
    let recommended = match d.scenario.objective {
        Objective::Cost => Recommended::of(&d.outcome),
        _ => Recommended::Plan(&d.outcome.plan),
    };
    d.sensitivity = Some(sensitivity::sensitivity_of(
        loaded,
        recommended,
        &sens,
        &|| {},
    )?);
    Ok(())
}

/// The number of solves [`assemble`] reports through `tick` (none where the scale curve is
/// left out: a region, or a solve that will be limited).
pub fn tick_count(s: &Scenario, opts: &SolveOptions) -> usize {
    let region = Formulation::Auto.resolve(s) == Formulation::Hubs;
    if region || solve::reach::solve_is_limited(s, opts).unwrap_or(false) {
        0
    } else {
        scale::solve_count(s)
    }
}

fn comparison(
    s: &Scenario,
    alternatives: &[Alternative],
    opts: &SolveOptions,
) -> Result<Option<Comparison>, Error> {
    if alternatives.is_empty() {
        return Ok(None);
    }
    let variants = compare::variants("base".into(), s.clone(), alternatives.to_vec());
    let partners: Vec<String> = s.partners.iter().map(|p| p.id.clone()).collect();
    compare::compare(&variants, &partners, opts).map(Some)
}
