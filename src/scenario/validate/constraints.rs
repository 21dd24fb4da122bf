//! `[constraints]`: limits on groups and the keep-in-house, never- and must-together rules.

use super::{Validator, k, path};
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
        let max_group_size = c.max_group_size.map(|m| {
            self.int(
                &path(&at, &[k("max_group_size")]),
                Some(m),
                None,
                1,
                100_000,
                "partners",
            ) as usize
        });
        let max_vehicles_per_partner = c.max_vehicles_per_partner.map(|m| {
            self.int(
                &path(&at, &[k("max_vehicles_per_partner")]),
                Some(m),
                None,
                0,
                100_000,
                "vehicles",
            ) as usize
        });
        let max_distance_km = c.max_distance_km.map(|m| {
            self.num(
                &path(&at, &[k("max_distance_km")]),
                Some(m),
                None,
                0.0,
                40_000.0,
                "km, straight line from a member to its group's host",
            )
        });
        let min_support = c.min_support.map(|m| {
            self.num(
                &path(&at, &[k("min_support")]),
                Some(m),
                None,
                0.0,
                1.0,
                "support score from 0 to 1",
            )
        });
        let min_saving = self.num(
            &path(&at, &[k("min_saving")]),
            c.min_saving,
            Some(0.0),
            0.0,
            0.99,
            "share of the standalone NPV (0.05 = 5%)",
        );
        let individual_rationality = c.individual_rationality.unwrap_or(true);
        if c.min_saving.is_some() && !individual_rationality {
            self.warn(
                &path(&at, &[k("min_saving")]),
                "min_saving has no effect while individual_rationality = false",
                None,
            );
        }
        let mut keep_in_house = Vec::new();
        for (j, r) in c.keep_in_house.iter().enumerate() {
            let rat = path(&at, &[k("keep_in_house"), Seg::Index(j)]);
            let p = match &r.partner {
                Some(p) => self.reference(&path(&rat, &[k("partner")]), p, pids, "partner"),
                None => {
                    self.err(&rat, "missing `partner`", Some("`{ partner = \"id\", domain = \"id\" }`; leave out `domain` for every domain".into()));
                    None
                }
            };
            let d = match &r.domain {
                Some(d) => self
                    .reference(&path(&rat, &[k("domain")]), d, dids, "domain")
                    .map(Some),
                None => Some(None),
            };
            if let (Some(p), Some(d)) = (p, d) {
                keep_in_house.push((p, d));
            }
        }
        let mut never_together = Vec::new();
        for (j, pair) in c.never_together.iter().enumerate() {
            let rat = path(&at, &[k("never_together"), Seg::Index(j)]);
            if pair.len() != 2 {
                self.err(
                    &rat,
                    format!(
                        "a never-together rule names 2 partners, found {}",
                        pair.len()
                    ),
                    Some("write `[\"a\", \"b\"]`; add one rule per pair".into()),
                );
                continue;
            }
            let a = self.reference(&path(&rat, &[Seg::Index(0)]), &pair[0], pids, "partner");
            let b = self.reference(&path(&rat, &[Seg::Index(1)]), &pair[1], pids, "partner");
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    self.err(
                        &rat,
                        "a never-together rule names the same partner twice",
                        None,
                    );
                } else {
                    never_together.push((a.min(b), a.max(b)));
                }
            }
        }
        let mut must_together = Vec::new();
        for (j, r) in c.must_together.iter().enumerate() {
            let rat = path(&at, &[k("must_together"), Seg::Index(j)]);
            let list = r.partners.clone().unwrap_or_default();
            if list.len() < 2 {
                self.err(
                    &path(&rat, &[k("partners")]),
                    "a must-together rule names at least 2 partners",
                    None,
                );
                continue;
            }
            let mut ps = Vec::new();
            for (m, p) in list.iter().enumerate() {
                if let Some(p) = self.reference(
                    &path(&rat, &[k("partners"), Seg::Index(m)]),
                    p,
                    pids,
                    "partner",
                ) {
                    ps.push(p);
                }
            }
            let d = match &r.domain {
                Some(d) => self
                    .reference(&path(&rat, &[k("domain")]), d, dids, "domain")
                    .map(Some),
                None => Some(None),
            };
            ps.sort_unstable();
            ps.dedup();
            if let Some(d) = d
                && ps.len() == list.len()
            {
                must_together.push((ps, d));
            }
        }
        Constraints {
            forced: Vec::new(),
            forbidden: Vec::new(),
            max_group_size,
            max_vehicles_per_partner,
            max_distance_km,
            min_support,
            individual_rationality,
            min_saving,
            keep_in_house,
            never_together,
            must_together,
        }
    }
}
