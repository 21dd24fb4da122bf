//! `samen check`'s plausibility review, one hand-made case per finding: values that are valid
//! but probably wrong, and the staff a partner's sheets need against what it declares.

use samen::Scenario;
use samen::plausibility::{cost_per_inhabitant, fte_need, review};

/// Two partners, one domain whose standalone sheet needs 2 FTE and costs EUR 100,000 a year.
fn scenario(settings: &str, a: &str) -> Scenario {
    let text = format!(
        r#"
[scenario]
name = "plausibility"
base_year = 2026
horizon = 5
{settings}

[[partner]]
id = "a"
kind = "gemeente"
population = 10000
staff = 100
ict_fte = 2
{a}

[[partner]]
id = "b"
kind = "ocmw"
municipality = "a"
population = 0
staff = 50
ict_fte = 2

[[domain]]
id = "servers"
driver = "staff"
[domain.standalone]
fixed_cost = 100000
fte_fixed = 2
capex_fixed = 10000
lifetime = 5
[domain.shared]
fixed_cost = 150000
fte_fixed = 3
"#
    );
    Scenario::from_toml(&text, "plausibility.toml")
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario
}

fn findings(s: &Scenario) -> Vec<String> {
    review(s).into_iter().map(|f| f.at).collect()
}

#[test]
fn a_plausible_scenario_has_no_findings() {
    assert_eq!(findings(&scenario("", "")), Vec::<String>::new());
}

#[test]
fn a_staff_gap_is_found_with_its_cost() {
    // Needs 2 FTE (fte_fixed), declares 1: a gap of 1 FTE at the default EUR 65,000.
    let mut s = scenario("", "");
    s.partners[0].ict_fte = 1.0;
    assert_eq!(fte_need(&s, 0), 2.0);
    let f = review(&s);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].at, "partner.a.ict_fte");
    assert!(f[0].message.contains("need 2.0 FTE"), "{}", f[0].message);
    assert!(f[0].message.contains("EUR 65,000"), "{}", f[0].message);
}

#[test]
fn suspicious_values_are_each_found() {
    let low_salary = scenario("salary_per_fte = 6500", "");
    assert_eq!(findings(&low_salary), ["scenario.salary_per_fte"]);
    let swapped = scenario("", "location = { lat = 4.5, lon = 50.9 }");
    let f = review(&swapped);
    assert_eq!(f[0].at, "partner.a.location");
    assert!(f[0].hint.contains("swapped"), "{}", f[0].hint);
    let abroad = scenario("", "location = { lat = 48.85, lon = 2.35 }");
    assert!(!review(&abroad)[0].hint.contains("swapped"));
    let mut fractional = scenario("", "");
    fractional.partners[0]
        .drivers
        .insert("population".into(), 12.5);
    assert_eq!(findings(&fractional), ["partner.a.population"]);
    let mut short = scenario("", "");
    short.horizon = 3;
    assert!(findings(&short).contains(&"scenario.horizon".to_string()));
}

#[test]
fn cost_per_inhabitant_counts_a_gemeente_with_its_ocmw() {
    let s = scenario("", "");
    let c = cost_per_inhabitant(&s);
    assert_eq!(c.len(), 1, "the OCMW belongs to the gemeente");
    assert_eq!(c[0].0, "a");
    assert_eq!(c[0].1, 10000.0);
    // Each partner alone: EUR 100,000 a year, 2 FTE at EUR 65,000, and EUR 10,000 of capex
    // once in five years: (2 x (100,000 + 130,000) x 5 + 2 x 10,000) / 5 / 10,000 inhabitants.
    let expected = (2.0 * (100_000.0 + 130_000.0) * 5.0 + 2.0 * 10_000.0) / 5.0 / 10_000.0;
    assert!((c[0].2 - expected).abs() < 1e-6, "{} vs {expected}", c[0].2);
}

#[test]
fn a_retained_organisation_above_the_need_alone_is_found() {
    // a's sheet needs 2 FTE alone; keeping 3 whatever it shares means paying 3 even alone.
    let s = scenario("", "retained_fte = 3");
    assert_eq!(findings(&s), ["partner.a.retained_fte"]);
    let message = &review(&s)[0].message;
    assert!(
        message.contains("3.0 FTE") && message.contains("2.0 FTE"),
        "{message}"
    );
    // At or below the need it is the regie part of the staff: no finding.
    assert!(findings(&scenario("", "retained_fte = 1")).is_empty());
}
