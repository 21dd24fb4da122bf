//! `[[criterion]]`, and the criteria's scores on forms (`scores`) and weights on domains
//! (`weights`): validated after every other table, since they name criteria, forms and domains.
//!
//! A form that leaves a criterion out is an error, not a default: a missing score would
//! silently count as some number in the plan's score, and every number in the report must be
//! one a planner wrote down.

use super::{Validator, k, path};
use crate::scenario::fields::{CRITERION_FIELDS, DOMAIN_FIELDS, FORM_FIELDS, spec};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    /// Every `[[criterion]]`, then each form's scores and each domain's weights on them.
    pub(super) fn criteria(&mut self, raw: &RawFile, s: &mut Scenario) {
        let mut ids = Vec::new();
        s.criteria = (raw.criterion.iter().enumerate())
            .map(|(i, c)| self.criterion(i, c, &mut ids))
            .collect();
        for (i, (f, form)) in raw.form.iter().zip(&mut s.forms).enumerate() {
            form.scores = self.form_scores(i, f.scores.as_ref(), &ids);
        }
        for (i, (d, domain)) in raw.domain.iter().zip(&mut s.domains).enumerate() {
            domain.weights = self.domain_weights(i, d.weights.as_ref(), &ids);
        }
        self.some_weight(&s.criteria, &s.domains);
    }

    fn criterion(&mut self, i: usize, c: &RawCriterion, ids: &mut Vec<String>) -> Criterion {
        let at = [k("criterion"), Seg::Index(i)];
        let id = self.id(&at, &c.id, "criterion", ids);
        let n = self.numbers(&at, CRITERION_FIELDS, c);
        Criterion {
            name: c.name.clone().unwrap_or_else(|| id.clone()),
            names: crate::scenario::Names::of(&c.name_nl, &c.name_en),
            id,
            source: c.source.clone(),
            alone: n.value("alone"),
            min: n.given("min"),
            value_eur: n.value("value_eur"),
        }
    }

    /// `scores = { ID = x }`: a known criterion each, every criterion scored.
    fn form_scores(
        &mut self,
        i: usize,
        raw: Option<&BTreeMap<String, f64>>,
        ids: &[String],
    ) -> Vec<f64> {
        let at = [k("form"), Seg::Index(i)];
        let given = self.per_criterion(&path(&at, &[k("scores")]), raw, ids, FORM_FIELDS);
        let missing: Vec<&str> = (ids.iter().zip(&given))
            .filter(|(_, v)| v.is_none())
            .map(|(id, _)| id.as_str())
            .collect();
        if !missing.is_empty() {
            self.unscored(&at, raw.is_some(), &missing);
        }
        given.into_iter().map(|v| v.unwrap_or(0.0)).collect()
    }

    /// A form without a score on some criteria: at its `scores`, or at the form.
    fn unscored(&mut self, at: &[Seg], has_scores: bool, missing: &[&str]) {
        let where_ = match has_scores {
            true => path(at, &[k("scores")]),
            false => at.to_vec(),
        };
        let list = missing.join(", ");
        let example: Vec<String> = missing.iter().map(|id| format!("{id} = 0.5")).collect();
        self.err(
            &where_,
            format!("the form has no score on criterion {list}"),
            Some(format!(
                "every form scores every `[[criterion]]` (0 = worst, 1 = best): add `scores = {{ {} }}` with your own judgement",
                example.join(", ")
            )),
        );
    }

    /// `weights = { ID = w }`: a known criterion each; 1 where not given.
    fn domain_weights(
        &mut self,
        i: usize,
        raw: Option<&BTreeMap<String, f64>>,
        ids: &[String],
    ) -> Vec<f64> {
        let at = [k("domain"), Seg::Index(i), k("weights")];
        let given = self.per_criterion(&at, raw, ids, DOMAIN_FIELDS);
        given.into_iter().map(|v| v.unwrap_or(1.0)).collect()
    }

    /// The numbers of a table keyed by criterion id, in criterion order; an unknown id is an
    /// error with a did-you-mean, a number out of its spec's range an error.
    fn per_criterion(
        &mut self,
        at: &[Seg],
        raw: Option<&BTreeMap<String, f64>>,
        ids: &[String],
        fields: &'static [crate::scenario::fields::FieldSpec],
    ) -> Vec<Option<f64>> {
        let key = match at.last() {
            Some(Seg::Key(key)) => key.clone(),
            _ => String::new(),
        };
        let spec = spec(fields, &key);
        let mut out = vec![None; ids.len()];
        for (id, &x) in raw.into_iter().flatten() {
            let here = path(at, &[k(id)]);
            if let Some(c) = self.reference(&here, id, ids, "criterion") {
                out[c] = Some(self.entry(&here, spec, x));
            }
        }
        out
    }

    /// A criterion whose every domain weighs 0 has no score to speak of.
    fn some_weight(&mut self, criteria: &[Criterion], domains: &[Domain]) {
        for (c, crit) in criteria.iter().enumerate() {
            let total: f64 = domains.iter().filter_map(|d| d.weights.get(c)).sum();
            if total <= 0.0 && !domains.is_empty() {
                self.err(
                    &[k("criterion"), Seg::Index(c)],
                    format!("every domain weighs criterion `{}` 0: the plan has no score on it", crit.id),
                    Some("give at least one domain a positive `weights` entry, or drop the criterion".into()),
                );
            }
        }
    }
}
