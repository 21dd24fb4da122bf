//! The linear programs behind the least core, the nucleolus and the Kohlberg check, built as a
//! solver-independent [`Milp`] (continuous variables only) and solved by
//! [`crate::solver::solve`], so they run on microlp or HiGHS and every solution passes the
//! residual check.
//!
//! All programs work in cost form (`c`, or `-v` for profit games) on the game divided by a
//! power of two so that `max |c|` lies in `[1, 2)`: absolute solver tolerances then mean the
//! same for every game, and scaling back is exact.

use super::characteristic::{Coalition, Game, members};
use crate::error::Error;
use crate::milp::{Milp, Sense, VarKind};
use crate::solver::{self, SolveOptions};
use serde::Serialize;

/// Games with more players than this are refused by the LP-based solutions (the least core,
/// the nucleolus, the Kohlberg check): their programs have `2^n` rows. Measured in a debug
/// build with microlp: a nucleolus takes about 1 s at 12 players, 6 s at 14 and 40 s at 16.
pub const LP_MAX_PLAYERS: usize = 16;

/// Where allocations may lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    /// Efficient and individually rational: nobody pays more than alone (`x_i <= c({i})`;
    /// for profit games nobody earns less than alone, `x_i >= v({i})`). The nucleolus.
    Imputation,
    /// Efficient only (`x(N) = c(N)`). The prenucleolus.
    Preimputation,
}

/// Settings shared by the LP-based solutions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LpOptions {
    /// Backend and limits; `SolverChoice::Auto` means microlp (the programs have no binaries).
    pub solve: SolveOptions,
    /// Tolerance relative to `max |c|` for deciding that an excess equals a level (default
    /// `1e-9`). The Kohlberg check groups excesses with 100 times this.
    pub tolerance: f64,
}

impl Default for LpOptions {
    fn default() -> Self {
        LpOptions {
            solve: SolveOptions::default(),
            tolerance: 1e-9,
        }
    }
}

impl LpOptions {
    /// An error unless the tolerance is a positive finite number.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.tolerance.is_finite() && self.tolerance > 0.0 {
            Ok(())
        } else {
            Err(Error::Game(format!(
                "the tolerance must be a positive number, not {}",
                self.tolerance
            )))
        }
    }
}

/// The game in cost form, divided by a power of two so that `max |c|` is in `[1, 2)`.
pub(crate) struct Scaled {
    pub(crate) n: usize,
    pub(crate) c: Vec<f64>,
    /// Multiply results by this to return to the game's units.
    pub(crate) factor: f64,
}

impl Scaled {
    pub(crate) fn new(game: &Game) -> Result<Scaled, Error> {
        let n = game.players();
        if n > LP_MAX_PLAYERS {
            return Err(Error::Game(format!(
                "{n} players is more than the {LP_MAX_PLAYERS} the least core and nucleolus \
                 handle (their linear programs have 2^n rows); use the Shapley value or a key"
            )));
        }
        let scale = game.scale();
        let factor = if scale > 0.0 {
            2f64.powi(scale.log2().floor() as i32)
        } else {
            1.0
        };
        let c = game.cost_form().iter().map(|v| v / factor).collect();
        Ok(Scaled { n, c, factor })
    }

    pub(crate) fn grand(&self) -> Coalition {
        super::characteristic::grand(self.n)
    }

    pub(crate) fn cost(&self, t: Coalition) -> f64 {
        self.c[t as usize]
    }
}

/// Counts and runs the programs.
pub(crate) struct Runner<'a> {
    pub(crate) options: &'a LpOptions,
    pub(crate) solves: usize,
}

/// The sum `x(T)` as row coefficients over the player variables `0..n`.
fn sum_of(t: Coalition) -> Vec<(usize, f64)> {
    members(t).map(|i| (i, 1.0)).collect()
}

/// What the program optimises besides the allocation constraints.
pub(crate) enum Goal {
    /// `min ε` subject to `x(T) - c(T) <= ε` for the open coalitions.
    MinMaxExcess,
    /// `min x(T)` subject to `x(U) - c(U) <= level` for the open coalitions: how far below
    /// `level` the excess of `T` can go while no open excess exceeds `level`.
    MinSum { target: Coalition, level: f64 },
}

impl Runner<'_> {
    /// Solves one program over allocations `x` with `x(S) = c(S) + e_S` for the `fixed`
    /// coalitions, the domain's bounds, and the rows of `goal` for the `open` coalitions.
    /// Returns the optimal objective and `x`; `Ok(None)` when the program is infeasible.
    pub(crate) fn solve(
        &mut self,
        game: &Scaled,
        domain: Domain,
        fixed: &[(Coalition, f64)],
        open: &[Coalition],
        goal: &Goal,
    ) -> Result<Option<(f64, Vec<f64>)>, Error> {
        let mut milp = Milp::default();
        allocation_vars(&mut milp, game, domain);
        for &(t, e) in fixed {
            milp.add_row(format!("fix{t}"), sum_of(t), Sense::Eq, game.cost(t) + e);
        }
        goal_rows(&mut milp, game, open, goal);
        self.run(&milp, game.n)
    }

    /// The optimal objective and allocation (the first `n` variables) of `milp`; `None` when
    /// it is infeasible.
    fn run(&mut self, milp: &Milp, n: usize) -> Result<Option<(f64, Vec<f64>)>, Error> {
        self.solves += 1;
        match solver::solve(milp, &self.options.solve) {
            Ok(solution) => {
                let objective = milp.objective_value(&solution.values);
                let mut x = solution.values;
                x.truncate(n);
                Ok(Some((objective, x)))
            }
            Err(Error::Infeasible(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A continuous variable without bounds.
fn free_var(milp: &mut Milp, name: &str) -> usize {
    let (lo, hi) = (f64::NEG_INFINITY, f64::INFINITY);
    milp.add_var(name.into(), VarKind::Continuous, lo, hi)
}

/// Player i's share `x{i}`, at most its cost alone over imputations.
fn allocation_vars(milp: &mut Milp, game: &Scaled, domain: Domain) {
    for i in 0..game.n {
        let upper = match domain {
            Domain::Imputation => game.cost(1 << i),
            Domain::Preimputation => f64::INFINITY,
        };
        milp.add_var(
            format!("x{i}"),
            VarKind::Continuous,
            f64::NEG_INFINITY,
            upper,
        );
    }
}

/// The rows and objective of `goal` over the `open` coalitions.
fn goal_rows(milp: &mut Milp, game: &Scaled, open: &[Coalition], goal: &Goal) {
    match *goal {
        Goal::MinMaxExcess => {
            let eps = free_var(milp, "eps");
            for &t in open {
                let mut coefs = sum_of(t);
                coefs.push((eps, -1.0));
                milp.add_row(format!("T{t}"), coefs, Sense::Le, game.cost(t));
            }
            milp.objective = vec![(eps, 1.0)];
        }
        Goal::MinSum { target, level } => {
            for &t in open {
                milp.add_row(format!("T{t}"), sum_of(t), Sense::Le, game.cost(t) + level);
            }
            milp.objective = sum_of(target);
        }
    }
}

/// The weight `λ_T` of each coalition: at least 1 for the `required`, at least 0 for the
/// other `optional` ones.
fn weight_vars(
    milp: &mut Milp,
    required: &[Coalition],
    optional: &[Coalition],
) -> Vec<(Coalition, usize)> {
    let weight = |milp: &mut Milp, name: String, lo: f64| {
        milp.add_var(name, VarKind::Continuous, lo, f64::INFINITY)
    };
    let mut weights: Vec<(Coalition, usize)> = Vec::new();
    for &t in required {
        weights.push((t, weight(milp, format!("l{t}"), 1.0)));
    }
    for &t in optional.iter().filter(|t| !required.contains(t)) {
        weights.push((t, weight(milp, format!("o{t}"), 0.0)));
    }
    weights
}

/// Whether weights `λ_T >= 1` on `required` and `λ_T >= 0` on `optional` exist with
/// `Σ λ_T 1_T = μ 1_N` (the collection is balanced, allowing the optional coalitions).
pub(crate) fn balanced(
    n: usize,
    required: &[Coalition],
    optional: &[Coalition],
    runner: &mut Runner<'_>,
) -> Result<bool, Error> {
    let mut milp = Milp::default();
    let mu = free_var(&mut milp, "mu");
    let weights = weight_vars(&mut milp, required, optional);
    for i in 0..n {
        let mut coefs: Vec<(usize, f64)> = weights
            .iter()
            .filter(|(t, _)| t >> i & 1 == 1)
            .map(|&(_, v)| (v, 1.0))
            .collect();
        coefs.push((mu, -1.0));
        milp.add_row(format!("p{i}"), coefs, Sense::Eq, 0.0);
    }
    milp.objective = vec![(mu, 1.0)];
    runner.solves += 1;
    match solver::solve(&milp, &runner.options.solve) {
        Ok(_) => Ok(true),
        Err(Error::Infeasible(_)) => Ok(false),
        Err(e) => Err(e),
    }
}
