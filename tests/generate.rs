//! `samen generate region`: partners from the embedded municipality data, drivers from
//! population, everything else from the template; the result always validates and is
//! byte-identical for the same request.

use assert_cmd::Command;
use predicates::prelude::*;
use samen::Scenario;
use samen::generate::{Area, Generated, RegionRequest, Template, Year, region};

fn request(area: Area, year: Year, with_ocmw: bool) -> RegionRequest {
    RegionRequest {
        area,
        year,
        with_ocmw,
        template: None,
        output: None,
    }
}

fn generate(area: Area, year: Year, with_ocmw: bool) -> Generated {
    region(&request(area, year, with_ocmw)).unwrap_or_else(|e| panic!("{e}"))
}

fn leuven() -> Area {
    Area::Arrondissement("Leuven".into())
}

fn load(g: &Generated) -> Scenario {
    let loaded = Scenario::from_toml(&g.text, "generated.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.warnings.is_empty(),
        "{}",
        samen::error::render(&loaded.warnings)
    );
    loaded.scenario
}

/// Rows of a data file read independently of the generator: (arrondissement, province,
/// population) per municipality.
fn csv_rows(file: &str) -> Vec<(String, String, u64)> {
    let text = std::fs::read_to_string(format!("data/{file}")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].to_string(), f[3].to_string(), f[4].parse().unwrap())
        })
        .collect()
}

#[test]
fn arrondissement_leuven_2020_has_30_municipalities_and_60_partners_with_ocmw() {
    let s = load(&generate(leuven(), Year::Y2020, false));
    assert_eq!(s.partners.len(), 30);
    assert!(s.partners.iter().all(|p| p.kind == "gemeente"));
    let s = load(&generate(leuven(), Year::Y2020, true));
    assert_eq!(s.partners.len(), 60);
    assert_eq!(s.partners.iter().filter(|p| p.kind == "ocmw").count(), 30);
    assert!(s.partner_index("ocmw-sint-pieters-leeuw").is_none());
    assert!(s.partner_index("ocmw-kortenberg").is_some());
    // Every OCMW sits at its gemeente and adds no inhabitants.
    for p in s.partners.iter().filter(|p| p.kind == "ocmw") {
        let g = &s.partners[s.partner_index(&p.id["ocmw-".len()..]).unwrap()];
        assert_eq!(p.location, g.location);
        assert_eq!(p.drivers["population"], 0.0);
    }
}

#[test]
fn population_is_the_sum_of_the_data_rows() {
    for (year, file) in [
        (Year::Y2020, "flemish_municipalities_2020.csv"),
        (Year::Y2025, "flemish_municipalities_2025.csv"),
    ] {
        for with_ocmw in [false, true] {
            let expected: u64 = csv_rows(file)
                .iter()
                .filter(|r| r.0 == "Leuven")
                .map(|r| r.2)
                .sum();
            let s = load(&generate(leuven(), year, with_ocmw));
            let got: f64 = s.partners.iter().map(|p| p.drivers["population"]).sum();
            assert_eq!(got, expected as f64, "{file}, with_ocmw {with_ocmw}");
        }
    }
}

#[test]
fn the_2025_map_of_a_province_with_a_merger_has_fewer_municipalities() {
    // Vlaams-Brabant: Galmaarden, Gooik and Herne became Pajottegem on 1 January 2025.
    let before = generate(Area::Province("Vlaams-Brabant".into()), Year::Y2020, false);
    let after = generate(Area::Province("Vlaams-Brabant".into()), Year::Y2025, false);
    assert_eq!(before.municipalities.len(), 65);
    assert_eq!(after.municipalities.len(), 63);
    let rows = |file| {
        csv_rows(file)
            .iter()
            .filter(|r| r.1 == "Vlaams-Brabant")
            .count()
    };
    assert_eq!(rows("flemish_municipalities_2020.csv"), 65);
    assert_eq!(rows("flemish_municipalities_2025.csv"), 63);
    let s = load(&after);
    assert!(s.partner_index("pajottegem").is_some());
    assert!(s.partner_index("gooik").is_none());
    // The mergers move no inhabitants in or out of the province.
    let total = |g: &Generated| g.municipalities.iter().map(|m| m.population).sum::<u64>();
    assert_eq!(total(&before), total(&after));
}

#[test]
fn output_is_deterministic_and_the_checked_in_scenarios_are_up_to_date() {
    let a = generate(leuven(), Year::Y2020, true);
    let b = generate(leuven(), Year::Y2020, true);
    assert_eq!(a.text, b.text);
    for (area, year, file) in [
        (
            leuven(),
            Year::Y2020,
            "scenarios/arrondissement-leuven.toml",
        ),
        (
            Area::Province("Vlaams-Brabant".into()),
            Year::Y2025,
            "scenarios/province-vlaams-brabant.toml",
        ),
        (Area::Flanders, Year::Y2025, "scenarios/flanders.toml"),
    ] {
        let mut req = request(area, year, false);
        req.output = Some(file.into());
        let text = region(&req).unwrap().text;
        assert_eq!(
            text,
            std::fs::read_to_string(file).unwrap(),
            "{file} is stale: generate it again with the command in its first line"
        );
    }
}

#[test]
fn flanders_has_every_municipality_of_the_map() {
    for (year, n) in [(Year::Y2020, 300), (Year::Y2025, 285)] {
        let g = generate(Area::Flanders, year, false);
        assert_eq!(g.municipalities.len(), n);
        let provinces: std::collections::BTreeSet<&str> = g
            .municipalities
            .iter()
            .map(|m| m.province.as_str())
            .collect();
        assert_eq!(provinces.len(), 5, "{provinces:?}");
        assert!(g.text.contains("samen generate region --flanders"));
    }
}

#[test]
fn partners_are_sorted_by_nis_code_with_slug_ids() {
    let g = generate(leuven(), Year::Y2020, false);
    let codes: Vec<u32> = g.municipalities.iter().map(|m| m.nis).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
    let s = load(&g);
    assert_eq!(s.partners[0].id, "aarschot"); // NIS 24001
    let halle = load(&generate(
        Area::Arrondissement("halle-vilvoorde".into()),
        Year::Y2020,
        false,
    ));
    assert!(halle.partner_index("sint-pieters-leeuw").is_some());
}

#[test]
fn unknown_names_are_refused_with_a_suggestion_and_the_valid_names() {
    let err = region(&request(
        Area::Arrondissement("Leuvn".into()),
        Year::Y2020,
        false,
    ))
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("unknown arrondissement `Leuvn`"), "{msg}");
    assert!(msg.contains("did you mean `Leuven`?"), "{msg}");
    assert!(msg.contains("Halle-Vilvoorde"), "{msg}");
    assert_eq!(err.exit_code(), 2);
    let err = region(&request(
        Area::Province("Brabant".into()),
        Year::Y2025,
        false,
    ))
    .unwrap_err();
    assert!(err.to_string().contains("West-Vlaanderen"), "{err}");
    // Matching ignores case.
    let g = generate(Area::Province("OOST-vlaanderen".into()), Year::Y2020, false);
    assert_eq!(g.area_name, "Oost-Vlaanderen");
}

#[test]
fn generated_scenarios_validate_with_locations_and_the_template_settings() {
    for year in [Year::Y2020, Year::Y2025] {
        for with_ocmw in [false, true] {
            let s = load(&generate(Area::Province("Limburg".into()), year, with_ocmw));
            assert!(s.partners.iter().all(|p| p.location.is_some()));
            assert!(s.distance_cost_per_km > 0.0);
            assert!(s.constraints.max_distance_km.is_some());
            assert_eq!(s.domains.len(), 4);
            for p in &s.partners {
                for d in ["staff", "sites", "devices"] {
                    assert!(p.drivers[d] >= 1.0, "{} {d}", p.id);
                }
                assert!(p.ict_fte >= 1.0, "{}", p.id);
            }
        }
    }
}

#[test]
fn drivers_reproduce_the_hand_written_region_leuven_partners() {
    // The staff and ict_fte ratios were taken from region-leuven.toml; the generator gives
    // its twelve partners exactly the figures written there.
    let hand = Scenario::load(std::path::Path::new("scenarios/region-leuven.toml"))
        .unwrap()
        .scenario;
    let generated = load(&generate(leuven(), Year::Y2020, false));
    for p in &hand.partners {
        let g = &generated.partners[generated.partner_index(&p.id).unwrap()];
        assert_eq!(g.drivers["population"], p.drivers["population"], "{}", p.id);
        assert_eq!(g.drivers["staff"], p.drivers["staff"], "{}", p.id);
        assert_eq!(g.ict_fte, p.ict_fte, "{}", p.id);
        assert_eq!(g.location, p.location, "{}", p.id);
    }
}

#[test]
fn a_template_with_partners_is_refused_and_a_custom_template_is_used() {
    let mut req = request(leuven(), Year::Y2020, false);
    req.template = Some(Template {
        name: "t.toml".into(),
        text: format!(
            "{}\n[[partner]]\nid = \"x\"\nkind = \"gemeente\"\n",
            samen::generate::DEFAULT_TEMPLATE
        ),
    });
    let err = region(&req).unwrap_err().to_string();
    assert!(err.contains("t.toml contains `[[partner]]`"), "{err}");
    req.template = Some(Template {
        name: "t.toml".into(),
        text: samen::generate::DEFAULT_TEMPLATE
            .replace("max_distance_km = 20", "max_distance_km = 12"),
    });
    let g = region(&req).unwrap();
    assert!(g.text.contains("--template t.toml"));
    assert_eq!(load(&g).constraints.max_distance_km, Some(12.0));
}

#[test]
fn cli_writes_a_scenario_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("leuven.toml");
    Command::cargo_bin("samen")
        .unwrap()
        .args([
            "generate",
            "region",
            "--arrondissement",
            "leuven",
            "--with-ocmw",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with(
        "# Generated by `samen generate region --arrondissement Leuven --year 2020 --with-ocmw -o "
    ));
    Command::cargo_bin("samen")
        .unwrap()
        .arg("check")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("ocmw-tienen"));
    Command::cargo_bin("samen")
        .unwrap()
        .args(["generate", "region", "--province", "Brabant", "-o"])
        .arg(dir.path().join("x.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"));
    assert!(!dir.path().join("x.toml").exists());
}

fn named(names: &[&str]) -> Area {
    Area::Municipalities(names.iter().map(|n| n.to_string()).collect())
}

/// `generate scenario --municipalities`: the named towns (any case, spaces for hyphens), in
/// NIS order, each with its OCMW; the result validates without warnings.
#[test]
fn named_municipalities_become_a_scenario_with_their_ocmws() {
    let g = generate(
        named(&["zemst", "Kampenhout", "sint pieters leeuw"]),
        Year::Y2025,
        true,
    );
    let s = load(&g);
    assert_eq!(s.partners.len(), 6);
    let ids: Vec<&str> = s.partners.iter().map(|p| p.id.as_str()).collect();
    for id in ["zemst", "ocmw-zemst", "kampenhout", "sint-pieters-leeuw"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    assert_eq!(g.municipalities.len(), 3);
    let nis: Vec<u32> = g.municipalities.iter().map(|m| m.nis).collect();
    let mut sorted = nis.clone();
    sorted.sort();
    assert_eq!(nis, sorted, "data (NIS) order");
    assert!(
        g.text
            .starts_with("# Generated by `samen generate scenario --municipalities")
    );
}

#[test]
fn an_unknown_or_repeated_municipality_is_refused_with_a_suggestion() {
    let e = region(&request(named(&["Zemst", "Kampenhot"]), Year::Y2025, false))
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean `Kampenhout`?"), "{e}");
    let e = region(&request(named(&["Zemst", "zemst"]), Year::Y2025, false))
        .unwrap_err()
        .to_string();
    assert!(e.contains("named twice"), "{e}");
    let e = region(&request(named(&["Zemst"]), Year::Y2025, false))
        .unwrap_err()
        .to_string();
    assert!(e.contains("at least two"), "{e}");
}

#[test]
fn generate_scenario_check_and_solve_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("z.toml");
    Command::cargo_bin("samen")
        .unwrap()
        .args([
            "generate",
            "scenario",
            "--municipalities",
            "Zemst,Kampenhout",
            "--with-ocmw",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    Command::cargo_bin("samen")
        .unwrap()
        .arg("check")
        .arg(&out)
        .assert()
        .success();
    Command::cargo_bin("samen")
        .unwrap()
        .arg("solve")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Plan NPV"));
}

/// `samen init` writes a skeleton that validates and explains every partner key, and never
/// replaces an existing file.
#[test]
fn init_writes_a_valid_skeleton_once() {
    let text = samen::generate::skeleton().unwrap();
    let loaded = Scenario::from_toml(&text, "skeleton.toml").unwrap();
    assert_eq!(loaded.scenario.partners.len(), 2);
    for f in samen::scenario::fields::PARTNER_FIELDS {
        assert!(
            text.contains(&format!("#   {}", f.key)),
            "{} not explained",
            f.key
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.toml");
    Command::cargo_bin("samen")
        .unwrap()
        .args(["init", "-o"])
        .arg(&out)
        .assert()
        .success();
    Command::cargo_bin("samen")
        .unwrap()
        .arg("check")
        .arg(&out)
        .assert()
        .success();
    Command::cargo_bin("samen")
        .unwrap()
        .args(["init", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never replaces"));
}
