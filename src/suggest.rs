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

/// A type error of the file format (serde's `invalid type: string "3%", expected f64`) in a
/// planner's words, with what to write; `None` for other messages.
pub fn type_error(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let wanted = match expected {
        "f64" | "a number" => "a number",
        "i64" | "u64" | "usize" | "an integer" => "a whole number",
        "a boolean" => "true or false",
        "a string" => "text in quotes",
        other => other,
    };
    let found = match found.strip_prefix("string ") {
        Some(text) => format!("text {text}"),
        None => found.replace('`', ""),
    };
    if let Some((what, example)) = expected.strip_prefix("struct ").and_then(shape_of) {
        return Some((
            format!("expected {what}, found {found}"),
            format!("write it as {example}"),
        ));
    }
    Some((
        format!("expected {wanted}, found {found}"),
        write_instead(&found, wanted),
    ))
}

/// The entries of the file format that are tables, as a planner names them, with an example
/// of the right shape (serde names them by their Rust type, `struct RawKeepInHouse`).
const SHAPES: &[(&str, &str, &str)] = &[
    (
        "RawKeepInHouse",
        "a keep-in-house rule (a table)",
        "{ partner = \"ocmw-tervuren\", domain = \"security\" }",
    ),
    (
        "RawMustTogether",
        "a must-together rule (a table)",
        "{ partners = [\"kortenberg\", \"ocmw-kortenberg\"], domain = \"network\" }",
    ),
    (
        "RawGroupRef",
        "a group (a table)",
        "{ domain = \"servers\", form = \"dv\", members = [\"a\", \"b\"] }",
    ),
    (
        "RawLocation",
        "a location (a table)",
        "{ lat = 50.88, lon = 4.70 } (WGS84 degrees)",
    ),
    (
        "RawSheet",
        "a cost sheet (a table)",
        "[domain.standalone] with keys such as fixed_cost = 30000 and unit_cost = 200",
    ),
    (
        "RawScenario",
        "the [scenario] table",
        "[scenario] with base_year = 2026 and horizon = 10",
    ),
    (
        "RawConstraints",
        "the [constraints] table",
        "[constraints] with keys such as max_group_size = 4",
    ),
    (
        "RawPartner",
        "a partner (a [[partner]] table)",
        "[[partner]] with id = \"a\", kind = \"gemeente\" and its drivers",
    ),
    (
        "RawDomain",
        "a domain (a [[domain]] table)",
        "[[domain]] with id, driver, [domain.standalone] and [domain.shared]",
    ),
    (
        "RawForm",
        "a form (a [[form]] table)",
        "[[form]] with id = \"informal\" and its costs",
    ),
    (
        "RawAlternative",
        "an alternative (a [[alternative]] table)",
        "[[alternative]] with name = \"trio without Machelen\" and what it changes",
    ),
    (
        "RawUncertain",
        "an uncertain input (a [[uncertain]] table)",
        "[[uncertain]] with name, set = [\"scenario.salary_per_fte\"] and a distribution",
    ),
    (
        "RawCorrelation",
        "a correlation (a [[correlation]] table)",
        "{ between = [\"salaries\", \"integration\"], coefficient = 0.5 }",
    ),
    (
        "RawCriterion",
        "a criterion (a [[criterion]] table)",
        "[[criterion]] with id = \"autonomy\" and alone = 1.0",
    ),
];

/// The Rust type of the tables a key holds a list of (`keep_in_house = [{ ... }]`).
const LISTS: &[(&str, &str)] = &[
    ("keep_in_house", "RawKeepInHouse"),
    ("must_together", "RawMustTogether"),
    ("force", "RawGroupRef"),
    ("forbid", "RawGroupRef"),
    ("partner", "RawPartner"),
    ("domain", "RawDomain"),
    ("form", "RawForm"),
    ("alternative", "RawAlternative"),
    ("uncertain", "RawUncertain"),
    ("correlation", "RawCorrelation"),
    ("criterion", "RawCriterion"),
];

/// For a key that holds a list of tables, the planner's name of one and an example.
pub fn shape_of_list(key: &str) -> Option<(&'static str, &'static str)> {
    let (_, rust_type) = LISTS.iter().find(|(k, _)| *k == key)?;
    shape_of(rust_type)
}

/// The planner's name and an example of the table whose Rust type serde names.
fn shape_of(rust_type: &str) -> Option<(&'static str, &'static str)> {
    (SHAPES.iter())
        .find(|(name, _, _)| *name == rust_type)
        .map(|(_, what, example)| (*what, *example))
}

/// What to write instead of a value of the wrong type.
fn write_instead(found: &str, wanted: &str) -> String {
    let text = found
        .strip_prefix("text \"")
        .and_then(|t| t.strip_suffix('"'));
    let percent = text
        .and_then(|t| t.trim().strip_suffix('%'))
        .and_then(|t| t.trim().replace(',', ".").parse::<f64>().ok());
    match (percent, text) {
        (Some(p), _) => format!("write {} (a share: {p}% = {})", p / 100.0, p / 100.0),
        (None, Some(t)) if wanted != "text in quotes" => {
            format!(
                "write {wanted} without quotes, e.g. {}",
                t.trim().replace(['.', ' '], "")
            )
        }
        _ if wanted == "text in quotes" => format!("write it in quotes, e.g. \"{found}\""),
        _ => format!("write {wanted}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_say_what_to_write() {
        let (m, h) = type_error("invalid type: string \"3%\", expected f64").unwrap();
        assert_eq!(m, "expected a number, found text \"3%\"");
        assert_eq!(h, "write 0.03 (a share: 3% = 0.03)");
        let (m, h) = type_error("invalid type: string \"20.000\", expected f64").unwrap();
        assert_eq!(m, "expected a number, found text \"20.000\"");
        assert!(h.contains("without quotes, e.g. 20000"), "{h}");
        let (m, _) = type_error("invalid type: floating point `2.5`, expected i64").unwrap();
        assert_eq!(m, "expected a whole number, found floating point 2.5");
        assert!(type_error("unknown field `x`").is_none());
    }

    #[test]
    fn a_rule_of_the_wrong_shape_shows_the_right_shape() {
        let (m, h) =
            type_error("invalid type: string \"a\", expected struct RawKeepInHouse").unwrap();
        assert_eq!(
            m,
            "expected a keep-in-house rule (a table), found text \"a\""
        );
        assert!(h.contains("{ partner = "), "{h}");
        let (m, h) = type_error("invalid type: sequence, expected struct RawMustTogether").unwrap();
        assert!(m.starts_with("expected a must-together rule"), "{m}");
        assert!(h.contains("partners = ["), "{h}");
    }

    /// Every table of the file format has a shape, so no message names a Rust type.
    #[test]
    fn every_raw_table_has_a_shape() {
        let raw = include_str!("scenario/raw.rs");
        let names = (raw.lines())
            .filter_map(|l| l.strip_prefix("pub struct ")?.split(' ').next())
            .filter(|name| name.starts_with("Raw") && *name != "RawFile");
        for name in names {
            assert!(shape_of(name).is_some(), "no shape for {name}");
        }
    }
}
