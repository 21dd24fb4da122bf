//! One infeasible fixture per family of scenario rules under `tests/fixtures/infeasible/`:
//! the explanation must name the rule that has to give way (snapshot of the message), with
//! every compiled solver.

use samen::Error;
use samen::Scenario;
use samen::solver::{SolveOptions, SolverChoice};
use std::path::Path;

fn explanation(name: &str, solver: SolverChoice) -> String {
    let path = format!("tests/fixtures/infeasible/{name}.toml");
    let s = Scenario::load(std::path::Path::new(&path))
        .expect("fixture is valid")
        .scenario;
    let opts = SolveOptions {
        solver,
        ..SolveOptions::default()
    };
    match samen::solve::optimise(&s, &opts) {
        Err(Error::Infeasible(why)) => why,
        other => panic!(
            "{name}: expected infeasible, got {:?}",
            other.map(|o| o.plan)
        ),
    }
}

/// What a fixture's first line says the explanation must contain: `# expect: TEXT`.
fn expected(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let first = text.lines().next().unwrap_or_default();
    first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{}: first line must be `# expect: TEXT`", path.display()))
        .to_string()
}

/// Every fixture in the directory, each with its snapshot and its expected words.
#[test]
fn infeasible() {
    insta::glob!("fixtures/infeasible/*.toml", |path| {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let needle = expected(path);
        let why = explanation(name, SolverChoice::Microlp);
        assert!(why.contains(&needle), "{name}: {why}");
        insta::assert_snapshot!(why);
        #[cfg(feature = "highs")]
        {
            let highs = explanation(name, SolverChoice::Highs);
            assert!(highs.contains(&needle), "{name} (HiGHS): {highs}");
        }
    });
}

/// Only the rules that must give way: an impossible budget does not drag in a never-together
/// rule whose relaxation would merely shrink the shortfall.
#[test]
fn the_fewest_rules_give_way() {
    let why = explanation("budget_not_never", SolverChoice::Microlp);
    assert!(!why.contains("never_together"), "{why}");
    assert_eq!(why.matches("\n  - ").count(), 1, "{why}");
}
