//! `docs/scenario.md` is generated from the validator's field tables; it must be current.
//! `SAMEN_UPDATE_DOCS=1 cargo test --test reference` rewrites it.

#[test]
fn the_scenario_reference_is_current() {
    let path = "docs/scenario.md";
    let generated = samen::scenario::reference::markdown();
    if std::env::var_os("SAMEN_UPDATE_DOCS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/scenario.md is stale: run `SAMEN_UPDATE_DOCS=1 cargo test --test reference`"
    );
}

#[test]
fn every_table_and_key_is_in_the_reference() {
    let doc = samen::scenario::reference::markdown();
    for t in samen::scenario::fields::TABLES {
        for f in t.fields {
            assert!(
                doc.contains(&format!("| `{}` |", f.key)),
                "{}.{}",
                t.name,
                f.key
            );
        }
    }
}
