//! The library's one error type, and the located diagnostics it carries for bad input.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used: validation fails and nothing is solved.
    Error,
    /// Suspicious but usable (an unusual value, a setting with no effect): reported, not fatal.
    Warning,
}

/// A position in an input file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters (not bytes), from 1.
    pub column: usize,
}

/// One problem found in an input file: what, where (file, line, column, key path) and a hint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Whether it is an error or a warning.
    pub severity: Severity,
    /// The input file as named to the user (a path, or a label for generated text).
    pub file: String,
    /// Key path such as `partner[2].population`; empty for syntax errors.
    pub path: String,
    /// Where the offending key or value starts; `None` when it cannot be found in the text.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it (a did-you-mean, the allowed range), when there is a suggestion.
    pub hint: Option<String>,
    /// The offending source line, for display under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of `source_line` the offending value covers from
    /// `location.column` (cut at the end of that line), for the underline; `None` where only
    /// the position is known.
    #[serde(skip)]
    pub width: Option<usize>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(std::slice::from_ref(self)))
    }
}

/// Renders diagnostics the way rustc and cargo do (with `annotate-snippets`): a title with the
/// severity, key path and message, a `--> file:line:column` origin, the offending line with
/// the offending value underlined, and the hint. One block per diagnostic, separated by blank
/// lines, in the order given (the validator sorts them by position).
///
/// The output is always plain text: it goes into snapshots, log files and pipes, so it must
/// not depend on whether a terminal is attached.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    // The default width (140) only matters for lines longer than that, which are cut around
    // the underline; a fixed value keeps the output the same on every machine.
    let renderer = Renderer::plain();
    diagnostics
        .iter()
        .map(|d| renderer.render(&[d.group()]))
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl Diagnostic {
    /// This diagnostic as an `annotate-snippets` report group.
    fn group(&self) -> Group<'_> {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("`{}`: {}", self.path, self.message)
        };
        let title = level.primary_title(title);
        let mut group = match (self.location, &self.source_line) {
            (Some(loc), Some(line)) => title.element(
                Snippet::source(line.as_str())
                    .line_start(loc.line)
                    .path(self.file.as_str())
                    .annotation(
                        AnnotationKind::Primary.span(underline(line, loc.column, self.width)),
                    ),
            ),
            (Some(loc), None) => title.element(
                Origin::path(self.file.as_str())
                    .line(loc.line)
                    .char_column(loc.column),
            ),
            (None, _) => title.element(Origin::path(self.file.as_str())),
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(hint.as_str()));
        }
        group
    }
}

/// The byte range of `line` to underline: `width` characters from the 1-based `column`, at
/// least one character (a caret) where the line has one there.
fn underline(line: &str, column: usize, width: Option<usize>) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .unwrap_or(line.len())
    };
    let first = column.saturating_sub(1);
    let start = byte_at(first);
    let end = byte_at(first + width.unwrap_or(1).max(1));
    start..end
}

/// Every way a samen call can fail; [`Error::exit_code`] maps each to a process exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file as named to the user.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The input failed validation: its diagnostics (errors and warnings); nothing was solved.
    #[error("{}\n\n{file}: {} error(s); nothing was solved", render(diagnostics), diagnostics.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid {
        /// The input file as named in the diagnostics.
        file: String,
        /// Every problem found, sorted by position.
        diagnostics: Vec<Diagnostic>,
    },
    /// A request samen cannot act on (a bad option, an unknown area, a template it cannot use).
    #[error("{0}")]
    Usage(String),
    /// The scenario exceeds a size limit of the chosen formulation or analysis (too many
    /// candidate groups or coalitions); the text says which and how to shrink it.
    #[error("the scenario is too large for what was asked: {0}")]
    TooLarge(String),
    /// No plan satisfies every rule; the text says why when that is known (it may be empty).
    #[error("the scenario has no feasible plan: {0}")]
    Infeasible(String),
    /// The solver reached its time limit without finding any feasible plan.
    #[error("{}", no_plan_message(stopped.as_deref()))]
    TimeLimitNoPlan {
        /// Set when samen stopped waiting for a solver that had not kept its limit: why.
        stopped: Option<String>,
    },
    /// The solver failed or returned no usable solution: its message.
    #[error("solver error: {0}")]
    Solver(String),
    /// A plan given by hand (`samen evaluate`) breaks rules of the scenario: its figures are
    /// reported, but it is not a feasible plan.
    #[error("{0}")]
    PlanBreaksRules(String),
    /// An output cannot be written: the path is not writable, is an input of the run, or is the
    /// same as another output.
    #[error("cannot write {path}: {message}")]
    Output {
        /// The output path as given.
        path: String,
        /// Why it cannot be written.
        message: String,
    },
    /// A bug in samen (a broken invariant, an unreadable embedded data file): what broke.
    #[error("internal error (please report): {0}")]
    Internal(String),
    /// Bad input to, or an unsolvable case of, the cooperative cost-game module [`crate::game`].
    #[error("cooperative game: {0}")]
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
            Error::Infeasible(_) | Error::PlanBreaksRules(_) => 3,
            Error::TimeLimitNoPlan { .. } => 4,
            Error::Output { .. } => 5,
            Error::Solver(_) | Error::Internal(_) => 70,
        }
    }
}

/// [`Error::TimeLimitNoPlan`]'s message, with why samen stopped waiting when it did.
fn no_plan_message(stopped: Option<&str>) -> String {
    let head = "the solver stopped at its time limit before finding any plan; raise --time-limit";
    match stopped {
        Some(why) => format!("{head} ({why})"),
        None => head.to_string(),
    }
}
