//! SVG charts (plotters): the scale curve, cost per inhabitant against the maximum group size.

use crate::analysis::scale::{ScaleCurve, ScaleReport};
use crate::error::Error;
use plotters::prelude::*;

/// Renders the scale curves (overall and per domain) as an SVG document.
pub fn scale_svg(r: &ScaleReport) -> Result<String, Error> {
    let mut svg = String::new();
    draw(r, &mut svg)?;
    Ok(svg)
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn fail(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("chart: {e}"))
}

fn draw(r: &ScaleReport, svg: &mut String) -> Result<(), Error> {
    let root = SVGBackend::with_string(svg, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    let curves: Vec<&ScaleCurve> = std::iter::once(&r.overall).chain(&r.per_domain).collect();
    let max_k = r.overall.points.len().max(2) as f64;
    let hi = highest(&curves) * 1.1 + 1e-9;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Yearly cost per inhabitant by maximum group size",
            ("sans-serif", 20),
        )
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(1.0..max_k, 0.0..hi)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("maximum group size (partners)")
        .y_desc("EUR per inhabitant per year")
        .draw()
        .map_err(fail)?;
    for (i, c) in curves.iter().enumerate() {
        draw_curve(&mut chart, i, c)?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(fail)?;
    root.present().map_err(fail)
}

/// The largest cost per inhabitant on any curve (0 when there is none).
fn highest(curves: &[&ScaleCurve]) -> f64 {
    curves
        .iter()
        .flat_map(|c| c.points.iter().filter_map(|p| p.per_inhabitant_per_year))
        .fold(0.0, f64::max)
}

/// Curve `i` as a line with dots, in the legend under its scope; the overall curve (0) bold.
fn draw_curve(chart: &mut Chart, i: usize, c: &ScaleCurve) -> Result<(), Error> {
    let color = Palette99::pick(i).to_rgba();
    let pts: Vec<(f64, f64)> = c
        .points
        .iter()
        .filter_map(|p| {
            p.per_inhabitant_per_year
                .map(|v| (p.max_group_size as f64, v))
        })
        .collect();
    let style = if i == 0 {
        color.stroke_width(3)
    } else {
        color.stroke_width(1)
    };
    chart
        .draw_series(LineSeries::new(pts.clone(), style))
        .map_err(fail)?
        .label(c.scope.clone())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
    chart
        .draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled())))
        .map_err(fail)?;
    Ok(())
}
