//! `[[form]]`: a cooperation form's costs, membership rules and legal traits.

use super::checks::Checked;
use super::{Validator, k, path};
use crate::scenario::fields::{FORM_FIELDS, spec};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    /// Every `[[form]]`; none is allowed (everyone stays alone) but worth a warning.
    pub(super) fn forms(
        &mut self,
        raw: &[RawForm],
        domain_ids: &[String],
        partners: &[Partner],
        horizon: usize,
    ) -> Vec<Form> {
        let mut ids = Vec::new();
        let forms = (raw.iter().enumerate())
            .map(|(i, f)| self.form(i, f, &mut ids, domain_ids, partners, horizon))
            .collect();
        if raw.is_empty() {
            self.warn(
                &[],
                "the scenario has no `[[form]]`: every partner stays alone",
                Some("add cooperation forms such as `informal` or `interlokale-vereniging`".into()),
            );
        }
        forms
    }

    fn form(
        &mut self,
        i: usize,
        f: &RawForm,
        ids: &mut Vec<String>,
        domain_ids: &[String],
        partners: &[Partner],
        horizon: usize,
    ) -> Form {
        let at = [k("form"), Seg::Index(i)];
        let id = self.id(&at, &f.id, "form", ids);
        let n = self.numbers(&at, FORM_FIELDS, f);
        let offer = self.provider(&at, &id, f, domain_ids);
        let (min_members, max_members) = match offer {
            // A provider is joined by one partner at a time.
            Some(_) => (1, 1),
            None => self.member_range(&at, &n),
        };
        let (domains, provider_price) = match offer {
            Some(o) => (o.domains, Some(o.prices)),
            None => (
                self.form_domains(&at, f.domains.as_deref(), domain_ids),
                None,
            ),
        };
        let partner_kinds = self.partner_kinds(&at, f.partner_kinds.as_deref());
        self.open_to(&at, &id, partner_kinds.as_deref(), partners, min_members);
        if domains.iter().all(|a| !a) && !domain_ids.is_empty() && provider_price.is_none() {
            self.no_domain(&at, &id);
        }
        self.lead_time(&at, &id, n.count("lead_time"), horizon);
        self.shared_salary(&at, f, n.given("shared_salary"));
        let min_kind = self.min_kind(&at, f.min_kind.as_ref());
        if f.same_municipality == Some(true) {
            self.unplaced(&at, &id, partners, f.partner_kinds.as_deref());
        }
        self.staff_transfer(&at, &id, f);
        Form {
            same_municipality: f.same_municipality.unwrap_or(false),
            min_kind,
            legal_personality: f.legal_personality,
            source: f.source.clone(),
            name: f.name.clone().unwrap_or_else(|| ids[i].clone()),
            names: crate::scenario::Names::of(&f.name_nl, &f.name_en),
            id,
            setup_cost: n.value("setup_cost"),
            governance_fixed: n.value("governance_fixed"),
            governance_per_member: n.value("governance_per_member"),
            min_members,
            max_members,
            domains,
            partner_kinds,
            lead_time: n.count("lead_time"),
            staff_transfer: f.staff_transfer.unwrap_or(false),
            vat_rate: n.value("vat_rate"),
            hosted: f.hosted.unwrap_or(false),
            shared_salary: n.given("shared_salary"),
            // Set with the criteria (`criterion.rs`).
            scores: Vec::new(),
            provider_price,
        }
    }

    fn no_domain(&mut self, at: &[Seg], id: &str) {
        let message = format!("form `{id}` allows no domain: no group can use it");
        self.warn(&path(at, &[k("domains")]), message, None);
    }

    /// `min_members` and `max_members` (no limit when absent), which must leave room.
    fn member_range(&mut self, at: &[Seg], n: &Checked) -> (usize, usize) {
        let min = n.count("min_members");
        let max = n.given_count("max_members").unwrap_or(usize::MAX);
        if min > max {
            let message = format!("max_members {max} is below min_members {min}");
            let hint = Some("no group could use this form".into());
            self.err(&path(at, &[k("max_members")]), message, hint);
        }
        (min, max)
    }

    /// Per domain of the scenario: may a group under this form share it (all when absent).
    fn form_domains(
        &mut self,
        at: &[Seg],
        raw: Option<&[String]>,
        domain_ids: &[String],
    ) -> Vec<bool> {
        let Some(list) = raw else {
            return vec![true; domain_ids.len()];
        };
        let mut allowed = vec![false; domain_ids.len()];
        let listed = path(at, &[k("domains")]);
        for d in self.references(&listed, list, domain_ids, "domain") {
            allowed[d] = true;
        }
        allowed
    }

    /// `partner_kinds`, each a known kind (kept as written: an unknown one is an error).
    fn partner_kinds(&mut self, at: &[Seg], raw: Option<&[String]>) -> Option<Vec<String>> {
        let list = raw?;
        for (j, kind) in list.iter().enumerate() {
            self.kind(&path(at, &[k("partner_kinds"), Seg::Index(j)]), kind);
        }
        Some(list.to_vec())
    }

    /// A form that fewer than two partners may join can never be used.
    fn open_to(
        &mut self,
        at: &[Seg],
        id: &str,
        kinds: Option<&[String]>,
        partners: &[Partner],
        min_members: usize,
    ) {
        let Some(kinds) = kinds else {
            return;
        };
        let n = partners.iter().filter(|p| kinds.contains(&p.kind)).count();
        // A group needs two members, and at least `min_members` (a provider form: one).
        let need = if min_members == 1 {
            1
        } else {
            min_members.max(2)
        };
        if n < need {
            let hint = Some(
                "widen `partner_kinds`, lower `min_members`, or drop the form if it is not \
                 meant for this scenario"
                    .into(),
            );
            self.warn(
                &path(at, &[k("partner_kinds")]),
                too_few_open(id, n, need),
                hint,
            );
        }
    }

    /// A lead time as long as the horizon leaves no year to deliver in.
    fn lead_time(&mut self, at: &[Seg], id: &str, lead_time: usize, horizon: usize) {
        if lead_time >= horizon && horizon > 0 {
            self.warn(&path(at, &[k("lead_time")]), format!("lead time of {lead_time} years reaches past the {horizon}-year horizon: form `{id}` can never deliver"), None);
        }
    }

    /// A hosted form's staff are the host's, so a salary of its own would go unused.
    fn shared_salary(&mut self, at: &[Seg], f: &RawForm, salary: Option<f64>) {
        // On a provider form both keys are errors already (`provider.rs`).
        if salary.is_some() && f.hosted == Some(true) && f.provider_price.is_none() {
            self.warn(
                &path(at, &[k("shared_salary")]),
                "a hosted form's staff are the host's and cost the host's salary: `shared_salary` is not used",
                Some("drop `shared_salary`, or set `hosted = false` for a vehicle with staff of its own".into()),
            );
        }
    }

    /// Staff can only transfer to a legal person. Under a gemeente-OCMW beheersovereenkomst
    /// (one municipality) the staff of both bodies serve the shared service by law (DLB art.
    /// 196 §2) without changing employer, which is what `staff_transfer` prices; elsewhere a
    /// form without legal personality cannot take staff over.
    fn staff_transfer(&mut self, at: &[Seg], id: &str, f: &RawForm) {
        if transfers_without_person(f) {
            self.warn(
                &path(at, &[k("staff_transfer")]),
                format!("form `{id}` has no legal personality, so no staff can transfer to it"),
                Some("samen prices `staff_transfer = true` as staff paid once for the shared work; set it to false unless the members' staff serve the shared service without changing employer".into()),
            );
        }
    }

    /// A `same_municipality` form never admits a partner that names no municipality: say so
    /// for the partners of the kinds it is open to.
    fn unplaced(&mut self, at: &[Seg], id: &str, partners: &[Partner], kinds: Option<&[String]>) {
        let none = without_municipality(partners, kinds);
        if !none.is_empty() {
            self.warn(
                &path(at, &[k("same_municipality")]),
                format!(
                    "form `{id}` joins partners of one municipality, and {} name(s) none: it will never include them",
                    none.join(", ")
                ),
                Some("give each partner that belongs to a gemeente `municipality = \"<the gemeente's id>\"`".into()),
            );
        }
    }

    /// `min_kind = { gemeente = 2 }`: known kinds, whole numbers of at least 1.
    fn min_kind(
        &mut self,
        at: &[Seg],
        raw: Option<&BTreeMap<String, i64>>,
    ) -> Vec<(String, usize)> {
        let spec = spec(FORM_FIELDS, "min_kind");
        let mut out = Vec::new();
        for (kind, &n) in raw.into_iter().flatten() {
            let kat = path(at, &[k("min_kind"), k(kind)]);
            if self.kind(&kat, kind) {
                out.push((kind.clone(), self.whole_entry(&kat, spec, n) as usize));
            }
        }
        out
    }
}

/// The warning for a form open to only `n` partners when a group needs `need`.
fn too_few_open(id: &str, n: usize, need: usize) -> String {
    format!(
        "only {n} partner(s) of the allowed kinds, and a group of form `{id}` needs at least \
         {need}: no group can use it"
    )
}

/// Staff transfer asked of a form without legal personality, outside one municipality.
fn transfers_without_person(f: &RawForm) -> bool {
    f.legal_personality == Some(false)
        && f.staff_transfer == Some(true)
        && f.same_municipality != Some(true)
}

/// The ids of the partners of the kinds a form is open to (all when `kinds` is absent) that
/// name no municipality.
fn without_municipality<'p>(partners: &'p [Partner], kinds: Option<&[String]>) -> Vec<&'p str> {
    let open = |p: &Partner| kinds.is_none_or(|k| k.contains(&p.kind));
    partners
        .iter()
        .filter(|p| open(p) && p.municipality.is_none())
        .map(|p| p.id.as_str())
        .collect()
}
