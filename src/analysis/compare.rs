//! Side-by-side comparison of scale alternatives: the base scenario and each
//! `[[alternative]]`, solved in parallel, on the same figures, with a per-partner saving
//! matrix.

use super::{annuity_factor, solve_variant, sweep_options, total_driver};
use crate::error::Error;
use crate::scenario::{Alternative, Loaded, Scenario};
use crate::solver::SolveOptions;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

/// One scenario variant to compare.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The column's name: `base`, the file's stem (several files) or the alternative's name.
    pub name: String,
    /// The scenario's name (base) or the alternative's description.
    pub description: String,
    /// The validated scenario of this variant.
    pub scenario: Scenario,
}

/// The variants of `samen compare FILE...`: each file's base scenario (named `base` when
/// there is one file, else by the file's stem) followed by its `[[alternative]]`s; and every
/// partner of any of them, in first-seen order, for the saving matrix.
pub fn variants_of(files: Vec<(&Path, Loaded)>) -> (Vec<Variant>, Vec<String>) {
    let many = files.len() > 1;
    let mut all = Vec::new();
    let mut partners: Vec<String> = Vec::new();
    for (file, loaded) in files {
        for p in &loaded.scenario.partners {
            if !partners.contains(&p.id) {
                partners.push(p.id.clone());
            }
        }
        let name = base_name(file, many);
        all.extend(variants(name, loaded.scenario, loaded.alternatives));
    }
    (all, partners)
}

/// One file's variants: its base scenario (called `name`, described by the scenario's name),
/// then each of its alternatives.
pub fn variants(name: String, base: Scenario, alternatives: Vec<Alternative>) -> Vec<Variant> {
    let mut out = vec![Variant {
        name,
        description: base.name.clone(),
        scenario: base,
    }];
    out.extend(alternatives.into_iter().map(|a| Variant {
        name: a.name,
        description: a.description,
        scenario: a.scenario,
    }));
    out
}

fn base_name(file: &Path, many: bool) -> String {
    if !many {
        return "base".to_string();
    }
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One variant's figures in a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// The variant's name: `base`, the file's stem (several files) or the alternative's name.
    pub name: String,
    /// The scenario's name (base) or the alternative's description.
    pub description: String,
    /// `optimal`, `gap_limit`, `time_limit` or `infeasible`.
    pub status: String,
    /// Why it is infeasible, in the scenario's words.
    pub explanation: Option<String>,
    /// Number of partners in the variant's scenario.
    pub partners_in: usize,
    /// NPV of the variant's optimal plan, euro of the base year (`None`: infeasible).
    pub objective_npv: Option<f64>,
    /// NPV of every partner of the variant alone, euro of the base year.
    pub baseline_npv: f64,
    /// `baseline_npv - objective_npv`, euro of the base year (`None`: infeasible).
    pub saving: Option<f64>,
    /// `saving` as a percentage (0..100) of `baseline_npv` (`None`: infeasible).
    pub saving_pct: Option<f64>,
    /// Equivalent constant yearly cost per inhabitant and per user (staff).
    pub per_inhabitant_per_year: Option<f64>,
    /// Plan NPV / Σδ_t / total `staff` driver: euro per user per year (`None`: no staff driver).
    pub per_user_per_year: Option<f64>,
    /// ICT FTE (own payrolls plus shared services) in the last planned year.
    pub fte_end: Option<f64>,
    /// First year from which the cumulative discounted saving stays non-negative (calendar year).
    pub payback_year: Option<i32>,
    /// Number of shared groups in the plan.
    pub groups: usize,
    /// Members of the plan's largest group (1 when nobody shares, 0 when infeasible).
    pub largest_group: usize,
    /// Ids of the forms the plan's groups use, sorted, each once.
    pub forms_used: Vec<String>,
    /// Saving per partner id (None: the partner is not in this variant, or infeasible).
    pub partner_savings: Vec<(String, Option<f64>)>,
    /// The plan's groups, `members|domain|form` by id, sorted (empty when infeasible): what
    /// [`Comparison::differences`] compares.
    pub plan: Vec<String>,
}

/// The result of `samen compare`: one column per variant.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The variants' figures, in variant order.
    pub columns: Vec<Column>,
}

/// Solves every variant (in parallel) and lines up their figures.
pub fn compare(
    variants: &[Variant],
    all_partners: &[String],
    opts: &SolveOptions,
) -> Result<Comparison, Error> {
    compare_with_progress(variants, all_partners, opts, &|| {})
}

/// [`compare`], calling `tick` after each variant is solved (in completion order; the result
/// is in variant order whatever the order of completion). The binary draws a progress bar.
pub fn compare_with_progress(
    variants: &[Variant],
    all_partners: &[String],
    opts: &SolveOptions,
    tick: &(dyn Fn() + Sync),
) -> Result<Comparison, Error> {
    let opts = sweep_options(opts);
    let columns = variants
        .par_iter()
        .map(|v| {
            let c = column(v, all_partners, &opts);
            tick();
            c
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Comparison { columns })
}

fn column(v: &Variant, all_partners: &[String], opts: &SolveOptions) -> Result<Column, Error> {
    let s = &v.scenario;
    let baseline_npv: f64 = crate::evaluate::baseline_npv(s).iter().sum();
    let outcome = solve_variant(s, opts)?;
    let Some(out) = outcome else {
        return Ok(infeasible_column(v, all_partners, opts, baseline_npv));
    };
    let ev = &out.evaluation;
    let years = annuity_factor(s);
    let per = |npv: f64, total: f64| (total > 0.0).then(|| npv / years / total);
    let npv = ev.npv(s);
    let saving = baseline_npv - npv;
    Ok(Column {
        name: v.name.clone(),
        description: v.description.clone(),
        status: out.info.status_name(),
        explanation: None,
        partners_in: s.partners.len(),
        objective_npv: Some(npv),
        baseline_npv,
        saving: Some(saving),
        saving_pct: Some(if baseline_npv.abs() > 0.0 {
            100.0 * saving / baseline_npv
        } else {
            0.0
        }),
        per_inhabitant_per_year: per(npv, total_driver(s, "population")),
        per_user_per_year: per(npv, total_driver(s, "staff")),
        fte_end: Some(ev.fte(s.horizon - 1)),
        payback_year: ev.payback_year(s),
        groups: out.plan.groups.len(),
        largest_group: out
            .plan
            .groups
            .iter()
            .map(|g| g.members.len())
            .max()
            .unwrap_or(1),
        forms_used: forms_used(s, &out.plan),
        partner_savings: partner_savings(s, ev, all_partners),
        plan: plan_names(s, &out.plan),
    })
}

fn plan_names(s: &Scenario, plan: &crate::plan::Plan) -> Vec<String> {
    let mut names: Vec<String> = plan
        .groups
        .iter()
        .map(|g| crate::rules::group_name(s, &g.members, g.domain, g.form))
        .collect();
    names.sort();
    names
}

impl Comparison {
    /// How the plan of each column after the first differs from the first column's: (groups
    /// only in it, groups of the first it does not have). The first's groups with a partner
    /// the variant leaves out are not listed: the variant cannot have them.
    pub fn differences(&self) -> Vec<(Vec<String>, Vec<String>)> {
        let Some(first) = self.columns.first() else {
            return Vec::new();
        };
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|g| !b.contains(g)).cloned().collect()
        };
        self.columns[1..]
            .iter()
            .map(|c| {
                let possible: Vec<String> = first
                    .plan
                    .iter()
                    .filter(|g| members_of(g).all(|m| c.has_partner(m)))
                    .cloned()
                    .collect();
                (only(&c.plan, &first.plan), only(&possible, &c.plan))
            })
            .collect()
    }
}

/// The member ids of a group named `a+b|domain|form`.
fn members_of(group: &str) -> impl Iterator<Item = &str> {
    group.split('|').next().unwrap_or_default().split('+')
}

impl Column {
    /// Whether partner `id` takes part in this variant (it has a saving figure).
    fn has_partner(&self, id: &str) -> bool {
        self.partner_savings
            .iter()
            .any(|(p, v)| p == id && v.is_some())
    }
}

/// A variant without a feasible plan: why, and no figures of a plan.
fn infeasible_column(
    v: &Variant,
    all_partners: &[String],
    opts: &SolveOptions,
    baseline_npv: f64,
) -> Column {
    let s = &v.scenario;
    Column {
        name: v.name.clone(),
        description: v.description.clone(),
        status: "infeasible".into(),
        explanation: Some(crate::solve::explain_infeasible(s, opts)),
        partners_in: s.partners.len(),
        objective_npv: None,
        baseline_npv,
        saving: None,
        saving_pct: None,
        per_inhabitant_per_year: None,
        per_user_per_year: None,
        fte_end: None,
        payback_year: None,
        groups: 0,
        largest_group: 0,
        forms_used: Vec::new(),
        partner_savings: all_partners.iter().map(|id| (id.clone(), None)).collect(),
        plan: Vec::new(),
    }
}

/// The forms the plan's groups use, sorted, each once.
fn forms_used(s: &Scenario, plan: &crate::plan::Plan) -> Vec<String> {
    let mut forms: Vec<String> = plan
        .groups
        .iter()
        .map(|g| s.forms[g.form].id.clone())
        .collect();
    forms.sort();
    forms.dedup();
    forms
}

/// Every partner of any variant, with its saving in this one (`None`: not a partner here).
fn partner_savings(
    s: &Scenario,
    ev: &crate::evaluate::Evaluation,
    all_partners: &[String],
) -> Vec<(String, Option<f64>)> {
    all_partners
        .iter()
        .map(|id| {
            (
                id.clone(),
                s.partners
                    .iter()
                    .position(|p| &p.id == id)
                    .map(|p| ev.partners[p].saving(s)),
            )
        })
        .collect()
}
