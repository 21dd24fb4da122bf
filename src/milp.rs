//! A solver-independent mixed-integer linear program: named variables and rows. The model is
//! built once in this form; the backends in [`crate::solver`] translate it, the residual check
//! verifies any solution against it, and it can be written as an LP file for other solvers.

use std::fmt::Write;

/// Relative tolerance on constraint residuals (violation / (1 + row magnitude)).
pub const RESIDUAL_TOLERANCE: f64 = 1e-6;

/// Whether a variable is a 0/1 decision or a real number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// A 0/1 decision (a column chosen, a vehicle used, ...).
    Binary,
    /// A real number between its bounds (FTE, transfers, shares, ...).
    Continuous,
}

/// One variable of the MILP.
#[derive(Debug, Clone)]
pub struct Var {
    /// Its name, as rows, residuals and the LP file show it (`x[...]`, `F[p,t]`, ...).
    pub name: String,
    /// Binary or continuous.
    pub kind: VarKind,
    /// Lower bound (in the variable's own unit).
    pub lower: f64,
    /// Upper bound (`f64::INFINITY`: none).
    pub upper: f64,
}

/// The sense of a row: lhs ≤, ≥ or = rhs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Σ coef · var ≤ rhs.
    Le,
    /// Σ coef · var ≥ rhs.
    Ge,
    /// Σ coef · var = rhs.
    Eq,
}

/// One constraint of the MILP: Σ coef · var (sense) rhs.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its name, like the rows of `docs/model.md` (`cover[p,d]`, `budget[p,year]`, ...).
    pub name: String,
    /// Non-zero coefficients as (index into `Milp::vars`, coefficient).
    pub coefs: Vec<(usize, f64)>,
    /// ≤, ≥ or =.
    pub sense: Sense,
    /// The right-hand side (in the row's unit: euro, FTE, a count).
    pub rhs: f64,
}

impl Row {
    /// How far `values` violate the row (0 when they satisfy it), and the row's magnitude at
    /// them (|rhs| + Σ|coef·value|).
    fn violation(&self, values: &[f64]) -> (f64, f64) {
        let lhs: f64 = self.coefs.iter().map(|&(j, c)| c * values[j]).sum();
        let scale = self.rhs.abs()
            + self
                .coefs
                .iter()
                .map(|&(j, c)| (c * values[j]).abs())
                .sum::<f64>();
        let v = match self.sense {
            Sense::Le => lhs - self.rhs,
            Sense::Ge => self.rhs - lhs,
            Sense::Eq => (lhs - self.rhs).abs(),
        };
        (v.max(0.0), scale)
    }
}

/// A mixed-integer linear program: variables, rows and a linear objective to minimise.
#[derive(Debug, Clone, Default)]
pub struct Milp {
    /// The variables; their indices are the columns of `rows` and `objective`.
    pub vars: Vec<Var>,
    /// The constraints, in the order they were added.
    pub rows: Vec<Row>,
    /// Minimised: Σ coef · var.
    pub objective: Vec<(usize, f64)>,
}

/// The worst violated row of a solution.
#[derive(Debug, Clone)]
pub struct Residual {
    /// Name of the row, bound (the variable's name) or integrality the solution violates most.
    pub row: String,
    /// Violation scaled by the row's magnitude (1 + |rhs| + Σ|coef·value|).
    pub relative: f64,
    /// The violation itself, in the row's unit (euro, FTE, ...).
    pub absolute: f64,
}

impl Milp {
    /// Adds a variable with bounds `lower..=upper`; returns its index.
    pub fn add_var(&mut self, name: String, kind: VarKind, lower: f64, upper: f64) -> usize {
        self.vars.push(Var {
            name,
            kind,
            lower,
            upper,
        });
        self.vars.len() - 1
    }

    /// Adds the row Σ coef · var (sense) rhs.
    pub fn add_row(&mut self, name: String, coefs: Vec<(usize, f64)>, sense: Sense, rhs: f64) {
        self.rows.push(Row {
            name,
            coefs,
            sense,
            rhs,
        });
    }

    /// The objective's cost of every variable, indexed like `vars` (terms of one variable
    /// added up; zero for a variable the objective does not name).
    pub fn dense_objective(&self) -> Vec<f64> {
        let mut c = vec![0.0; self.vars.len()];
        for &(j, cj) in &self.objective {
            c[j] += cj;
        }
        c
    }

    /// The model with every variable that `partial` defines (a finite value) fixed at that
    /// value, the others free within their bounds: solving it completes a partial point (a
    /// plan's binaries) to a feasible one, or shows there is none.
    pub fn fixed_at(&self, partial: &[f64]) -> Milp {
        let mut fixed = self.clone();
        for (v, &x) in fixed.vars.iter_mut().zip(partial) {
            if x.is_finite() {
                (v.lower, v.upper) = (x, x);
            }
        }
        fixed
    }

    /// Number of binary variables.
    pub fn binaries(&self) -> usize {
        self.vars
            .iter()
            .filter(|v| v.kind == VarKind::Binary)
            .count()
    }

    /// The objective Σ coef · value at `values` (indexed like `vars`).
    pub fn objective_value(&self, values: &[f64]) -> f64 {
        self.objective.iter().map(|&(j, c)| c * values[j]).sum()
    }

    /// The largest relative violation of any row, bound or integrality.
    pub fn worst_residual(&self, values: &[f64]) -> Option<Residual> {
        let mut worst: Option<Residual> = None;
        let mut consider = |row: &str, absolute: f64, scale: f64| {
            let relative = absolute / (1.0 + scale);
            if absolute > 0.0 && worst.as_ref().is_none_or(|w| relative > w.relative) {
                worst = Some(Residual {
                    row: row.to_string(),
                    relative,
                    absolute,
                });
            }
        };
        for r in &self.rows {
            let (v, scale) = r.violation(values);
            consider(&r.name, v, scale);
        }
        for (var, &x) in self.vars.iter().zip(values) {
            let v = (var.lower - x).max(x - var.upper).max(0.0);
            consider(&var.name, v, var.lower.abs().max(var.upper.abs().min(1e12)));
            if var.kind == VarKind::Binary {
                consider(
                    &format!("integrality of {}", var.name),
                    (x - x.round()).abs(),
                    0.0,
                );
            }
        }
        worst
    }

    /// CPLEX LP format, readable by HiGHS, CBC, GLPK, SCIP and Gurobi.
    pub fn to_lp(&self) -> String {
        let mut out = String::new();
        out.push_str("\\ samen MILP\nMinimize\n obj:");
        for (i, &(j, c)) in self.objective.iter().enumerate() {
            lp_term(&mut out, i, c, &lp_name(&self.vars[j].name));
        }
        out.push_str("\nSubject To\n");
        for r in &self.rows {
            self.lp_row(&mut out, r);
        }
        self.lp_bounds(&mut out);
        out.push_str("End\n");
        out
    }

    /// The LP file's `Bounds` and `Binaries` sections.
    fn lp_bounds(&self, out: &mut String) {
        out.push_str("Bounds\n");
        for v in &self.vars {
            let up = if v.upper.is_finite() {
                v.upper.to_string()
            } else {
                "+inf".into()
            };
            let _ = writeln!(out, " {} <= {} <= {up}", v.lower, lp_name(&v.name));
        }
        out.push_str("Binaries\n");
        for v in self.vars.iter().filter(|v| v.kind == VarKind::Binary) {
            let _ = writeln!(out, " {}", lp_name(&v.name));
        }
    }

    /// One constraint; a row without terms gets `0 x` (of the first variable) to stay valid.
    fn lp_row(&self, out: &mut String, r: &Row) {
        let _ = write!(out, " {}:", lp_name(&r.name));
        for (i, &(j, c)) in r.coefs.iter().enumerate() {
            lp_term(out, i, c, &lp_name(&self.vars[j].name));
        }
        if r.coefs.is_empty() {
            out.push_str(" 0 ");
            out.push_str(&lp_name(
                &self
                    .vars
                    .first()
                    .map(|v| v.name.clone())
                    .unwrap_or_default(),
            ));
        }
        let op = match r.sense {
            Sense::Le => "<=",
            Sense::Ge => ">=",
            Sense::Eq => "=",
        };
        let _ = writeln!(out, " {op} {}", r.rhs);
    }
}

/// Term `i` of a sum. Terms are wrapped: some LP readers limit lines to 255 characters.
fn lp_term(out: &mut String, i: usize, c: f64, name: &str) {
    let sign = if c < 0.0 {
        "-"
    } else if i == 0 {
        ""
    } else {
        "+"
    };
    if i > 0 && i.is_multiple_of(4) {
        out.push_str("\n   ");
    }
    let _ = write!(out, " {sign} {} {name}", c.abs());
}

impl Milp {
    /// Free MPS, readable by HiGHS (`highs model.mps`), CBC, GLPK (`glpsol --freemps`), SCIP.
    /// Names are kept as they are (they contain no spaces).
    pub fn to_mps(&self) -> String {
        let mut out = String::from("NAME samen\nROWS\n N obj\n");
        self.mps_rows(&mut out);
        out.push_str("COLUMNS\n");
        self.mps_columns(&mut out);
        out.push_str("RHS\n");
        for r in self.rows.iter().filter(|r| r.rhs != 0.0) {
            let _ = writeln!(out, " RHS {} {}", r.name, r.rhs);
        }
        out.push_str("BOUNDS\n");
        for v in &self.vars {
            mps_bounds(&mut out, v);
        }
        out.push_str("ENDATA\n");
        out
    }

    fn mps_rows(&self, out: &mut String) {
        for r in &self.rows {
            let t = match r.sense {
                Sense::Le => "L",
                Sense::Ge => "G",
                Sense::Eq => "E",
            };
            let _ = writeln!(out, " {t} {}", r.name);
        }
    }

    /// Every variable's entries (objective first, then rows in order), binaries between
    /// INTORG and INTEND markers.
    fn mps_columns(&self, out: &mut String) {
        let by_var = self.entries_by_var();
        let mut integer = false;
        for (v, entries) in self.vars.iter().zip(&by_var) {
            let is_int = v.kind == VarKind::Binary;
            if is_int != integer {
                let marker = if is_int { "INTORG" } else { "INTEND" };
                let _ = writeln!(out, " MARKER 'MARKER' '{marker}'");
                integer = is_int;
            }
            if entries.is_empty() {
                let _ = writeln!(out, " {} obj 0", v.name);
            }
            for (row, c) in entries {
                let _ = writeln!(out, " {} {row} {c}", v.name);
            }
        }
        if integer {
            out.push_str(" MARKER 'MARKER' 'INTEND'\n");
        }
    }

    /// Per variable: (row name, coefficient), the objective named `obj`.
    fn entries_by_var(&self) -> Vec<Vec<(&str, f64)>> {
        let mut by_var: Vec<Vec<(&str, f64)>> = vec![Vec::new(); self.vars.len()];
        for &(j, c) in &self.objective {
            by_var[j].push(("obj", c));
        }
        for r in &self.rows {
            for &(j, c) in &r.coefs {
                by_var[j].push((&r.name, c));
            }
        }
        by_var
    }
}

/// A variable's BOUNDS lines (none for a continuous one in [0, inf)).
fn mps_bounds(out: &mut String, v: &Var) {
    match v.kind {
        VarKind::Binary => {
            let _ = writeln!(out, " BV BND {}", v.name);
        }
        VarKind::Continuous => {
            if v.lower != 0.0 {
                let _ = writeln!(out, " LO BND {} {}", v.name, v.lower);
            }
            if v.upper.is_finite() {
                let _ = writeln!(out, " UP BND {} {}", v.name, v.upper);
            }
        }
    }
}

/// LP names may only use letters, digits and ``!"#$%&()/,.;?@_`'{}|~``: brackets become
/// parentheses, `+` becomes `&`, `-` becomes `_` (`x(a&b|network|informal)`).
fn lp_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | ':' | '<' | '>' | '=' | '*' | '/' | '^' | '\\' => '_',
            '+' => '&',
            '[' => '(',
            ']' => ')',
            '-' => '_',
            c => c,
        })
        .collect()
}
