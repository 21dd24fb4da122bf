//! Legal conditions of forms: a beheersovereenkomst joins only a gemeente and its own OCMW
//! (`same_municipality`), an intergemeentelijk samenwerkingsverband needs at least two
//! gemeenten (`min_kind`). Both hold in the candidate filter, the hub formulation, `evaluate`
//! and the infeasibility explanation.

use samen::Scenario;
use samen::plan::parse_plan;
use samen::solve::{Formulation, optimise_with};
use samen::solver::SolveOptions;

const TRIO: &str = "scenarios/kortenberg-machelen-tervuren.toml";

/// The scenario without budgets (the hub formulation does not model per-year budgets).
fn load(path: &str) -> Scenario {
    let mut s = Scenario::load(std::path::Path::new(path)).unwrap().scenario;
    for p in &mut s.partners {
        p.budget = None;
    }
    s
}

fn violations(s: &Scenario, plan: &str) -> Vec<String> {
    let p = parse_plan(plan, "plan.toml", s).unwrap();
    samen::evaluate::evaluate(s, &p)
        .violations
        .into_iter()
        .map(|v| v.message)
        .collect()
}

#[test]
fn a_beheersovereenkomst_across_municipalities_is_refused() {
    let s = load(TRIO);
    let v = violations(
        &s,
        "[[group]]\ndomain = \"network\"\nform = \"beheersovereenkomst\"\nmembers = [\"kortenberg\", \"ocmw-tervuren\"]\n",
    );
    assert!(
        v.iter().any(|m| m.contains("one municipality")
            && m.contains("ocmw-tervuren (municipality tervuren)")),
        "{v:?}"
    );
    let own = violations(
        &s,
        "[[group]]\ndomain = \"network\"\nform = \"beheersovereenkomst\"\nmembers = [\"tervuren\", \"ocmw-tervuren\"]\n",
    );
    assert!(!own.iter().any(|m| m.contains("municipality")), "{own:?}");
}

#[test]
fn an_interlokale_vereniging_of_ocmws_only_is_refused() {
    let s = load(TRIO);
    let v = violations(
        &s,
        "[[group]]\ndomain = \"servers\"\nform = \"interlokale-vereniging\"\nmembers = [\"ocmw-kortenberg\", \"ocmw-machelen\", \"tervuren\"]\n",
    );
    assert!(
        v.iter()
            .any(|m| m.contains("at least 2 member(s) of kind `gemeente`") && m.contains("has 1")),
        "{v:?}"
    );
}

/// The scenario without its existing providers (forms with `provider_price`).
fn without_providers(s: Scenario) -> Scenario {
    let keep: Vec<usize> = (0..s.forms.len())
        .filter(|&f| !s.forms[f].is_provider())
        .collect();
    s.with_forms(&keep)
}

/// Every group of the optimum of every shipped scenario with OCMWs respects the forms'
/// legal conditions, under both formulations (the trio's hub model on two domains: the whole
/// one takes microlp about a minute).
#[test]
fn no_shipped_optimum_has_a_legally_impossible_group() {
    let trio = load(TRIO);
    let two = trio
        .only_domains(&["network".into(), "servers".into()])
        .unwrap();
    let cases = [
        (trio, Formulation::Columns),
        (two.clone(), Formulation::Hubs),
        (load("scenarios/gemeente-ocmw.toml"), Formulation::Columns),
        // The hub formulation refuses an existing provider: its plan without Cipal.
        (
            without_providers(load("scenarios/gemeente-ocmw.toml")),
            Formulation::Hubs,
        ),
    ];
    for (s, formulation) in cases {
        let out = optimise_with(&s, &SolveOptions::default(), formulation).unwrap();
        for g in &out.plan.groups {
            let broken = samen::rules::legal_breaches(&s, &g.members, g.form);
            assert!(
                broken.is_empty(),
                "{} {formulation:?}: {:?}",
                s.name,
                broken
            );
        }
        assert!(out.evaluation.violations.is_empty());
    }
}

/// The hub formulation and the columns agree on the trio's network and servers with the
/// legal rules (the hub's slots only admit the host's fellow townspeople and count gemeenten
/// per slot). The oracle test randomises both rules on small scenarios.
#[test]
fn hubs_and_columns_agree_with_legal_rules() {
    let s = load(TRIO)
        .only_domains(&["network".into(), "servers".into()])
        .unwrap();
    let opts = SolveOptions::default();
    let c = optimise_with(&s, &opts, Formulation::Columns)
        .unwrap()
        .evaluation
        .npv(&s);
    let h = optimise_with(&s, &opts, Formulation::Hubs)
        .unwrap()
        .evaluation
        .npv(&s);
    assert!((c - h).abs() <= 1e-6 * c, "columns {c} hubs {h}");
}

/// A must-together of two OCMWs for a domain that only the beheersovereenkomst and the
/// interlokale vereniging could serve: the explanation names the legal rule that must give way.
/// Dropping the must-together (each runs network alone) is the other one-rule repair; with
/// links far cheaper bought together, sharing is the cheaper of the two, so the elastic
/// optimum gives way on the legal rule.
#[test]
fn the_explanation_names_a_legal_rule() {
    let mut text = std::fs::read_to_string("scenarios/gemeente-ocmw.toml").unwrap();
    let cheap = "unit_cost = 3800          # site links bought together";
    assert!(
        text.contains(cheap),
        "the network domain's shared unit cost moved"
    );
    text = text.replace(cheap, "unit_cost = 500 # site links bought together");
    text = text.replace("municipality = \"torhout\"", "municipality = \"kortemark\"");
    text.push_str("\n[[constraints.must_together]]\npartners = [\"torhout\", \"ocmw-torhout\"]\ndomain = \"network\"\n");
    let loaded = Scenario::from_toml(&text, "cross.toml");
    let s = match loaded {
        Ok(l) => l.scenario,
        Err(e) => panic!("{e}"),
    };
    let err = samen::solve::optimise(&s, &SolveOptions::default());
    let why = match err {
        Err(samen::Error::Infeasible(why)) => why,
        other => panic!("expected infeasible, got {:?}", other.map(|o| o.plan)),
    };
    assert!(
        why.contains("same_municipality") || why.contains("one municipality"),
        "{why}"
    );
}

#[test]
fn bad_legal_fields_get_located_errors_and_hints() {
    let text = std::fs::read_to_string(TRIO).unwrap().replace(
        "min_kind = { gemeente = 2 } # docs/sources.md §1.1",
        "min_kind = { gemeenten = 2 } # docs/sources.md §1.1",
    );
    let err = Scenario::from_toml(&text, "trio.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("form[interlokale-vereniging].min_kind.gemeenten")
            && err.contains("did you mean `gemeente`"),
        "{err}"
    );
    let typo = std::fs::read_to_string(TRIO)
        .unwrap()
        .replace("municipality = \"machelen\"", "municipality = \"machelem\"");
    let loaded = Scenario::from_toml(&typo, "trio.toml").unwrap();
    let warned: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned.iter().any(|w| w.contains("did you mean `machelen`")),
        "{warned:?}"
    );
    // A form without legal personality that takes staff over is questioned, except a
    // beheersovereenkomst (one municipality), where the staff serve both bodies by law.
    assert!(
        !warned.iter().any(|w| w.contains("no legal personality")),
        "{warned:?}"
    );
    let informal = std::fs::read_to_string(TRIO).unwrap().replace(
        "staff_transfer = false    # docs/sources.md §1.1/§1.4: no own staff, no legal personality",
        "staff_transfer = true",
    );
    let loaded = Scenario::from_toml(&informal, "trio.toml").unwrap();
    let warned: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("`interlokale-vereniging` has no legal personality")),
        "{warned:?}"
    );
}
