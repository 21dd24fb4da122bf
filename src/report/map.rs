//! A map of a plan (SVG, plotters): where the partners are and who shares what with whom.
//!
//! One panel per domain (small multiples, so the domains can be compared at a glance): each
//! partner is a dot at its `location`, coloured by its group in that domain, grey when it runs
//! the domain alone. Each group's site (the member its service runs at, [`crate::costs::site`],
//! the point distances are measured to) is marked with a square, with a thin line from every
//! member to it. With few partners the dots carry the partners' names.
//!
//! The projection is equirectangular around the partners' mean latitude (x = lon * cos(lat0),
//! y = lat): at the scale of a Flemish province the distortion is negligible, and distances on
//! the map then match the ones samen prices.

use super::lang::{Lang, Texts, fill};
use crate::costs;
use crate::error::Error;
use crate::plan::{Group, Plan};
use crate::scenario::Scenario;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Partners up to which every dot is labelled with the partner's name.
pub const LABEL_LIMIT: usize = 40;

/// Panel width in pixels; the height follows from the region's shape.
const PANEL_WIDTH: u32 = 460;
/// Height reserved under each panel for the legend of its groups.
const LEGEND_LINES: usize = 6;
const LINE_HEIGHT: u32 = 14;

/// Every partner needs a location to be drawn; checked before solving so that a missing one
/// does not surface only after a long solve.
pub fn check_locations(s: &Scenario) -> Result<(), Error> {
    let missing = unlocated(s);
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "a map needs a `location = {{ lat = .., lon = .. }}` for every partner; missing for {} \
         partner(s): {}",
        missing.len(),
        missing.join(", ")
    )))
}

fn unlocated(s: &Scenario) -> Vec<&str> {
    s.partners
        .iter()
        .filter(|p| p.location.is_none())
        .map(|p| p.id.as_str())
        .collect()
}

/// Draws the plan as an SVG map and writes it atomically to `path` (temp file, then rename).
pub fn render_map(s: &Scenario, plan: &Plan, path: &Path) -> Result<(), Error> {
    crate::report::output::write_atomic(path, &map_svg(s, plan)?, &[])
}

/// The plan as an SVG document: one panel per domain, labelled in English.
pub fn map_svg(s: &Scenario, plan: &Plan) -> Result<String, Error> {
    map_svg_in(s, plan, Lang::En)
}

/// [`map_svg`] with its captions and legends in `lang`.
pub fn map_svg_in(s: &Scenario, plan: &Plan, lang: Lang) -> Result<String, Error> {
    let points = locations(s)?;
    let frame = Frame::around(&points);
    let layout = Layout::of(s.domains.len(), frame.plot_h);
    let mut svg = String::new();
    draw(s, plan, &frame, &layout, lang.texts(), &mut svg)?;
    Ok(svg)
}

/// Every partner's location; an error when one has none, or there is no partner or domain.
fn locations(s: &Scenario) -> Result<Vec<(f64, f64)>, Error> {
    check_locations(s)?;
    let points: Vec<(f64, f64)> = s.partners.iter().filter_map(|p| p.location).collect();
    if points.is_empty() || s.domains.is_empty() {
        return Err(Error::Usage(
            "a map needs at least one partner and one domain".into(),
        ));
    }
    Ok(points)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn fail(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("map: {e}"))
}

/// The projection and the window of projected coordinates every panel shows.
struct Frame {
    /// cos of the mean latitude: the equirectangular scale of longitude.
    k: f64,
    x: (f64, f64),
    y: (f64, f64),
    /// Centre of the padded data range across (labels point away from it).
    cx: f64,
    /// Plot height in pixels.
    plot_h: f64,
}

impl Frame {
    fn around(points: &[(f64, f64)]) -> Frame {
        let lat0 = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
        let k = lat0.to_radians().cos();
        let xy: Vec<(f64, f64)> = points.iter().map(|&(lat, lon)| (lon * k, lat)).collect();
        let (x0, x1, y0, y1) = padded(bounds(&xy));
        // Panel shape follows the region, within reason; then widen the narrower data range
        // so one km is as long across as up.
        let plot_w = PANEL_WIDTH as f64 - 20.0;
        let plot_h = (plot_w * (y1 - y0) / (x1 - x0)).clamp(220.0, 620.0);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let scale = ((x1 - x0) / plot_w).max((y1 - y0) / plot_h);
        Frame {
            k,
            x: (cx - scale * plot_w / 2.0, cx + scale * plot_w / 2.0),
            y: (cy - scale * plot_h / 2.0, cy + scale * plot_h / 2.0),
            cx,
            plot_h,
        }
    }

    fn project(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        (lon * self.k, lat)
    }

    /// Where partner `p` is drawn.
    fn at(&self, s: &Scenario, p: usize) -> (f64, f64) {
        self.project(s.partners[p].location.unwrap_or_default())
    }
}

/// (min x, max x, min y, max y) of the points.
fn bounds(xy: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    xy.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    )
}

/// Room around the outermost dots (and their labels); at least ~2 km for a single point.
fn padded((x0, x1, y0, y1): (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let pad = ((x1 - x0).max(y1 - y0) * 0.08).max(0.02);
    (x0 - pad, x1 + pad, y0 - pad, y1 + pad)
}

/// The grid of panels, in pixels.
struct Layout {
    cols: usize,
    rows: usize,
    /// Caption, plot and the margin under it: a panel without its legend.
    map_h: u32,
    footer_h: u32,
    width: u32,
    height: u32,
}

impl Layout {
    fn of(nd: usize, plot_h: f64) -> Layout {
        let cols = (nd as f64).sqrt().ceil() as usize;
        let rows = nd.div_ceil(cols);
        let caption_h = 30u32;
        let legend_h = LINE_HEIGHT * (LEGEND_LINES as u32 + 1);
        let map_h = caption_h + plot_h as u32 + 20;
        let panel_h = map_h + legend_h;
        let footer_h = 30u32;
        Layout {
            cols,
            rows,
            map_h,
            footer_h,
            width: PANEL_WIDTH * cols as u32,
            height: panel_h * rows as u32 + footer_h,
        }
    }
}

fn draw(
    s: &Scenario,
    plan: &Plan,
    frame: &Frame,
    layout: &Layout,
    t: &Texts,
    svg: &mut String,
) -> Result<(), Error> {
    let root = SVGBackend::with_string(svg, (layout.width, layout.height)).into_drawing_area();
    root.fill(&WHITE).map_err(fail)?;
    let (body, footer) = root.split_vertically(layout.height - layout.footer_h);
    draw_footer(&footer, &fill(t.map_footer, &[("scenario", &s.name)]))?;
    let panels = body.split_evenly((layout.rows, layout.cols));
    for (d, panel) in panels.iter().enumerate().take(s.domains.len()) {
        draw_panel(s, plan, d, panel, frame, layout, t)?;
    }
    root.present().map_err(fail)
}

fn draw_footer(footer: &Area, text: &str) -> Result<(), Error> {
    footer
        .draw(&Text::new(
            text.to_string(),
            (10, 10),
            ("sans-serif", 12).into_font().color(&BLACK),
        ))
        .map_err(fail)
}

/// Domain `d`'s panel: its groups' links and sites, every partner, and the legend.
fn draw_panel(
    s: &Scenario,
    plan: &Plan,
    d: usize,
    panel: &Area,
    frame: &Frame,
    layout: &Layout,
    t: &Texts,
) -> Result<(), Error> {
    let groups: Vec<&Group> = plan.groups.iter().filter(|g| g.domain == d).collect();
    let (map_area, legend) = panel.split_vertically(layout.map_h);
    let mut chart = panel_chart(s, d, &groups, &map_area, frame, t)?;
    let colour_of = member_colours(s.partners.len(), &groups);
    let mut legend_lines: Vec<(String, RGBAColor)> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let colour = Palette99::pick(i).to_rgba();
        if s.forms[g.form].is_provider() {
            // A partner with an existing provider has no site and no links on the map.
            legend_lines.push((provider_line(s, g, t), colour));
            continue;
        }
        let site = costs::site(s, &g.members, d, g.form);
        if let Some(h) = site {
            draw_links_and_site(s, &mut chart, frame, &g.members, h, colour)?;
        }
        legend_lines.push((legend_line(s, g, site, t), colour));
    }
    draw_partners(s, &mut chart, frame, &colour_of)?;
    draw_legend(&legend, &legend_lines, t)
}

/// Each of the `n` partners' colour: that of its group in the panel's domain, else none.
fn member_colours(n: usize, groups: &[&Group]) -> Vec<Option<RGBAColor>> {
    let mut colour_of = vec![None; n];
    for (i, g) in groups.iter().enumerate() {
        let colour = Palette99::pick(i).to_rgba();
        for &p in &g.members {
            colour_of[p] = Some(colour);
        }
    }
    colour_of
}

/// The panel's caption and its shaded plotting area.
fn panel_chart<'a, 'b>(
    s: &Scenario,
    d: usize,
    groups: &[&Group],
    map_area: &'a Area<'b>,
    frame: &Frame,
    t: &Texts,
) -> Result<Chart<'a, 'b>, Error> {
    let chart = ChartBuilder::on(map_area)
        .caption(caption(s, d, groups, t), ("sans-serif", 15))
        .margin(10)
        .build_cartesian_2d(frame.x.0..frame.x.1, frame.y.0..frame.y.1)
        .map_err(fail)?;
    chart
        .plotting_area()
        .fill(&RGBColor(248, 248, 248))
        .map_err(fail)?;
    Ok(chart)
}

/// The panel's caption: the domain, its groups, and how many partners run it alone.
fn caption(s: &Scenario, d: usize, groups: &[&Group], t: &Texts) -> String {
    // Saturating: a hand-made plan may list a partner twice in a domain.
    let members = groups.iter().map(|g| g.members.len()).sum::<usize>();
    let alone = s.partners.len().saturating_sub(members);
    let providers = (groups.iter())
        .filter(|g| s.forms[g.form].is_provider())
        .count();
    let counts = [
        ("domain", s.domains[d].name.as_str()),
        ("groups", &(groups.len() - providers).to_string()),
        ("providers", &providers.to_string()),
        ("alone", &alone.to_string()),
    ];
    match providers {
        0 => fill(t.map_caption, &counts),
        _ => fill(t.map_caption_provider, &counts),
    }
}

/// "Provider: partner joins", for a partner of an existing provider.
fn provider_line(s: &Scenario, g: &Group, t: &Texts) -> String {
    let partner = g
        .members
        .first()
        .map_or("", |&p| s.partners[p].name.as_str());
    let form = s.forms[g.form].name.as_str();
    fill(t.map_provider, &[("form", form), ("partner", partner)])
}

/// A thin line from every member to the site `h`, and the site's square.
fn draw_links_and_site(
    s: &Scenario,
    chart: &mut Chart,
    frame: &Frame,
    members: &[usize],
    h: usize,
    colour: RGBAColor,
) -> Result<(), Error> {
    let at = frame.at(s, h);
    for &p in members {
        let link = PathElement::new(vec![frame.at(s, p), at], colour.stroke_width(1));
        chart.draw_series(std::iter::once(link)).map_err(fail)?;
    }
    chart
        .draw_series(std::iter::once(
            EmptyElement::at(at) + Rectangle::new([(-7, -7), (7, 7)], BLACK.stroke_width(2)),
        ))
        .map_err(fail)?;
    Ok(())
}

fn legend_line(s: &Scenario, g: &Group, site: Option<usize>, t: &Texts) -> String {
    let site_name = site_name(s, site, t);
    fill(
        t.map_legend,
        &[
            ("form", &s.forms[g.form].id),
            ("members", &g.members.len().to_string()),
            ("site", &site_name),
        ],
    )
}

fn site_name(s: &Scenario, site: Option<usize>, t: &Texts) -> String {
    site.map_or(t.map_no_site.to_string(), |h| {
        fill(t.map_site, &[("partner", &s.partners[h].name)])
    })
}

/// Every partner's dot in its group's colour (grey alone), named when there are few.
fn draw_partners(
    s: &Scenario,
    chart: &mut Chart,
    frame: &Frame,
    colour_of: &[Option<RGBAColor>],
) -> Result<(), Error> {
    let label = s.partners.len() <= LABEL_LIMIT;
    for (p, partner) in s.partners.iter().enumerate() {
        let at = frame.project(partner.location.unwrap_or_default());
        let offset = same_place_offset(s, p);
        let dot = Circle::new((offset * DOT_STEP, 0), 5, dot_style(colour_of[p]));
        chart
            .draw_series(std::iter::once(EmptyElement::at(at) + dot))
            .map_err(fail)?;
        if label {
            draw_label(chart, frame, at, offset, &partner.name)?;
        }
    }
    Ok(())
}

/// The group's colour, grey for a partner alone.
fn dot_style(colour: Option<RGBAColor>) -> ShapeStyle {
    match colour {
        Some(c) => c.filled(),
        None => RGBColor(170, 170, 170).filled(),
    }
}

/// Half the pixels between the dots (and the label lines) of partners at one place.
const DOT_STEP: i32 = 6;

/// Partners at the same place (a gemeente and its OCMW at the municipality's centroid) are
/// drawn side by side, so both stay visible: p's position among them, centred on 0.
fn same_place_offset(s: &Scenario, p: usize) -> i32 {
    let here = s.partners[p].location;
    let same: Vec<usize> = (0..s.partners.len())
        .filter(|&q| s.partners[q].location == here)
        .collect();
    let rank = same.iter().position(|&q| q == p).unwrap_or(0) as i32;
    2 * rank - (same.len() as i32 - 1)
}

fn draw_label(
    chart: &mut Chart,
    frame: &Frame,
    at: (f64, f64),
    offset: i32,
    name: &str,
) -> Result<(), Error> {
    let (dx, h) = label_side(frame, at);
    let font = ("sans-serif", 9)
        .into_font()
        .color(&RGBColor(60, 60, 60))
        .pos(Pos::new(h, VPos::Center));
    // Labels of partners at one place are stacked, one line each.
    let dx = dx + offset.abs() * DOT_STEP * dx.signum();
    let dy = offset * DOT_STEP;
    let name = EmptyElement::at(at) + Text::new(name.to_string(), (dx, dy), font);
    chart.draw_series(std::iter::once(name)).map_err(fail)?;
    Ok(())
}

/// Labels point away from the centre so they stay inside the panel: the label's offset and
/// anchor.
fn label_side(frame: &Frame, at: (f64, f64)) -> (i32, HPos) {
    if at.0 > frame.cx {
        (-8, HPos::Right)
    } else {
        (8, HPos::Left)
    }
}

/// The first [`LEGEND_LINES`] groups, then how many more there are.
fn draw_legend(legend: &Area, lines: &[(String, RGBAColor)], t: &Texts) -> Result<(), Error> {
    let shown = lines.len().min(LEGEND_LINES);
    for (i, (text, colour)) in lines.iter().take(shown).enumerate() {
        legend_text(legend, i, text.clone(), colour)?;
    }
    if lines.len() > shown {
        let more = fill(t.map_more, &[("count", &(lines.len() - shown).to_string())]);
        legend_text(legend, shown, more, &BLACK)?;
    }
    Ok(())
}

/// Line `i` of the legend.
fn legend_text<C: Color>(legend: &Area, i: usize, text: String, colour: &C) -> Result<(), Error> {
    legend
        .draw(&Text::new(
            text,
            (12, (i as u32 * LINE_HEIGHT) as i32),
            ("sans-serif", 11).into_font().color(colour),
        ))
        .map_err(fail)
}
