//! `[[uncertain]]` and `[[correlation]]`: the uncertain inputs of a valid scenario, their
//! key paths resolved against it, their distributions checked, and a consistent correlation
//! matrix (the nearest one, with a warning, when the file's is not).

use super::{Validator, k, path};
use crate::scenario::locate::Seg;
use crate::scenario::param::{self, Param};
use crate::scenario::raw::*;
use crate::scenario::*;
use crate::uncertainty::{Distribution, correlation};
use nalgebra::DMatrix;

/// The distributions a file may name, and the keys each takes.
const DISTRIBUTIONS: &[(&str, &[&str])] = &[
    ("uniform", &["low", "high"]),
    ("triangular", &["low", "mode", "high"]),
    ("pert", &["low", "mode", "high"]),
    ("normal", &["mean", "sd"]),
    ("lognormal", &["median", "p95", "mean", "sd"]),
    ("discrete", &["values", "weights"]),
];

/// Share of an unbounded distribution's draws past which a target's range is checked.
const TAIL: f64 = 0.001;

impl Validator<'_> {
    /// Validates the uncertain inputs and correlations of the valid scenario `s`.
    pub(super) fn uncertainty(&mut self, raw: &RawFile, s: &Scenario) -> Uncertainty {
        let mut names = Vec::new();
        let inputs: Vec<Option<Uncertain>> = (raw.uncertain.iter().enumerate())
            .map(|(i, u)| self.uncertain(s, i, u, &mut names))
            .collect();
        self.overlaps(s, &inputs);
        let correlation = self.correlations(&raw.correlation, &names);
        Uncertainty {
            inputs: inputs.into_iter().flatten().collect(),
            correlation,
        }
    }

    /// No number is moved by two inputs: the later one's draw would silently replace the
    /// earlier one's.
    fn overlaps(&mut self, s: &Scenario, inputs: &[Option<Uncertain>]) {
        let mut seen: Vec<(&Param, &str)> = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let Some(input) = input else { continue };
            for (param, _) in &input.targets {
                match seen.iter().find(|(p, _)| *p == param) {
                    Some((_, first)) => {
                        let message = format!(
                            "`{}` is moved by `{first}` and by `{}`: one number, one uncertain input",
                            param.key(s),
                            input.name
                        );
                        let hint = "leave it out of one `set`, or merge the two inputs".into();
                        self.err(
                            &[k("uncertain"), Seg::Index(i), k("set")],
                            message,
                            Some(hint),
                        );
                        return;
                    }
                    None => seen.push((param, &input.name)),
                }
            }
        }
    }

    /// One input; `None` when it has an error (reported). `names` are those so far.
    fn uncertain(
        &mut self,
        s: &Scenario,
        i: usize,
        u: &RawUncertain,
        names: &mut Vec<String>,
    ) -> Option<Uncertain> {
        let at = [k("uncertain"), Seg::Index(i)];
        let errors_before = self.error_count();
        let name = self.input_name(&at, u.name.as_ref(), names);
        let targets = self.targets(s, &at, u.set.as_deref());
        let how = self.how(&at, u.how.as_deref());
        let distribution = self.distribution(&at, u)?;
        self.reachable(s, &at, &targets, how, &distribution);
        self.one_value(s, &at, &targets, how);
        (self.error_count() == errors_before).then(|| Uncertain {
            name,
            description: u.description.clone().unwrap_or_default(),
            names: crate::scenario::Names::of(&u.name_nl, &u.name_en),
            source: u.source.clone(),
            set: u.set.clone().unwrap_or_default(),
            targets,
            how,
            distribution,
        })
    }

    /// The input's unique `name`.
    fn input_name(&mut self, at: &[Seg], raw: Option<&String>, names: &mut Vec<String>) -> String {
        let Some(name) = raw.cloned() else {
            self.err(
                at,
                "every uncertain input needs a `name`",
                Some("e.g. `name = \"salaries\"`".into()),
            );
            names.push(String::new());
            return String::new();
        };
        if names.contains(&name) {
            let message = format!("duplicate uncertain input `{name}`");
            self.err(&path(at, &[k("name")]), message, None);
        }
        names.push(name.clone());
        name
    }

    /// The numbers `set` names, each with its value as written.
    fn targets(&mut self, s: &Scenario, at: &[Seg], set: Option<&[String]>) -> Vec<(Param, f64)> {
        let Some(set) = set.filter(|set| !set.is_empty()) else {
            self.err(
                at,
                "an uncertain input needs `set`: the key paths of the numbers it moves",
                Some("e.g. `set = [\"scenario.salary_per_fte\"]`".into()),
            );
            return Vec::new();
        };
        let mut targets = Vec::new();
        for (j, key) in set.iter().enumerate() {
            match param::resolve(s, key) {
                Ok(found) => targets.extend(found.into_iter().map(|p| (p.clone(), p.get(s)))),
                Err((message, hint)) => {
                    self.err(&path(at, &[k("set"), Seg::Index(j)]), message, Some(hint))
                }
            }
        }
        targets
    }

    /// `as = "value"` sets every number to the same draw: the numbers must be written the
    /// same, or the scenario as written is no draw of the input.
    fn one_value(&mut self, s: &Scenario, at: &[Seg], targets: &[(Param, f64)], how: How) {
        let Some((first, base)) = targets.first() else {
            return;
        };
        let other = targets.iter().find(|(_, b)| b != base);
        if let (How::Value, Some((param, b))) = (how, other) {
            let message = format!(
                "`as = \"value\"` sets every number it moves to one draw, but `{}` is {base} \
                 and `{}` is {b}",
                first.key(s),
                param.key(s)
            );
            let hint = "use `as = \"factor\"` (a draw multiplies each number as written)";
            self.err(&path(at, &[k("as")]), message, Some(hint.into()));
        }
    }

    /// `as`: `factor` (default) or `value`.
    fn how(&mut self, at: &[Seg], raw: Option<&str>) -> How {
        match raw {
            None | Some("factor") => How::Factor,
            Some("value") => How::Value,
            Some(other) => {
                let (message, hint) =
                    crate::suggest::unknown_id("`as`", other, &["factor", "value"]);
                self.err(&path(at, &[k("as")]), message, Some(hint));
                How::Factor
            }
        }
    }
}

impl Validator<'_> {
    /// `distribution` and its parameters; `None` when they have an error (reported).
    fn distribution(&mut self, at: &[Seg], u: &RawUncertain) -> Option<Distribution> {
        let kind = self.distribution_kind(at, u.distribution.as_deref())?;
        self.unused_parameters(at, u, kind);
        let d = self.parameters(at, u, kind)?;
        if let Some(problem) = d.problem() {
            let message = format!("this {kind} distribution is invalid: {problem}");
            self.err(&path(at, &[k("distribution")]), message, None);
            return None;
        }
        Some(d)
    }

    fn distribution_kind(&mut self, at: &[Seg], raw: Option<&str>) -> Option<&'static str> {
        let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(n, _)| *n).collect();
        let Some(raw) = raw else {
            let hint = format!(
                "write `distribution = \"pert\"`; known: {}",
                names.join(", ")
            );
            self.err(at, "an uncertain input needs a `distribution`", Some(hint));
            return None;
        };
        let found = names.iter().find(|n| **n == raw.to_ascii_lowercase());
        if found.is_none() {
            let (message, hint) = crate::suggest::unknown_id("distribution", raw, &names);
            self.err(&path(at, &[k("distribution")]), message, Some(hint));
        }
        found.copied()
    }

    /// A parameter given that the distribution does not take is an error, not ignored.
    fn unused_parameters(&mut self, at: &[Seg], u: &RawUncertain, kind: &str) {
        let takes = DISTRIBUTIONS
            .iter()
            .find(|(n, _)| *n == kind)
            .map(|(_, t)| *t);
        let takes = takes.unwrap_or_default();
        for (key, given) in given(u) {
            if given && !takes.contains(&key) {
                let message = format!("a {kind} distribution has no `{key}`");
                let hint = format!("a {kind} distribution takes {}", takes.join(", "));
                self.err(&path(at, &[k(key)]), message, Some(hint));
            }
        }
    }

    /// The distribution from its parameters; every missing one is reported.
    fn parameters(&mut self, at: &[Seg], u: &RawUncertain, kind: &str) -> Option<Distribution> {
        let mut need = |key: &str, v: Option<f64>| self.required(at, kind, key, v);
        match kind {
            "uniform" => {
                let (low, high) = (need("low", u.low), need("high", u.high));
                Some(Distribution::Uniform {
                    low: low?,
                    high: high?,
                })
            }
            "triangular" | "pert" => {
                let (low, mode) = (need("low", u.low), need("mode", u.mode));
                let high = need("high", u.high);
                let (low, mode, high) = (low?, mode?, high?);
                Some(match kind {
                    "pert" => Distribution::Pert { low, mode, high },
                    _ => Distribution::Triangular { low, mode, high },
                })
            }
            "normal" => {
                let (mean, sd) = (need("mean", u.mean), need("sd", u.sd));
                Some(Distribution::Normal {
                    mean: mean?,
                    sd: sd?,
                })
            }
            "lognormal" => self.lognormal(at, u),
            _ => self.discrete(at, u),
        }
    }

    /// A parameter the distribution needs.
    fn required(&mut self, at: &[Seg], kind: &str, key: &str, v: Option<f64>) -> Option<f64> {
        if v.is_none() {
            let message = format!("a {kind} distribution needs `{key}`");
            self.err(at, message, None);
        }
        v
    }

    /// A lognormal from `median` and `p95`, or from `mean` and `sd`. A zero width gives the
    /// point itself, exactly (the lognormal's `exp(ln median)` may miss it in the last bit).
    fn lognormal(&mut self, at: &[Seg], u: &RawUncertain) -> Option<Distribution> {
        let point = |x: f64| Distribution::Uniform { low: x, high: x };
        if !self.lognormal_parameters(at, u) {
            return None;
        }
        match (u.median, u.p95, u.mean, u.sd) {
            (Some(m), Some(p), None, None) if p == m => Some(point(m)),
            (Some(m), Some(p), None, None) => Some(Distribution::lognormal_from_median_p95(m, p)),
            (None, None, Some(m), Some(0.0)) => Some(point(m)),
            (None, None, Some(m), Some(sd)) => Some(Distribution::lognormal_from_mean_sd(m, sd)),
            _ => {
                let hint = "e.g. `median = 1.0` and `p95 = 2.0` for a factor that is doubled \
                            in one case in twenty";
                self.err(
                    at,
                    "a lognormal distribution needs `median` and `p95`, or `mean` and `sd`",
                    Some(hint.into()),
                );
                None
            }
        }
    }

    /// The lognormal's parameters as written: a positive median or mean, a P95 not below the
    /// median, a standard deviation not below 0. False when one is not (reported).
    fn lognormal_parameters(&mut self, at: &[Seg], u: &RawUncertain) -> bool {
        let checks = [
            (
                "median",
                u.median.is_some_and(|m| m <= 0.0),
                "a lognormal's `median` is above 0",
            ),
            (
                "mean",
                u.mean.is_some_and(|m| m <= 0.0),
                "a lognormal's `mean` is above 0",
            ),
            (
                "sd",
                u.sd.is_some_and(|sd| sd < 0.0),
                "a standard deviation is not negative",
            ),
            (
                "p95",
                matches!((u.median, u.p95), (Some(m), Some(p)) if p < m),
                "a lognormal's `p95` is not below its `median`",
            ),
        ];
        let mut ok = true;
        for (key, wrong, message) in checks {
            if wrong {
                self.err(&path(at, &[k(key)]), message, None);
                ok = false;
            }
        }
        ok
    }

    /// `values` with `weights` (default equal).
    fn discrete(&mut self, at: &[Seg], u: &RawUncertain) -> Option<Distribution> {
        let Some(values) = u.values.clone().filter(|v| !v.is_empty()) else {
            self.err(at, "a discrete distribution needs `values`", None);
            return None;
        };
        let weights = u.weights.clone().unwrap_or_else(|| vec![1.0; values.len()]);
        if weights.len() != values.len() {
            let message = format!(
                "{} weights for {} values: give one weight per value",
                weights.len(),
                values.len()
            );
            self.err(&path(at, &[k("weights")]), message, None);
            return None;
        }
        Some(Distribution::discrete(values, weights))
    }

    /// The values a draw can give each target stay in the key's range: an error for a
    /// bounded distribution, a warning (draws beyond are clamped) for an unbounded one.
    fn reachable(
        &mut self,
        s: &Scenario,
        at: &[Seg],
        targets: &[(Param, f64)],
        how: How,
        d: &Distribution,
    ) {
        let bounded = !matches!(
            d,
            Distribution::Normal { .. } | Distribution::LogNormal { .. }
        );
        let (lo, hi) = match bounded {
            true => d.swing(),
            false => (d.quantile(TAIL), d.quantile(1.0 - TAIL)),
        };
        let beyond = targets
            .iter()
            .find_map(|(p, base)| outside(p, *base, how, lo, hi));
        let Some((param, value, limit)) = beyond else {
            return;
        };
        let key = param.key(s);
        let value = format!("{value:.6}");
        let value = value.trim_end_matches('0').trim_end_matches('.');
        let message = format!("draws would set `{key}` to {value}, beyond its limit {limit}");
        let at = path(at, &[k("distribution")]);
        match bounded {
            true => self.err(&at, message, Some("narrow the distribution".into())),
            false => {
                let hint = "draws beyond the limit are clamped to it; narrow the distribution \
                            if that is not what you mean";
                self.warn(&at, message, Some(hint.into()))
            }
        }
    }
}

/// The first value of `[lo, hi]` (as a factor or the value itself) outside the range of
/// `param`, with the limit it passes.
fn outside(param: &Param, base: f64, how: How, lo: f64, hi: f64) -> Option<(&Param, f64, f64)> {
    let (a, b) = match how {
        How::Factor => (base * lo, base * hi),
        How::Value => (lo, hi),
    };
    let (a, b) = (a.min(b), a.max(b));
    let spec = param.spec();
    match (a < spec.min, b > spec.max) {
        (true, _) => Some((param, a, spec.min)),
        (_, true) => Some((param, b, spec.max)),
        _ => None,
    }
}

/// Which distribution parameters the file gives.
fn given(u: &RawUncertain) -> [(&'static str, bool); 9] {
    [
        ("low", u.low.is_some()),
        ("mode", u.mode.is_some()),
        ("high", u.high.is_some()),
        ("mean", u.mean.is_some()),
        ("sd", u.sd.is_some()),
        ("median", u.median.is_some()),
        ("p95", u.p95.is_some()),
        ("values", u.values.is_some()),
        ("weights", u.weights.is_some()),
    ]
}

impl Validator<'_> {
    /// The correlation matrix of the inputs `names` (in file order; an empty name is an input
    /// in error); `None` when the file gives no correlation or one has an error.
    fn correlations(&mut self, raw: &[RawCorrelation], names: &[String]) -> Option<DMatrix<f64>> {
        if raw.is_empty() {
            return None;
        }
        let errors_before = self.error_count();
        let mut m = DMatrix::identity(names.len(), names.len());
        let mut written = Vec::new();
        for (i, c) in raw.iter().enumerate() {
            let at = [k("correlation"), Seg::Index(i)];
            if let Some((a, b, rho)) = self.pair(&at, c, names, &written) {
                (m[(a, b)], m[(b, a)]) = (rho, rho);
                written.push((a, b));
            }
        }
        if self.error_count() > errors_before {
            return None;
        }
        Some(self.consistent(m, names, &written))
    }

    /// One `[[correlation]]`: two distinct known inputs, a coefficient in -1..1, and a pair not
    /// given before.
    fn pair(
        &mut self,
        at: &[Seg],
        c: &RawCorrelation,
        names: &[String],
        written: &[(usize, usize)],
    ) -> Option<(usize, usize, f64)> {
        let rho = self.coefficient(at, c.coefficient);
        let between = path(at, &[k("between")]);
        let ids = match c.between.as_deref() {
            Some([a, b]) if a != b => Some((a, b)),
            _ => {
                let hint = "e.g. `between = [\"salaries\", \"integration\"]`";
                self.err(
                    &between,
                    "`between` names two different uncertain inputs",
                    Some(hint.into()),
                );
                None
            }
        }?;
        let a = self.reference(&between, ids.0, names, "uncertain input");
        let b = self.reference(&between, ids.1, names, "uncertain input");
        let (a, b) = (a?.min(b?), a?.max(b?));
        if written.contains(&(a, b)) {
            let message = format!(
                "the correlation of `{}` and `{}` is given twice",
                ids.0, ids.1
            );
            self.err(&between, message, None);
        }
        Some((a, b, rho?))
    }

    fn coefficient(&mut self, at: &[Seg], raw: Option<f64>) -> Option<f64> {
        match raw {
            Some(rho) if (-1.0..=1.0).contains(&rho) => Some(rho),
            Some(rho) => {
                let message = format!("a correlation is between -1 and 1, not {rho}");
                self.err(&path(at, &[k("coefficient")]), message, None);
                None
            }
            None => {
                let hint = "e.g. `coefficient = 0.6`";
                self.err(at, "a correlation needs a `coefficient`", Some(hint.into()));
                None
            }
        }
    }

    /// `m` when it is a correlation matrix (positive semi-definite), else the nearest one
    /// with a warning that shows the coefficients as repaired.
    fn consistent(
        &mut self,
        m: DMatrix<f64>,
        names: &[String],
        written: &[(usize, usize)],
    ) -> DMatrix<f64> {
        if correlation::is_psd(&m) {
            return m;
        }
        let repaired = correlation::nearest(&m);
        let changes: Vec<String> = (written.iter())
            .map(|&(a, b)| {
                let (from, to) = (m[(a, b)], repaired[(a, b)]);
                format!("{} ~ {}: {from} -> {to:.3}", names[a], names[b])
            })
            .collect();
        let message = format!(
            "these correlations cannot hold together (the matrix is not positive semi-definite; \
             smallest eigenvalue {:.3}): samen uses the nearest consistent ones: {}",
            correlation::min_eigenvalue(&m),
            changes.join("; ")
        );
        let hint = "lower the strongest coefficients until no warning is given, or accept these";
        self.warn(&[k("correlation")], message, Some(hint.into()));
        repaired
    }
}
