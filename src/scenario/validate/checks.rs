//! The checks every table shares: numbers against their [`FieldSpec`], ids, references to
//! ids and partner kinds, each reported at its key path.

use super::{Validator, k, path};
use crate::scenario::PARTNER_KINDS;
use crate::scenario::fields::{Absent, FieldSpec, Kind};
use crate::scenario::locate::Seg;
use crate::scenario::raw::NumericFields;
use crate::suggest;

/// The numbers of one table after their checks, looked up by key.
pub(super) struct Checked {
    specs: &'static [FieldSpec],
    /// Per spec: the value (the default when absent, a stand-in after an error), or `None`
    /// when the key is absent and may be, or is no number.
    values: Vec<Option<f64>>,
}

impl Checked {
    /// The value of a key that may be left out.
    pub(super) fn given(&self, key: &str) -> Option<f64> {
        let i = self.specs.iter().position(|s| s.key == key);
        self.values[i.unwrap_or_else(|| panic!("no field spec for `{key}`"))]
    }

    /// The value of a key with a default, or a required one (a stand-in after its error).
    pub(super) fn value(&self, key: &str) -> f64 {
        self.given(key)
            .unwrap_or_else(|| panic!("`{key}` has no default"))
    }

    /// A whole number of a key that may be left out, as a count (its range starts at 0 or more).
    pub(super) fn given_count(&self, key: &str) -> Option<usize> {
        self.given(key).map(|x| x as usize)
    }

    /// A whole number as a count (its range starts at 0 or more).
    pub(super) fn count(&self, key: &str) -> usize {
        self.value(key) as usize
    }
}

impl Validator<'_> {
    /// Checks every number and whole number of a table against its spec.
    pub(super) fn numbers(
        &mut self,
        at: &[Seg],
        specs: &'static [FieldSpec],
        raw: &impl NumericFields,
    ) -> Checked {
        let values = specs
            .iter()
            .map(|spec| {
                let here = path(at, &[k(spec.key)]);
                match spec.kind {
                    Kind::Number => self.number(&here, spec, raw.number(spec.key)),
                    Kind::Integer => self
                        .integer(&here, spec, raw.integer(spec.key))
                        .map(|x| x as f64),
                    _ => None,
                }
            })
            .collect();
        Checked { specs, values }
    }

    /// A number checked against its spec. Absent, it is the default, or `None` when the key
    /// may be left out, or an error when it is required; not finite or out of range, an error.
    pub(super) fn number(
        &mut self,
        at: &[Seg],
        spec: &FieldSpec,
        value: Option<f64>,
    ) -> Option<f64> {
        if value.is_none() && matches!(spec.default, Absent::Means(_)) {
            return None;
        }
        let default = spec.default.value();
        Some(self.num(at, value, default, spec.min, spec.max, spec.unit))
    }

    /// A whole number checked against its spec, like [`Validator::number`].
    pub(super) fn integer(
        &mut self,
        at: &[Seg],
        spec: &FieldSpec,
        value: Option<i64>,
    ) -> Option<i64> {
        if value.is_none() && matches!(spec.default, Absent::Means(_)) {
            return None;
        }
        let default = spec.default.value().map(|d| d as i64);
        let (lo, hi) = (spec.min as i64, spec.max as i64);
        Some(self.int(at, value, default, lo, hi, spec.unit))
    }

    /// One number of a table of numbers (`support`, `drivers`, a scale breakpoint), checked
    /// against the table's spec; 0 stands in after an error.
    pub(super) fn entry(&mut self, at: &[Seg], spec: &FieldSpec, x: f64) -> f64 {
        self.num(at, Some(x), None, spec.min, spec.max, spec.unit)
    }

    /// Like [`Validator::entry`], for whole numbers; the smallest allowed stands in.
    pub(super) fn whole_entry(&mut self, at: &[Seg], spec: &FieldSpec, x: i64) -> i64 {
        let (lo, hi) = (spec.min as i64, spec.max as i64);
        self.int(at, Some(x), None, lo, hi, spec.unit)
    }

    /// A list of ids (at `at[0]`, `at[1]`, ...) as the sorted distinct indices of those known.
    pub(super) fn references(
        &mut self,
        at: &[Seg],
        ids: &[String],
        known: &[String],
        what: &str,
    ) -> Vec<usize> {
        let mut found: Vec<usize> = (ids.iter().enumerate())
            .filter_map(|(j, id)| self.reference(&path(at, &[Seg::Index(j)]), id, known, what))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// A finite amount within [lo, hi]; reports and returns `default` otherwise.
    fn num(
        &mut self,
        at: &[Seg],
        value: Option<f64>,
        default: Option<f64>,
        lo: f64,
        hi: f64,
        unit: &str,
    ) -> f64 {
        match value {
            None => match default {
                Some(d) => d,
                None => {
                    self.err(
                        at,
                        "missing required field",
                        Some(format!("give a value in {unit}")),
                    );
                    0.0
                }
            },
            Some(x) if !x.is_finite() => {
                self.err(
                    at,
                    format!("must be a finite number, found {x}"),
                    Some(format!("give a value in {unit}")),
                );
                default.unwrap_or(0.0)
            }
            Some(x) if x < lo || x > hi => {
                let range = match (lo.is_finite(), hi.is_finite()) {
                    (true, true) => format!("between {lo} and {hi}"),
                    (true, false) => format!("at least {lo}"),
                    (false, true) => format!("at most {hi}"),
                    _ => "finite".into(),
                };
                self.err(
                    at,
                    format!("{x} is out of range: must be {range}"),
                    Some(format!("unit: {unit}")),
                );
                default.unwrap_or(0.0)
            }
            Some(x) => x,
        }
    }

    fn int(
        &mut self,
        at: &[Seg],
        value: Option<i64>,
        default: Option<i64>,
        lo: i64,
        hi: i64,
        unit: &str,
    ) -> i64 {
        match value {
            None => match default {
                Some(d) => d,
                None => {
                    self.err(
                        at,
                        "missing required field",
                        Some(format!("give a whole number of {unit}")),
                    );
                    lo
                }
            },
            Some(x) if x < lo || x > hi => {
                self.err(
                    at,
                    format!("{x} is out of range: must be between {lo} and {hi}"),
                    Some(format!("unit: {unit}")),
                );
                default.unwrap_or(lo)
            }
            Some(x) => x,
        }
    }

    pub(super) fn id(
        &mut self,
        at: &[Seg],
        value: &Option<String>,
        what: &str,
        seen: &mut Vec<String>,
    ) -> String {
        let Some(id) = value.clone() else {
            self.err(
                at,
                format!("every {what} needs an `id`"),
                Some("a short unique name such as `kortenberg`".into()),
            );
            let placeholder = format!("?{}", seen.len());
            seen.push(placeholder.clone());
            return placeholder;
        };
        if id.is_empty() || id.contains(['+', '|', ',', '[', ']', ' ']) {
            self.err(
                at,
                format!("{what} id `{id}` is empty or contains one of `+|,[] `"),
                Some("use letters, digits, `-` and `_`".into()),
            );
        }
        if seen.contains(&id) {
            self.err(
                at,
                format!("duplicate {what} id `{id}`"),
                Some(format!("each {what} id must be unique")),
            );
        }
        seen.push(id.clone());
        id
    }

    /// Resolves an id reference, with a did-you-mean hint.
    pub(super) fn reference(
        &mut self,
        at: &[Seg],
        id: &str,
        known: &[String],
        what: &str,
    ) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| k == id) {
            return Some(i);
        }
        let (message, hint) = suggest::unknown_id(what, id, known);
        self.err(at, message, Some(hint));
        None
    }

    pub(super) fn kind(&mut self, at: &[Seg], kind: &str) -> bool {
        if PARTNER_KINDS.contains(&kind) {
            return true;
        }
        let allowed = suggest::list(PARTNER_KINDS);
        let hint = match suggest::did_you_mean(kind, PARTNER_KINDS) {
            Some(guess) => format!("{guess} (allowed: {allowed})"),
            None => format!("allowed kinds: {allowed}"),
        };
        self.err(at, format!("unknown partner kind `{kind}`"), Some(hint));
        false
    }
}
