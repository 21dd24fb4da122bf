//! The table of a fitted scale curve (`samen fit`): the curve at its breakpoints, every
//! point observed and fitted, and the fit's RMS residual and R². JSON is the serialised
//! [`FitReport`]; the `scale = ...` line is [`FitReport::to_toml`].

use super::render::Render;
use super::{right, table};
use crate::analysis::fit::{Breakpoint, FitReport, FittedPoint, num, shape_name};
use comfy_table::Cell;

const CURVE_HEADER: [&str; 4] = ["Breakpoint", "Scale volume", "Fitted cost", "Multiplier"];
const POINT_HEADER: [&str; 7] = [
    "Line", "Volume", "Weight", "Observed", "Fitted", "Residual", "Source",
];

impl Render for FitReport {
    fn what(&self) -> &'static str {
        "the fitted scale curve"
    }
    fn table(&self) -> String {
        let mut curve = table(&CURVE_HEADER);
        curve.add_rows(self.curve.iter().map(curve_row));
        let mut points = table(&POINT_HEADER);
        points.add_rows(self.points.iter().map(point_row));
        format!(
            "{}\n{curve}\n{}\n{points}\n{}{}",
            self.curve_line(),
            self.fit_line(),
            self.binding_line(),
            self.to_toml()
        )
    }
}

impl FitReport {
    fn curve_line(&self) -> String {
        format!(
            "Scale curve ({}), multiplier 1 at {} (fitted cost there {:.2}: the unit_cost that goes with it); scale volumes are the breakpoints times {}",
            shape_name(self.shape),
            num(self.normalise_at),
            self.unit_cost,
            num(self.volume_factor)
        )
    }

    fn fit_line(&self) -> String {
        let r2 = (self.r_squared).map_or("undefined (every cost the same)".into(), |r| {
            format!("{r:.4}")
        });
        format!(
            "{} point(s): weighted RMS residual {:.3}, R² {r2}",
            self.points.len(),
            self.rms_residual
        )
    }

    fn binding_line(&self) -> String {
        if self.binding.is_empty() {
            return String::new();
        }
        let at: Vec<String> = self.binding.iter().map(|v| num(*v)).collect();
        format!(
            "Convexity binds at {}: a free fit would bend the curve down there (see --shape free)\n",
            at.join(", ")
        )
    }
}

fn curve_row(c: &Breakpoint) -> Vec<Cell> {
    vec![
        right(num(c.volume)),
        right(num(c.scaled_volume)),
        right(format!("{:.2}", c.cost)),
        right(format!("{:.4}", c.multiplier)),
    ]
}

fn point_row(f: &FittedPoint) -> Vec<Cell> {
    vec![
        right(f.point.line.to_string()),
        right(num(f.point.volume)),
        right(num(f.point.weight)),
        right(format!("{:.2}", f.point.cost)),
        right(format!("{:.2}", f.fitted)),
        right(format!(
            "{:+.2}",
            (f.residual * 100.0).round() / 100.0 + 0.0
        )),
        Cell::new(f.point.source.as_deref().unwrap_or("")),
    ]
}
