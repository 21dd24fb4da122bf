//! One fixture per class of input error under `tests/fixtures/invalid/`, with a snapshot of
//! the rendered message: file, line, column, key path, the offending line and a hint.

use samen::Scenario;
use samen::error::{Error, Severity, render};
use std::path::Path;

/// Renders what `samen check` prints for a fixture: every error, or the warnings of a valid
/// scenario.
fn rendered(name: &str) -> String {
    let path = Path::new("tests/fixtures/invalid").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let file = format!("{name}.toml");
    match Scenario::from_toml(&text, &file) {
        Err(Error::Invalid { diagnostics, .. }) => {
            assert!(diagnostics.iter().any(|d| d.severity == Severity::Error));
            render(&diagnostics)
        }
        Err(other) => panic!("{name}: expected a validation error, got {other}"),
        Ok(loaded) => {
            assert!(!loaded.warnings.is_empty(), "{name}: expected warnings");
            format!("(valid, with warnings)\n{}", render(&loaded.warnings))
        }
    }
}

macro_rules! fixture {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), rendered(stringify!($name)));
        }
    )*};
}

fixture!(
    unknown_key,
    syntax_error,
    negative_amount,
    unknown_kind,
    unknown_driver,
    zero_horizon,
    discount_rate,
    duplicate_id,
    min_above_max,
    unsorted_scale,
    unknown_references,
    one_partner,
    support_and_lockin,
    capex_without_lifetime,
    alternative_override,
);

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_position() {
    let text = std::fs::read_to_string("tests/fixtures/invalid/unknown_references.toml").unwrap();
    let Err(Error::Invalid { diagnostics, .. }) = Scenario::from_toml(&text, "x.toml") else {
        panic!("expected errors")
    };
    assert!(diagnostics.len() >= 3, "{diagnostics:?}");
    let lines: Vec<usize> = diagnostics
        .iter()
        .map(|d| d.location.unwrap().line)
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert!(diagnostics.iter().all(|d| !d.path.is_empty()));
}
