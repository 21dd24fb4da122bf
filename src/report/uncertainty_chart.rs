//! SVG charts of the uncertainty analyses (plotters): the saving's cumulative distribution
//! (S-curve) and histogram for `samen risk`, and the tornado for `samen sensitivity`.

use crate::analysis::risk::{RiskReport, quantile};
use crate::analysis::sensitivity::{SensitivityReport, Swing};
use crate::error::Error;
use plotters::prelude::*;

fn fail(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("chart: {e}"))
}

/// Number of histogram bins.
const BINS: usize = 30;
/// Groups shown in the frequency chart (the table lists them all).
const MOST_FREQUENT: usize = 15;

/// A group's name short enough for an axis: more than three members become their number.
fn short_group(name: &str) -> String {
    let mut parts = name.splitn(2, '|');
    let (members, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    match members.split('+').count() {
        n if n > 3 => format!("{n} partners|{rest}"),
        _ => name.to_string(),
    }
}

/// Euro in thousands, as an axis label.
fn keur(x: &f64) -> String {
    format!("{:.0}k", x / 1000.0)
}

/// The saving's S-curve (above) and histogram (below), with the break-even line at zero.
pub fn risk_svg(r: &RiskReport) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let groups = r.reoptimised.as_ref().map_or(&[][..], |re| &re.groups[..]);
        let groups = &groups[..groups.len().min(MOST_FREQUENT)];
        let extra = if groups.is_empty() {
            0
        } else {
            90 + 26 * groups.len() as u32
        };
        let root = SVGBackend::with_string(&mut svg, (900, 760 + extra)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (top, rest) = root.split_vertically(400);
        let (middle, bottom) = rest.split_vertically(360);
        let mut sorted = r.savings.clone();
        sorted.sort_by(f64::total_cmp);
        let range = x_range(&sorted);
        s_curve(&top, &sorted, range.clone())?;
        histogram(&middle, &sorted, range)?;
        if !groups.is_empty() {
            frequencies(&bottom, groups)?;
        }
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// The saving axis: every draw and zero, with a margin.
fn x_range(sorted: &[f64]) -> std::ops::Range<f64> {
    let lo = sorted.first().copied().unwrap_or(0.0).min(0.0);
    let hi = sorted.last().copied().unwrap_or(0.0).max(0.0);
    let pad = ((hi - lo) * 0.05).max(1.0);
    (lo - pad)..(hi + pad)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn s_curve(area: &Area, sorted: &[f64], x: std::ops::Range<f64>) -> Result<(), Error> {
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Saving against everyone alone (NPV): share of draws at or below",
            ("sans-serif", 18),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(x, 0.0..1.0)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("saving, EUR")
        .x_label_formatter(&keur)
        .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
        .draw()
        .map_err(fail)?;
    let n = sorted.len().max(1) as f64;
    let pts = sorted
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, (i + 1) as f64 / n));
    chart
        .draw_series(LineSeries::new(pts, BLUE.stroke_width(2)))
        .map_err(fail)?;
    zero_line(&mut chart, 1.0)?;
    for q in [0.05, 0.5, 0.95] {
        let v = quantile(sorted, q);
        chart
            .draw_series(std::iter::once(Circle::new((v, q), 4, BLUE.filled())))
            .map_err(fail)?;
        let label = format!("P{:.0} {}", 100.0 * q, keur(&v));
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (v, q),
                ("sans-serif", 13),
            )))
            .map_err(fail)?;
    }
    Ok(())
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The break-even line: a saving of zero.
fn zero_line(chart: &mut Chart, top: f64) -> Result<(), Error> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, top)],
            RED.stroke_width(1),
        )))
        .map_err(fail)?;
    Ok(())
}

/// Draws per bin of equal width over `x`.
fn bins(sorted: &[f64], x: &std::ops::Range<f64>) -> Vec<(f64, f64, usize)> {
    let width = (x.end - x.start) / BINS as f64;
    let mut counts = vec![0usize; BINS];
    for v in sorted {
        let b = ((v - x.start) / width).floor() as usize;
        counts[b.min(BINS - 1)] += 1;
    }
    (counts.into_iter().enumerate())
        .map(|(b, c)| {
            (
                x.start + b as f64 * width,
                x.start + (b + 1) as f64 * width,
                c,
            )
        })
        .collect()
}

fn histogram(area: &Area, sorted: &[f64], x: std::ops::Range<f64>) -> Result<(), Error> {
    let bins = bins(sorted, &x);
    let top = bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64 * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Histogram of the saving (draws per bin); red: no saving",
            ("sans-serif", 18),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(x, 0.0..top)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("saving, EUR")
        .y_desc("draws")
        .x_label_formatter(&keur)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(fail)?;
    let rects = bins.into_iter().map(|(a, b, c)| {
        let color = if b <= 0.0 {
            RED.mix(0.6)
        } else {
            BLUE.mix(0.6)
        };
        Rectangle::new([(a, 0.0), (b, c as f64)], color.filled())
    });
    chart.draw_series(rects).map_err(fail)?;
    zero_line(&mut chart, top)
}

/// The tornado: per input (widest first) a bar from the saving at its low end to the saving
/// at its high end, around the saving as written.
pub fn tornado_svg(r: &SensitivityReport) -> Result<String, Error> {
    tornado_svg_with(
        r,
        "Saving (NPV) with each input at the ends of its range",
        "saving against everyone alone, EUR (red bar: the input at its low end; blue: at its high end; black line: as written)",
    )
}

/// [`tornado_svg`] with its caption and axis title in the report's language.
pub fn tornado_svg_with(r: &SensitivityReport, caption: &str, axis: &str) -> Result<String, Error> {
    let mut svg = String::new();
    let rows = r.tornado.len().max(1);
    {
        let root =
            SVGBackend::with_string(&mut svg, (900, 140 + 44 * rows as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, ("sans-serif", 18))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(190)
            .build_cartesian_2d(saving_axis(r), 0.0..rows as f64)
            .map_err(fail)?;
        tornado_mesh(&mut chart, r, axis)?;
        for (i, s) in r.tornado.iter().enumerate() {
            tornado_bar(&mut chart, r.saving, (rows - 1 - i) as f64, s)?;
        }
        let base = PathElement::new(
            vec![(r.saving, 0.0), (r.saving, rows as f64)],
            BLACK.stroke_width(2),
        );
        chart.draw_series(std::iter::once(base)).map_err(fail)?;
        zero_line(&mut chart, rows as f64)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// The tornado's saving axis: every bar's ends, the saving as written and zero, padded.
fn saving_axis(r: &SensitivityReport) -> std::ops::Range<f64> {
    let ends = r.tornado.iter().flat_map(|s| [s.low.saving, s.high.saving]);
    let (lo, hi) = (ends.chain([r.saving, 0.0]))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
    let pad = ((hi - lo) * 0.08).max(1.0);
    (lo - pad)..(hi + pad)
}

/// The tornado's axes: the inputs' names on the rows, the saving below.
fn tornado_mesh(chart: &mut Chart, r: &SensitivityReport, axis: &str) -> Result<(), Error> {
    let labels: Vec<String> = r.tornado.iter().map(|s| s.input.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(labels.len().max(1) * 2 + 1)
        .y_label_formatter(&|y| tornado_label(&labels, *y))
        .x_desc(axis)
        .x_label_formatter(&keur)
        .draw()
        .map_err(fail)
}

/// One input's bar at row `y`: from the saving as written to each end's saving, the longer
/// first so that two ends on one side both show.
fn tornado_bar(chart: &mut Chart, written: f64, y: f64, s: &Swing) -> Result<(), Error> {
    let mut ends = [(s.low.saving, RED.mix(0.6)), (s.high.saving, BLUE.mix(0.6))];
    ends.sort_by(|a, b| (b.0 - written).abs().total_cmp(&(a.0 - written).abs()));
    for (value, color) in ends {
        let rect = Rectangle::new([(written, y + 0.2), (value, y + 0.8)], color.filled());
        chart.draw_series(std::iter::once(rect)).map_err(fail)?;
    }
    Ok(())
}

/// The input's name at the middle of its row (rows are drawn from the top).
fn tornado_label(labels: &[String], y: f64) -> String {
    let rows = labels.len();
    let row = y - y.floor();
    if (row - 0.5).abs() > 0.01 || y < 0.0 {
        return String::new();
    }
    let i = rows as isize - 1 - y.floor() as isize;
    usize::try_from(i)
        .ok()
        .and_then(|i| labels.get(i))
        .cloned()
        .unwrap_or_default()
}

/// How often each group is in a re-solved draw's optimum: one bar per group, the recommended
/// plan's groups in blue, others in grey.
fn frequencies(area: &Area, groups: &[crate::analysis::risk::GroupFrequency]) -> Result<(), Error> {
    let rows = groups.len();
    let labels: Vec<String> = groups.iter().map(|g| short_group(&g.group)).collect();
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Share of the re-solved draws whose optimum has the group (the most frequent; blue: in the recommended plan)",
            ("sans-serif", 15),
        )
        .margin(15)
        .x_label_area_size(35)
        .y_label_area_size(330)
        .build_cartesian_2d(0.0..1.0, 0.0..rows as f64)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows * 2 + 1)
        .y_label_formatter(&|y| tornado_label(&labels, *y))
        .y_label_style(("sans-serif", 11))
        .x_label_formatter(&|x| format!("{:.0}%", 100.0 * x))
        .draw()
        .map_err(fail)?;
    let bars = groups.iter().enumerate().map(|(i, g)| {
        let y = (rows - 1 - i) as f64;
        let color = if g.recommended {
            BLUE.mix(0.6)
        } else {
            BLACK.mix(0.3)
        };
        Rectangle::new([(0.0, y + 0.2), (g.share, y + 0.8)], color.filled())
    });
    chart.draw_series(bars).map_err(fail)?;
    Ok(())
}
