//! The `[scenario]` table, and the order the tables are validated in: ids first, since the
//! tables refer to each other by them.

use super::{Validator, k, path};
use crate::scenario::fields::{SCENARIO_FIELDS, spec};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    /// Validates a whole file. Always gives a scenario, with stand-ins for the values in
    /// error: the errors are in `self.diags`.
    pub(super) fn scenario(&mut self, raw: &RawFile) -> Option<Scenario> {
        let mut s = self.settings(raw.scenario.as_ref());
        let (partner_ids, domain_ids) = self.all_ids(raw);
        self.enough(raw);
        s.partners = (raw.partner.iter().enumerate())
            .map(|(i, p)| self.partner(i, p, &partner_ids, &domain_ids, s.base_year, s.horizon))
            .collect();
        self.retained_by_kind(raw, &mut s.partners);
        self.municipalities(&s.partners);
        s.domains = (raw.domain.iter().enumerate())
            .map(|(i, d)| self.domain(i, d, &domain_ids, &s.partners))
            .collect();
        s.forms = self.forms(&raw.form, &domain_ids, &s.partners, s.horizon);
        s.constraints = self.constraints(raw.constraints.as_ref(), &partner_ids, &domain_ids);
        self.locations(&s);
        self.asset_ages(raw, &s);
        self.criteria(raw, &mut s);
        Some(s)
    }

    /// `[scenario]`: the settings, in a scenario without partners, domains or forms yet.
    fn settings(&mut self, raw: Option<&RawScenario>) -> Scenario {
        let s = raw.cloned().unwrap_or_else(|| self.no_settings());
        let at = [k("scenario")];
        let n = self.numbers(&at, SCENARIO_FIELDS, &s);
        let discount_rate = n.value("discount_rate");
        if discount_rate > 0.2 {
            self.warn(
                &path(&at, &[k("discount_rate")]),
                format!("a real discount rate of {discount_rate} is unusually high"),
                Some("rates are fractions: 0.03 means 3%".into()),
            );
        }
        Scenario {
            name: s.name.clone().unwrap_or_else(|| "unnamed scenario".into()),
            names: crate::scenario::Names::of(&s.name_nl, &s.name_en),
            base_year: n.value("base_year") as i32,
            horizon: n.count("horizon"),
            discount_rate,
            salary_per_fte: n.value("salary_per_fte"),
            salary_by_kind: self.by_kind(&at, "salary_by_kind", s.salary_by_kind.as_ref()),
            attrition_rate: n.value("attrition_rate"),
            distance_cost_per_km: n.value("distance_cost_per_km"),
            distance_per: self.distance_per(&at, &s),
            wage_growth: n.value("wage_growth"),
            objective: self.objective(&at, &s),
            wage_growth_by_kind: self.by_kind(
                &at,
                "wage_growth_by_kind",
                s.wage_growth_by_kind.as_ref(),
            ),
            partners: Vec::new(),
            domains: Vec::new(),
            forms: Vec::new(),
            constraints: Constraints::default(),
            criteria: Vec::new(),
        }
    }

    /// `objective` and `capacity_guard`.
    fn objective(&mut self, at: &[Seg], s: &RawScenario) -> Objective {
        let guard = self.choice(
            at,
            "capacity_guard",
            s.capacity_guard.as_deref(),
            &["horizon", "year"],
        );
        let objective = self.choice(
            at,
            "objective",
            s.objective.as_deref(),
            &["cost", "capacity"],
        );
        match (objective, guard) {
            (1, 1) => Objective::Capacity(Guard::Year),
            (1, _) => Objective::Capacity(Guard::Horizon),
            _ => {
                // (After an error in `objective` the guard may well be meant.)
                let cost = s.objective.as_deref().is_none_or(|o| o == "cost");
                if s.capacity_guard.is_some() && cost {
                    let hint =
                        Some("set `objective = \"capacity\"`, or drop `capacity_guard`".into());
                    let at = path(at, &[k("capacity_guard")]);
                    self.warn(
                        &at,
                        "`capacity_guard` only applies to the capacity objective",
                        hint,
                    );
                }
                Objective::Cost
            }
        }
    }

    /// `distance_per`: `vehicle` (default) or `domain`.
    fn distance_per(&mut self, at: &[Seg], s: &RawScenario) -> DistancePer {
        let allowed = ["vehicle", "domain"];
        match self.choice(at, "distance_per", s.distance_per.as_deref(), &allowed) {
            1 => DistancePer::Domain,
            _ => DistancePer::Vehicle,
        }
    }

    /// The position of `raw` among `allowed` (the first when absent; after an error too).
    fn choice(&mut self, at: &[Seg], key: &str, raw: Option<&str>, allowed: &[&str]) -> usize {
        let Some(v) = raw else { return 0 };
        match allowed.iter().position(|a| *a == v) {
            Some(i) => i,
            None => {
                let (message, hint) = crate::suggest::unknown_id(&format!("`{key}`"), v, allowed);
                self.err(&path(at, &[k(key)]), message, Some(hint));
                0
            }
        }
    }

    fn no_settings(&mut self) -> RawScenario {
        self.err(
            &[],
            "missing `[scenario]` table",
            Some("add `[scenario]` with at least `base_year` and `horizon`".into()),
        );
        RawScenario::default()
    }

    /// `KEY = { KIND = VALUE }` (`salary_by_kind`, ...), for known kinds.
    fn by_kind(
        &mut self,
        at: &[Seg],
        key: &str,
        raw: Option<&BTreeMap<String, f64>>,
    ) -> BTreeMap<String, f64> {
        let spec = spec(SCENARIO_FIELDS, key);
        let mut out = BTreeMap::new();
        for (kind, &v) in raw.into_iter().flatten() {
            let kat = path(at, &[k(key), k(kind)]);
            if self.kind(&kat, kind) {
                out.insert(kind.clone(), self.entry(&kat, spec, v));
            }
        }
        out
    }

    /// `retained_fte_by_kind`: the retained FTE of every partner of a kind that gives none of
    /// its own.
    fn retained_by_kind(&mut self, raw: &RawFile, partners: &mut [Partner]) {
        let by_kind = raw
            .scenario
            .as_ref()
            .and_then(|s| s.retained_fte_by_kind.as_ref());
        let by_kind = self.by_kind(&[k("scenario")], "retained_fte_by_kind", by_kind);
        for (p, rp) in partners.iter_mut().zip(&raw.partner) {
            if rp.retained_fte.is_none() {
                p.retained_fte = by_kind.get(&p.kind).copied().unwrap_or(0.0);
            }
        }
    }

    /// The partner and domain ids, in file order; domains first, as partners refer to them.
    fn all_ids(&mut self, raw: &RawFile) -> (Vec<String>, Vec<String>) {
        let mut domain_ids = Vec::new();
        for (i, d) in raw.domain.iter().enumerate() {
            let at = [k("domain"), Seg::Index(i)];
            self.id(&at, &d.id, "domain", &mut domain_ids);
        }
        let mut partner_ids = Vec::new();
        for (i, p) in raw.partner.iter().enumerate() {
            let at = [k("partner"), Seg::Index(i)];
            self.id(&at, &p.id, "partner", &mut partner_ids);
        }
        (partner_ids, domain_ids)
    }

    /// Two partners and one domain at least: anything less has nothing to decide.
    fn enough(&mut self, raw: &RawFile) {
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
    }

    /// An asset age or renewal year that cannot act as written: on a domain whose standalone
    /// sheet has no investment, or an age past the equipment's lifetime (due now, as an age equal to it says).
    fn asset_ages(&mut self, raw: &RawFile, s: &Scenario) {
        for (pi, (rp, p)) in raw.partner.iter().zip(&s.partners).enumerate() {
            for (d, domain) in s.domains.iter().enumerate() {
                let named = |m: &Option<BTreeMap<String, i64>>| {
                    m.iter().flatten().any(|(id, _)| *id == domain.id)
                };
                let key = match (named(&rp.asset_age), named(&rp.renewal)) {
                    (true, _) => "asset_age",
                    (false, true) => "renewal",
                    (false, false) => continue,
                };
                let at = [k("partner"), Seg::Index(pi), k(key), k(&domain.id)];
                self.asset_age_effect(&at, key, domain, p.renewal[d]);
            }
        }
    }

    /// The warning for `key.DOMAIN` (at `at`) of a domain's equipment renewed as `renewal`.
    fn asset_age_effect(&mut self, at: &[Seg], key: &str, domain: &Domain, renewal: Renewal) {
        let (id, life) = (&domain.id, domain.standalone.lifetime);
        if life == 0 {
            let message = format!(
                "`{id}` has no investment on its standalone sheet: `{key}.{id}` has no effect"
            );
            let hint =
                format!("drop `{key}.{id}`, or give the sheet an investment and a `lifetime`");
            self.warn(at, message, Some(hint));
        } else if let Renewal::Age(age) = renewal
            && age > life
        {
            let message = format!(
                "equipment of {age} years is past its lifetime of {life}: it counts as due in the base year"
            );
            let hint = "check the age, or give the planned year in `renewal` if it is kept longer";
            self.warn(at, message, Some(hint.into()));
        }
    }

    /// Distances (a cost per km, or a maximum) need every partner's location.
    fn locations(&mut self, s: &Scenario) {
        let distances = s.distance_cost_per_km > 0.0 || s.constraints.max_distance_km.is_some();
        if !distances {
            return;
        }
        for (i, p) in s.partners.iter().enumerate() {
            if p.location.is_none() {
                self.err(
                    &[k("partner"), Seg::Index(i)],
                    format!("partner `{}` has no `location`, but distances are used", p.id),
                    Some("add `location = { lat = 50.88, lon = 4.70 }` (WGS84 degrees), or drop `distance_cost_per_km` and `max_distance_km`".into()),
                );
            }
        }
    }
}
