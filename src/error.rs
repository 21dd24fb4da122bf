//! The library's one error type, and the located diagnostics it carries for bad input.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in an input file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One problem found in an input file: what, where (file, line, column, key path) and a hint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// Key path such as `partner[2].population`; empty for syntax errors.
    pub path: String,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, for display under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", self.file)?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        if !self.path.is_empty() {
            write!(f, ": `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(line), Some(loc)) = (&self.source_line, self.location) {
            let gutter = loc.line.to_string();
            let pad = " ".repeat(gutter.len());
            let caret_pad: String = line
                .chars()
                .take(loc.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {pad} |\n {gutter} | {line}\n {pad} | {caret_pad}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Renders a list of diagnostics, one block each, separated by blank lines.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}\n\n{file}: {} error(s); nothing was solved", render(diagnostics), diagnostics.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid {
        file: String,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("{0}")]
    Usage(String),
    #[error("the scenario is too large for this formulation: {0}")]
    TooLarge(String),
    #[error("the scenario has no feasible plan: {0}")]
    Infeasible(String),
    #[error("the solver stopped at its time limit before finding any plan; raise --time-limit")]
    TimeLimitNoPlan,
    #[error("solver error: {0}")]
    Solver(String),
    #[error("cannot write {path}: {message}")]
    Output { path: String, message: String },
    #[error("internal error (please report): {0}")]
    Internal(String),
    /// Bad input to, or an unsolvable case of, the cooperative cost-game module [`crate::game`].
    #[error("cost game: {0}")]
    Game(String),
}

impl Error {
    /// A distinct process exit code per class of failure (documented in the README).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid { .. }
            | Error::Io { .. }
            | Error::TooLarge(_)
            | Error::Usage(_)
            | Error::Game(_) => 2,
            Error::Infeasible(_) => 3,
            Error::TimeLimitNoPlan => 4,
            Error::Output { .. } => 5,
            Error::Solver(_) | Error::Internal(_) => 70,
        }
    }
}
