//! The cooperative cost-game module (`samen::game`): published games with known values,
//! axioms as seeded properties over random games, and differential tests against the
//! `coopgame` crate (its float sequential LP and its exact rational nucleolus).
//!
//! Run with microlp (`cargo test --test game`) and with HiGHS
//! (`cargo test --features highs --test game`): the LP solutions use HiGHS when it is built.

use coopgame::num_traits::ToPrimitive;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError, TestRunner};
use samen::Error;
use samen::game::{self, Coalition, Domain, Game, Kind, LpOptions, NucleolusOptions};
use samen::solver::{SolveOptions, SolverChoice};

// ------------------------------------------------------------------------------------ helpers

fn lp() -> LpOptions {
    LpOptions {
        solve: SolveOptions {
            solver: if cfg!(feature = "highs") {
                SolverChoice::Highs
            } else {
                SolverChoice::Microlp
            },
            ..SolveOptions::default()
        },
        ..LpOptions::default()
    }
}

fn options(domain: Domain) -> NucleolusOptions {
    NucleolusOptions {
        domain,
        lp: lp(),
        verify: true,
    }
}

fn nucleolus(g: &Game) -> Vec<f64> {
    game::nucleolus_with(g, &options(Domain::Imputation))
        .expect("nucleolus")
        .allocation
}

fn prenucleolus(g: &Game) -> Vec<f64> {
    game::nucleolus_with(g, &options(Domain::Preimputation))
        .expect("prenucleolus")
        .allocation
}

fn least_core(g: &Game) -> game::LeastCore {
    game::least_core_with(g, Domain::Preimputation, &lp()).expect("least core")
}

#[track_caller]
fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= tolerance,
            "{actual:?} differs from {expected:?} by more than {tolerance}"
        );
    }
}

fn close(actual: &[f64], expected: &[f64], tolerance: f64) -> bool {
    actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(a, e)| (a - e).abs() <= tolerance)
}

/// A 3-player game from the textbook order {1},{2},{3},{12},{13},{23},{123}.
fn three(kind: Kind, lex: [f64; 7]) -> Game {
    let [a, b, c, ab, ac, bc, abc] = lex;
    Game::from_values(kind, vec![0.0, a, b, ab, c, ac, bc, abc]).unwrap()
}

fn glove_game() -> Game {
    // Player 0 holds a left glove, players 1 and 2 a right one; a pair is worth 1.
    Game::from_fn(3, Kind::Profit, |t| {
        let left = (t & 1).count_ones();
        let right = (t & 0b110).count_ones();
        left.min(right) as f64
    })
    .unwrap()
}

fn bankruptcy(estate: f64, claims: &[f64]) -> Game {
    let total: f64 = claims.iter().sum();
    Game::from_fn(claims.len(), Kind::Profit, |t| {
        let others: f64 = total - game::members(t).map(|i| claims[i]).sum::<f64>();
        (estate - others).max(0.0)
    })
    .unwrap()
}

fn airport(costs: &[f64]) -> Game {
    Game::from_fn(costs.len(), Kind::Cost, |t| {
        game::members(t).map(|i| costs[i]).fold(0.0, f64::max)
    })
    .unwrap()
}

/// Littlechild & Owen (1973): each runway segment's cost is shared equally by the players who
/// need it, i.e. sequential equal sharing in increasing order of need.
fn littlechild_owen(costs: &[f64]) -> Vec<f64> {
    let n = costs.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| costs[a].total_cmp(&costs[b]));
    let (mut shares, mut previous, mut running) = (vec![0.0; n], 0.0, 0.0);
    for (k, &i) in order.iter().enumerate() {
        running += (costs[i] - previous) / (n - k) as f64;
        previous = costs[i];
        shares[i] = running;
    }
    shares
}

/// Littlechild (1974), "A simple expression for the nucleolus in a special case" (IJGT 3):
/// with needs sorted `c_1 <= ... <= c_n`, `x_i = min_{i <= k < n} (c_k - Σ_{j<i} x_j) / (k - i + 2)`
/// for `i < n` and `x_n = c_n - Σ_{j<n} x_j`.
fn littlechild_nucleolus(costs: &[f64]) -> Vec<f64> {
    let n = costs.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| costs[a].total_cmp(&costs[b]));
    let sorted: Vec<f64> = order.iter().map(|&i| costs[i]).collect();
    let mut x = Vec::with_capacity(n);
    let mut paid = 0.0;
    for i in 0..n - 1 {
        let xi = (i..n - 1)
            .map(|k| (sorted[k] - paid) / (k - i + 2) as f64)
            .fold(f64::INFINITY, f64::min);
        x.push(xi);
        paid += xi;
    }
    x.push(sorted[n - 1] - paid);
    let mut shares = vec![0.0; n];
    for (k, &i) in order.iter().enumerate() {
        shares[i] = x[k];
    }
    shares
}

/// The game as a `coopgame` profit game (a cost game `c` becomes `-c`).
fn to_coopgame(g: &Game) -> coopgame::ExplicitGame {
    let sign = match g.kind() {
        Kind::Profit => 1.0,
        Kind::Cost => -1.0,
    };
    let values: Vec<f64> = g.values()[1..].iter().map(|v| sign * v).collect();
    coopgame::ExplicitGame::from_binary(&values).unwrap()
}

fn kind_sign(g: &Game) -> f64 {
    match g.kind() {
        Kind::Profit => 1.0,
        Kind::Cost => -1.0,
    }
}

// ------------------------------------------------------------------- published games

/// The glove game (one left glove, two right gloves; e.g. Maschler, Solan & Zamir 2013,
/// "Game Theory", the glove market): Shapley value (2/3, 1/6, 1/6); the core is the single
/// point (1, 0, 0), which is therefore also the nucleolus and the least core (ε = 0).
#[test]
fn glove_game_values() {
    let g = glove_game();
    assert_close(
        &game::shapley(&g),
        &[2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0],
        1e-12,
    );
    assert_close(&nucleolus(&g), &[1.0, 0.0, 0.0], 1e-9);
    assert_close(&prenucleolus(&g), &[1.0, 0.0, 0.0], 1e-9);
    let lc = least_core(&g);
    assert!(lc.epsilon.abs() <= 1e-9, "{lc:?}");
    assert!(lc.core_nonempty);
    assert_close(&lc.allocation, &[1.0, 0.0, 0.0], 1e-9);

    let core = game::core_check(&g, &[1.0, 0.0, 0.0]).unwrap();
    assert!(core.in_core, "{core:?}");
    // The Shapley value is blocked by {0,1} and {0,2}: together they earn 1 but get 5/6.
    let core = game::core_check(&g, &game::shapley(&g)).unwrap();
    assert!(!core.in_core);
    assert_eq!(core.blocking_total, 2);
    let blocking: Vec<Coalition> = core.blocking.iter().map(|b| b.coalition).collect();
    assert_eq!(blocking, vec![0b011, 0b101]);
    let worst = core.most_violated.unwrap();
    assert!((worst.excess - 1.0 / 6.0).abs() < 1e-12);
}

/// Aumann & Maschler (1985), "Game theoretic analysis of a bankruptcy problem from the
/// Talmud" (J. Econ. Theory 36): claims 100, 200, 300; the Talmud's divisions of estates 100,
/// 200, 300 are the nucleoli of the bankruptcy games.
#[test]
fn talmud_bankruptcy_estates() {
    let claims = [100.0, 200.0, 300.0];
    for (estate, expected) in [
        (100.0, [100.0 / 3.0, 100.0 / 3.0, 100.0 / 3.0]),
        (200.0, [50.0, 75.0, 75.0]),
        (300.0, [50.0, 100.0, 150.0]),
    ] {
        let g = bankruptcy(estate, &claims);
        let n = game::nucleolus_with(&g, &options(Domain::Imputation)).unwrap();
        assert_close(&n.allocation, &expected, 1e-9);
        assert!(n.verification.as_ref().is_some_and(|r| r.balanced));
        // Bankruptcy games are convex: the core is non-empty and holds the nucleolus, which
        // is then also the prenucleolus.
        assert_close(&prenucleolus(&g), &expected, 1e-9);
        assert!(game::core_check(&g, &expected).unwrap().in_core);
        assert!(least_core(&g).core_nonempty);
    }
}

/// Airport games (Littlechild & Owen 1973): the Shapley value shares each runway segment
/// equally among the aircraft that need it.
#[test]
fn airport_shapley_is_sequential_equal_sharing() {
    // Six aircraft needing runways that cost 40, 50, ..., 90: Shapley (40, 52, 67, 87, 117,
    // 177)/6, i.e. 40/6, 40/6 + 10/5, 52/6 + 10/4, ...
    let costs = [40.0, 50.0, 60.0, 70.0, 80.0, 90.0];
    let expected: Vec<f64> = [40.0, 52.0, 67.0, 87.0, 117.0, 177.0]
        .iter()
        .map(|v| v / 6.0)
        .collect();
    assert_close(&game::shapley(&airport(&costs)), &expected, 1e-9);
    assert_close(&littlechild_owen(&costs), &expected, 1e-12);
    // Unsorted, with ties, and larger.
    for costs in [
        vec![3.0, 1.0, 2.0],
        vec![5.0, 5.0, 2.0, 9.0],
        (0..12).map(|i| ((i * 37) % 11 + 1) as f64).collect(),
    ] {
        assert_close(
            &game::shapley(&airport(&costs)),
            &littlechild_owen(&costs),
            1e-9,
        );
    }
}

/// Airport nucleoli from Littlechild's (1974) algorithm, worked by hand:
/// needs (1, 2, 3): x1 = min(1/2, 2/3) = 1/2, x2 = (2 - 1/2)/2 = 3/4, x3 = 3 - 5/4 = 7/4;
/// needs (2, 2, 3): x1 = min(2/2, 2/3) = 2/3, x2 = (2 - 2/3)/2 = 2/3, x3 = 5/3;
/// needs (12, 18, 24, 36): x1 = min(6, 6, 6) = 6, x2 = min(12/2, 18/3) = 6, x3 = 12/2 = 6,
/// x4 = 18; its Shapley value is (3, 5, 8, 20).
#[test]
fn airport_nucleolus_small_instances() {
    for (costs, expected) in [
        (vec![1.0, 2.0, 3.0], vec![0.5, 0.75, 1.75]),
        (vec![2.0, 2.0, 3.0], vec![2.0 / 3.0, 2.0 / 3.0, 5.0 / 3.0]),
        (vec![12.0, 18.0, 24.0, 36.0], vec![6.0, 6.0, 6.0, 18.0]),
    ] {
        let g = airport(&costs);
        assert_close(&nucleolus(&g), &expected, 1e-9);
        assert_close(&littlechild_nucleolus(&costs), &expected, 1e-12);
        // The airport game is concave (its savings game convex): the nucleolus is in the core.
        assert!(game::core_check(&g, &expected).unwrap().in_core);
    }
    assert_close(
        &game::shapley(&airport(&[12.0, 18.0, 24.0, 36.0])),
        &[3.0, 5.0, 8.0, 20.0],
        1e-12,
    );
}

/// Peleg & Sudhölter (2007), "Introduction to the Theory of Cooperative Games", Example
/// 5.5.12: v(12) = 10, v(N) = 2, all else 0. By hand: the prenucleolus balances
/// e(12) = 10 - 2a against e(3) = 2a - 2 at a = 3, so (3, 3, -4); on imputations x3 = 0
/// minimises e(12) = 8 + x3 and the rest splits equally: (1, 1, 0).
#[test]
fn peleg_sudholter_example_5_5_12() {
    let g = three(Kind::Profit, [0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 2.0]);
    assert_close(&prenucleolus(&g), &[3.0, 3.0, -4.0], 1e-9);
    assert_close(&nucleolus(&g), &[1.0, 1.0, 0.0], 1e-9);
}

/// Ferguson, "Game Theory" (UCLA lecture notes), Part IV, the nucleolus example:
/// v(1) = -1, v(2) = 0, v(3) = 1, v(12) = 3, v(13) = 4, v(23) = 2, v(N) = 5. By hand:
/// e(12) + e(13) + e(23) = -1 for every efficient x, so the largest is at least -1/3, reached
/// only at (8/3, 2/3, 5/3), where the singletons' excesses are lower.
#[test]
fn ferguson_three_player_example() {
    let g = three(Kind::Profit, [-1.0, 0.0, 1.0, 3.0, 4.0, 2.0, 5.0]);
    let expected = [8.0 / 3.0, 2.0 / 3.0, 5.0 / 3.0];
    assert_close(&nucleolus(&g), &expected, 1e-9);
    assert_close(&prenucleolus(&g), &expected, 1e-9);
    let lc = least_core(&g);
    assert!((lc.epsilon + 1.0 / 3.0).abs() < 1e-9, "{lc:?}");
}

/// The three-user cost-sharing example used by the R package CoopGame (`costSharingGame`,
/// after Young 1985, "Cost Allocation: Methods, Principles, Applications"): stand-alone costs
/// 15, 20, 55; pairs 35, 61, 65; all three 78. Savings: s(13) = 9, s(23) = 10, s(N) = 12.
/// By hand, with cost shares y and excesses e(T) = y(T) - c(T): e(1) + e(23) = -2 and
/// e(2) + e(13) = -3 for every efficient y, so the levels are -1 (y1 = 14) and then -1.5
/// (y2 = 18.5): the nucleolus is (14, 18.5, 45.5). Shapley (77/6, 52/3, 287/6) from the
/// subset formula.
#[test]
fn young_cost_sharing_example() {
    let g = three(Kind::Cost, [15.0, 20.0, 55.0, 35.0, 61.0, 65.0, 78.0]);
    assert_close(&nucleolus(&g), &[14.0, 18.5, 45.5], 1e-9);
    assert_close(
        &game::shapley(&g),
        &[77.0 / 6.0, 52.0 / 3.0, 287.0 / 6.0],
        1e-12,
    );
    let n = game::nucleolus_with(&g, &options(Domain::Imputation)).unwrap();
    // Cost-form excess levels: -1 ({1} and {2,3}), then -1.5 ({2} and {1,3}).
    let levels: Vec<f64> = n.levels.iter().map(|l| l.excess).collect();
    assert_close(&levels, &[-1.0, -1.5], 1e-9);
    // The same game as a profit game -c: the negated nucleolus, the same excess levels.
    let neg = game::nucleolus_with(&g.negated(), &options(Domain::Imputation)).unwrap();
    assert_close(&neg.allocation, &[-14.0, -18.5, -45.5], 1e-9);
    let neg_levels: Vec<f64> = neg.levels.iter().map(|l| l.excess).collect();
    assert_close(&neg_levels, &levels, 1e-9);
    // Stand-alone key 78 · (15, 20, 55) / 90 = (13, 17.33, 47.67): {1,2} pays 30.33 <= 35,
    // {1,3} 60.67 <= 61, {2,3} exactly 65: in the core, with {2,3} tight.
    let key = game::standalone_key(&g).unwrap();
    assert_close(&key, &[13.0, 78.0 * 20.0 / 90.0, 78.0 * 55.0 / 90.0], 1e-12);
    assert!(game::core_check(&g, &key).unwrap().in_core);
}

/// Three-player majority game: any two players earn 1. The core is empty; the least core has
/// ε = 1/3 at (1/3, 1/3, 1/3), which is also the nucleolus.
#[test]
fn majority_game_least_core() {
    let g = three(Kind::Profit, [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
    let lc = least_core(&g);
    assert!((lc.epsilon - 1.0 / 3.0).abs() < 1e-9);
    assert!(!lc.core_nonempty);
    assert_close(&lc.allocation, &[1.0 / 3.0; 3], 1e-9);
    assert_close(&nucleolus(&g), &[1.0 / 3.0; 3], 1e-9);
    let core = game::core_check(&g, &[1.0 / 3.0; 3]).unwrap();
    assert!(!core.in_core);
    assert_eq!(core.blocking_total, 3);
}

// ------------------------------------------------------------ keys, core test and errors

#[test]
fn fixed_keys() {
    let g = airport(&[12.0, 18.0, 24.0, 36.0]);
    assert_close(
        &game::proportional(&g, &[1.0, 1.0, 1.0, 3.0]).unwrap(),
        &[6.0, 6.0, 6.0, 18.0],
        1e-12,
    );
    assert_close(&game::equal_split(&g), &[9.0; 4], 1e-12);
    assert_close(
        &game::standalone_key(&g).unwrap(),
        &[4.8, 7.2, 9.6, 14.4],
        1e-12,
    );
    // Equal split: {0,1} pays 18 = c({0,1}), but {0,1,2} pays 27 > 24 and blocks.
    let core = game::core_check(&g, &game::equal_split(&g)).unwrap();
    assert!(!core.in_core);
    assert_eq!(core.most_violated.unwrap().coalition, 0b0111);
    assert!((core.most_violated.unwrap().excess - 3.0).abs() < 1e-12);

    for bad in [
        vec![0.0; 4],
        vec![1.0, -1.0, 1.0, 1.0],
        vec![1.0; 3],
        vec![f64::NAN; 4],
    ] {
        assert!(
            matches!(game::proportional(&g, &bad), Err(Error::Game(_))),
            "{bad:?}"
        );
    }
    // The glove game's stand-alone values are all zero: no stand-alone key.
    assert!(matches!(
        game::standalone_key(&glove_game()),
        Err(Error::Game(_))
    ));
}

#[test]
fn core_check_caps_the_blocking_list() {
    // Additive costs c(T) = |T|; player 0 pays everything: every coalition with 0 but N blocks.
    let g = Game::from_fn(6, Kind::Cost, |t| t.count_ones() as f64).unwrap();
    let x = [6.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let core = game::core_check(&g, &x).unwrap();
    assert!(!core.in_core);
    assert_eq!(core.blocking_total, 31);
    assert_eq!(core.blocking.len(), game::BLOCKING_CAP);
    assert_eq!(core.most_violated.unwrap().coalition, 1);
    assert!((core.most_violated.unwrap().excess - 5.0).abs() < 1e-12);
    assert!(core.blocking.windows(2).all(|w| w[0].excess >= w[1].excess));
    assert!(core.efficiency_gap.abs() < 1e-12);
    // Inefficient but unblocked.
    let core = game::core_check(&g, &[0.5; 6]).unwrap();
    assert!(!core.in_core);
    assert_eq!(core.blocking_total, 0);
    assert!((core.efficiency_gap + 3.0).abs() < 1e-12);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let is_game_error = |r: Result<Game, Error>| matches!(r, Err(Error::Game(_)));
    assert!(is_game_error(Game::from_values(
        Kind::Cost,
        vec![0.0, 1.0, 2.0]
    )));
    assert!(is_game_error(Game::from_values(Kind::Cost, vec![0.0])));
    assert!(is_game_error(Game::from_values(Kind::Cost, vec![1.0, 1.0])));
    assert!(is_game_error(Game::from_values(
        Kind::Cost,
        vec![0.0, f64::NAN]
    )));
    assert!(is_game_error(Game::from_values(
        Kind::Cost,
        vec![0.0, f64::INFINITY, 1.0, 1.0]
    )));
    assert!(is_game_error(Game::from_fn(0, Kind::Cost, |_| 0.0)));
    assert!(is_game_error(Game::from_fn(25, Kind::Cost, |_| 0.0)));
    assert!(is_game_error(Game::from_fn(2, Kind::Cost, |_| 1.0)));

    let g = glove_game();
    assert!(g.value(8).is_none());
    assert!(matches!(g.excess(&[1.0, 0.0, 0.0], 8), Err(Error::Game(_))));
    assert!(matches!(
        game::core_check(&g, &[1.0, 0.0]),
        Err(Error::Game(_))
    ));
    assert!(matches!(
        game::core_check(&g, &[1.0, f64::NAN, 0.0]),
        Err(Error::Game(_))
    ));
    assert!(matches!(
        game::shapley_sampled(&g, 1, 0),
        Err(Error::Game(_))
    ));
    assert!(matches!(
        game::shapley_sampled_fn(3, |t| if t == 0b11 { f64::NAN } else { 0.0 }, 10, 0),
        Err(Error::Game(_))
    ));
    assert!(matches!(g.relabelled(&[0, 0, 1]), Err(Error::Game(_))));

    // Too many players for the LP-based solutions.
    let big = Game::from_fn(game::LP_MAX_PLAYERS + 1, Kind::Cost, |t| {
        t.count_ones() as f64
    })
    .unwrap();
    assert!(matches!(game::nucleolus(&big), Err(Error::Game(_))));
    assert!(matches!(game::least_core(&big), Err(Error::Game(_))));

    // No imputation: alone the players would pay 1 each, together 5. The prenucleolus exists.
    let g = three(Kind::Cost, [1.0, 1.0, 1.0, 4.0, 4.0, 4.0, 5.0]);
    assert!(matches!(game::nucleolus(&g), Err(Error::Game(_))));
    assert!(
        (game::nucleolus_with(&g, &options(Domain::Preimputation))
            .unwrap()
            .allocation
            .iter()
            .sum::<f64>()
            - 5.0)
            .abs()
            < 1e-9
    );
}

#[test]
fn single_player_and_zero_games() {
    let one = Game::from_values(Kind::Cost, vec![0.0, 7.0]).unwrap();
    assert_eq!(game::shapley(&one), vec![7.0]);
    assert_eq!(nucleolus(&one), vec![7.0]);
    assert_eq!(least_core(&one).epsilon, f64::NEG_INFINITY);
    assert!(game::core_check(&one, &[7.0]).unwrap().in_core);
    let zero = Game::from_fn(4, Kind::Cost, |_| 0.0).unwrap();
    assert_close(&nucleolus(&zero), &[0.0; 4], 1e-12);
    assert_close(&prenucleolus(&zero), &[0.0; 4], 1e-12);
}

#[test]
fn kohlberg_rejects_other_points() {
    let g = three(Kind::Profit, [0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 4.0]);
    assert_close(&nucleolus(&g), &[2.0, 2.0, 0.0], 1e-9);
    let check = |x: &[f64]| game::kohlberg(&g, x, Domain::Imputation, &lp()).unwrap();
    assert!(check(&[2.0, 2.0, 0.0]).balanced);
    assert!(!check(&[1.0, 3.0, 0.0]).balanced);
    let inefficient = check(&[2.0, 2.0, 1.0]);
    assert!(!inefficient.balanced);
    assert!(inefficient.reason.unwrap().contains("efficient"));
}

/// Scaling the game scales the nucleolus exactly (the programs work on a power-of-two
/// rescaled copy), for tiny and huge magnitudes alike.
#[test]
fn nucleolus_is_scale_invariant() {
    let g = three(Kind::Cost, [15.0, 20.0, 55.0, 35.0, 61.0, 65.0, 78.0]);
    for factor in [1e-6, 1e6, 3.7e9] {
        let scaled = Game::from_fn(3, Kind::Cost, |t| factor * g.values()[t as usize]).unwrap();
        let expected: Vec<f64> = [14.0, 18.5, 45.5].iter().map(|v| v * factor).collect();
        assert_close(&nucleolus(&scaled), &expected, 1e-9 * factor * 78.0);
    }
}

#[test]
fn sampled_shapley_does_not_depend_on_threads() {
    let g = airport(&(0..10).map(|i| (i * i + 3) as f64).collect::<Vec<_>>());
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| game::shapley_sampled(&g, 1000, 42).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert_ne!(
        one.value,
        game::shapley_sampled(&g, 1000, 43).unwrap().value
    );
    assert!((one.value.iter().sum::<f64>() - g.grand_value()).abs() < 1e-9);
    assert_eq!(one.samples, 1000);
}

/// Beyond the tabulated size: a 30-player airport game given as a function.
#[test]
fn sampled_shapley_of_a_function_game() {
    let costs: Vec<f64> = (0..30).map(|i| ((i * 7) % 13 + 1) as f64).collect();
    let value = |t: Coalition| game::members(t).map(|i| costs[i]).fold(0.0, f64::max);
    let est = game::shapley_sampled_fn(30, value, 4000, 7).unwrap();
    let exact = littlechild_owen(&costs);
    for (i, ((v, e), se)) in est.value.iter().zip(&exact).zip(&est.std_error).enumerate() {
        assert!(
            (v - e).abs() <= 4.0 * se + 1e-12,
            "player {i}: {v} vs {e} (se {se})"
        );
    }
}

// ------------------------------------------------------------------- seeded properties

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(0x5A3E_2026),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        max_shrink_iters: 200,
        ..Config::default()
    })
}

/// Random games of three families: small integers (many ties, degenerate programs: the
/// Guajardo & Jörnsten trap), real values, and concave costs `k·sqrt(w(T))` (non-empty core).
#[derive(Debug, Clone)]
struct Spec {
    n: usize,
    family: u8,
    kind: Kind,
    numbers: Vec<f64>,
}

fn spec(min_n: usize, max_n: usize) -> impl Strategy<Value = Spec> {
    (min_n..=max_n, 0u8..3, any::<bool>()).prop_flat_map(|(n, family, profit)| {
        let kind = if profit { Kind::Profit } else { Kind::Cost };
        let numbers = match family {
            0 => prop::collection::vec((0..6i32).prop_map(f64::from), 1 << n).boxed(),
            1 => prop::collection::vec(-50.0..100.0f64, 1 << n).boxed(),
            _ => prop::collection::vec(1.0..10.0f64, n).boxed(),
        };
        numbers.prop_map(move |numbers| Spec {
            n,
            family,
            kind,
            numbers,
        })
    })
}

fn build(s: &Spec) -> Game {
    let sign = match s.kind {
        Kind::Cost => 1.0,
        Kind::Profit => -1.0,
    };
    Game::from_fn(s.n, s.kind, |t| {
        if t == 0 {
            return 0.0;
        }
        let singles = || -> f64 { game::members(t).map(|i| s.numbers[1 << i]).sum() };
        match s.family {
            // Integer games: the grand coalition gains 0..5 over the singletons, so that
            // imputations exist (sometimes just one).
            0 if t.count_ones() as usize == s.n && s.n > 1 => {
                singles() - sign * s.numbers[t as usize]
            }
            0 | 1 => s.numbers[t as usize],
            _ => {
                let w: f64 = game::members(t).map(|i| s.numbers[i]).sum();
                sign * 10.0 * w.sqrt()
            }
        }
    })
    .unwrap()
}

fn tol(g: &Game) -> f64 {
    1e-9 * g.scale().max(1.0)
}

#[test]
fn shapley_axioms() {
    runner(64)
        .run(&(spec(2, 7), 0..1000u32), |(s, salt)| {
            let g = build(&s);
            let n = s.n;
            let phi = game::shapley(&g);
            // Efficiency.
            prop_assert!((phi.iter().sum::<f64>() - g.grand_value()).abs() <= tol(&g));
            // Agreement with coopgame (profit convention).
            let theirs = coopgame::values::shapley(&to_coopgame(&g));
            let sign = kind_sign(&g);
            let theirs: Vec<f64> = theirs.iter().map(|v| sign * v).collect();
            prop_assert!(close(&phi, &theirs, tol(&g)), "{phi:?} vs {theirs:?}");
            // Symmetry: make players 0 and 1 interchangeable.
            let swap = |t: Coalition| {
                let (a, b) = (t & 1, t >> 1 & 1);
                (t & !3) | (a << 1) | b
            };
            let sym = Game::from_fn(n, g.kind(), |t| {
                0.5 * (g.values()[t as usize] + g.values()[swap(t) as usize])
            })
            .unwrap();
            let phi_sym = game::shapley(&sym);
            prop_assert!((phi_sym[0] - phi_sym[1]).abs() <= tol(&g));
            // Null player: the last player adds nothing to any coalition.
            let last = 1u32 << (n - 1);
            let null = Game::from_fn(n, g.kind(), |t| g.values()[(t & !last) as usize]).unwrap();
            prop_assert!(game::shapley(&null)[n - 1].abs() <= tol(&g));
            // Additivity: φ(v + w) = φ(v) + φ(w), with w another game from the salt.
            let w = Game::from_fn(n, g.kind(), |t| {
                if t == 0 {
                    0.0
                } else {
                    f64::from((t.wrapping_mul(2654435761) ^ salt) % 17)
                }
            })
            .unwrap();
            let sum = Game::from_fn(n, g.kind(), |t| {
                g.values()[t as usize] + w.values()[t as usize]
            })
            .unwrap();
            let lhs = game::shapley(&sum);
            let rhs: Vec<f64> = phi
                .iter()
                .zip(game::shapley(&w))
                .map(|(a, b)| a + b)
                .collect();
            prop_assert!(close(&lhs, &rhs, 1e-9 * sum.scale().max(1.0)));
            // The sampled value is efficient too.
            let est = game::shapley_sampled(&g, 50, u64::from(salt)).unwrap();
            prop_assert!((est.value.iter().sum::<f64>() - g.grand_value()).abs() <= tol(&g));
            Ok(())
        })
        .unwrap();
}

#[test]
fn sampled_shapley_within_four_standard_errors() {
    runner(6)
        .run(&(spec(10, 10), any::<u64>()), |(s, seed)| {
            let g = build(&s);
            let exact = game::shapley(&g);
            let est = game::shapley_sampled(&g, 2000, seed).unwrap();
            for (i, ((v, e), se)) in est.value.iter().zip(&exact).zip(&est.std_error).enumerate() {
                prop_assert!(
                    (v - e).abs() <= 4.0 * se + tol(&g),
                    "player {i}: {v} vs {e} (se {se})"
                );
            }
            Ok(())
        })
        .unwrap();
}

/// The sorted excess vector (largest first) of `x`.
fn sorted_excesses(g: &Game, x: &[f64]) -> Vec<f64> {
    let mut e = g.excesses(x).unwrap();
    e.remove(0);
    e.pop();
    e.sort_by(|a, b| b.total_cmp(a));
    e
}

/// `a` is lexicographically smaller than `b` by more than `tol` somewhere before any
/// difference the other way.
fn lex_smaller(a: &[f64], b: &[f64], tol: f64) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x < &(y - tol) {
            return true;
        }
        if x > &(y + tol) {
            return false;
        }
    }
    false
}

#[test]
fn nucleolus_properties_and_coopgame() {
    let cases = std::cell::RefCell::new([0usize; 3]);
    let nonempty = std::cell::Cell::new(0usize);
    runner(96)
        .run(&(spec(2, 6), any::<u64>()), |(s, salt)| {
            let g = build(&s);
            let n = s.n;
            let t = tol(&g);
            let sign = kind_sign(&g);
            let theirs = to_coopgame(&g);
            let pre = game::nucleolus_with(&g, &options(Domain::Preimputation))
                .map_err(|e| TestCaseError::fail(format!("prenucleolus: {e}")))?;
            // Efficiency.
            prop_assert!((pre.allocation.iter().sum::<f64>() - g.grand_value()).abs() <= t);
            // Exact rational prenucleolus of coopgame (integer games) or its float one.
            let expected: Vec<f64> = if s.family == 0 {
                let exact = coopgame::game::exact::ExactGame::from_explicit(&theirs).unwrap();
                coopgame::nucleolus::exact::nucleolus(&exact, coopgame::Domain::Preimputation)
                    .unwrap()
                    .allocation
                    .iter()
                    .map(|q| sign * q.to_f64().unwrap())
                    .collect()
            } else {
                coopgame::nucleolus::prenucleolus(&theirs)
                    .unwrap()
                    .allocation()
                    .iter()
                    .map(|v| sign * v)
                    .collect()
            };
            let agree = if s.family == 0 {
                t
            } else {
                1e-6 * g.scale().max(1.0)
            };
            prop_assert!(
                close(&pre.allocation, &expected, agree),
                "{:?} vs {expected:?}",
                pre.allocation
            );

            // Least core agrees with coopgame; the prenucleolus is in the core when it is
            // non-empty.
            let lc = least_core(&g);
            if n > 1 {
                let their_eps =
                    coopgame::nucleolus::least_core(&theirs, coopgame::Domain::Preimputation)
                        .unwrap()
                        .epsilon();
                prop_assert!((lc.epsilon - their_eps).abs() <= 1e-7 * g.scale().max(1.0));
                // The first level of the prenucleolus is the least-core ε.
                if let Some(first) = pre.levels.first() {
                    prop_assert!((first.excess - lc.epsilon).abs() <= 1e-7 * g.scale().max(1.0));
                }
            }
            if lc.core_nonempty {
                nonempty.set(nonempty.get() + 1);
                let core =
                    game::core_check_with(&g, &pre.allocation, 1e-7 * g.scale().max(1.0)).unwrap();
                prop_assert!(core.in_core, "{core:?}");
            }

            // Relabelling the players relabels the prenucleolus.
            let mut perm: Vec<usize> = (0..n).collect();
            perm.rotate_left((salt as usize) % n);
            if n > 2 {
                perm.swap(0, 1 + (salt as usize / 7) % (n - 1));
            }
            let relabelled = g.relabelled(&perm).unwrap();
            let x2 = prenucleolus(&relabelled);
            for i in 0..n {
                prop_assert!((x2[perm[i]] - pre.allocation[i]).abs() <= t);
            }

            // Lexicographic minimality against small efficient perturbations.
            let base = sorted_excesses(&g, &pre.allocation);
            let step = 1e-3 * g.scale().max(1.0);
            for k in 0..8u64 {
                let mut d: Vec<f64> = (0..n)
                    .map(|i| (((salt ^ (k * 0x9E37_79B9)) >> (3 * i)) % 7) as f64 - 3.0)
                    .collect();
                let mean = d.iter().sum::<f64>() / n as f64;
                d.iter_mut().for_each(|v| *v = (*v - mean) * step);
                let y: Vec<f64> = pre.allocation.iter().zip(&d).map(|(a, b)| a + b).collect();
                prop_assert!(!lex_smaller(&sorted_excesses(&g, &y), &base, t));
            }

            // The nucleolus (imputations), when there are imputations (and not just one).
            let standalone: f64 = g.standalone().iter().sum();
            let room = match g.kind() {
                Kind::Cost => standalone - g.grand_value(),
                Kind::Profit => g.grand_value() - standalone,
            };
            if n > 1 && room > 1e-6 * g.scale() {
                cases.borrow_mut()[s.family as usize] += 1;
                let nu = nucleolus(&g);
                let expected: Vec<f64> = if s.family == 0 {
                    let exact = coopgame::game::exact::ExactGame::from_explicit(&theirs).unwrap();
                    coopgame::nucleolus::exact::nucleolus(&exact, coopgame::Domain::Imputation)
                        .unwrap()
                        .allocation
                        .iter()
                        .map(|q| sign * q.to_f64().unwrap())
                        .collect()
                } else {
                    coopgame::nucleolus::nucleolus(&theirs)
                        .unwrap()
                        .allocation()
                        .iter()
                        .map(|v| sign * v)
                        .collect()
                };
                prop_assert!(close(&nu, &expected, agree), "{nu:?} vs {expected:?}");
                prop_assert!((nu.iter().sum::<f64>() - g.grand_value()).abs() <= t);
                if lc.core_nonempty {
                    prop_assert!(close(&nu, &pre.allocation, agree));
                }
                let x2 = nucleolus(&relabelled);
                for i in 0..n {
                    prop_assert!((x2[perm[i]] - nu[i]).abs() <= t);
                }
            }
            Ok(())
        })
        .unwrap();
    let (nonempty, cases) = (nonempty.get(), cases.into_inner());
    assert!(
        nonempty >= 5,
        "too few games with a non-empty core: {nonempty}"
    );
    assert!(
        cases.iter().all(|&c| c >= 3),
        "too few nucleolus cases per family: {cases:?}"
    );
}

#[test]
fn largest_first_lists_every_proper_coalition_once_by_falling_size() {
    let order = samen::game::largest_first(5);
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..31).collect::<Vec<u32>>());
    assert!(
        order
            .windows(2)
            .all(|w| w[0].count_ones() >= w[1].count_ones())
    );
    assert_eq!(order[0].count_ones(), 4);
}
