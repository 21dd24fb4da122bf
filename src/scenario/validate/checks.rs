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
        let values = specs.iter().map(|spec| self.field(at, spec, raw)).collect();
        Checked { specs, values }
    }

    /// The number or whole number of one spec of a table (`None` for a field of another kind).
    fn field(&mut self, at: &[Seg], spec: &FieldSpec, raw: &impl NumericFields) -> Option<f64> {
        let here = path(at, &[k(spec.key)]);
        match spec.kind {
            Kind::Number => self.number(&here, spec, raw.number(spec.key)),
            Kind::Integer => self
                .integer(&here, spec, raw.integer(spec.key))
                .map(|x| x as f64),
            _ => None,
        }
    }

    /// A number checked against its spec. Absent, it is the default, or `None` when the key
    /// may be left out, or an error when it is required; not finite or out of range, an error.
    pub(super) fn number(
        &mut self,
        at: &[Seg],
        spec: &FieldSpec,
        value: Option<f64>,
    ) -> Option<f64> {
        (!left_out(&value, spec)).then(|| self.num(at, value, spec.default.value(), spec))
    }

    /// A whole number checked against its spec, like [`Validator::number`].
    pub(super) fn integer(
        &mut self,
        at: &[Seg],
        spec: &FieldSpec,
        value: Option<i64>,
    ) -> Option<i64> {
        let default = spec.default.value().map(|d| d as i64);
        (!left_out(&value, spec)).then(|| self.int(at, value, default, spec))
    }

    /// One number of a table of numbers (`support`, `drivers`, a scale breakpoint), checked
    /// against the table's spec; 0 stands in after an error.
    pub(super) fn entry(&mut self, at: &[Seg], spec: &FieldSpec, x: f64) -> f64 {
        self.num(at, Some(x), None, spec)
    }

    /// Like [`Validator::entry`], for whole numbers; the smallest allowed stands in.
    pub(super) fn whole_entry(&mut self, at: &[Seg], spec: &FieldSpec, x: i64) -> i64 {
        self.int(at, Some(x), None, spec)
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

    /// A finite amount within the spec's range; reports and returns `default` otherwise.
    fn num(
        &mut self,
        at: &[Seg],
        value: Option<f64>,
        default: Option<f64>,
        spec: &FieldSpec,
    ) -> f64 {
        let (lo, hi, unit) = (spec.min, spec.max, spec.unit);
        let Some(x) = value else {
            return self.or_required(at, default, 0.0, format!("give a value in {unit}"));
        };
        if !x.is_finite() {
            let hint = Some(format!("give a value in {unit}"));
            self.err(at, format!("must be a finite number, found {x}"), hint);
        } else if x < lo || x > hi {
            self.out_of_range(at, x, &range_text(lo, hi), unit);
        } else {
            return x;
        }
        default.unwrap_or(0.0)
    }

    /// A whole number within the spec's range; reports and returns `default` (else the
    /// smallest allowed) otherwise.
    fn int(
        &mut self,
        at: &[Seg],
        value: Option<i64>,
        default: Option<i64>,
        spec: &FieldSpec,
    ) -> i64 {
        let (lo, hi, unit) = (spec.min as i64, spec.max as i64, spec.unit);
        let Some(x) = value else {
            return self.or_required(at, default, lo, format!("give a whole number of {unit}"));
        };
        if x < lo || x > hi {
            self.out_of_range(at, x, &format!("between {lo} and {hi}"), unit);
            return default.unwrap_or(lo);
        }
        x
    }

    /// An absent value: its `default`, else `stand_in` after reporting the missing field.
    fn or_required<T>(&mut self, at: &[Seg], default: Option<T>, stand_in: T, hint: String) -> T {
        if let Some(d) = default {
            return d;
        }
        self.err(at, "missing required field", Some(hint));
        stand_in
    }

    fn out_of_range(&mut self, at: &[Seg], x: impl std::fmt::Display, range: &str, unit: &str) {
        let message = format!("{x} is out of range: must be {range}");
        self.err(at, message, Some(format!("unit: {unit}")));
    }

    pub(super) fn id(
        &mut self,
        at: &[Seg],
        value: &Option<String>,
        what: &str,
        seen: &mut Vec<String>,
    ) -> String {
        let Some(id) = value.clone() else {
            return self.missing_id(at, what, seen);
        };
        self.check_id_text(at, &id, what);
        if seen.contains(&id) {
            let hint = Some(format!("each {what} id must be unique"));
            self.err(at, format!("duplicate {what} id `{id}`"), hint);
        }
        seen.push(id.clone());
        id
    }

    /// Reports a missing id; a placeholder (`?n`) stands in.
    fn missing_id(&mut self, at: &[Seg], what: &str, seen: &mut Vec<String>) -> String {
        let hint = Some("a short unique name such as `kortenberg`".into());
        self.err(at, format!("every {what} needs an `id`"), hint);
        let placeholder = format!("?{}", seen.len());
        seen.push(placeholder.clone());
        placeholder
    }

    /// An id must be non-empty and free of the characters that join ids in names.
    fn check_id_text(&mut self, at: &[Seg], id: &str, what: &str) {
        if id.is_empty() || id.contains(['+', '|', ',', '[', ']', ' ']) {
            let hint = Some("use letters, digits, `-` and `_`".into());
            let message = format!("{what} id `{id}` is empty or contains one of `+|,[] `");
            self.err(at, message, hint);
        }
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
        let hint = kind_hint(kind);
        self.err(at, format!("unknown partner kind `{kind}`"), Some(hint));
        false
    }
}

/// Whether an absent value stays absent (its spec says what leaving it out means).
fn left_out<T>(value: &Option<T>, spec: &FieldSpec) -> bool {
    value.is_none() && matches!(spec.default, Absent::Means(_))
}

/// The kinds allowed, the closest first when `kind` looks like a typo of one.
fn kind_hint(kind: &str) -> String {
    let allowed = suggest::list(PARTNER_KINDS);
    match suggest::did_you_mean(kind, PARTNER_KINDS) {
        Some(guess) => format!("{guess} (allowed: {allowed})"),
        None => format!("allowed kinds: {allowed}"),
    }
}

/// A range for messages: `between lo and hi`, `at least lo`, `at most hi`.
fn range_text(lo: f64, hi: f64) -> String {
    match (lo.is_finite(), hi.is_finite()) {
        (true, true) => format!("between {lo} and {hi}"),
        (true, false) => format!("at least {lo}"),
        (false, true) => format!("at most {hi}"),
        _ => "finite".into(),
    }
}
