//! Existing providers (`provider_price`, issue 15 item 7): a partner joins one on its own.
//! On `tests/fixtures/provider.toml` two gemeenten cooperate on their servers and each buys
//! its applications from the provider; the plan, its JSON, its table and the council report
//! must read as a purchase by one partner, never as "a cooperation of 1", and the hub
//! formulation must refuse the scenario rather than ignore the provider.

use assert_cmd::Command;
use samen::Error;
use samen::Scenario;
use samen::solve::{Formulation, optimise_with};
use samen::solver::SolveOptions;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/provider.toml";

fn samen() -> Command {
    Command::cargo_bin("samen").unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = samen().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn scenario() -> Scenario {
    Scenario::load(std::path::Path::new(FIXTURE))
        .unwrap()
        .scenario
}

#[test]
fn each_partner_joins_the_provider_alone_and_cooperates_on_the_rest() {
    let v: Value = serde_json::from_str(&stdout(&["solve", FIXTURE, "--format", "json"])).unwrap();
    let groups = v["groups"].as_array().unwrap();
    let providers: Vec<&Value> = groups.iter().filter(|g| g["provider"] == true).collect();
    assert_eq!(providers.len(), 2, "{groups:?}");
    for g in &providers {
        assert_eq!(g["form"], "cipal");
        assert_eq!(g["members"].as_array().unwrap().len(), 1);
        // Lead time 1: the provider delivers from 2027.
        assert_eq!(g["start_year"], 2027);
    }
    let coop = groups.iter().find(|g| g["form"] == "iv").unwrap();
    assert!(coop.get("provider").is_none(), "false is left out: {coop}");
    let categories: Vec<&str> = (v["breakdown"].as_array().unwrap().iter())
        .filter_map(|c| c["category"].as_str())
        .collect();
    assert!(categories.contains(&"provider"), "{categories:?}");
}

#[test]
fn the_table_marks_the_provider() {
    let table = stdout(&["solve", FIXTURE]);
    assert!(table.contains("cipal (existing provider)"), "{table}");
}

#[test]
fn the_hub_formulation_refuses_a_provider_naming_the_way_out() {
    let err = optimise_with(&scenario(), &SolveOptions::default(), Formulation::Hubs).unwrap_err();
    let Error::Usage(message) = err else {
        panic!("expected a usage error, got {err}");
    };
    assert!(message.contains("`cipal`"), "{message}");
    assert!(message.contains("--formulation columns"), "{message}");
}

#[test]
fn the_council_report_says_who_buys_what_from_whom() {
    let nl = stdout(&["report", FIXTURE, "--lang", "nl"]);
    assert!(
        nl.contains(
            "Gemeente A: sluit aan bij Cipal dv (existing provider) voor Applications vanaf 2027"
        ),
        "nl advice"
    );
    assert!(
        nl.contains("Beslissing van Gemeente B om aan te sluiten bij Cipal dv"),
        "nl step"
    );
    assert!(
        nl.contains("Start Applications: Gemeente A bij Cipal dv"),
        "nl start"
    );
    let en = stdout(&["report", FIXTURE, "--lang", "en"]);
    assert!(
        en.contains("Gemeente A: join Cipal dv (existing provider) for Applications from 2027"),
        "en advice"
    );
    assert!(
        en.contains("Decision of Gemeente B to join Cipal dv"),
        "en step"
    );
    // The cooperation's decision names the cooperation only.
    assert!(!en.contains("on the cooperations: Cipal"), "en decision");
    assert!(
        !en.contains("Cipal dv (existing provider) (Gemeente A)"),
        "en decision"
    );
}

#[test]
fn the_price_is_a_number_by_key_path_for_overrides_and_draws() {
    use samen::scenario::param::resolve;
    let s = scenario();
    let params = resolve(&s, "form.*.provider_price.*").unwrap();
    assert_eq!(params.len(), 1, "only the provider's one price: {params:?}");
    assert_eq!(params[0].key(&s), "form.cipal.provider_price.applications");
    assert_eq!(params[0].get(&s), 300.0);
    let mut dearer = s.clone();
    params[0].set(&mut dearer, 2000.0);
    assert_eq!(dearer.forms[1].price(1), Some(2000.0));
    assert!(resolve(&s, "form.iv.provider_price.servers").is_err());
    assert!(resolve(&s, "form.cipal.provider_price.servers").is_err());
    // At EUR 2,000 a user nobody joins: the plan is re-solved, not carried over.
    let plan = stdout(&[
        "solve",
        FIXTURE,
        "--set",
        "form.cipal.provider_price.applications=2000",
    ]);
    assert!(!plan.contains("existing provider"), "{plan}");
}
