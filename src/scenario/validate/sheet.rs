//! A domain's `standalone` and `shared` cost sheets.

use super::{Validator, k, path};
use crate::scenario::fields::{SCALE_POINT_FIELDS, SHEET_FIELDS, spec};
use crate::scenario::locate::Seg;
use crate::scenario::raw::*;
use crate::scenario::*;

impl Validator<'_> {
    pub(super) fn sheet(&mut self, at: &[Seg], raw: Option<&RawSheet>, shared: bool) -> CostSheet {
        let Some(s) = raw else {
            return self.no_sheet(at, shared);
        };
        let n = self.numbers(at, SHEET_FIELDS, s);
        if shared {
            self.standalone_only(at, s);
        } else {
            self.shared_only(at, s);
        }
        let has_capex = n.value("capex_fixed") > 0.0 || n.value("capex_per_unit") > 0.0;
        let lifetime = match n.given_count("lifetime") {
            Some(l) => l,
            None if has_capex => self.no_lifetime(at),
            None => 0,
        };
        CostSheet {
            fixed_cost: n.value("fixed_cost"),
            unit_cost: n.value("unit_cost"),
            fte_fixed: n.value("fte_fixed"),
            fte_per_unit: n.value("fte_per_unit"),
            capex_fixed: n.value("capex_fixed"),
            capex_per_unit: n.value("capex_per_unit"),
            lifetime,
            scale: self.scale(at, s.scale.as_deref()),
            integration_per_member: n.value("integration_per_member"),
            coordination_per_member: n.value("coordination_per_member"),
            resale: n.value("resale"),
        }
    }

    /// A missing sheet is an error; an empty one stands in.
    fn no_sheet(&mut self, at: &[Seg], shared: bool) -> CostSheet {
        let which = if shared { "shared" } else { "standalone" };
        self.err(
            at,
            format!("missing `[domain.{which}]` cost sheet"),
            Some("give at least `fixed_cost` or `unit_cost`".into()),
        );
        CostSheet {
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
            resale: 0.0,
        }
    }

    /// The costs of joining a group have no meaning on the standalone sheet.
    fn shared_only(&mut self, at: &[Seg], s: &RawSheet) {
        for (key, x) in [
            ("integration_per_member", s.integration_per_member),
            ("coordination_per_member", s.coordination_per_member),
        ] {
            if x.is_some() {
                let message = format!("`{key}` only applies to the `shared` sheet");
                let hint = Some("move it to `[domain.shared]`".into());
                self.err(&path(at, &[k(key)]), message, hint);
            }
        }
    }

    /// What becomes of equipment left behind at a switch has no meaning on the shared sheet,
    /// which runs to the horizon.
    fn standalone_only(&mut self, at: &[Seg], s: &RawSheet) {
        if s.resale.is_some() {
            let message = "`resale` only applies to the `standalone` sheet";
            let hint = Some("move it to `[domain.standalone]`".into());
            self.err(&path(at, &[k("resale")]), message, hint);
        }
    }

    /// An investment without a lifetime is an error; one year stands in.
    fn no_lifetime(&mut self, at: &[Seg]) -> usize {
        self.err(
            &path(at, &[k("lifetime")]),
            "an investment needs a `lifetime`",
            Some("years the investment lasts before renewal, e.g. 5".into()),
        );
        1
    }

    /// `scale = [[volume, multiplier], ...]`: the breakpoints, volumes increasing.
    fn scale(&mut self, at: &[Seg], raw: Option<&[Vec<f64>]>) -> ScaleCurve {
        let mut points: Vec<(f64, f64)> = Vec::new();
        for (j, pt) in raw.into_iter().flatten().enumerate() {
            let pat = path(at, &[k("scale"), Seg::Index(j)]);
            if let Some(point) = self.breakpoint(&pat, pt, points.last()) {
                points.push(point);
            }
        }
        ScaleCurve { points }
    }

    /// One breakpoint `[volume, multiplier]`, after the breakpoint `last`.
    fn breakpoint(
        &mut self,
        at: &[Seg],
        pt: &[f64],
        last: Option<&(f64, f64)>,
    ) -> Option<(f64, f64)> {
        if pt.len() != 2 {
            let message = format!("a breakpoint has 2 numbers, found {}", pt.len());
            let hint = Some("write `[volume, multiplier]`, e.g. `[20000, 0.9]`".into());
            self.err(at, message, hint);
            return None;
        }
        let q = self.entry(at, spec(SCALE_POINT_FIELDS, "volume"), pt[0]);
        let m = self.entry(at, spec(SCALE_POINT_FIELDS, "multiplier"), pt[1]);
        if let Some(&(prev, _)) = last
            && q <= prev
        {
            let message = format!("breakpoint volumes must increase: {q} after {prev}");
            let hint = Some("sort the breakpoints by volume".into());
            self.err(at, message, hint);
            return None;
        }
        Some((q, m))
    }
}
