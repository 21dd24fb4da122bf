//! A solver-independent mixed-integer linear program: named variables and rows. The model is
//! built once in this form; the backends in [`crate::solver`] translate it, the residual check
//! verifies any solution against it, and it can be written as an LP file for other solvers.

use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    Binary,
    Continuous,
}

#[derive(Debug, Clone)]
pub struct Var {
    pub name: String,
    pub kind: VarKind,
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub coefs: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Milp {
    pub vars: Vec<Var>,
    pub rows: Vec<Row>,
    /// Minimised: Σ coef · var.
    pub objective: Vec<(usize, f64)>,
}

/// The worst violated row of a solution.
#[derive(Debug, Clone)]
pub struct Residual {
    pub row: String,
    /// Violation scaled by the row's magnitude (1 + |rhs| + Σ|coef·value|).
    pub relative: f64,
    pub absolute: f64,
}

impl Milp {
    pub fn add_var(&mut self, name: String, kind: VarKind, lower: f64, upper: f64) -> usize {
        self.vars.push(Var {
            name,
            kind,
            lower,
            upper,
        });
        self.vars.len() - 1
    }

    pub fn add_row(&mut self, name: String, coefs: Vec<(usize, f64)>, sense: Sense, rhs: f64) {
        self.rows.push(Row {
            name,
            coefs,
            sense,
            rhs,
        });
    }

    pub fn binaries(&self) -> usize {
        self.vars
            .iter()
            .filter(|v| v.kind == VarKind::Binary)
            .count()
    }

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
            let lhs: f64 = r.coefs.iter().map(|&(j, c)| c * values[j]).sum();
            let scale = r.rhs.abs()
                + r.coefs
                    .iter()
                    .map(|&(j, c)| (c * values[j]).abs())
                    .sum::<f64>();
            let v = match r.sense {
                Sense::Le => lhs - r.rhs,
                Sense::Ge => r.rhs - lhs,
                Sense::Eq => (lhs - r.rhs).abs(),
            };
            consider(&r.name, v.max(0.0), scale);
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
        let term = |out: &mut String, first: bool, c: f64, name: &str| {
            let sign = if c < 0.0 {
                "-"
            } else if first {
                ""
            } else {
                "+"
            };
            let _ = write!(out, " {sign} {} {name}", c.abs());
        };
        out.push_str("\\ samen column formulation\nMinimize\n obj:");
        for (i, &(j, c)) in self.objective.iter().enumerate() {
            term(&mut out, i == 0, c, &lp_name(&self.vars[j].name));
        }
        out.push_str("\nSubject To\n");
        for r in &self.rows {
            let _ = write!(out, " {}:", lp_name(&r.name));
            for (i, &(j, c)) in r.coefs.iter().enumerate() {
                term(&mut out, i == 0, c, &lp_name(&self.vars[j].name));
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
        out.push_str("End\n");
        out
    }
}

/// LP names may not contain spaces or some operators; keep `[`, `]`, `|`, `+` readable
/// where the format allows (`+` is not allowed, so it becomes `&`).
fn lp_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | ':' | '<' | '>' | '=' | '*' | '/' | '^' | '\\' => '_',
            '+' => '&',
            '-' => '_',
            c => c,
        })
        .collect()
}
