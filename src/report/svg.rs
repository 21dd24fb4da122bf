//! Small hand-written SVG figures for the council report: a line chart whose value axis
//! starts where the differences show, a yearly bar chart with a cumulative line, and the step
//! plan's timeline. Every text is escaped; nothing refers to an external resource.

/// Text escaped for HTML and SVG (element content and attribute values).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Twelve colours that stay distinguishable side by side (Tableau 10 and two darker ones);
/// beyond twelve the timeline repeats them with another marker shape.
pub const PALETTE: [&str; 12] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f3b5a", "#7a3d00",
];

const W: f64 = 760.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 20.0;

/// A value axis from `lo` to `hi` rounded out to a readable step: (lo, hi, step).
fn nice_axis(lo: f64, hi: f64) -> (f64, f64, f64) {
    let span = (hi - lo).abs().max(1e-9);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// `axis` with its step widened until no two tick labels read alike: a label in whole euro
/// shows EUR 30 three times on a step of 0.25, and a reader takes the line for flat.
fn readable(axis: (f64, f64, f64), label: &dyn Fn(f64) -> String) -> (f64, f64, f64) {
    let (mut lo, mut hi, mut step) = axis;
    for _ in 0..8 {
        let ticks = ((hi - lo) / step).round() as usize;
        let labels: Vec<String> = (0..=ticks).map(|k| label(lo + k as f64 * step)).collect();
        if labels.windows(2).all(|w| w[0] != w[1]) {
            break;
        }
        step *= 2.0;
        (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    }
    (lo, hi, step)
}

fn axis_labels(
    out: &mut String,
    (lo, hi, step): (f64, f64, f64),
    y: &dyn Fn(f64) -> f64,
    label: &dyn Fn(f64) -> String,
) {
    let mut v = lo;
    while v <= hi + step * 1e-6 {
        let py = y(v);
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{py:.1}\" y2=\"{py:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            py + 4.0,
            esc(&label(v))
        ));
        v += step;
    }
}

/// A line chart of (x label, value) points; the value axis spans the values (not zero), so
/// small differences between large values show. `None` values are gaps.
pub fn line_chart(
    title: &str,
    points: &[(String, Option<f64>)],
    label: &dyn Fn(f64) -> String,
) -> String {
    let h = 300.0;
    let (top, bottom) = (36.0, 40.0);
    let values: Vec<f64> = points.iter().filter_map(|p| p.1).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let axis = nice_axis(lo.min(hi), hi.max(lo) + if hi == lo { 1.0 } else { 0.0 });
    let axis = readable(axis, label);
    let y = |v: f64| top + (axis.1 - v) / (axis.1 - axis.0) * (h - top - bottom);
    let n = points.len().max(2) as f64;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * (W - LEFT - RIGHT) / n;
    let mut out = header(h, title);
    axis_labels(&mut out, axis, &y, label);
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.1.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect();
    out.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" points=\"{}\"/>",
        PALETTE[0],
        path.join(" ")
    ));
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.1 {
            out.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{}\"/>",
                x(i),
                y(v),
                PALETTE[0]
            ));
        }
        out.push_str(&x_label(x(i), h - bottom + 18.0, &p.0));
    }
    out + "</svg>"
}

/// Yearly bars (saving per year, negative below the zero line) with the cumulative line.
pub fn bars_and_cumulative(
    title: &str,
    years: &[(String, f64)],
    cumulative_label: &str,
    label: &dyn Fn(f64) -> String,
) -> String {
    let h = 320.0;
    let (top, bottom) = (36.0, 40.0);
    let cumulative = running_sum(years);
    let axis = value_axis(years.iter().map(|y| y.1).chain(cumulative.iter().copied()));
    let axis = readable(axis, label);
    let y = |v: f64| top + (axis.1 - v) / (axis.1 - axis.0) * (h - top - bottom);
    let slot = (W - LEFT - RIGHT) / years.len().max(1) as f64;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * slot;
    let mut out = header(h, title);
    axis_labels(&mut out, axis, &y, label);
    for (i, (name, v)) in years.iter().enumerate() {
        out.push_str(&bar(
            x(i) - slot * 0.35,
            slot * 0.7,
            y(0.0),
            y(*v),
            *v >= 0.0,
        ));
        out.push_str(&x_label(x(i), h - bottom + 18.0, name));
    }
    let points: Vec<(f64, f64)> = cumulative
        .iter()
        .enumerate()
        .map(|(i, v)| (x(i), y(*v)))
        .collect();
    out.push_str(&zero_line(y(0.0)));
    out.push_str(&polyline(&points));
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">— {}</text>",
        LEFT + 8.0,
        top - 6.0,
        PALETTE[0],
        esc(cumulative_label)
    ));
    out + "</svg>"
}

fn running_sum(years: &[(String, f64)]) -> Vec<f64> {
    let mut running = 0.0;
    years
        .iter()
        .map(|(_, v)| {
            running += v;
            running
        })
        .collect()
}

/// The axis over `values` and zero.
fn value_axis(values: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let (lo, hi) = values
        .chain([0.0])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    nice_axis(lo, if hi > lo { hi } else { lo + 1.0 })
}

/// A bar from the zero line at `y0` to `y1`: green for a saving, red for a cost.
fn bar(x: f64, width: f64, y0: f64, y1: f64, saving: bool) -> String {
    let colour = if saving { PALETTE[4] } else { PALETTE[2] };
    format!(
        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{colour}\"/>",
        y0.min(y1),
        (y1 - y0).abs()
    )
}

fn zero_line(y: f64) -> String {
    format!(
        "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#333\"/>",
        W - RIGHT
    )
}

fn polyline(points: &[(f64, f64)]) -> String {
    let path: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    format!(
        "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" points=\"{}\"/>",
        PALETTE[0],
        path.join(" ")
    )
}

/// One row of the step plan's chart: a group from its start to the end of the horizon.
pub struct Bar {
    /// What the group is, in the report's language (drawn above the bar).
    pub label: String,
    /// First year of sharing.
    pub start: i32,
    /// Years of events on the way (current contracts ending), marked on the bar's row.
    pub marks: Vec<i32>,
    /// Index into the palette (one per vehicle).
    pub group: usize,
}

/// The step plan as a chart: a year axis from the decision year, one row per group with its
/// label above a bar from its start to the horizon's end (so labels never overlap or clip),
/// the decision year as a black marker and contract ends as open circles.
pub fn timeline(bars: &[Bar], first: i32, last: i32) -> String {
    let row = 34.0;
    let top = 34.0;
    let h = top + row * bars.len() as f64 + 12.0;
    let span = (last + 1 - first).max(1) as f64;
    let x = |year: i32| LEFT + (year - first) as f64 / span * (W - LEFT - RIGHT);
    let mut out = header(h, "");
    for year in first..=last {
        out.push_str(&format!(
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{1}\" y2=\"{2:.1}\" stroke=\"#e4e4e4\"/>\
             <text x=\"{0:.1}\" y=\"{3}\" font-size=\"11\">{4}</text>",
            x(year),
            top - 8.0,
            h - 6.0,
            top - 14.0,
            year
        ));
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let colour = PALETTE[b.group % PALETTE.len()];
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" fill=\"{colour}\"/>",
            x(first),
            y + 12.0,
            esc(&b.label),
            x(b.start),
            y + 17.0,
            x(last + 1) - x(b.start),
        ));
        out.push_str(&marker(x(first) + 5.0, y + 22.0, None));
        for m in &b.marks {
            out.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"white\" stroke=\"#222\" stroke-width=\"1.5\"/>",
                x(*m),
                y + 22.0
            ));
        }
        if b.group >= PALETTE.len() {
            out.push_str(&marker(x(b.start) + 6.0, y + 22.0, Some(b.group)));
        }
    }
    out + "</svg>"
}

/// A circle for the first twelve groups, a square for the next twelve, a diamond beyond;
/// council decisions are black.
fn marker(cx: f64, cy: f64, group: Option<usize>) -> String {
    let Some(g) = group else {
        return format!("<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"#222\"/>");
    };
    let colour = PALETTE[g % PALETTE.len()];
    match g / PALETTE.len() {
        0 => format!("<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"{colour}\"/>"),
        1 => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"11\" height=\"11\" fill=\"{colour}\"/>",
            cx - 5.5,
            cy - 5.5
        ),
        _ => format!(
            "<polygon points=\"{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}\" fill=\"{colour}\"/>",
            cy - 7.0,
            cx + 7.0,
            cy + 7.0,
            cx - 7.0
        ),
    }
}

fn header(h: f64, title: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {W} {h:.0}\" width=\"100%\" \
         font-family=\"sans-serif\" role=\"img\"><text x=\"{LEFT}\" y=\"18\" font-size=\"14\" \
         font-weight=\"bold\">{}</text>",
        esc(title)
    )
}

fn x_label(x: f64, y: f64, text: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
        esc(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(
            esc("<script>alert(1)</script> & Co \"x\""),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co &quot;x&quot;"
        );
        let svg = timeline(
            &[Bar {
                label: "<b>".into(),
                start: 2027,
                marks: vec![2028],
                group: 13,
            }],
            2026,
            2030,
        );
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
    }

    #[test]
    fn no_two_tick_labels_read_alike() {
        // Values 29.2..30.6 in whole euro: a step of 0.25 would label 29, 29, 30, 30, ...
        let whole = |v: f64| format!("EUR {v:.0}");
        let (lo, hi, step) = readable(nice_axis(29.2, 30.6), &whole);
        let ticks = ((hi - lo) / step).round() as usize;
        let labels: Vec<String> = (0..=ticks).map(|k| whole(lo + k as f64 * step)).collect();
        assert!(labels.windows(2).all(|w| w[0] != w[1]), "{labels:?}");
        assert!(lo <= 29.2 && hi >= 30.6, "{lo} {hi}");
    }

    #[test]
    fn the_value_axis_starts_where_the_differences_show() {
        let (lo, hi, step) = nice_axis(118.0, 131.0);
        assert!(lo > 100.0 && lo <= 118.0 && hi >= 131.0, "{lo} {hi} {step}");
    }
}
