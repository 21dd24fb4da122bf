//! One infeasible fixture per family of scenario rules under `tests/fixtures/infeasible/`:
//! the explanation must name the rule that has to give way (snapshot of the message), with
//! every compiled solver.

use samen::Error;
use samen::Scenario;
use samen::solver::{SolveOptions, SolverChoice};

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

macro_rules! fixture {
    ($($name:ident => $needle:expr),* $(,)?) => {$(
        #[test]
        fn $name() {
            let why = explanation(stringify!($name), SolverChoice::Microlp);
            assert!(why.contains($needle), "{why}");
            insta::assert_snapshot!(stringify!($name), why);
            #[cfg(feature = "highs")]
            {
                let highs = explanation(stringify!($name), SolverChoice::Highs);
                assert!(highs.contains($needle), "{highs}");
            }
        }
    )*};
}

fixture!(
    budget => "a's budget of EUR 5,000 a year is short by",
    min_saving => "cannot save the required 60.0%",
    must_vs_never => "may never be together",
    must_vs_keep_in_house => "keeps `servers` in house",
    must_vs_min_support => "below constraints.min_support",
    must_vs_max_group_size => "max_group_size",
    max_vehicles => "max_vehicles_per_partner",
    kinds => "is not open to a (kind `police`)",
    member_limits => "takes at least 4 members",
    budget_not_never => "a budget of at least EUR 10,000",
);

/// Only the rules that must give way: an impossible budget does not drag in a never-together
/// rule whose relaxation would merely shrink the shortfall.
#[test]
fn the_fewest_rules_give_way() {
    let why = explanation("budget_not_never", SolverChoice::Microlp);
    assert!(!why.contains("never_together"), "{why}");
    assert_eq!(why.matches("\n  - ").count(), 1, "{why}");
}
