//! Calibration of an economies-of-scale curve (`samen fit`): the multipliers of a scenario's
//! `scale = [[volume, multiplier], ...]` fitted to benchmark points (cost per unit at a
//! volume) by weighted least squares.
//!
//! The curve is piecewise linear between breakpoints and flat beyond the first and last, as
//! [`ScaleCurve::multiplier`] evaluates it, so the fitted cost at a volume is linear in the
//! costs at the breakpoints (hat functions) and the fit is a linear least-squares problem.
//! It is solved with nalgebra's SVD. The default shape is convex between the first and last
//! breakpoint (the slope never falls, so the curve can fall and rise again: the U-shape of
//! docs/sources.md §3.1), which is a least-squares problem with sign constraints on the
//! slope changes, solved by the active-set method of Lawson and Hanson. The costs are then
//! divided by the fitted cost at the normalisation volume, since a cost sheet's `unit_cost`
//! is the cost at multiplier 1.

use crate::error::{Diagnostic, Error, Location, Severity};
use crate::scenario::ScaleCurve;
use nalgebra::{DMatrix, DVector};
use serde::Serialize;

/// The breakpoints `samen fit` uses unless told otherwise (inhabitants): dense where the
/// evidence says the curve bends (docs/sources.md §3.2: 10,000 to 60,000), sparse beyond.
pub const DEFAULT_BREAKPOINTS: [f64; 7] = [
    5000.0, 10000.0, 20000.0, 40000.0, 60000.0, 100000.0, 200000.0,
];

/// One benchmark point: the cost per unit observed at a volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Volume in driver units (inhabitants, ICT users, ...).
    pub volume: f64,
    /// Cost per unit at that volume (e.g. euro per inhabitant per year).
    pub cost: f64,
    /// Weight in the least-squares fit (1 when the file gives none).
    pub weight: f64,
    /// Where the figure comes from, as written in the file.
    pub source: Option<String>,
    /// Line of the file the point is on (from 1).
    pub line: usize,
}

/// Which curves the fit may choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// Slopes never fall from one segment to the next (falls, flattens, may rise again).
    Convex,
    /// Any piecewise-linear curve; a warning says where it is not convex.
    Free,
}

/// What to fit: the breakpoints, the shape, where the multiplier is 1, and the unit of the
/// curve written out.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Volumes of the breakpoints, strictly increasing, in the points' unit.
    pub breakpoints: Vec<f64>,
    /// Volume at which the multiplier is 1; `None`: the first breakpoint.
    pub normalise_at: Option<f64>,
    /// Convex (the default) or free.
    pub shape: Shape,
    /// The written curve's volumes are the breakpoints times this factor (e.g. 0.02 ICT users
    /// per inhabitant, for a domain whose driver is users); 1 keeps the points' unit.
    pub volume_factor: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            breakpoints: DEFAULT_BREAKPOINTS.to_vec(),
            normalise_at: None,
            shape: Shape::Convex,
            volume_factor: 1.0,
        }
    }
}

/// Why a fit cannot be made; each carries what to do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// The points file is malformed: file, line, column and hint in the diagnostic.
    #[error("{}", crate::error::render(std::slice::from_ref(.0.as_ref())))]
    Malformed(Box<Diagnostic>),
    /// The breakpoints or options are unusable.
    #[error("{message}\nhint: {hint}")]
    Options {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// Fewer points than free parameters (one cost per breakpoint).
    #[error(
        "{points} point(s) cannot determine {parameters} breakpoint(s): the fit needs at least as many points as breakpoints\nhint: add benchmark points or give fewer --breakpoints"
    )]
    TooFewPoints {
        /// Points in the file.
        points: usize,
        /// Breakpoints to fit.
        parameters: usize,
    },
    /// Some breakpoint's multiplier is not determined by the points (the least-squares
    /// matrix is rank deficient).
    #[error(
        "nothing determines the multiplier at breakpoint {}: {}\nhint: add a benchmark point {}, or drop {} from --breakpoints",
        num(*.breakpoint), .reason, .interval, num(*.breakpoint)
    )]
    RankDeficient {
        /// The breakpoint left undetermined.
        breakpoint: f64,
        /// The interval where a point would determine it, in words ("between 5000 and 10000").
        interval: String,
        /// Why: no point there, or too few for the breakpoints around it.
        reason: String,
    },
    /// The fitted cost at the normalisation volume is not positive, so no multiplier is 1 there.
    #[error(
        "the fitted cost at the normalisation volume {} is {value}, not positive: the multipliers cannot be 1 there\nhint: give --normalise-at a volume where the benchmark costs are positive",
        num(*.volume)
    )]
    Normaliser {
        /// The normalisation volume.
        volume: f64,
        /// The fitted cost there.
        value: f64,
    },
}

impl From<FitError> for Error {
    fn from(e: FitError) -> Error {
        match e {
            FitError::Malformed(d) => Error::Invalid {
                file: d.file.clone(),
                diagnostics: vec![*d],
            },
            other => Error::Usage(other.to_string()),
        }
    }
}

/// A number as a scenario file writes it: whole numbers without decimals, others with up to
/// six (volumes times a factor such as 0.02 are not exact in binary).
pub fn num(x: f64) -> String {
    let rounded = (x * 1e6).round() / 1e6;
    if rounded == rounded.trunc() {
        format!("{rounded:.0}")
    } else {
        let s = format!("{rounded:.6}");
        s.trim_end_matches('0').to_string()
    }
}

// --- reading the points -------------------------------------------------------------------

/// The columns a points file may have; `volume` and `cost` are required.
const COLUMNS: [&str; 4] = ["volume", "cost", "weight", "source"];

/// Where each known column is in the file's header.
struct Header {
    volume: usize,
    cost: usize,
    weight: Option<usize>,
    source: Option<usize>,
}

/// Reads a points file: a CSV header naming `volume,cost` and optionally `weight` and
/// `source` (any order, any case), one point per line, `#` lines are comments. `file` names
/// the file in messages. A file whose header is separated by `;` is read as Excel writes CSV
/// in Belgium: `;` between fields and a decimal comma.
pub fn parse_points(text: &str, file: &str) -> Result<Vec<Point>, FitError> {
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: usize, column: usize, width: usize, message: String, hint: &str| {
        located(file, &lines, (line, column, width), message, hint)
    };
    let sep = separator(&lines);
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .delimiter(sep as u8)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = header(&mut reader, &lines, &at, sep)?;
    let mut points = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e, &at))?;
        points.push(point(&record, &header, &lines, &at, sep)?);
    }
    if points.is_empty() {
        return Err(at(1, 1, 0, "the file has no points".into(), ROW_HINT));
    }
    Ok(points)
}

/// `;` when the header line (the first that is not a comment) has a `;` and no `,`, else `,`.
fn separator(lines: &[&str]) -> char {
    let header = lines.iter().find(|l| !l.trim_start().starts_with('#'));
    match header {
        Some(h) if h.contains(';') && !h.contains(',') => ';',
        _ => ',',
    }
}

const ROW_HINT: &str = "one point per line after the header, e.g. `30000,84,1,M&I 2019`";

/// What a located error is built from: the file, its lines, (line, column, width) from 1,
/// the message and the hint.
type At<'a> = dyn Fn(usize, usize, usize, String, &str) -> FitError + 'a;

fn located(
    file: &str,
    lines: &[&str],
    (line, column, width): (usize, usize, usize),
    message: String,
    hint: &str,
) -> FitError {
    FitError::Malformed(Box::new(Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        path: String::new(),
        location: Some(Location { line, column }),
        message,
        hint: Some(hint.to_string()),
        source_line: lines.get(line.saturating_sub(1)).map(|l| l.to_string()),
        width: Some(width),
    }))
}

/// The header's columns: `volume` and `cost` required, an unknown name refused with a
/// suggestion (a misspelt `weight` must not silently weigh every point 1).
fn header(
    reader: &mut csv::Reader<&[u8]>,
    lines: &[&str],
    at: &At,
    sep: char,
) -> Result<Header, FitError> {
    let names = reader.headers().map_err(|e| csv_error(&e, at))?.clone();
    let line = names.position().map_or(1, |p| p.line() as usize);
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    for (j, name) in names.iter().enumerate() {
        if !COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name)) {
            let hint = crate::suggest::did_you_mean(&name.to_lowercase(), &COLUMNS)
                .unwrap_or_else(|| format!("the columns are {}", COLUMNS.join(", ")));
            let column = field_column(lines.get(line - 1).unwrap_or(&""), j, sep);
            return Err(at(
                line,
                column,
                name.chars().count(),
                format!("unknown column `{name}`"),
                &hint,
            ));
        }
    }
    let required = |name: &str| {
        find(name).ok_or_else(|| {
            let message = format!("the header has no `{name}` column");
            at(
                line,
                1,
                0,
                message,
                "the header is `volume,cost` and optionally `weight,source`",
            )
        })
    };
    Ok(Header {
        volume: required("volume")?,
        cost: required("cost")?,
        weight: find("weight"),
        source: find("source"),
    })
}

/// A CSV error of the reader (a line with too few or too many fields, invalid UTF-8) at its
/// line.
fn csv_error(e: &csv::Error, at: &At) -> FitError {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the line has {len} field(s), the header {expected_len}"),
        _ => e.to_string(),
    };
    at(
        line,
        1,
        0,
        message,
        "every line has one field per header column, separated by commas",
    )
}

/// One point of a record, its numbers checked.
fn point(
    record: &csv::StringRecord,
    h: &Header,
    lines: &[&str],
    at: &At,
    sep: char,
) -> Result<Point, FitError> {
    let line = record.position().map_or(1, |p| p.line() as usize);
    let text = lines.get(line - 1).copied().unwrap_or("");
    let number = |j: usize, what: &str, default: Option<f64>| -> Result<f64, FitError> {
        let field = record.get(j).unwrap_or("");
        let decimal = if sep == ';' {
            field.replace(',', ".")
        } else {
            field.to_string()
        };
        match (decimal.parse::<f64>(), default) {
            (_, Some(d)) if field.is_empty() => Ok(d),
            (Ok(x), _) if x.is_finite() && x > 0.0 => Ok(x),
            _ => {
                let message = format!("{what} `{field}` is not a positive number");
                let hint = "write a plain number with a decimal point, e.g. 84 or 101.4";
                let width = field.chars().count();
                Err(at(line, field_column(text, j, sep), width, message, hint))
            }
        }
    };
    Ok(Point {
        volume: number(h.volume, "volume", None)?,
        cost: number(h.cost, "cost", None)?,
        weight: h
            .weight
            .map_or(Ok(1.0), |j| number(j, "weight", Some(1.0)))?,
        source: (h.source.and_then(|j| record.get(j)))
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        line,
    })
}

/// The 1-based character column where field `index` of a CSV line starts (separators inside
/// double quotes do not separate fields), skipping the blanks the reader trims.
fn field_column(line: &str, index: usize, sep: char) -> usize {
    let mut field = 0;
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in line.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                field += 1;
                if field > index {
                    break;
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    let blanks = line
        .chars()
        .skip(start)
        .take_while(|c| c.is_whitespace())
        .count();
    start + blanks + 1
}

// --- the fit --------------------------------------------------------------------------------

/// One breakpoint of the fitted curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakpoint {
    /// Volume in the points' unit.
    pub volume: f64,
    /// Volume as written in the scale line (`volume` times the volume factor).
    pub scaled_volume: f64,
    /// Fitted cost per unit there.
    pub cost: f64,
    /// Fitted cost divided by the fitted cost at the normalisation volume.
    pub multiplier: f64,
}

/// One point with its fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedPoint {
    /// The point as read.
    #[serde(flatten)]
    pub point: Point,
    /// The fitted curve's cost at the point's volume.
    pub fitted: f64,
    /// Observed minus fitted cost.
    pub residual: f64,
}

/// The fitted curve, the fit at every point, and how good it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    /// The shape the fit was restricted to.
    pub shape: Shape,
    /// Volume (points' unit) at which the multiplier is 1.
    pub normalise_at: f64,
    /// Fitted cost per unit at the normalisation volume: the `unit_cost` that goes with
    /// the curve, in the points' unit.
    pub unit_cost: f64,
    /// Factor from the points' volume unit to the scale line's.
    pub volume_factor: f64,
    /// The breakpoints with their fitted costs and multipliers.
    pub curve: Vec<Breakpoint>,
    /// The scale line's pairs `[volume, multiplier]`, as a cost sheet takes them.
    pub scale: Vec<[f64; 2]>,
    /// Every point, observed and fitted.
    pub points: Vec<FittedPoint>,
    /// Weighted root-mean-square residual, in the points' cost unit.
    pub rms_residual: f64,
    /// Weighted R² (share of the weighted variance of the costs the curve explains); `None`
    /// when every cost is the same.
    pub r_squared: Option<f64>,
    /// Interior breakpoints where the convexity constraint binds: the fit keeps the slope
    /// there unchanged, where a free fit would bend the other way.
    pub binding: Vec<f64>,
    /// What the planner should know (a free fit that is not convex, a multiplier at or below 0).
    pub warnings: Vec<String>,
}

impl FitReport {
    /// The fitted curve as a scenario's scale curve.
    pub fn scale_curve(&self) -> ScaleCurve {
        ScaleCurve {
            points: self.scale.iter().map(|&[v, m]| (v, m)).collect(),
        }
    }

    /// The `scale = [[v, m], ...]` line to paste into a domain's cost sheet, after a comment
    /// saying what it was fitted to; multipliers to three decimals.
    pub fn to_toml(&self) -> String {
        let pairs: Vec<String> = (self.scale.iter())
            .map(|[v, m]| format!("[{}, {}]", num(*v), multiplier(*m)))
            .collect();
        format!(
            "# {} fit of {} point(s): multiplier 1 at {} (fitted cost there {}), RMS residual {}, R² {}\nscale = [{}]\n",
            shape_name(self.shape),
            self.points.len(),
            num(self.normalise_at),
            num(round_to(self.unit_cost, 2)),
            num(round_to(self.rms_residual, 3)),
            self.r_squared
                .map_or("undefined".into(), |r| format!("{r:.4}")),
            pairs.join(", ")
        )
    }
}

/// "convex" or "free", as `--shape` takes it.
pub fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Convex => "convex",
        Shape::Free => "free",
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// A multiplier to three decimals, keeping one (`1.0`, `0.77`, `0.954`).
fn multiplier(m: f64) -> String {
    let s = format!("{m:.3}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

/// Fits the curve to the points: the fitted costs at the breakpoints, normalised, with
/// each point's fit and the fit's quality.
pub fn fit(points: &[Point], opts: &FitOptions) -> Result<FitReport, FitError> {
    let costs = fit_costs(points, opts)?;
    report(points, opts, &costs)
}

/// The fitted cost per unit at each breakpoint, before normalisation: checks the options
/// and that every breakpoint is determined, then solves the (convex or free) weighted
/// least-squares problem.
pub fn fit_costs(points: &[Point], opts: &FitOptions) -> Result<Vec<f64>, FitError> {
    let b = &opts.breakpoints;
    check_options(opts)?;
    if points.len() < b.len() {
        return Err(FitError::TooFewPoints {
            points: points.len(),
            parameters: b.len(),
        });
    }
    determined(points, b)?;
    Ok(solve(points, b, opts.shape))
}

/// Breakpoints strictly increasing and positive, at least two; a positive normalisation
/// volume and factor.
fn check_options(opts: &FitOptions) -> Result<(), FitError> {
    let b = &opts.breakpoints;
    let bad = |message: String, hint: &str| {
        Err(FitError::Options {
            message,
            hint: hint.to_string(),
        })
    };
    if b.len() < 2 {
        return bad(
            format!("{} breakpoint(s): a curve needs at least two", b.len()),
            "give --breakpoints as increasing volumes, e.g. 10000,30000,60000,150000",
        );
    }
    if b.iter().any(|x| !x.is_finite() || *x <= 0.0) || b.windows(2).any(|w| w[1] <= w[0]) {
        return bad(
            format!(
                "the breakpoints {} are not positive and strictly increasing",
                list(b)
            ),
            "sort them and remove duplicates, e.g. 10000,30000,60000,150000",
        );
    }
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if !opts.normalise_at.is_none_or(positive) || !positive(opts.volume_factor) {
        return bad(
            "--normalise-at and --volume-factor must be positive numbers".into(),
            "e.g. --normalise-at 10000 --volume-factor 0.02",
        );
    }
    Ok(())
}

fn list(xs: &[f64]) -> String {
    xs.iter().map(|x| num(*x)).collect::<Vec<_>>().join(",")
}

/// The open interval of volumes where breakpoint `k`'s hat function is positive: between its
/// neighbours, unbounded beyond the ends (the curve is flat there).
fn support(b: &[f64], k: usize) -> (f64, f64) {
    let lower = if k == 0 { f64::NEG_INFINITY } else { b[k - 1] };
    let upper = b.get(k + 1).copied().unwrap_or(f64::INFINITY);
    (lower, upper)
}

/// Refuses a rank-deficient fit by naming the first breakpoint nothing determines. The hat
/// matrix has full column rank exactly when each breakpoint can be given its own distinct
/// point volume inside its support, in increasing order (the Schoenberg-Whitney condition
/// for linear splines); taking the smallest volume that fits each in turn finds such a
/// choice whenever one exists, since the supports' ends increase with k.
fn determined(points: &[Point], b: &[f64]) -> Result<(), FitError> {
    let mut volumes: Vec<f64> = points.iter().map(|p| p.volume).collect();
    volumes.sort_by(f64::total_cmp);
    volumes.dedup();
    let mut next = 0;
    for k in 0..b.len() {
        let (lower, upper) = support(b, k);
        while next < volumes.len() && volumes[next] <= lower {
            next += 1;
        }
        if next == volumes.len() || volumes[next] >= upper {
            return Err(rank_deficient(
                b,
                k,
                volumes.iter().any(|v| lower < *v && *v < upper),
            ));
        }
        next += 1;
    }
    Ok(())
}

fn rank_deficient(b: &[f64], k: usize, some_inside: bool) -> FitError {
    let interval = match support(b, k) {
        (l, u) if l.is_infinite() => format!("below {}", num(u)),
        (l, u) if u.is_infinite() => format!("above {}", num(l)),
        (l, u) => format!("between {} and {}", num(l), num(u)),
    };
    let reason = if some_inside {
        format!(
            "the points {interval} are all needed for the breakpoints before it; each breakpoint needs a point of its own strictly between its neighbours"
        )
    } else {
        format!("no point lies {interval}")
    };
    FitError::RankDeficient {
        breakpoint: b[k],
        interval,
        reason,
    }
}

/// The fitted cost at each breakpoint. Works in the hinge basis 1, t, (t - t_k)+ over the
/// volume rescaled to t in [0, 1] between the end breakpoints (clamped beyond, where the
/// curve is flat): the same curves as the hat basis, with the slope change at each interior
/// breakpoint as its own coefficient, so convexity is a sign constraint on those alone.
fn solve(points: &[Point], b: &[f64], shape: Shape) -> Vec<f64> {
    let t = |v: f64| (v.clamp(b[0], b[b.len() - 1]) - b[0]) / (b[b.len() - 1] - b[0]);
    let knots: Vec<f64> = b.iter().map(|&v| t(v)).collect();
    let row = |v: f64| hinge_row(t(v), &knots);
    let a = DMatrix::from_fn(points.len(), b.len(), |i, j| {
        points[i].weight.sqrt() * row(points[i].volume)[j]
    });
    let rhs = DVector::from_iterator(
        points.len(),
        points.iter().map(|p| p.weight.sqrt() * p.cost),
    );
    let constrained: Vec<bool> = (0..b.len())
        .map(|j| j >= 2 && shape == Shape::Convex)
        .collect();
    let x = active_set(&a, &rhs, &constrained);
    knots
        .iter()
        .map(|&tk| dot(&hinge_row(tk, &knots), &x))
        .collect()
}

/// The hinge basis at `t`: 1, t, then (t - t_k)+ for every interior knot.
fn hinge_row(t: f64, knots: &[f64]) -> Vec<f64> {
    let interior = &knots[1..knots.len() - 1];
    let mut row = vec![1.0, t];
    row.extend(interior.iter().map(|&k| (t - k).max(0.0)));
    row
}

fn dot(row: &[f64], x: &DVector<f64>) -> f64 {
    row.iter().zip(x.iter()).map(|(a, b)| a * b).sum()
}

/// min |A x - b|² subject to x_j >= 0 where `constrained[j]`, by Lawson and Hanson's active
/// set method (their NNLS, with unconstrained variables always free). Each step adds the
/// held-at-zero variable whose gradient most wants it positive, then walks back towards
/// feasibility, dropping variables that reach zero, until no held variable would help.
fn active_set(a: &DMatrix<f64>, b: &DVector<f64>, constrained: &[bool]) -> DVector<f64> {
    let n = a.ncols();
    let mut free: Vec<bool> = constrained.iter().map(|c| !c).collect();
    let mut x = least_squares(a, b, &free);
    let tol = 1e-12 * (1.0 + b.norm()) * (1.0 + a.norm());
    // Each outer round frees one variable and the inner walk fixes at least one, so the
    // method ends in finitely many rounds; the cap only guards against rounding cycles.
    for _ in 0..3 * n + 10 {
        let gradient = a.transpose() * (b - a * &x);
        let candidate = (0..n)
            .filter(|&j| !free[j])
            .max_by(|&i, &j| gradient[i].total_cmp(&gradient[j]));
        match candidate {
            Some(j) if gradient[j] > tol => free[j] = true,
            _ => break,
        }
        x = walk(a, b, constrained, &mut free, x);
    }
    x
}

/// The inner loop of the active-set method: the least-squares solution on the free
/// variables, or, where it would make a constrained one negative, the furthest feasible step
/// towards it, with the variables that reach zero held there again.
fn walk(
    a: &DMatrix<f64>,
    b: &DVector<f64>,
    constrained: &[bool],
    free: &mut [bool],
    mut x: DVector<f64>,
) -> DVector<f64> {
    for _ in 0..free.len() + 1 {
        let z = least_squares(a, b, free);
        let blocking = |j: usize| constrained[j] && free[j] && z[j] <= 0.0;
        let step = (0..free.len())
            .filter(|&j| blocking(j))
            .map(|j| x[j] / (x[j] - z[j]))
            .fold(f64::INFINITY, f64::min);
        if step.is_infinite() {
            return z;
        }
        x += (z - &x) * step;
        for j in 0..free.len() {
            if constrained[j] && free[j] && x[j] <= 1e-14 {
                free[j] = false;
                x[j] = 0.0;
            }
        }
    }
    x
}

/// Least squares on the free columns (SVD), zero elsewhere.
fn least_squares(a: &DMatrix<f64>, b: &DVector<f64>, free: &[bool]) -> DVector<f64> {
    let columns: Vec<usize> = (0..free.len()).filter(|&j| free[j]).collect();
    let mut x = DVector::zeros(free.len());
    if columns.is_empty() {
        return x;
    }
    let sub = DMatrix::from_fn(a.nrows(), columns.len(), |i, k| a[(i, columns[k])]);
    // `determined` has checked the full matrix's rank, and every column subset of a matrix of
    // full column rank has full rank too, so the solve cannot fail for want of rank.
    if let Ok(z) = sub.svd(true, true).solve(b, 1e-12) {
        for (k, &j) in columns.iter().enumerate() {
            x[j] = z[k];
        }
    }
    x
}

/// The report of a solved fit: the curve normalised, each point's fit, RMS and R², the
/// binding constraints and the warnings.
fn report(points: &[Point], opts: &FitOptions, costs: &[f64]) -> Result<FitReport, FitError> {
    let b = &opts.breakpoints;
    let cost_curve = ScaleCurve {
        points: b.iter().copied().zip(costs.iter().copied()).collect(),
    };
    let normalise_at = opts.normalise_at.unwrap_or(b[0]);
    let unit_cost = cost_curve.multiplier(normalise_at);
    if unit_cost.is_nan() || unit_cost <= 0.0 {
        return Err(FitError::Normaliser {
            volume: normalise_at,
            value: unit_cost,
        });
    }
    let curve = normalised(opts, costs, unit_cost);
    let fitted: Vec<FittedPoint> = (points.iter())
        .map(|p| fitted_point(p, cost_curve.multiplier(p.volume)))
        .collect();
    let (rms_residual, r_squared) = goodness(&fitted);
    Ok(FitReport {
        shape: opts.shape,
        normalise_at,
        unit_cost,
        volume_factor: opts.volume_factor,
        scale: curve
            .iter()
            .map(|c| [c.scaled_volume, c.multiplier])
            .collect(),
        binding: binding(points, opts, costs),
        warnings: warnings(&curve, opts.shape),
        curve,
        points: fitted,
        rms_residual,
        r_squared,
    })
}

/// The breakpoints with their costs divided by `unit_cost` and volumes times the factor.
fn normalised(opts: &FitOptions, costs: &[f64], unit_cost: f64) -> Vec<Breakpoint> {
    (opts.breakpoints.iter().zip(costs))
        .map(|(&volume, &cost)| Breakpoint {
            volume,
            scaled_volume: volume * opts.volume_factor,
            cost,
            multiplier: cost / unit_cost,
        })
        .collect()
}

fn fitted_point(p: &Point, fitted: f64) -> FittedPoint {
    FittedPoint {
        point: p.clone(),
        fitted,
        residual: p.cost - fitted,
    }
}

/// Weighted RMS residual and weighted R² (`None` when the costs do not vary).
fn goodness(fitted: &[FittedPoint]) -> (f64, Option<f64>) {
    let w: f64 = fitted.iter().map(|f| f.point.weight).sum();
    let sum =
        |g: &dyn Fn(&FittedPoint) -> f64| fitted.iter().map(|f| f.point.weight * g(f)).sum::<f64>();
    let mean = sum(&|f| f.point.cost) / w;
    let residual = sum(&|f| f.residual * f.residual);
    let total = sum(&|f| (f.point.cost - mean).powi(2));
    let r_squared = (total > 1e-12 * mean * mean).then(|| 1.0 - residual / total);
    ((residual / w).sqrt(), r_squared)
}

/// Slope of each segment between breakpoints.
fn slopes(volumes: &[f64], values: &[f64]) -> Vec<f64> {
    (0..volumes.len() - 1)
        .map(|k| (values[k + 1] - values[k]) / (volumes[k + 1] - volumes[k]))
        .collect()
}

/// The slope change at interior breakpoint `k + 1`, relative to the curve's steepest slope
/// or its level over its span, whichever is larger: a flat curve's slopes are rounding
/// noise, and must not count as bends.
fn bends(volumes: &[f64], values: &[f64], k: usize) -> f64 {
    let s = slopes(volumes, values);
    let level = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let span = volumes[volumes.len() - 1] - volumes[0];
    let scale = s.iter().fold(level / span, |m, x| m.max(x.abs()));
    (s[k + 1] - s[k]) / scale.max(f64::MIN_POSITIVE)
}

/// Interior breakpoints of a convex fit where the slope does not change but the free fit's
/// would fall: there the constraint decides the curve.
fn binding(points: &[Point], opts: &FitOptions, costs: &[f64]) -> Vec<f64> {
    let b = &opts.breakpoints;
    if opts.shape != Shape::Convex || b.len() < 3 {
        return Vec::new();
    }
    let free = solve(points, b, Shape::Free);
    (0..b.len() - 2)
        .filter(|&k| bends(b, costs, k).abs() < 1e-9 && bends(b, &free, k) < -1e-9)
        .map(|k| b[k + 1])
        .collect()
}

/// Where a free fit is not convex, and multipliers at or below zero (a cost sheet would pay
/// nothing, or be paid, per unit there).
fn warnings(curve: &[Breakpoint], shape: Shape) -> Vec<String> {
    let volumes: Vec<f64> = curve.iter().map(|c| c.volume).collect();
    let costs: Vec<f64> = curve.iter().map(|c| c.cost).collect();
    let s = slopes(&volumes, &costs);
    let mut out: Vec<String> = (0..s.len().saturating_sub(1))
        .filter(|&k| shape == Shape::Free && bends(&volumes, &costs, k) < -1e-9)
        .map(|k| {
            format!(
                "the fitted curve is not convex at {}: its slope falls from {:.6} to {:.6} per unit; use --shape convex for a U-shaped curve",
                num(volumes[k + 1]),
                s[k],
                s[k + 1]
            )
        })
        .collect();
    out.extend(curve.iter().filter(|c| c.multiplier <= 0.0).map(|c| {
        format!(
            "the multiplier at {} is {:.3}: a cost sheet would pay nothing or less per unit there",
            num(c.volume),
            c.multiplier
        )
    }));
    out
}
