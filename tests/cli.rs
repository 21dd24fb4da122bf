//! The command line on the test fixtures: every subcommand, every output format, exit codes,
//! atomic output, refusal to overwrite inputs, broken pipes; JSON snapshots (insta) of the
//! stable contract.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::io::Read;
use std::process::Stdio;

const SMALL: &str = "tests/fixtures/small.toml";

fn samen() -> Command {
    Command::cargo_bin("samen").unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = samen().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn check_prints_a_summary() {
    samen()
        .args(["check", SMALL])
        .assert()
        .success()
        .stdout(predicate::str::contains("Candidate groups (size 2..3): 4"));
}

#[test]
fn solve_json_is_the_stable_contract_and_conserves_money() {
    let v = json(&["solve", SMALL, "--format", "json"]);
    for key in [
        "status",
        "objective_npv",
        "baseline_npv",
        "partners",
        "groups",
        "years",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["status"], "optimal");
    let objective = v["objective_npv"].as_f64().unwrap();
    let partners: f64 = v["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["plan_npv"].as_f64().unwrap())
        .sum();
    let years: f64 = v["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["cash"].as_f64().unwrap() * y["discount_factor"].as_f64().unwrap())
        .sum();
    assert!((partners - objective).abs() < 1e-6 * objective);
    assert!((years - objective).abs() < 1e-6 * objective);
    assert!(objective <= v["baseline_npv"].as_f64().unwrap());
    for g in v["groups"].as_array().unwrap() {
        for key in ["domain", "form", "members", "start_year"] {
            assert!(g.get(key).is_some(), "group lacks {key}");
        }
    }
    insta::assert_json_snapshot!("solve_small", v, {
        ".solve.build_seconds" => "[seconds]",
        ".solve.solve_seconds" => "[seconds]",
        ".solve.objective" => "[objective]",
        ".solve.bound" => "[bound]",
        ".solve.solver" => "[solver]",
    });
}

#[test]
fn solve_csv_is_long_format() {
    let out = samen()
        .args(["solve", SMALL, "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(r.headers().unwrap(), vec!["table", "key", "field", "value"]);
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert!(
        rows.iter()
            .any(|r| &r[0] == "summary" && &r[2] == "objective_npv")
    );
    assert!(
        rows.iter()
            .any(|r| &r[0] == "partners" && &r[1] == "a" && &r[2] == "plan_npv")
    );
}

#[test]
fn solve_table_has_the_headline_and_the_tables() {
    samen()
        .args(["solve", SMALL])
        .assert()
        .success()
        .stdout(predicate::str::contains("Plan NPV"))
        .stdout(predicate::str::contains(
            "Partners (plan costs split by the volume key)",
        ))
        .stdout(predicate::str::contains("(residual value)"));
}

#[test]
fn output_is_written_atomically_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    samen()
        .args(["solve", SMALL, "--format", "json", "--output"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["status"], "optimal");
    // Writing over the scenario itself is refused, and the scenario is untouched.
    let copy = dir.path().join("scenario.toml");
    std::fs::copy(SMALL, &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    samen()
        .args(["solve"])
        .arg(&copy)
        .arg("--output")
        .arg(&copy)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("it is an input of this run"));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn invalid_input_exits_2_with_a_located_message() {
    samen()
        .args(["check", "tests/fixtures/invalid/unknown_kind.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: `partner[1].kind`: unknown partner kind `ocwm`",
        ))
        .stderr(predicate::str::contains(
            "--> tests/fixtures/invalid/unknown_kind.toml:14:8",
        ))
        .stderr(predicate::str::contains("did you mean `ocmw`?"));
}

#[test]
fn infeasible_exits_3_and_says_why_also_in_json() {
    let out = samen()
        .args([
            "solve",
            "tests/fixtures/infeasible/budget.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "infeasible");
    assert!(v["explanation"].as_str().unwrap().contains("budget"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("short by"));
}

#[test]
fn evaluate_reports_a_hand_made_plan() {
    let v = json(&[
        "evaluate",
        SMALL,
        "--plan",
        "tests/fixtures/plans/small-informal-pair.toml",
        "--format",
        "json",
    ]);
    assert_eq!(v["status"], "evaluated");
    assert_eq!(v["groups"][0]["members"], serde_json::json!(["a", "b"]));
    // Informal sharing of a and b's servers saves in total but costs a more than alone.
    let violations = v["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0]["rule"], "rational[a]");
    assert!(
        violations[0]["message"]
            .as_str()
            .unwrap()
            .contains("more than its NPV alone of EUR 1,758,652")
    );
    // It costs no less than the optimum.
    let best = json(&["solve", SMALL, "--format", "json"]);
    assert!(v["objective_npv"].as_f64().unwrap() >= best["objective_npv"].as_f64().unwrap() - 1e-6);
}

#[test]
fn evaluate_names_the_rule_a_plan_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let limited = dir.path().join("small-limited.toml");
    let text = std::fs::read_to_string(SMALL).unwrap() + "\n[constraints]\nmax_group_size = 2\n";
    std::fs::write(&limited, text).unwrap();
    samen()
        .arg("evaluate")
        .arg(&limited)
        .args(["--plan", "tests/fixtures/plans/small-too-big.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("THE PLAN BREAKS THESE RULES"))
        .stdout(predicate::str::contains(
            "above constraints.max_group_size = 2",
        ));
}

#[test]
fn evaluate_rejects_unknown_ids_in_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "[[group]]\ndomain = \"server\"\nform = \"informal\"\nmembers = [\"a\", \"b\"]\n",
    )
    .unwrap();
    samen()
        .args(["evaluate", SMALL, "--plan"])
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown domain `server`"))
        .stderr(predicate::str::contains("did you mean `servers`?"));
}

#[test]
fn export_writes_lp_and_mps() {
    let dir = tempfile::tempdir().unwrap();
    let lp = dir.path().join("m.lp");
    let mps = dir.path().join("m.mps");
    samen()
        .args(["export", SMALL, "--lp"])
        .arg(&lp)
        .arg("--mps")
        .arg(&mps)
        .assert()
        .success();
    let lp = std::fs::read_to_string(lp).unwrap();
    assert!(lp.contains("cover(a,servers):"));
    assert!(lp.contains("x(a&b&c|servers|dv)"));
    let mps = std::fs::read_to_string(mps).unwrap();
    assert!(mps.starts_with("NAME samen"));
    assert!(mps.contains(" E cover[a,servers]"));
    assert!(mps.trim_end().ends_with("ENDATA"));
}

#[test]
fn scale_and_priorities_run_and_draw() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("scale.svg");
    let v = json(&[
        "scale",
        SMALL,
        "--format",
        "json",
        "--chart",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(v["overall"]["points"].as_array().unwrap().len(), 3);
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let p = json(&["priorities", SMALL, "--format", "json"]);
    assert_eq!(p["domains"][0]["domain"], "servers");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("samen"))
        .args(["solve", SMALL])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the rest of the report hits a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn allocate_a_game_file_and_a_scenario() {
    let v = json(&[
        "allocate",
        "--game",
        "tests/fixtures/games/glove.toml",
        "--format",
        "json",
    ]);
    assert_eq!(v["kind"], "profit");
    assert_eq!(v["core_nonempty"], true);
    let v = json(&[
        "allocate",
        SMALL,
        "--method",
        "shapley,nucleolus",
        "--format",
        "json",
    ]);
    assert_eq!(v["splits"].as_array().unwrap().len(), 2);
    samen()
        .args(["solve", SMALL, "--split", "nucleolus"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Split by nucleolus (in the core)"));
    samen()
        .args(["allocate", SMALL, "--method", "fair"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown split method `fair`"));
}
