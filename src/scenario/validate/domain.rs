//! `[[domain]]`: its driver, growth and two cost sheets.

use super::{Validator, k, path};
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
        let driver = match &d.driver {
            Some(dr) => dr.clone(),
            None => {
                self.err(
                    &path(&at, &[k("driver")]),
                    "missing required field `driver`",
                    Some(format!(
                        "the partner attribute that drives demand: {} or an extra driver",
                        STANDARD_DRIVERS.join(", ")
                    )),
                );
                "population".into()
            }
        };
        let mut missing = Vec::new();
        for p in partners {
            if !p.drivers.contains_key(&driver) {
                missing.push(p.id.clone());
            }
        }
        if !missing.is_empty() && !partners.is_empty() {
            let mut known: Vec<&str> = STANDARD_DRIVERS.to_vec();
            for p in partners {
                known.extend(p.drivers.keys().map(|s| s.as_str()));
            }
            known.sort();
            known.dedup();
            let hint = match suggest::closest(&driver, known.iter().copied()) {
                Some(best) if best != driver => format!("did you mean `{best}`?"),
                _ => format!("give every partner `{driver}` (or `drivers.{driver}`)"),
            };
            self.err(
                &path(&at, &[k("driver")]),
                format!(
                    "driver `{driver}` is not given for partner(s) {}",
                    missing.join(", ")
                ),
                Some(hint),
            );
        }
        let growth = self.num(
            &path(&at, &[k("growth")]),
            d.growth,
            Some(0.0),
            -0.5,
            1.0,
            "growth of demand per year (0.01 = 1%)",
        );
        let standalone = self.sheet(&path(&at, &[k("standalone")]), d.standalone.as_ref(), false);
        let shared = self.sheet(&path(&at, &[k("shared")]), d.shared.as_ref(), true);
        Domain {
            id: ids[i].clone(),
            name: d.name.clone().unwrap_or_else(|| ids[i].clone()),
            driver,
            growth,
            standalone,
            shared,
        }
    }
}
