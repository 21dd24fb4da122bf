//! "Did you mean …?": the one place that guesses which known name a misspelt one was meant to
//! be, and words the hint.
//!
//! Every module that resolves names typed by a user (scenario ids and keys, plan ids, key
//! attributes, game players, area names) asks here, so that one typo is judged the same way
//! everywhere. Depends on nothing else in the crate.

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn closest<'a>(got: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(got, c), c))
        .filter(|&(d, c)| d < got.chars().count() && d <= (c.len().max(got.len()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// "did you mean `best`?" when one of `known` is close to `got`.
pub fn did_you_mean<S: AsRef<str>>(got: &str, known: &[S]) -> Option<String> {
    did_you_mean_as(got, known, "")
}

/// Like [`did_you_mean`], the suggestion written as `{prefix}{best}` (an override key path
/// names its table before the id).
pub fn did_you_mean_as<S: AsRef<str>>(got: &str, known: &[S], prefix: &str) -> Option<String> {
    closest(got, known.iter().map(AsRef::as_ref))
        .map(|best| format!("did you mean `{prefix}{best}`?"))
}

/// The message and hint for an id that names nothing: "unknown partner `x`", and either
/// "did you mean `y`?" or, when nothing is close, "known partner ids: a, b, c".
pub fn unknown_id<S: AsRef<str>>(what: &str, got: &str, known: &[S]) -> (String, String) {
    unknown_id_as(what, got, known, "")
}

/// Like [`unknown_id`], the suggestion written as `{prefix}{best}`.
pub fn unknown_id_as<S: AsRef<str>>(
    what: &str,
    got: &str,
    known: &[S],
    prefix: &str,
) -> (String, String) {
    let hint = did_you_mean_as(got, known, prefix)
        .unwrap_or_else(|| format!("known {what} ids: {}", list(known)));
    (format!("unknown {what} `{got}`"), hint)
}

/// The names joined by ", ", the way every hint lists them.
pub fn list<S: AsRef<str>>(names: &[S]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    names.join(", ")
}

/// A hint for serde's "unknown field `x`, expected one of `a`, `b`" message: the closest
/// expected field, else all of them.
pub fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (got, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    Some(
        did_you_mean(got, &expected)
            .unwrap_or_else(|| format!("allowed keys here: {}", list(&expected))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_is_suggested_and_a_stranger_is_not() {
        assert_eq!(
            closest("servr", ["servers", "mail"].into_iter()),
            Some("servers")
        );
        assert_eq!(closest("x", ["a", "b"].into_iter()), None);
    }

    #[test]
    fn unknown_ids_suggest_or_list() {
        let known = ["servers", "mail"];
        assert_eq!(
            unknown_id("domain", "server", &known),
            (
                "unknown domain `server`".into(),
                "did you mean `servers`?".into()
            )
        );
        assert_eq!(
            unknown_id("partner", "c", &["a", "b"]).1,
            "known partner ids: a, b"
        );
        assert_eq!(
            unknown_id_as("form", "dvv", &["dv"], "form.").1,
            "did you mean `form.dv`?"
        );
    }

    #[test]
    fn serde_unknown_fields_get_the_closest_key() {
        let m = "unknown field `populaton`, expected one of `id`, `population`";
        assert_eq!(
            unknown_field_hint(m).as_deref(),
            Some("did you mean `population`?")
        );
        let m = "unknown field `zzz`, expected `id` or `name`";
        assert_eq!(
            unknown_field_hint(m).as_deref(),
            Some("allowed keys here: id, name")
        );
        assert_eq!(unknown_field_hint("missing field `id`"), None);
    }
}
