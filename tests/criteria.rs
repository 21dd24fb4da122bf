//! Non-monetary criteria (`[[criterion]]`), end to end and hand-computed: a minimum score
//! just below and just above the best score a plan can reach, and the weighted objective
//! flipping the choice at the value in euro worked out below, in both formulations.
//!
//! The scenario: partners a (1,000 inhabitants) and b (3,000) run `servers` alone at EUR
//! 10,000 a year each, or share it under `ilv` at EUR 10,000 a year together (split 1:3 by
//! the volume key, so each saves). One year, no discounting: everyone alone costs an NPV of
//! EUR 20,000, the shared plan EUR 10,000. Autonomy scores 1 alone and 0.4 under `ilv`;
//! quality 0.3 alone and 0.8 under `ilv`. With one domain every cell weighs the same, so the
//! shared plan scores 0.4 on autonomy and 0.8 on quality, everyone alone 1 and 0.3.

mod common;

use common::{close, solvers};
use samen::Error;
use samen::Scenario;
use samen::criteria;
use samen::solve::{Formulation, Outcome, optimise_with};
use samen::solver::SolveOptions;

/// Margin of the min tests around a reachable score: far above the solver's and the
/// evaluator's tolerances (1e-6), far below the gap to the next reachable score.
const MARGIN: f64 = 1e-4;

fn scenario(criteria: &str) -> Scenario {
    let text = format!(
        r#"
[scenario]
base_year = 2026
horizon = 1
discount_rate = 0.0
[[partner]]
id = "a"
kind = "gemeente"
population = 1000
[[partner]]
id = "b"
kind = "gemeente"
population = 3000
[[domain]]
id = "servers"
driver = "population"
[domain.standalone]
fixed_cost = 10000
[domain.shared]
fixed_cost = 10000
[[form]]
id = "ilv"
scores = {{ autonomy = 0.4, quality = 0.8 }}
{criteria}
"#
    );
    Scenario::from_toml(&text, "criteria.toml")
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario
}

fn autonomy(extra: &str) -> String {
    format!(
        "[[criterion]]\nid = \"autonomy\"\nalone = 1.0\n{extra}\n[[criterion]]\nid = \"quality\"\nalone = 0.3\n"
    )
}

fn quality(extra: &str) -> String {
    format!(
        "[[criterion]]\nid = \"autonomy\"\nalone = 1.0\n[[criterion]]\nid = \"quality\"\nalone = 0.3\n{extra}\n"
    )
}

/// Every solver, both formulations.
fn each(s: &Scenario, check: impl Fn(Result<Outcome, Error>, &str)) {
    for solver in solvers() {
        for f in [Formulation::Columns, Formulation::Hubs] {
            let opts = SolveOptions {
                solver,
                mip_gap: 0.0,
                ..SolveOptions::default()
            };
            check(optimise_with(s, &opts, f), &format!("{solver:?} {f:?}"));
        }
    }
}

fn shares(out: &Outcome) -> bool {
    !out.plan.groups.is_empty()
}

#[test]
fn without_a_minimum_or_a_value_the_cheapest_plan_shares_and_scores_as_computed() {
    let s = scenario(&autonomy(""));
    each(&s, |out, how| {
        let out = out.unwrap();
        assert!(shares(&out), "{how}");
        assert!(close(out.evaluation.npv(&s), 10_000.0, 1e-9), "{how}");
        let scores = criteria::scores(&s, &out.plan);
        assert!((scores[0].score - 0.4).abs() < 1e-12, "{how}");
        assert!((scores[1].score - 0.8).abs() < 1e-12, "{how}");
        assert_eq!(scores[0].alone, 1.0);
    });
}

/// Autonomy at least 0.4 − margin: the shared plan (0.4) passes; at least 0.4 + margin: only
/// everyone alone (1.0) does, at twice the cost.
#[test]
fn a_minimum_autonomy_just_above_the_shared_plan_keeps_everyone_alone() {
    let below = scenario(&autonomy(&format!("min = {}", 0.4 - MARGIN)));
    each(&below, |out, how| assert!(shares(&out.unwrap()), "{how}"));
    let above = scenario(&autonomy(&format!("min = {}", 0.4 + MARGIN)));
    each(&above, |out, how| {
        let out = out.unwrap();
        assert!(!shares(&out), "{how}");
        assert!(close(out.evaluation.npv(&above), 20_000.0, 1e-9), "{how}");
    });
}

/// Quality: the best any plan reaches is 0.8 (shared). At least 0.8 − margin is feasible; at
/// least 0.8 + margin is not, and the explanation names the criterion and the closest score.
#[test]
fn a_minimum_quality_just_above_the_best_plan_is_infeasible_and_explained() {
    let below = scenario(&quality(&format!("min = {}", 0.8 - MARGIN)));
    each(&below, |out, how| assert!(shares(&out.unwrap()), "{how}"));
    let above = scenario(&quality(&format!("min = {}", 0.8 + MARGIN)));
    each(&above, |out, how| match out {
        Err(Error::Infeasible(why)) if how.contains("Columns") => {
            assert!(why.contains("criterion `quality`"), "{how}: {why}");
            assert!(
                why.contains("the closest plan scores 0.8000"),
                "{how}: {why}"
            );
        }
        Err(Error::Infeasible(_)) => {}
        other => panic!(
            "{how}: expected infeasible, got {:?}",
            other.map(|o| o.plan)
        ),
    });
}

/// Objective NPV − V · autonomy: alone 20,000 − V · 1, shared 10,000 − V · 0.4. Sharing wins
/// while 10,000 − 0.4 V < 20,000 − V, i.e. V < 10,000 / 0.6 = 16,666.67 euro.
#[test]
fn the_value_of_autonomy_flips_the_plan_at_the_hand_computed_value() {
    let flip = 10_000.0 / 0.6;
    let cheap = scenario(&autonomy(&format!("value_eur = {}", flip - 100.0)));
    each(&cheap, |out, how| {
        let out = out.unwrap();
        assert!(shares(&out), "{how}");
        let objective = 10_000.0 - (flip - 100.0) * 0.4;
        assert!(close(out.info.objective, objective, 1e-9), "{how}");
    });
    let dear = scenario(&autonomy(&format!("value_eur = {}", flip + 100.0)));
    each(&dear, |out, how| {
        let out = out.unwrap();
        assert!(!shares(&out), "{how}");
        assert!(
            close(out.info.objective, 20_000.0 - (flip + 100.0), 1e-9),
            "{how}"
        );
        // The NPV reported is the plan's cost, not the objective.
        assert!(close(out.evaluation.npv(&dear), 20_000.0, 1e-9), "{how}");
    });
}

/// A plan given by hand below a minimum breaks the rule `min_score[ID]`.
#[test]
fn evaluate_reports_a_plan_below_a_minimum() {
    let s = scenario(&autonomy("min = 0.5"));
    let plan = samen::plan::Plan::new(vec![samen::plan::Group {
        domain: 0,
        form: 0,
        members: vec![0, 1],
        start: None,
    }]);
    let ev = samen::evaluate::evaluate(&s, &plan);
    assert_eq!(ev.violations.len(), 1);
    assert_eq!(ev.violations[0].rule, "min_score[autonomy]");
}

/// A score on an unknown criterion is a located error with a did-you-mean; a form without a
/// score on some criterion is an error naming it.
#[test]
fn unknown_and_missing_scores_are_located_errors() {
    let text = std::fs::read_to_string("tests/fixtures/infeasible/min_score.toml").unwrap();
    let typo = text.replace("scores = { quality = 0.8 }", "scores = { qualty = 0.8 }");
    let e = Scenario::from_toml(&typo, "typo.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown criterion `qualty`"), "{e}");
    assert!(e.contains("did you mean `quality`?"), "{e}");
    assert!(e.contains("form[ilv].scores.qualty"), "{e}");
    let missing = text.replace("scores = { quality = 0.8 }", "");
    let e = Scenario::from_toml(&missing, "missing.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the form has no score on criterion quality"),
        "{e}"
    );
}

/// The council report shows the scores beside the cost, in both languages: the plan's score,
/// everyone alone's, and, for a valued criterion, what the choice counted for it.
#[test]
fn the_council_report_shows_the_scores_in_both_languages() {
    let text = std::fs::read_to_string("tests/fixtures/infeasible/min_score.toml").unwrap();
    // Quality worth EUR 50,000 per point, no minimum: the shared plan (0.8) is credited
    // 40,000 against 15,000 alone (0.3).
    let text = text.replace("min = 0.9", "value_eur = 50000");
    let loaded = Scenario::from_toml(&text, "valued.toml").unwrap();
    let opts = SolveOptions::default();
    let d = samen::analysis::dossier::assemble(&loaded, &opts, &|| {}).unwrap();
    use samen::report::lang::Lang;
    for (lang, score, credit) in [
        (Lang::Nl, "0,80", "€ 40.000"),
        (Lang::En, "0.80", "EUR 40,000"),
    ] {
        let html = samen::report::html::council_html(&d, lang).unwrap();
        let t = lang.texts();
        let at = html
            .find(t.criteria)
            .unwrap_or_else(|| panic!("{lang:?}: no section"));
        let section = &html[at..html[at..].find("</section>").unwrap() + at];
        assert!(section.contains(score), "{lang:?}: {section}");
        assert!(section.contains(credit), "{lang:?}: {section}");
    }
}

/// `solve --format json` and `--format csv` carry the scores; the JSON block is snapshotted
/// for the shipped scenario that has criteria.
#[test]
fn solve_json_and_csv_carry_the_scores() {
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("samen")
            .unwrap()
            .args(["solve", "scenarios/gemeente-ocmw.toml", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    insta::assert_json_snapshot!("gemeente_ocmw_criteria", common::rounded(&v["criteria"], 9));
    let csv = run("csv");
    // The CSV's score is the JSON's, to the CSV's six decimals.
    let autonomy = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "autonomy");
    let score = autonomy.unwrap()["score"].as_f64().unwrap();
    assert!(
        csv.contains(&format!("criteria,autonomy,score,{score:.6}")),
        "{csv}"
    );
    assert!(csv.contains("criteria,autonomy,min,0.500000"), "{csv}");
    // Without criteria the JSON has no `criteria` key: earlier contracts are unchanged.
    let small = assert_cmd::Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", "tests/fixtures/small.toml", "--format", "json"])
        .output()
        .unwrap();
    let small: serde_json::Value = serde_json::from_slice(&small.stdout).unwrap();
    assert!(small.get("criteria").is_none());
}

/// Region mode (more than 16 partners, hub formulation) refuses a minimum score or a valued
/// criterion with a message, instead of a plan the cluster heuristic could not honour; a
/// criterion that only reports is accepted.
#[test]
fn region_mode_refuses_minimums_and_values() {
    let partners: String = (0..17)
        .map(|i| format!("[[partner]]\nid = \"p{i}\"\nkind = \"gemeente\"\npopulation = {}\nlocation = {{ lat = 50.{i:02}, lon = 4.5 }}\n", 1000 + i))
        .collect();
    let text = |criterion: &str| {
        format!(
            "[scenario]\nbase_year = 2026\nhorizon = 2\n{partners}\n[[domain]]\nid = \"servers\"\ndriver = \"population\"\n[domain.standalone]\nfixed_cost = 1000\n[domain.shared]\nfixed_cost = 1000\n[[form]]\nid = \"ilv\"\nmax_members = 2\nscores = {{ autonomy = 0.5 }}\n[constraints]\nmax_distance_km = 5\n[[criterion]]\nid = \"autonomy\"\nalone = 1.0\n{criterion}\n"
        )
    };
    let opts = SolveOptions {
        time_limit: Some(5.0),
        ..SolveOptions::default()
    };
    let s = Scenario::from_toml(&text("min = 0.6"), "r.toml")
        .unwrap()
        .scenario;
    match optimise_with(&s, &opts, Formulation::Hubs) {
        Err(Error::Usage(why)) => assert!(why.contains("region mode"), "{why}"),
        other => panic!("expected a refusal, got {:?}", other.map(|o| o.plan)),
    }
    let s = Scenario::from_toml(&text(""), "r.toml").unwrap().scenario;
    assert!(!matches!(
        optimise_with(&s, &opts, Formulation::Hubs),
        Err(Error::Usage(_))
    ));
}

/// An alternative (or `--set`) may change a criterion by key path: `criterion.ID.min`, so the
/// price of a minimum is one `samen compare` away.
#[test]
fn an_alternative_sets_a_minimum_by_key_path() {
    let text = std::fs::read_to_string("scenarios/gemeente-ocmw.toml").unwrap()
        + r#"
[[alternative]]
name = "autonomy at least 0.9"
set = { "criterion.autonomy.min" = 0.9 }
"#;
    let loaded = Scenario::from_toml(&text, "alt.toml").unwrap();
    let alt = &loaded.alternatives[0].scenario;
    assert_eq!(alt.criteria[0].min, Some(0.9));
    let opts = SolveOptions::default();
    let base = optimise_with(&loaded.scenario, &opts, Formulation::Columns).unwrap();
    let out = optimise_with(alt, &opts, Formulation::Columns).unwrap();
    assert!(criteria::score(alt, &out.plan, 0) >= 0.9 - 1e-9);
    assert!(out.evaluation.npv(alt) > base.evaluation.npv(&loaded.scenario));
}

/// A file that `extends` another merges `[[criterion]]` entries by id, like partners.
#[test]
fn extends_merges_criteria_by_id() {
    let text = "extends = \"gemeente-ocmw.toml\"\n[[criterion]]\nid = \"autonomy\"\nmin = 0.8\n";
    let loaded = Scenario::from_toml_in(text, "over.toml", std::path::Path::new("scenarios"))
        .unwrap_or_else(|e| panic!("{e}"));
    let c = &loaded.scenario.criteria;
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0].id.as_str(), c[0].alone, c[0].min),
        ("autonomy", 1.0, Some(0.8))
    );
}
