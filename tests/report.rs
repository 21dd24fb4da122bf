//! The council report as a person sees it: its headline numbers are those of `solve --format
//! json`, every name from the scenario is escaped (HTML and SVG), it references no external
//! resource, and the workbook read back (calamine) holds the same numbers as numbers.

mod common;

use assert_cmd::Command;
use calamine::{Data, DataType, Reader, Xlsx};
use common::{close, load};
use samen::analysis::dossier;
use samen::report::lang::Lang;
use samen::solver::SolveOptions;
use serde_json::Value;

const TRIO: &str = "scenarios/kortenberg-machelen-tervuren.toml";
const MARKUP: &str = "tests/fixtures/report/markup.toml";

/// The trio's dossier, assembled once for every test that reads it (risk and sensitivity
/// make it the slowest thing these tests compute).
fn trio() -> &'static dossier::Dossier {
    static TRIO_DOSSIER: std::sync::OnceLock<dossier::Dossier> = std::sync::OnceLock::new();
    TRIO_DOSSIER.get_or_init(|| dossier_of(TRIO))
}

fn dossier_of(path: &str) -> dossier::Dossier {
    let loaded = samen::Scenario::load(std::path::Path::new(path)).unwrap();
    dossier::assemble(&loaded, &SolveOptions::default(), &|| {}).unwrap()
}

fn solve_json(path: &str) -> Value {
    let out = Command::cargo_bin("samen")
        .unwrap()
        .args(["solve", path, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_headline_numbers_are_those_of_the_solve() {
    let d = trio();
    let v = solve_json(TRIO);
    for lang in [Lang::Nl, Lang::En] {
        let html = samen::report::html::council_html(d, lang).unwrap();
        for key in ["objective_npv", "baseline_npv", "saving"] {
            let money = lang.money(v[key].as_f64().unwrap());
            assert!(html.contains(&money), "{lang:?}: {key} {money} missing");
        }
        for p in v["partners"].as_array().unwrap() {
            let plan = lang.money(p["plan_npv"].as_f64().unwrap());
            assert!(html.contains(&plan), "{lang:?}: {} {plan}", p["id"]);
        }
        let pct = lang.percent(v["saving_pct"].as_f64().unwrap());
        assert!(html.contains(&pct), "{lang:?}: {pct}");
    }
}

#[test]
fn names_are_escaped_everywhere_and_nothing_external_is_referenced() {
    let d = dossier_of(MARKUP);
    for lang in [Lang::Nl, Lang::En] {
        let html = samen::report::html::council_html(&d, lang).unwrap();
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "unescaped script");
        assert!(
            !lower.contains("<b>bold"),
            "unescaped markup in the scenario name"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
        assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt; autonomy"));
        assert!(!lower.contains("<i>judgement"), "unescaped source");
        for external in ["http://", "https://", "url(", " src=", "@import", "<link"] {
            assert!(
                !lower.contains(external),
                "{lang:?}: references `{external}`"
            );
        }
        assert!(html.contains("<svg"), "figures are inline");
    }
}

#[test]
fn two_partners_at_one_place_both_appear_on_the_map() {
    let d = dossier_of(MARKUP);
    let html = samen::report::html::council_html(&d, Lang::En).unwrap();
    let map_start = html.find("id=\"map\"").expect("a map section");
    let map = &html[map_start..];
    assert!(map.contains("OCMW &quot;quoted&quot;") || map.contains("OCMW &#34;quoted&#34;"));
    assert!(map.contains("&lt;script&gt;"));
    // Three partners, two of them at one place, in two domain panels: six dots at six
    // distinct points (the two at one place are drawn side by side).
    let mut centres: Vec<(String, String)> = map
        .split("<circle")
        .skip(1)
        .map(|c| (attr(c, "cx"), attr(c, "cy")))
        .collect();
    assert_eq!(centres.len(), 6, "one dot per partner per domain");
    centres.sort();
    centres.dedup();
    assert_eq!(centres.len(), 6, "partners at one place overlap");
}

fn attr(element: &str, name: &str) -> String {
    let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    element[start..].split('"').next().unwrap().to_string()
}

#[test]
fn the_workbook_holds_the_numbers_of_the_solve() {
    let d = trio();
    let v = solve_json(TRIO);
    let bytes = samen::report::xlsx::council_xlsx(d, Lang::En).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "Summary",
            "Cooperations",
            "Partners",
            "Multi-year plan",
            "Split",
            "Alternatives"
        ]
    );
    let summary = wb.worksheet_range("Summary").unwrap();
    let number = |r: u32, c: u32| match summary.get_value((r, c)) {
        Some(Data::Float(x)) => *x,
        other => panic!("({r},{c}) is not a number: {other:?}"),
    };
    assert!(close(
        number(2, 1),
        v["objective_npv"].as_f64().unwrap(),
        1e-12
    ));
    assert!(close(
        number(3, 1),
        v["baseline_npv"].as_f64().unwrap(),
        1e-12
    ));
    assert!(close(number(4, 1), v["saving"].as_f64().unwrap(), 1e-12));
    // Every sheet's header names each column once.
    for name in &names {
        let sheet = wb.worksheet_range(name).unwrap();
        let header: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let mut unique = header.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), header.len(), "{name}: {header:?}");
    }
    // The multi-year sheet: every partner's rows discount to its NPV.
    let years = wb.worksheet_range("Multi-year plan").unwrap();
    let s = load(TRIO);
    for p in v["partners"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let npv: f64 = years
            .rows()
            .skip(1)
            .filter(|row| row[0] == Data::String(id.to_string()))
            .map(|row| {
                let year = row[1].as_f64().unwrap() as i32;
                let plan = row[4].as_f64().unwrap() + row[5].as_f64().unwrap();
                s.discount((year - s.base_year) as usize) * plan
            })
            .sum();
        assert!(close(npv, p["plan_npv"].as_f64().unwrap(), 1e-9), "{id}");
    }
}

#[test]
fn the_report_command_writes_html_and_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("rapport.html");
    let xlsx = dir.path().join("plan.xlsx");
    Command::cargo_bin("samen")
        .unwrap()
        .args(["report", "tests/fixtures/small.toml", "--lang", "en", "-o"])
        .arg(&html)
        .arg("--xlsx")
        .arg(&xlsx)
        .assert()
        .success();
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>") && text.contains("<html lang=\"en\">"));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
}

/// The risk section: its headline figures are those of the dossier's risk analysis, in both
/// languages, and a scenario without uncertain inputs says so.
#[test]
fn the_risk_section_states_the_chance_of_beating_going_alone() {
    let d = trio();
    let risk = d.risk.as_ref().expect("the trio has uncertain inputs");
    for lang in [Lang::Nl, Lang::En] {
        let html = samen::report::html::council_html(d, lang).unwrap();
        let p = lang.percent(100.0 * risk.p_saving);
        assert!(html.contains(&p), "{lang:?}: {p}");
        assert!(html.contains(&lang.money(risk.saving.p50)), "{lang:?}");
        assert!(html.contains("<svg"), "{lang:?}: the tornado");
    }
    let small = dossier_of(MARKUP);
    let html = samen::report::html::council_html(&small, Lang::En).unwrap();
    assert!(html.contains(Lang::En.texts().risk_absent));
}

/// A name written per language (`name_nl`, `name_en`) is the one that language's report shows,
/// `name` where none is written; ids never change, and alternatives and uncertain inputs are
/// renamed with the scenario.
#[test]
fn each_report_language_shows_the_names_written_for_it() {
    let text = std::fs::read_to_string(TRIO).unwrap().replace(
        "name = \"Informal cooperation\"\n",
        "name = \"Informal cooperation\"\nname_en = \"Informal (as agreed)\"\n",
    );
    let loaded =
        samen::Scenario::from_toml_in(&text, TRIO, std::path::Path::new("scenarios")).unwrap();
    let (nl, en) = (
        loaded.named(&|n| Lang::Nl.pick(n)),
        loaded.named(&|n| Lang::En.pick(n)),
    );
    let names = |s: &samen::Scenario| -> Vec<(String, String)> {
        let d = s.domains.iter().map(|d| (d.id.clone(), d.name.clone()));
        let f = s.forms.iter().map(|f| (f.id.clone(), f.name.clone()));
        d.chain(f).collect()
    };
    let domain =
        |s: &samen::Scenario, id: &str| s.domains.iter().find(|d| d.id == id).unwrap().name.clone();
    assert_eq!(
        domain(&nl.scenario, "network"),
        "Netwerk en dataverbindingen"
    );
    assert_eq!(domain(&en.scenario, "network"), "Network and data links");
    assert_eq!(nl.scenario.forms[0].name, "Informele samenwerking");
    assert_eq!(en.scenario.forms[0].name, "Informal (as agreed)");
    assert_eq!(
        nl.scenario.name,
        "I-scan+ trio: Kortenberg, Machelen, Tervuren en hun OCMW's"
    );
    for (a, b) in names(&nl.scenario).iter().zip(names(&loaded.scenario)) {
        assert_eq!(a.0, b.0, "ids stay");
    }
    let alternative = &nl.alternatives[0].scenario;
    assert_eq!(
        domain(alternative, "network"),
        "Netwerk en dataverbindingen"
    );
    let inputs: Vec<&str> = (nl.uncertainty.inputs.iter())
        .map(|u| u.name.as_str())
        .collect();
    assert!(inputs.contains(&"integratie en opstart"), "{inputs:?}");
    // The names as written, for every other command.
    assert_eq!(
        domain(&loaded.scenario, "network"),
        "Network and data links"
    );
}

#[test]
fn the_report_command_writes_the_names_of_its_language() {
    let report = |lang: &str| {
        let out = Command::cargo_bin("samen")
            .unwrap()
            .args(["report", "scenarios/gemeente-ocmw.toml", "--lang", lang])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let (nl, en) = (report("nl"), report("en"));
    assert!(nl.contains("Netwerk en dataverbindingen") && !nl.contains("Network and data links"));
    assert!(en.contains("Network and data links") && !en.contains("Netwerk en dataverbindingen"));
    assert!(nl.contains("Torhout: gemeente en OCMW"));
}
