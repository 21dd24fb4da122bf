//! `extends = "other.toml"`: the merge semantics against a file written out by hand, chains
//! across directories, and snapshots of the errors (cycle, missing file, syntax and values
//! located in the base file) under `tests/fixtures/extends/`.

use samen::Scenario;
use samen::error::{Error, Severity, render};
use samen::scenario::Loaded;
use std::path::Path;

const DIR: &str = "tests/fixtures/extends";

fn load(name: &str) -> Result<Loaded, Error> {
    Scenario::load(&Path::new(DIR).join(name))
}

/// What `samen check` prints for a fixture that must fail validation.
fn rendered(name: &str) -> String {
    match load(name) {
        Err(Error::Invalid { diagnostics, .. }) => {
            assert!(diagnostics.iter().any(|d| d.severity == Severity::Error));
            render(&diagnostics)
        }
        Err(other) => panic!("{name}: expected a validation error, got {other}"),
        Ok(_) => panic!("{name}: expected a validation error"),
    }
}

#[test]
fn a_child_file_means_the_same_as_the_merge_written_out() {
    let child = load("child.toml").unwrap();
    let flat = load("flat.toml").unwrap();
    assert_eq!(child.scenario, flat.scenario);
    let names =
        |l: &Loaded| -> Vec<String> { l.alternatives.iter().map(|a| a.name.clone()).collect() };
    assert_eq!(names(&child), ["a and b only", "without d"], "base first");
    assert_eq!(names(&child), names(&flat));
    for (a, b) in child.alternatives.iter().zip(&flat.alternatives) {
        assert_eq!(a.scenario, b.scenario, "{}", a.name);
    }
    // The specific merges, spelled out.
    let s = &child.scenario;
    assert_eq!(s.horizon, 8);
    assert_eq!(s.base_year, 2026, "kept from the base");
    assert_eq!(
        s.salary_by_kind["gemeente"], 60000.0,
        "sub-table merged key by key"
    );
    assert_eq!(s.salary_by_kind["ocmw"], 58000.0);
    let ids: Vec<&str> = s.partners.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["a", "b", "c", "d"],
        "same id merged in place, new id appended"
    );
    let b = &s.partners[1];
    assert_eq!(
        (b.drivers["staff"], b.drivers["population"]),
        (120.0, 20000.0)
    );
    assert_eq!(b.locked_until, [2, 1], "locked_until merged per domain");
    assert_eq!(s.domains[0].shared.fixed_cost, 45000.0);
    assert_eq!(
        s.domains[0].shared.unit_cost, 180.0,
        "deep merge of `shared`"
    );
    assert_eq!(s.domains[0].shared.scale.points.len(), 2, "arrays replace");
    assert_eq!(s.forms[1].setup_cost, 90000.0);
    assert_eq!(s.forms[1].governance_fixed, 30000.0);
    assert_eq!(s.constraints.never_together, [(2, 3)], "arrays replace");
}

#[test]
fn chains_resolve_relative_to_each_file() {
    let g = load("sub/grandchild.toml").unwrap();
    let child = load("child.toml").unwrap();
    assert_eq!(g.scenario.name, "extends grandchild");
    assert_eq!(g.scenario.discount_rate, 0.04);
    assert_eq!(g.scenario.horizon, 8, "from the middle file");
    assert_eq!(g.scenario.partners[3].drivers["population"], 16000.0);
    assert_eq!(g.scenario.partners[3].drivers["staff"], 80.0);
    assert_eq!(g.scenario.partners.len(), child.scenario.partners.len());
    assert_eq!(g.alternatives.len(), 2);
}

#[test]
fn text_with_extends_needs_a_directory() {
    let text = std::fs::read_to_string(Path::new(DIR).join("child.toml")).unwrap();
    let Err(Error::Invalid { diagnostics, .. }) = Scenario::from_toml(&text, "child.toml") else {
        panic!("from_toml has no directory to resolve `extends` in")
    };
    insta::assert_snapshot!("text_without_directory", render(&diagnostics));
    let in_dir = Scenario::from_toml_in(&text, "child.toml", Path::new(DIR)).unwrap();
    assert_eq!(in_dir.scenario, load("child.toml").unwrap().scenario);
}

macro_rules! fixture {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(
                stringify!($name),
                rendered(concat!(stringify!($name), ".toml"))
            );
        }
    )*};
}

fixture!(
    cycle_a,
    missing,
    syntax_in_base,
    unknown_key_in_base,
    bad_values,
    alt_error,
);

#[test]
fn value_errors_name_the_file_that_holds_the_value() {
    let Err(Error::Invalid { diagnostics, .. }) = load("bad_values.toml") else {
        panic!("expected errors")
    };
    let files: Vec<(&str, &str)> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.path.as_str(), d.file.as_str()))
        .collect();
    assert!(files.contains(&(
        "partner[a].population",
        "tests/fixtures/extends/bad_values_base.toml"
    )));
    assert!(files.contains(&("partner[b].staff", "tests/fixtures/extends/bad_values.toml")));
    assert!(files.contains(&(
        "form[informal].domains[1]",
        "tests/fixtures/extends/bad_values.toml"
    )));
}
