//! `[[form]]`: a cooperation form's costs, membership rules and legal traits.

use super::{Validator, k, path};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    pub(super) fn form(
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
        let amount = |v: &mut Self, key: &str, x: Option<f64>, unit: &str| {
            v.num(&path(&at, &[k(key)]), x, Some(0.0), 0.0, 1e12, unit)
        };
        let setup_cost = amount(self, "setup_cost", f.setup_cost, "euro, once per vehicle");
        let governance_fixed = amount(
            self,
            "governance_fixed",
            f.governance_fixed,
            "euro per vehicle per year",
        );
        let governance_per_member = amount(
            self,
            "governance_per_member",
            f.governance_per_member,
            "euro per member per year",
        );
        let min_members = self.int(
            &path(&at, &[k("min_members")]),
            f.min_members,
            Some(2),
            2,
            100_000,
            "members",
        ) as usize;
        let max_members = match f.max_members {
            None => usize::MAX,
            Some(m) => self.int(
                &path(&at, &[k("max_members")]),
                Some(m),
                None,
                1,
                100_000,
                "members",
            ) as usize,
        };
        if min_members > max_members {
            self.err(
                &path(&at, &[k("max_members")]),
                format!("max_members {max_members} is below min_members {min_members}"),
                Some("no group could use this form".into()),
            );
        }
        let domains = match &f.domains {
            None => vec![true; domain_ids.len()],
            Some(list) => {
                let mut allowed = vec![false; domain_ids.len()];
                for (j, d) in list.iter().enumerate() {
                    if let Some(di) = self.reference(
                        &path(&at, &[k("domains"), Seg::Index(j)]),
                        d,
                        domain_ids,
                        "domain",
                    ) {
                        allowed[di] = true;
                    }
                }
                allowed
            }
        };
        let partner_kinds = f.partner_kinds.as_ref().map(|list| {
            for (j, kind) in list.iter().enumerate() {
                self.kind(&path(&at, &[k("partner_kinds"), Seg::Index(j)]), kind);
            }
            list.clone()
        });
        if let Some(kinds) = &partner_kinds {
            let n = partners.iter().filter(|p| kinds.contains(&p.kind)).count();
            if n < min_members.min(2) || n < 2 {
                self.warn(
                    &path(&at, &[k("partner_kinds")]),
                    format!(
                        "only {n} partner(s) of the allowed kinds: no group can use form `{id}`"
                    ),
                    Some("widen `partner_kinds`, or drop the form if it is not meant for this scenario".into()),
                );
            }
        }
        if domains.iter().all(|a| !a) && !domain_ids.is_empty() {
            self.warn(
                &path(&at, &[k("domains")]),
                format!("form `{id}` allows no domain: no group can use it"),
                None,
            );
        }
        let lead_time = self.int(
            &path(&at, &[k("lead_time")]),
            f.lead_time,
            Some(0),
            0,
            100,
            "years",
        ) as usize;
        if lead_time >= horizon && horizon > 0 {
            self.warn(&path(&at, &[k("lead_time")]), format!("lead time of {lead_time} years reaches past the {horizon}-year horizon: form `{id}` can never deliver"), None);
        }
        let vat_rate = self.num(
            &path(&at, &[k("vat_rate")]),
            f.vat_rate,
            Some(0.0),
            0.0,
            1.0,
            "a fraction: 0.21 = 21%",
        );
        let shared_salary = f.shared_salary.map(|x| {
            self.num(
                &path(&at, &[k("shared_salary")]),
                Some(x),
                None,
                1.0,
                1e7,
                "euro per FTE per year",
            )
        });
        if shared_salary.is_some() && f.hosted == Some(true) {
            self.warn(
                &path(&at, &[k("shared_salary")]),
                "a hosted form's staff are the host's and cost the host's salary: `shared_salary` is not used",
                Some("drop `shared_salary`, or set `hosted = false` for a vehicle with staff of its own".into()),
            );
        }
        let min_kind = self.min_kind(&at, f.min_kind.as_ref());
        if f.same_municipality == Some(true) {
            self.unplaced(&at, &id, partners, f.partner_kinds.as_deref());
        }
        let legal_personality = f.legal_personality;
        // Under a gemeente-OCMW beheersovereenkomst (one municipality) the staff of both bodies
        // serve the shared service by law (DLB art. 196 §2) without changing employer, which is
        // what `staff_transfer` prices; elsewhere a form without legal personality cannot take
        // staff over.
        if legal_personality == Some(false)
            && f.staff_transfer == Some(true)
            && f.same_municipality != Some(true)
        {
            self.warn(
                &path(&at, &[k("staff_transfer")]),
                format!("form `{id}` has no legal personality, so no staff can transfer to it"),
                Some("samen prices `staff_transfer = true` as staff paid once for the shared work; set it to false unless the members' staff serve the shared service without changing employer".into()),
            );
        }
        Form {
            same_municipality: f.same_municipality.unwrap_or(false),
            min_kind,
            legal_personality,
            id,
            name: f.name.clone().unwrap_or_else(|| ids[i].clone()),
            setup_cost,
            governance_fixed,
            governance_per_member,
            min_members,
            max_members,
            domains,
            partner_kinds,
            lead_time,
            staff_transfer: f.staff_transfer.unwrap_or(false),
            vat_rate,
            hosted: f.hosted.unwrap_or(false),
            shared_salary,
        }
    }

    /// A `same_municipality` form never admits a partner that names no municipality: say so
    /// for the partners of the kinds it is open to.
    pub(super) fn unplaced(
        &mut self,
        at: &[Seg],
        id: &str,
        partners: &[Partner],
        kinds: Option<&[String]>,
    ) {
        let open = |p: &Partner| kinds.is_none_or(|k| k.contains(&p.kind));
        let none: Vec<&str> = partners
            .iter()
            .filter(|p| open(p) && p.municipality.is_none())
            .map(|p| p.id.as_str())
            .collect();
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
    pub(super) fn min_kind(
        &mut self,
        at: &[Seg],
        raw: Option<&BTreeMap<String, i64>>,
    ) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for (kind, &n) in raw.into_iter().flatten() {
            let kat = path(at, &[k("min_kind"), k(kind)]);
            if self.kind(&kat, kind) {
                let n = self.int(&kat, Some(n), None, 1, 100_000, "members of that kind");
                out.push((kind.clone(), n as usize));
            }
        }
        out
    }
}
