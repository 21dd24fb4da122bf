//! The `[scenario]` table and the order the other tables are validated in (ids first,
//! since every table refers to them).

use super::{MAX_HORIZON, Validator, k, path};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    pub(super) fn scenario(&mut self, raw: &RawFile) -> Option<Scenario> {
        let s = match &raw.scenario {
            Some(s) => s.clone(),
            None => {
                self.err(
                    &[],
                    "missing `[scenario]` table",
                    Some("add `[scenario]` with at least `base_year` and `horizon`".into()),
                );
                RawScenario {
                    name: None,
                    base_year: None,
                    horizon: None,
                    discount_rate: None,
                    salary_per_fte: None,
                    salary_by_kind: None,
                    attrition_rate: None,
                    distance_cost_per_km: None,
                }
            }
        };
        let sp = [k("scenario")];
        let name = s.name.clone().unwrap_or_else(|| "unnamed scenario".into());
        let base_year = self.int(
            &path(&sp, &[k("base_year")]),
            s.base_year,
            None,
            1900,
            2200,
            "calendar year",
        ) as i32;
        let horizon = self.int(
            &path(&sp, &[k("horizon")]),
            s.horizon,
            None,
            1,
            MAX_HORIZON,
            "years",
        ) as usize;
        let discount_rate = self.num(
            &path(&sp, &[k("discount_rate")]),
            s.discount_rate,
            Some(0.03),
            -0.99,
            1.0,
            "a real rate per year (0.03 = 3%)",
        );
        if discount_rate > 0.2 {
            self.warn(
                &path(&sp, &[k("discount_rate")]),
                format!("a real discount rate of {discount_rate} is unusually high"),
                Some("rates are fractions: 0.03 means 3%".into()),
            );
        }
        let salary_per_fte = self.num(
            &path(&sp, &[k("salary_per_fte")]),
            s.salary_per_fte,
            Some(65_000.0),
            0.0,
            1e7,
            "euro per FTE per year",
        );
        let mut salary_by_kind = BTreeMap::new();
        for (kind, &v) in s.salary_by_kind.iter().flatten() {
            let at = path(&sp, &[k("salary_by_kind"), k(kind)]);
            if self.kind(&at, kind) {
                let v = self.num(&at, Some(v), None, 0.0, 1e7, "euro per FTE per year");
                salary_by_kind.insert(kind.clone(), v);
            }
        }
        let attrition_rate = self.num(
            &path(&sp, &[k("attrition_rate")]),
            s.attrition_rate,
            Some(0.03),
            0.0,
            0.99,
            "share of staff leaving per year (0.03 = 3%)",
        );
        let distance_cost_per_km = self.num(
            &path(&sp, &[k("distance_cost_per_km")]),
            s.distance_cost_per_km,
            Some(0.0),
            0.0,
            1e6,
            "euro per km per member per year",
        );

        // Domains first: partners refer to them.
        let mut domain_ids = Vec::new();
        for (i, d) in raw.domain.iter().enumerate() {
            self.id(
                &[k("domain"), Seg::Index(i)],
                &d.id,
                "domain",
                &mut domain_ids,
            );
        }
        let mut partner_ids = Vec::new();
        for (i, p) in raw.partner.iter().enumerate() {
            self.id(
                &[k("partner"), Seg::Index(i)],
                &p.id,
                "partner",
                &mut partner_ids,
            );
        }
        if raw.partner.len() < 2 {
            self.err(
                &[],
                format!(
                    "the scenario has {} partner(s): there is nothing to cooperate on",
                    raw.partner.len()
                ),
                Some("add at least two `[[partner]]` tables".into()),
            );
        }
        if raw.domain.is_empty() {
            self.err(
                &[],
                "the scenario has no `[[domain]]`: there is nothing to share",
                Some(
                    "add at least one `[[domain]]` table with standalone and shared cost sheets"
                        .into(),
                ),
            );
        }

        let partners: Vec<Partner> = raw
            .partner
            .iter()
            .enumerate()
            .map(|(i, p)| self.partner(i, p, &partner_ids, &domain_ids, base_year, horizon))
            .collect();
        self.municipalities(&partners);
        let domains: Vec<Domain> = raw
            .domain
            .iter()
            .enumerate()
            .map(|(i, d)| self.domain(i, d, &domain_ids, &partners))
            .collect();
        let mut form_ids = Vec::new();
        let forms: Vec<Form> = raw
            .form
            .iter()
            .enumerate()
            .map(|(i, f)| self.form(i, f, &mut form_ids, &domain_ids, &partners, horizon))
            .collect();
        if raw.form.is_empty() {
            self.warn(
                &[],
                "the scenario has no `[[form]]`: every partner stays alone",
                Some("add cooperation forms such as `informal` or `interlokale-vereniging`".into()),
            );
        }
        let constraints = self.constraints(raw.constraints.as_ref(), &partner_ids, &domain_ids);
        if distance_cost_per_km > 0.0 || constraints.max_distance_km.is_some() {
            for (i, p) in partners.iter().enumerate() {
                if p.location.is_none() {
                    self.err(
                        &[k("partner"), Seg::Index(i)],
                        format!(
                            "partner `{}` has no `location`, but distances are used",
                            p.id
                        ),
                        Some("add `location = { lat = 50.88, lon = 4.70 }` (WGS84 degrees), or drop `distance_cost_per_km` and `max_distance_km`".into()),
                    );
                }
            }
        }
        Some(Scenario {
            name,
            base_year,
            horizon,
            discount_rate,
            salary_per_fte,
            salary_by_kind,
            attrition_rate,
            distance_cost_per_km,
            partners,
            domains,
            forms,
            constraints,
        })
    }
}
