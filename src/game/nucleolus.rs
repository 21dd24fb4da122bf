//! The nucleolus (Schmeidler 1969) and prenucleolus by sequential linear programs
//! (Kopelowitz 1967; Maschler, Peleg & Shapley 1979).
//!
//! In cost form an allocation `x` (with `x(N) = c(N)`) gives coalition `T` the excess
//! `e(T) = x(T) - c(T)`, what `T` pays above its stand-alone cost. The nucleolus is the
//! allocation whose vector of excesses, sorted from largest to smallest, is lexicographically
//! smallest: first the worst-off coalition is made as well off as possible, then the next,
//! and so on. Profit games are solved as the cost game `-v` (see [`crate::game`]).
//!
//! Round `k` solves `min ε` subject to `x(T) - c(T) <= ε` for the open coalitions, the
//! equalities of the coalitions fixed in earlier rounds, and the domain's bounds. Then each
//! open coalition whose excess reaches `ε*` in the returned solution is tested with one more
//! program: minimise `x(T)` while every open excess stays at most `ε*`. It is fixed at `ε*`
//! only when that minimum still reaches `ε*` (within the tolerance): tight in **every**
//! optimal solution of the round, not merely in the vertex the solver happened to return
//! (the mistake Guajardo & Jörnsten 2015 found in published algorithms). A test that fails
//! yields a solution in which other candidates may be slack too; those are skipped. Coalitions
//! whose incidence vectors lie in the span of the fixed ones are determined and leave the open
//! set; the rounds stop when the fixed coalitions (with `N`) reach rank `n`, and the
//! allocation is the unique solution of their equalities.
//!
//! The result is verified with the Kohlberg criterion ([`crate::game::kohlberg`]) unless
//! [`NucleolusOptions::verify`] is off; a failed check is an error, never a silent answer.

use super::characteristic::{Coalition, Game, format_coalition};
use super::kohlberg::{KohlbergReport, kohlberg};
use super::lp::{Domain, Goal, LpOptions, Runner, Scaled};
use super::span::{Span, solve_square};
use crate::error::Error;
use serde::Serialize;

/// Settings of [`nucleolus_with`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NucleolusOptions {
    /// [`Domain::Imputation`] for the nucleolus, [`Domain::Preimputation`] for the
    /// prenucleolus.
    pub domain: Domain,
    /// Solver and tolerance.
    pub lp: LpOptions,
    /// Check the result with the Kohlberg criterion (default true).
    pub verify: bool,
}

impl Default for NucleolusOptions {
    fn default() -> Self {
        NucleolusOptions {
            domain: Domain::Imputation,
            lp: LpOptions::default(),
            verify: true,
        }
    }
}

/// One round of the sequential programs: the level reached and the coalitions fixed at it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// The round's minimal largest excess, in the game's units and convention.
    pub excess: f64,
    /// The coalitions found tight in every optimal solution of the round (bitmasks), in the
    /// order they were fixed; each is linearly independent of the ones before.
    pub fixed: Vec<Coalition>,
}

/// The nucleolus (or prenucleolus) and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nucleolus {
    /// The allocation, in the game's units (cost shares for a cost game, payoffs for a
    /// profit game); it adds up to the grand coalition's value.
    pub allocation: Vec<f64>,
    /// The rounds, with decreasing excess levels.
    pub levels: Vec<Level>,
    /// Linear programs solved (rounds, tightness tests, Kohlberg check).
    pub lp_solves: usize,
    /// The Kohlberg check of the result, when it was asked for.
    pub verification: Option<KohlbergReport>,
}

/// The nucleolus with default options: imputation domain, microlp, verified.
pub fn nucleolus(game: &Game) -> Result<Nucleolus, Error> {
    nucleolus_with(game, &NucleolusOptions::default())
}

/// The prenucleolus (efficient allocations only, no individual rationality), verified.
pub fn prenucleolus(game: &Game) -> Result<Nucleolus, Error> {
    nucleolus_with(
        game,
        &NucleolusOptions {
            domain: Domain::Preimputation,
            ..NucleolusOptions::default()
        },
    )
}

/// The nucleolus or prenucleolus with explicit options.
pub fn nucleolus_with(game: &Game, options: &NucleolusOptions) -> Result<Nucleolus, Error> {
    options.lp.check()?;
    let scaled = Scaled::new(game)?;
    let mut runner = Runner {
        options: &options.lp,
        solves: 0,
    };
    let (x, levels) = sequential(&scaled, options.domain, &mut runner)?;
    let sign = game.sign();
    let allocation: Vec<f64> = x.iter().map(|v| sign * v * scaled.factor).collect();
    let levels = levels
        .into_iter()
        .map(|(e, fixed)| Level {
            excess: e * scaled.factor,
            fixed,
        })
        .collect();
    let mut result = Nucleolus {
        allocation,
        levels,
        lp_solves: runner.solves,
        verification: None,
    };
    if options.verify {
        let report = kohlberg(game, &result.allocation, options.domain, &options.lp)?;
        result.lp_solves += report.lp_solves;
        if !report.balanced {
            return Err(Error::Game(format!(
                "the computed {} {:?} fails the Kohlberg check ({}); try another solver or \
                 tolerance",
                match options.domain {
                    Domain::Imputation => "nucleolus",
                    Domain::Preimputation => "prenucleolus",
                },
                result.allocation,
                report.reason.as_deref().unwrap_or("not balanced")
            )));
        }
        result.verification = Some(report);
    }
    Ok(result)
}

/// For the imputation domain: an error when there is no imputation
/// (`Σ c({i}) < c(N)` beyond the tolerance), and the single imputation when the set is one
/// point (within the tolerance), which the programs could miss by rounding.
pub(crate) fn check_imputations(game: &Scaled, tolerance: f64) -> Result<Option<Vec<f64>>, Error> {
    let n = game.n;
    let standalone: Vec<f64> = (0..n).map(|i| game.cost(1 << i)).collect();
    let room = standalone.iter().sum::<f64>() - game.cost(game.grand());
    if room < -tolerance {
        return Err(Error::Game(format!(
            "there is no imputation: acting alone, the players together would fare {} better \
             than the grand coalition, so not everyone can be kept at least as well off as \
             alone; use the prenucleolus (`--method prenucleolus`)",
            -room * game.factor
        )));
    }
    if room <= tolerance {
        let share = room / n as f64;
        return Ok(Some(standalone.iter().map(|c| c - share).collect()));
    }
    Ok(None)
}

type Rounds = Vec<(f64, Vec<Coalition>)>;

/// The sequential programs in scaled cost form: the allocation and the rounds.
fn sequential(
    game: &Scaled,
    domain: Domain,
    runner: &mut Runner<'_>,
) -> Result<(Vec<f64>, Rounds), Error> {
    if let Some(point) = without_rounds(game, domain, runner)? {
        return Ok((point, Vec::new()));
    }
    let mut st = Fixing::new(game);
    let mut rounds: Rounds = Vec::new();
    while !st.span.is_full() {
        let (eps, x) = next_level(game, domain, runner, &st, &rounds)?;
        let fixed_now = fix_escalating(game, domain, runner, &mut st, eps, &x, rounds.len() + 1)?;
        st.open.retain(|&t| !st.span.contains(t));
        rounds.push((eps, fixed_now));
    }
    let equations: Vec<(Coalition, f64)> = st
        .fixed
        .iter()
        .map(|&(t, e)| (t, game.cost(t) + e))
        .collect();
    let x = solve_square(game.n, &equations)
        .ok_or_else(|| Error::Internal("the nucleolus' fixed coalitions are dependent".into()))?;
    Ok((x, rounds))
}

/// The allocation when no program is needed: one player, or imputations that leave no room.
fn without_rounds(
    game: &Scaled,
    domain: Domain,
    runner: &Runner<'_>,
) -> Result<Option<Vec<f64>>, Error> {
    if game.n == 1 {
        return Ok(Some(vec![game.cost(game.grand())]));
    }
    if domain == Domain::Imputation {
        return check_imputations(game, runner.options.tolerance);
    }
    Ok(None)
}

/// The coalitions fixed at their level so far, the span they cover, and those still open.
struct Fixing {
    fixed: Vec<(Coalition, f64)>,
    span: Span,
    open: Vec<Coalition>,
}

impl Fixing {
    /// Only the grand coalition fixed (at excess 0).
    fn new(game: &Scaled) -> Fixing {
        let grand = game.grand();
        let mut span = Span::new(game.n);
        span.insert(grand);
        Fixing {
            fixed: vec![(grand, 0.0)],
            span,
            open: (1..grand).collect(),
        }
    }
}

/// The next round's least maximal excess ε and a solution at it; the levels never increase.
fn next_level(
    game: &Scaled,
    domain: Domain,
    runner: &mut Runner<'_>,
    st: &Fixing,
    rounds: &Rounds,
) -> Result<(f64, Vec<f64>), Error> {
    let (eps, x) = runner
        .solve(game, domain, &st.fixed, &st.open, &Goal::MinMaxExcess)?
        .ok_or_else(|| {
            Error::Game(format!(
                "round {} of the nucleolus programs is infeasible",
                rounds.len() + 1
            ))
        })?;
    if let Some(&(last, _)) = rounds.last()
        && eps > last + 100.0 * runner.options.tolerance
    {
        return Err(Error::Game(format!(
            "the nucleolus levels increased from {} to {}: numerical trouble",
            last * game.factor,
            eps * game.factor
        )));
    }
    Ok((eps, x))
}

/// [`fix_round`], escalating the tolerance only if nothing at all can be fixed (numerical
/// noise).
fn fix_escalating(
    game: &Scaled,
    domain: Domain,
    runner: &mut Runner<'_>,
    st: &mut Fixing,
    eps: f64,
    x: &[f64],
    round: usize,
) -> Result<Vec<Coalition>, Error> {
    let base_tolerance = runner.options.tolerance;
    for tolerance in [base_tolerance, base_tolerance * 1e2, base_tolerance * 1e4] {
        let fixed_now = fix_round(game, domain, runner, st, eps, x, tolerance)?;
        if !fixed_now.is_empty() {
            return Ok(fixed_now);
        }
    }
    Err(Error::Game(format!(
        "no coalition is tight in every optimal solution at level {} (round {}): \
         numerical trouble; try another solver",
        eps * game.factor,
        round
    )))
}

fn excess(game: &Scaled, x: &[f64], t: Coalition) -> f64 {
    super::characteristic::members(t).map(|i| x[i]).sum::<f64>() - game.cost(t)
}

/// Tests the candidates of one round and fixes those tight in every optimal solution.
fn fix_round(
    game: &Scaled,
    domain: Domain,
    runner: &mut Runner<'_>,
    st: &mut Fixing,
    eps: f64,
    x: &[f64],
    tolerance: f64,
) -> Result<Vec<Coalition>, Error> {
    let candidates: Vec<Coalition> = st
        .open
        .iter()
        .copied()
        .filter(|&t| excess(game, x, t) >= eps - tolerance)
        .collect();
    let mut skip = vec![false; candidates.len()];
    let mut fixed_now = Vec::new();
    for k in 0..candidates.len() {
        let t = candidates[k];
        if skip[k] || st.span.contains(t) {
            continue;
        }
        let (lowest, witness) = tightness(game, domain, runner, st, t, eps, tolerance)?;
        if lowest - game.cost(t) >= eps - tolerance {
            st.fixed.push((t, eps));
            st.span.insert(t);
            fixed_now.push(t);
            if st.span.is_full() {
                break;
            }
        } else {
            // The witness shows which later candidates are not tight either.
            for j in k + 1..candidates.len() {
                if excess(game, &witness, candidates[j]) < eps - tolerance {
                    skip[j] = true;
                }
            }
        }
    }
    Ok(fixed_now)
}

/// The lowest `x(t)` at level ε, and a solution that reaches it.
fn tightness(
    game: &Scaled,
    domain: Domain,
    runner: &mut Runner<'_>,
    st: &Fixing,
    t: Coalition,
    eps: f64,
    tolerance: f64,
) -> Result<(f64, Vec<f64>), Error> {
    // Relax the level a little so rounding in ε* cannot make the test infeasible.
    let mut outcome = None;
    for slack in [tolerance * 1e-2, tolerance, tolerance * 1e2] {
        outcome = runner.solve(
            game,
            domain,
            &st.fixed,
            &st.open,
            &Goal::MinSum {
                target: t,
                level: eps + slack,
            },
        )?;
        if outcome.is_some() {
            break;
        }
    }
    outcome.ok_or_else(|| {
        Error::Game(format!(
            "the tightness test of coalition {} at level {} is infeasible",
            format_coalition(t),
            eps * game.factor
        ))
    })
}
