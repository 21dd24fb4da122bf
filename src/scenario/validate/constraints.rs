//! `[constraints]`: limits on groups and the keep-in-house, never- and must-together rules.

use super::{Validator, k, path};
use crate::scenario::fields::CONSTRAINT_FIELDS;
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    pub(super) fn constraints(
        &mut self,
        raw: Option<&RawConstraints>,
        pids: &[String],
        dids: &[String],
    ) -> Constraints {
        let Some(c) = raw else {
            return Constraints {
                individual_rationality: true,
                ..Constraints::default()
            };
        };
        let at = [k("constraints")];
        let n = self.numbers(&at, CONSTRAINT_FIELDS, c);
        let individual_rationality = c.individual_rationality.unwrap_or(true);
        if c.min_saving.is_some() && !individual_rationality {
            self.min_saving_ignored(&at);
        }
        Constraints {
            forced: Vec::new(),
            forbidden: Vec::new(),
            max_group_size: n.given_count("max_group_size"),
            max_vehicles_per_partner: n.given_count("max_vehicles_per_partner"),
            max_distance_km: n.given("max_distance_km"),
            min_support: n.given("min_support"),
            individual_rationality,
            min_saving: n.value("min_saving"),
            keep_in_house: self.rules(&at, "keep_in_house", &c.keep_in_house, |v, rat, r| {
                v.keep_in_house(rat, r, pids, dids)
            }),
            never_together: self.rules(&at, "never_together", &c.never_together, |v, rat, r| {
                v.never_together(rat, r, pids)
            }),
            must_together: self.rules(&at, "must_together", &c.must_together, |v, rat, r| {
                v.must_together(rat, r, pids, dids)
            }),
        }
    }

    fn min_saving_ignored(&mut self, at: &[Seg]) {
        self.warn(
            &path(at, &[k("min_saving")]),
            "min_saving has no effect while individual_rationality = false",
            None,
        );
    }

    /// The rules of the list `key`, each checked by `rule` at its own path; a rule in error
    /// is left out.
    fn rules<R, T>(
        &mut self,
        at: &[Seg],
        key: &str,
        raw: &[R],
        mut rule: impl FnMut(&mut Self, &[Seg], &R) -> Option<T>,
    ) -> Vec<T> {
        (raw.iter().enumerate())
            .filter_map(|(j, r)| rule(self, &path(at, &[k(key), Seg::Index(j)]), r))
            .collect()
    }

    /// `{ partner = "id", domain = "id" }`, the domain `None` for every domain.
    fn keep_in_house(
        &mut self,
        at: &[Seg],
        r: &RawKeepInHouse,
        pids: &[String],
        dids: &[String],
    ) -> Option<(usize, Option<usize>)> {
        let p = self.rule_partner(at, r.partner.as_ref(), pids);
        let d = self.rule_domain(at, r.domain.as_ref(), dids);
        Some((p?, d?))
    }

    /// A keep-in-house rule's required `partner`; `None` when it is missing or unknown.
    fn rule_partner(&mut self, at: &[Seg], p: Option<&String>, pids: &[String]) -> Option<usize> {
        let Some(p) = p else {
            self.err(
                at,
                "missing `partner`",
                Some(
                    "`{ partner = \"id\", domain = \"id\" }`; leave out `domain` for every domain"
                        .into(),
                ),
            );
            return None;
        };
        self.reference(&path(at, &[k("partner")]), p, pids, "partner")
    }

    /// `["a", "b"]`: two different partners, as the sorted pair.
    fn never_together(
        &mut self,
        at: &[Seg],
        pair: &[String],
        pids: &[String],
    ) -> Option<(usize, usize)> {
        if pair.len() != 2 {
            self.not_a_pair(at, pair.len());
            return None;
        }
        let a = self.reference(&path(at, &[Seg::Index(0)]), &pair[0], pids, "partner");
        let b = self.reference(&path(at, &[Seg::Index(1)]), &pair[1], pids, "partner");
        let (a, b) = (a?, b?);
        if a == b {
            let message = "a never-together rule names the same partner twice";
            self.err(at, message, None);
            return None;
        }
        Some((a.min(b), a.max(b)))
    }

    fn not_a_pair(&mut self, at: &[Seg], found: usize) {
        self.err(
            at,
            format!("a never-together rule names 2 partners, found {found}"),
            Some("write `[\"a\", \"b\"]`; add one rule per pair".into()),
        );
    }

    /// `{ partners = [...], domain = "id" }`: at least two partners, the domain `None` for
    /// every domain.
    fn must_together(
        &mut self,
        at: &[Seg],
        r: &RawMustTogether,
        pids: &[String],
        dids: &[String],
    ) -> Option<(Vec<usize>, Option<usize>)> {
        let list = r.partners.clone().unwrap_or_default();
        let listed = path(at, &[k("partners")]);
        if list.len() < 2 {
            let message = "a must-together rule names at least 2 partners";
            self.err(&listed, message, None);
            return None;
        }
        let ps = self.references(&listed, &list, pids, "partner");
        self.named_twice(&listed, &list);
        let d = self.rule_domain(at, r.domain.as_ref(), dids)?;
        // Fewer partners than listed: one is unknown or named twice (both reported).
        (ps.len() == list.len()).then_some((ps, d))
    }

    /// A partner named twice in one rule is an error at its second mention (the rule would
    /// otherwise be a smaller group than written).
    fn named_twice(&mut self, listed: &[Seg], list: &[String]) {
        for (j, id) in list.iter().enumerate() {
            if list[..j].contains(id) {
                let message = format!("partner `{id}` is named twice in this rule");
                let hint = Some("name each partner once".into());
                self.err(&path(listed, &[Seg::Index(j)]), message, hint);
            }
        }
    }

    /// A rule's optional `domain`: `Some(None)` for every domain, `None` when it is unknown.
    fn rule_domain(
        &mut self,
        at: &[Seg],
        d: Option<&String>,
        dids: &[String],
    ) -> Option<Option<usize>> {
        match d {
            Some(d) => (self.reference(&path(at, &[k("domain")]), d, dids, "domain")).map(Some),
            None => Some(None),
        }
    }
}
