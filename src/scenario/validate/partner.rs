//! `[[partner]]`: kind, demand drivers, staff, locks, location, budget and support.

use super::checks::Checked;
use super::{Validator, k, path};
use crate::scenario::fields::{LOCATION_FIELDS, PARTNER_FIELDS, spec};
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
        let kind = self.partner_kind(&at, p.kind.as_ref());
        let n = self.numbers(&at, PARTNER_FIELDS, p);
        let drivers = self.drivers(&at, &n, p.drivers.as_ref());
        let locks = p.locked_until.as_ref();
        let locked_until = self.locked_until(&at, locks, domain_ids, base_year, horizon);
        let renewal = self.renewals(&at, p, domain_ids, base_year, horizon);
        let location = p.location.as_ref().map(|l| self.location(&at, l));
        let support = self.support(&at, p.support.as_ref(), domain_ids);
        Partner {
            // A gemeente is its own municipality unless it names one.
            municipality: (p.municipality.clone())
                .or_else(|| (kind == "gemeente").then(|| id.clone())),
            source: p.source.clone(),
            name: p.name.clone().unwrap_or_else(|| id.clone()),
            names: crate::scenario::Names::of(&p.name_nl, &p.name_en),
            id,
            kind,
            drivers,
            ict_fte: n.value("ict_fte"),
            locked_until,
            renewal,
            retained_fte: n.given("retained_fte").unwrap_or(0.0),
            location,
            budget: n.given("budget"),
            support,
        }
    }

    /// The required `kind`; `other` stands in when it is missing.
    fn partner_kind(&mut self, at: &[Seg], kind: Option<&String>) -> String {
        let at = path(at, &[k("kind")]);
        let Some(kind) = kind else {
            let hint = Some(format!("one of: {}", PARTNER_KINDS.join(", ")));
            self.err(&at, "missing required field `kind`", hint);
            return "other".into();
        };
        self.kind(&at, kind);
        kind.clone()
    }

    /// Every demand driver by name: the standard ones given (`population` is required), then
    /// the extra `drivers`, which may not repeat a standard one.
    fn drivers(
        &mut self,
        at: &[Seg],
        n: &Checked,
        extra: Option<&BTreeMap<String, f64>>,
    ) -> BTreeMap<String, f64> {
        let mut drivers: BTreeMap<String, f64> = (STANDARD_DRIVERS.iter())
            .filter_map(|&d| n.given(d).map(|v| (d.to_string(), v)))
            .collect();
        for (name, &v) in extra.into_iter().flatten() {
            if let Some(v) = self.extra_driver(at, name, v) {
                drivers.insert(name.clone(), v);
            }
        }
        drivers
    }

    /// An extra driver's value, checked; `None` (an error) when it repeats a standard one.
    fn extra_driver(&mut self, at: &[Seg], name: &str, v: f64) -> Option<f64> {
        let dat = path(at, &[k("drivers"), k(name)]);
        if STANDARD_DRIVERS.contains(&name) {
            let hint = Some(format!("set `{name} = ...` directly on the partner"));
            self.err(&dat, format!("`{name}` is a standard driver"), hint);
            return None;
        }
        Some(self.entry(&dat, spec(PARTNER_FIELDS, "drivers"), v))
    }

    /// `locked_until = { DOMAIN = YEAR }`: per domain, the first year offset the partner is
    /// free to change.
    fn locked_until(
        &mut self,
        at: &[Seg],
        raw: Option<&BTreeMap<String, i64>>,
        domain_ids: &[String],
        base_year: i32,
        horizon: usize,
    ) -> Vec<usize> {
        let mut locked = vec![0; domain_ids.len()];
        for (d, &year) in raw.into_iter().flatten() {
            let lat = path(at, &[k("locked_until"), k(d)]);
            if let Some(di) = self.reference(&lat, d, domain_ids, "domain") {
                locked[di] = self.free_from(&lat, d, year, base_year, horizon);
            }
        }
        locked
    }

    /// `asset_age = { DOMAIN = YEARS }` and `renewal = { DOMAIN = YEAR }`: per domain, when the
    /// current equipment is next renewed (spread over its lifetime when neither says).
    fn renewals(
        &mut self,
        at: &[Seg],
        p: &RawPartner,
        domain_ids: &[String],
        base_year: i32,
        horizon: usize,
    ) -> Vec<Renewal> {
        let mut out = vec![Renewal::Spread; domain_ids.len()];
        for (d, &age) in p.asset_age.iter().flatten() {
            let dat = path(at, &[k("asset_age"), k(d)]);
            if let Some(di) = self.reference(&dat, d, domain_ids, "domain") {
                out[di] = Renewal::Age(self.asset_age(&dat, age));
            }
        }
        for (d, &year) in p.renewal.iter().flatten() {
            let dat = path(at, &[k("renewal"), k(d)]);
            if let Some(di) = self.reference(&dat, d, domain_ids, "domain") {
                self.not_both(&dat, d, out[di]);
                out[di] = Renewal::At(self.renewal_year(&dat, year, base_year, horizon));
            }
        }
        out
    }

    /// An asset age in whole years, checked against its range.
    fn asset_age(&mut self, at: &[Seg], age: i64) -> usize {
        self.whole_entry(at, spec(PARTNER_FIELDS, "asset_age"), age) as usize
    }

    /// A domain's equipment has an age or a renewal year, not both.
    fn not_both(&mut self, at: &[Seg], d: &str, before: Renewal) {
        if matches!(before, Renewal::Age(_)) {
            let hint = Some(format!("drop `asset_age.{d}` or `renewal.{d}`"));
            let message = format!("`{d}` has both an `asset_age` and a `renewal` year");
            self.err(at, message, hint);
        }
    }

    /// The year offset of a renewal in calendar `year`: one in the past is due now, one past
    /// the horizon never falls within it.
    fn renewal_year(&mut self, at: &[Seg], year: i64, base_year: i32, horizon: usize) -> usize {
        let plausible = spec(PARTNER_FIELDS, "renewal");
        if !(plausible.min..=plausible.max).contains(&(year as f64)) {
            let hint = Some("give the calendar year of the next renewal, e.g. 2028".into());
            self.err(at, format!("{year} is not a plausible calendar year"), hint);
            return 0;
        }
        if year < base_year as i64 {
            let hint = Some(format!(
                "give the next renewal, {base_year} or later, or the age of the equipment in `asset_age`"
            ));
            self.warn(
                at,
                format!("a renewal in {year}, before the base year, counts as due now"),
                hint,
            );
        }
        (year - base_year as i64).clamp(0, horizon as i64) as usize
    }

    /// The year offset a lock until calendar `year` ends; a lock past the horizon is the
    /// horizon (never free), an implausible year an error.
    fn free_from(
        &mut self,
        at: &[Seg],
        d: &str,
        year: i64,
        base_year: i32,
        horizon: usize,
    ) -> usize {
        let plausible = spec(PARTNER_FIELDS, "locked_until");
        let t = year - base_year as i64;
        if !(plausible.min..=plausible.max).contains(&(year as f64)) {
            let hint =
                Some("give the calendar year from which the partner is free, e.g. 2028".into());
            self.err(at, format!("{year} is not a plausible calendar year"), hint);
            0
        } else if t >= horizon as i64 {
            let last = base_year as i64 + horizon as i64 - 1;
            self.warn(at, locked_beyond(d, year, last), Some("check the year (the first year the partner is free), or lengthen `scenario.horizon`".into()));
            horizon
        } else {
            t.max(0) as usize
        }
    }

    fn location(&mut self, at: &[Seg], l: &RawLocation) -> (f64, f64) {
        let n = self.numbers(&path(at, &[k("location")]), LOCATION_FIELDS, l);
        (n.value("lat"), n.value("lon"))
    }

    /// `support = { DOMAIN = SCORE }`, per domain of the scenario.
    fn support(
        &mut self,
        at: &[Seg],
        raw: Option<&BTreeMap<String, f64>>,
        domain_ids: &[String],
    ) -> Vec<Option<f64>> {
        let spec = spec(PARTNER_FIELDS, "support");
        let mut support = vec![None; domain_ids.len()];
        for (d, &s) in raw.into_iter().flatten() {
            let sat = path(at, &[k("support"), k(d)]);
            if let Some(di) = self.reference(&sat, d, domain_ids, "domain") {
                support[di] = Some(self.entry(&sat, spec, s));
            }
        }
        support
    }

    /// A partner's `municipality` that is no gemeente's but close to one is probably a typo.
    pub(super) fn municipalities(&mut self, partners: &[Partner]) {
        let towns: Vec<&str> = (partners.iter())
            .filter(|p| p.kind == "gemeente")
            .filter_map(|p| p.municipality.as_deref())
            .collect();
        for (i, p) in partners.iter().enumerate() {
            if let Some(m) = p.municipality.as_deref()
                && !towns.contains(&m)
            {
                self.municipality_typo(i, m, &towns);
            }
        }
    }

    /// Partner i's municipality `m`, no gemeente's: a warning when it is close to one of
    /// `towns`.
    fn municipality_typo(&mut self, i: usize, m: &str, towns: &[&str]) {
        let Some(guess) = suggest::did_you_mean(m, towns) else {
            return;
        };
        let hint = format!("{guess} (a gemeente's municipality is its id unless it sets one)");
        self.warn(
            &[k("partner"), Seg::Index(i), k("municipality")],
            format!("no gemeente of this scenario belongs to municipality `{m}`"),
            Some(hint),
        );
    }
}

/// The warning for a lock past the horizon's `last` year.
fn locked_beyond(d: &str, year: i64, last: i64) -> String {
    format!(
        "locked until {year}, beyond the horizon's last year {last}: this partner cannot share `{d}` within the horizon"
    )
}
