//! A provider form (`provider_price`): an existing provider (a dienstverlenende vereniging
//! such as Cipal dv) that each partner joins on its own at a price per unit of the domain's
//! driver. The keys that describe building a vehicle of one's own have no meaning for it and
//! are errors, each with the reason.

use super::{Validator, k, path};
use crate::scenario::fields::{FORM_FIELDS, spec};
use crate::scenario::locate::Seg;
use crate::scenario::raw::RawForm;

/// What a provider form offers: the price per domain (0 where it offers nothing) and which
/// domains it offers.
pub(super) struct Offer {
    pub prices: Vec<f64>,
    pub domains: Vec<bool>,
}

impl Validator<'_> {
    /// The offer of a provider form, or `None` for a form groups build themselves. Keys a
    /// provider cannot have are reported.
    pub(super) fn provider(
        &mut self,
        at: &[Seg],
        id: &str,
        f: &RawForm,
        domain_ids: &[String],
    ) -> Option<Offer> {
        let raw = f.provider_price.as_ref()?;
        self.not_for_providers(at, id, f);
        let spec = spec(FORM_FIELDS, "provider_price");
        let mut offer = Offer {
            prices: vec![0.0; domain_ids.len()],
            domains: vec![false; domain_ids.len()],
        };
        for (d, &price) in raw {
            let pat = path(at, &[k("provider_price"), k(d)]);
            if let Some(di) = self.reference(&pat, d, domain_ids, "domain") {
                offer.prices[di] = self.entry(&pat, spec, price);
                offer.domains[di] = true;
            }
        }
        if raw.is_empty() {
            let hint = "give a price per domain it offers, e.g. `provider_price = { applications = 14.0 }`";
            let message = format!("provider form `{id}` offers no domain");
            self.err(
                &path(at, &[k("provider_price")]),
                message,
                Some(hint.into()),
            );
        }
        Some(offer)
    }

    /// Every key of `f` that a provider form may not have, as an error at the key.
    fn not_for_providers(&mut self, at: &[Seg], id: &str, f: &RawForm) {
        for (key, why) in forbidden(f) {
            let message = format!("provider form `{id}` cannot have `{key}`: {why}");
            let hint = hint(key);
            self.err(&path(at, &[k(key)]), message, Some(hint));
        }
    }
}

/// The keys given on a provider form that it cannot have, each with the reason.
fn forbidden(f: &RawForm) -> Vec<(&'static str, &'static str)> {
    let vehicle = "joining an existing provider founds no vehicle";
    let single = "a partner joins a provider on its own, so a provider form has no group size";
    let checks = [
        ("setup_cost", f.setup_cost.is_some(), vehicle),
        ("governance_fixed", f.governance_fixed.is_some(), vehicle),
        (
            "staff_transfer",
            f.staff_transfer == Some(true),
            "a provider takes over no staff",
        ),
        (
            "hosted",
            f.hosted == Some(true),
            "the provider runs the service, no member hosts it",
        ),
        (
            "shared_salary",
            f.shared_salary.is_some(),
            "the provider's staff are in its price",
        ),
        ("min_members", f.min_members.is_some(), single),
        ("max_members", f.max_members.is_some(), single),
        (
            "domains",
            f.domains.is_some(),
            "the keys of `provider_price` are the domains it offers",
        ),
    ];
    checks
        .into_iter()
        .filter(|&(_, given, _)| given)
        .map(|(key, _, why)| (key, why))
        .collect()
}

/// What to do instead of giving `key` on a provider form.
fn hint(key: &str) -> String {
    match key {
        "setup_cost" | "governance_fixed" => {
            "drop it; `governance_per_member` prices each member's contract management".into()
        }
        "domains" => "drop `domains` and list every domain it offers in `provider_price`".into(),
        _ => format!(
            "drop `{key}`, or drop `provider_price` if the form is a cooperation the partners build themselves"
        ),
    }
}
