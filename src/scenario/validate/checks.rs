//! The checks every table shares: numbers within a range, ids, references to ids and
//! partner kinds, each reported at its key path.

use super::Validator;
use crate::scenario::PARTNER_KINDS;
use crate::scenario::locate::Seg;
use crate::suggest;

impl Validator<'_> {
    /// A finite amount within [lo, hi]; reports and returns `default` otherwise.
    pub(super) fn num(
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

    pub(super) fn int(
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
