//! A domain's `standalone` and `shared` cost sheets.

use super::{Validator, k, path};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    pub(super) fn sheet(&mut self, at: &[Seg], raw: Option<&RawSheet>, shared: bool) -> CostSheet {
        let Some(s) = raw else {
            let which = if shared { "shared" } else { "standalone" };
            self.err(
                at,
                format!("missing `[domain.{which}]` cost sheet"),
                Some("give at least `fixed_cost` or `unit_cost`".into()),
            );
            return CostSheet {
                fixed_cost: 0.0,
                unit_cost: 0.0,
                fte_fixed: 0.0,
                fte_per_unit: 0.0,
                capex_fixed: 0.0,
                capex_per_unit: 0.0,
                lifetime: 0,
                scale: ScaleCurve::flat(),
                integration_per_member: 0.0,
                coordination_per_member: 0.0,
            };
        };
        let amount = |v: &mut Self, key: &str, x: Option<f64>, unit: &str| {
            v.num(&path(at, &[k(key)]), x, Some(0.0), 0.0, 1e12, unit)
        };
        let fixed_cost = amount(self, "fixed_cost", s.fixed_cost, "euro per year");
        let unit_cost = amount(
            self,
            "unit_cost",
            s.unit_cost,
            "euro per driver unit per year",
        );
        let fte_fixed = amount(self, "fte_fixed", s.fte_fixed, "FTE");
        let fte_per_unit = amount(self, "fte_per_unit", s.fte_per_unit, "FTE per driver unit");
        let capex_fixed = amount(self, "capex_fixed", s.capex_fixed, "euro per investment");
        let capex_per_unit = amount(
            self,
            "capex_per_unit",
            s.capex_per_unit,
            "euro per driver unit per investment",
        );
        let integration_per_member = amount(
            self,
            "integration_per_member",
            s.integration_per_member,
            "euro per joining member, once",
        );
        let coordination_per_member = amount(
            self,
            "coordination_per_member",
            s.coordination_per_member,
            "euro per member per year",
        );
        if !shared {
            for (key, x) in [
                ("integration_per_member", s.integration_per_member),
                ("coordination_per_member", s.coordination_per_member),
            ] {
                if x.is_some() {
                    self.err(
                        &path(at, &[k(key)]),
                        format!("`{key}` only applies to the `shared` sheet"),
                        Some("move it to `[domain.shared]`".into()),
                    );
                }
            }
        }
        let has_capex = capex_fixed > 0.0 || capex_per_unit > 0.0;
        let lifetime = match s.lifetime {
            None if has_capex => {
                self.err(
                    &path(at, &[k("lifetime")]),
                    "an investment needs a `lifetime`",
                    Some("years the investment lasts before renewal, e.g. 5".into()),
                );
                1
            }
            None => 0,
            Some(l) => {
                self.int(&path(at, &[k("lifetime")]), Some(l), None, 1, 100, "years") as usize
            }
        };
        let mut points = Vec::new();
        for (j, pt) in s.scale.iter().flatten().enumerate() {
            let pat = path(at, &[k("scale"), Seg::Index(j)]);
            if pt.len() != 2 {
                self.err(
                    &pat,
                    format!("a breakpoint has 2 numbers, found {}", pt.len()),
                    Some("write `[volume, multiplier]`, e.g. `[20000, 0.9]`".into()),
                );
                continue;
            }
            let q = self.num(
                &pat,
                Some(pt[0]),
                None,
                0.0,
                1e12,
                "driver units (pooled volume)",
            );
            let m = self.num(
                &pat,
                Some(pt[1]),
                None,
                1e-6,
                100.0,
                "multiplier of unit costs (1 = no scale effect)",
            );
            if let Some(&(prev, _)) = points.last()
                && q <= prev
            {
                self.err(
                    &pat,
                    format!("breakpoint volumes must increase: {q} after {prev}"),
                    Some("sort the breakpoints by volume".into()),
                );
                continue;
            }
            points.push((q, m));
        }
        CostSheet {
            fixed_cost,
            unit_cost,
            fte_fixed,
            fte_per_unit,
            capex_fixed,
            capex_per_unit,
            lifetime,
            scale: ScaleCurve { points },
            integration_per_member,
            coordination_per_member,
        }
    }
}
