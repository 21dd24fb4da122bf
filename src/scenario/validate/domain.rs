//! `[[domain]]`: its driver, growth and two cost sheets.

use super::{Validator, k, path};
use crate::scenario::fields::DOMAIN_FIELDS;
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;
use crate::suggest;

impl Validator<'_> {
    pub(super) fn domain(
        &mut self,
        i: usize,
        d: &RawDomain,
        ids: &[String],
        partners: &[Partner],
    ) -> Domain {
        let at = [k("domain"), Seg::Index(i)];
        let driver = self.driver(&at, d.driver.as_ref(), partners);
        let n = self.numbers(&at, DOMAIN_FIELDS, d);
        let standalone = self.sheet(&path(&at, &[k("standalone")]), d.standalone.as_ref(), false);
        let shared = self.sheet(&path(&at, &[k("shared")]), d.shared.as_ref(), true);
        Domain {
            id: ids[i].clone(),
            source: d.source.clone(),
            name: d.name.clone().unwrap_or_else(|| ids[i].clone()),
            names: crate::scenario::Names::of(&d.name_nl, &d.name_en),
            driver,
            growth: n.value("growth"),
            standalone,
            shared,
            // Set with the criteria (`criterion.rs`), which need every domain's id first.
            weights: Vec::new(),
        }
    }

    /// The required `driver`, which every partner must give; `population` stands in.
    fn driver(&mut self, at: &[Seg], raw: Option<&String>, partners: &[Partner]) -> String {
        let driver = match raw {
            Some(dr) => dr.clone(),
            None => self.missing_driver(at),
        };
        self.driver_given(at, &driver, partners);
        driver
    }

    /// Reports the missing `driver`; `population` stands in.
    fn missing_driver(&mut self, at: &[Seg]) -> String {
        let hint = format!(
            "the partner attribute that drives demand: {} or an extra driver",
            STANDARD_DRIVERS.join(", ")
        );
        let message = "missing required field `driver`";
        self.err(&path(at, &[k("driver")]), message, Some(hint));
        "population".into()
    }

    /// Names the partners without the domain's driver; a driver no partner has is probably
    /// a typo of one they do.
    fn driver_given(&mut self, at: &[Seg], driver: &str, partners: &[Partner]) {
        let missing: Vec<&str> = (partners.iter())
            .filter(|p| !p.drivers.contains_key(driver))
            .map(|p| p.id.as_str())
            .collect();
        if missing.is_empty() {
            return;
        }
        let hint = driver_hint(driver, &known_drivers(partners));
        self.err(
            &path(at, &[k("driver")]),
            format!(
                "driver `{driver}` is not given for partner(s) {}",
                missing.join(", ")
            ),
            Some(hint),
        );
    }
}

/// The standard drivers and every partner's extra ones, sorted, each once.
fn known_drivers(partners: &[Partner]) -> Vec<&str> {
    let mut known: Vec<&str> = STANDARD_DRIVERS.to_vec();
    let extra = partners.iter().flat_map(|p| p.drivers.keys());
    known.extend(extra.map(|s| s.as_str()));
    known.sort();
    known.dedup();
    known
}

/// A typo's closest `known` driver, else to give every partner the driver (the driver itself
/// is the closest when only some partners lack it).
fn driver_hint(driver: &str, known: &[&str]) -> String {
    match suggest::closest(driver, known.iter().copied()) {
        Some(best) if best != driver => format!("did you mean `{best}`?"),
        _ => format!("give every partner `{driver}` (or `drivers.{driver}`)"),
    }
}
