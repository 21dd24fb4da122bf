//! `[[partner]]`: kind, demand drivers, staff, locks, location, budget and support.

use super::{Validator, k, path};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;
use crate::suggest;

impl Validator<'_> {
    pub(super) fn partner(
        &mut self,
        i: usize,
        p: &RawPartner,
        ids: &[String],
        domain_ids: &[String],
        base_year: i32,
        horizon: usize,
    ) -> Partner {
        let at = [k("partner"), Seg::Index(i)];
        let id = ids[i].clone();
        let kind = match &p.kind {
            Some(kind) => {
                self.kind(&path(&at, &[k("kind")]), kind);
                kind.clone()
            }
            None => {
                self.err(
                    &path(&at, &[k("kind")]),
                    "missing required field `kind`",
                    Some(format!("one of: {}", PARTNER_KINDS.join(", "))),
                );
                "other".into()
            }
        };
        let mut drivers = BTreeMap::new();
        let population = self.num(
            &path(&at, &[k("population")]),
            p.population,
            None,
            0.0,
            1e9,
            "inhabitants",
        );
        drivers.insert("population".to_string(), population);
        for (name, value) in [
            ("staff", p.staff),
            ("sites", p.sites),
            ("devices", p.devices),
        ] {
            if let Some(v) = value {
                let v = self.num(&path(&at, &[k(name)]), Some(v), None, 0.0, 1e9, "count");
                drivers.insert(name.to_string(), v);
            }
        }
        for (name, &v) in p.drivers.iter().flatten() {
            let dat = path(&at, &[k("drivers"), k(name)]);
            if STANDARD_DRIVERS.contains(&name.as_str()) {
                self.err(
                    &dat,
                    format!("`{name}` is a standard driver"),
                    Some(format!("set `{name} = ...` directly on the partner")),
                );
                continue;
            }
            let v = self.num(&dat, Some(v), None, 0.0, 1e12, "driver units");
            drivers.insert(name.clone(), v);
        }
        let ict_fte = self.num(
            &path(&at, &[k("ict_fte")]),
            p.ict_fte,
            Some(0.0),
            0.0,
            1e5,
            "FTE",
        );
        let mut locked_until = vec![0; domain_ids.len()];
        for (d, &year) in p.locked_until.iter().flatten() {
            let lat = path(&at, &[k("locked_until"), k(d)]);
            if let Some(di) = self.reference(&lat, d, domain_ids, "domain") {
                let t = year - base_year as i64;
                if !(1800..=2300).contains(&year) {
                    self.err(
                        &lat,
                        format!("{year} is not a plausible calendar year"),
                        Some(
                            "give the calendar year from which the partner is free, e.g. 2028"
                                .into(),
                        ),
                    );
                } else if t >= horizon as i64 {
                    self.warn(&lat, format!("locked until {year}, beyond the horizon's last year {}: this partner cannot share `{d}` within the horizon", base_year as i64 + horizon as i64 - 1), Some("check the year (the first year the partner is free), or lengthen `scenario.horizon`".into()));
                    locked_until[di] = horizon;
                } else {
                    locked_until[di] = t.max(0) as usize;
                }
            }
        }
        let location = p.location.as_ref().map(|l| {
            let lat = self.num(
                &path(&at, &[k("location"), k("lat")]),
                Some(l.lat),
                None,
                -90.0,
                90.0,
                "degrees latitude (WGS84)",
            );
            let lon = self.num(
                &path(&at, &[k("location"), k("lon")]),
                Some(l.lon),
                None,
                -180.0,
                180.0,
                "degrees longitude (WGS84)",
            );
            (lat, lon)
        });
        let budget = p.budget.map(|b| {
            self.num(
                &path(&at, &[k("budget")]),
                Some(b),
                None,
                0.0,
                1e12,
                "euro per year",
            )
        });
        let mut support = vec![None; domain_ids.len()];
        for (d, &s) in p.support.iter().flatten() {
            let sat = path(&at, &[k("support"), k(d)]);
            if let Some(di) = self.reference(&sat, d, domain_ids, "domain") {
                support[di] = Some(self.num(
                    &sat,
                    Some(s),
                    None,
                    0.0,
                    1.0,
                    "support score from 0 (none) to 1 (full)",
                ));
            }
        }
        let municipality = p
            .municipality
            .clone()
            .or_else(|| (kind == "gemeente").then(|| id.clone()));
        Partner {
            municipality,
            id,
            name: p.name.clone().unwrap_or_else(|| ids[i].clone()),
            kind,
            drivers,
            ict_fte,
            locked_until,
            location,
            budget,
            support,
        }
    }

    /// A partner's `municipality` that is no gemeente's but close to one is probably a typo.
    pub(super) fn municipalities(&mut self, partners: &[Partner]) {
        let towns: Vec<&str> = partners
            .iter()
            .filter(|p| p.kind == "gemeente")
            .filter_map(|p| p.municipality.as_deref())
            .collect();
        for (i, p) in partners.iter().enumerate() {
            let Some(m) = p.municipality.as_deref() else {
                continue;
            };
            if towns.contains(&m) {
                continue;
            }
            if let Some(guess) = suggest::did_you_mean(m, &towns) {
                self.warn(
                    &[k("partner"), Seg::Index(i), k("municipality")],
                    format!("no gemeente of this scenario belongs to municipality `{m}`"),
                    Some(format!(
                        "{guess} (a gemeente's municipality is its id unless it sets one)"
                    )),
                );
            }
        }
    }
}
