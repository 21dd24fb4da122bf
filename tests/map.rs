//! `samen solve --map`: an SVG with one panel per domain and one dot per partner in each.

use assert_cmd::Command;
use predicates::prelude::*;
use samen::Scenario;
use samen::plan::Plan;
use samen::solver::SolveOptions;
use std::path::Path;

fn region_leuven() -> Scenario {
    Scenario::load(Path::new("scenarios/region-leuven.toml"))
        .unwrap()
        .scenario
}

fn circles(svg: &str) -> usize {
    svg.matches("<circle").count()
}

#[test]
fn a_solved_plan_is_drawn_with_one_dot_per_partner_per_domain() {
    let s = region_leuven();
    let out = samen::solve::optimise(&s, &SolveOptions::default()).unwrap();
    assert!(!out.plan.groups.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    samen::report::map::render_map(&s, &out.plan, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..80]
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(circles(&svg), s.partners.len() * s.domains.len());
    for d in &s.domains {
        assert!(svg.contains(&d.name), "no panel for {}", d.id);
    }
    // Twelve partners: every dot is labelled with its partner's name.
    assert!(svg.contains("Tienen (gemeente + OCMW)"));
    // One site marker per group.
    let sites = out
        .plan
        .groups
        .iter()
        .filter(|g| samen::costs::site(&s, &g.members, g.domain, g.form).is_some())
        .count();
    assert!(sites > 0);
    assert_eq!(svg.matches("<rect").count(), 1 + s.domains.len() + sites);
    // Nothing left behind next to the map (written through a temp file, then renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn everyone_alone_is_all_grey_and_deterministic() {
    let s = region_leuven();
    let a = samen::report::map::map_svg(&s, &Plan::default()).unwrap();
    assert_eq!(circles(&a), s.partners.len() * s.domains.len());
    assert_eq!(a.matches("fill=\"#AAAAAA\"").count(), circles(&a));
    assert_eq!(
        a,
        samen::report::map::map_svg(&s, &Plan::default()).unwrap()
    );
}

#[test]
fn partners_without_locations_are_a_clear_error() {
    let s = Scenario::load(Path::new("tests/fixtures/small.toml"))
        .unwrap()
        .scenario;
    let err = samen::report::map::map_svg(&s, &Plan::default()).unwrap_err();
    assert!(err.to_string().contains("needs a `location"), "{err}");
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn solve_map_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("plan.svg");
    Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", "scenarios/region-leuven.toml", "--map"])
        .arg(&map)
        .assert()
        .success()
        .stdout(predicate::str::contains("Plan NPV"));
    assert!(std::fs::read_to_string(&map).unwrap().starts_with("<svg"));
    // Refused before solving, and nothing written.
    let missing = dir.path().join("small.svg");
    Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", "tests/fixtures/small.toml", "--map"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("location"));
    assert!(!missing.exists());
}
