//! Raw file -> validated [`Scenario`]: every problem in the file is collected (not just the
//! first), each with its key path, location and a hint.

mod alternatives;
mod checks;
mod constraints;
mod criterion;
mod domain;
mod form;
mod overrides;
mod partner;
mod provider;
mod scenario;
mod sheet;
mod uncertain;

use super::extends::{SourceFile, Sources};
use super::locate::Seg;
use super::raw::*;
use super::*;
use crate::error::{Diagnostic, Error, Severity};

/// Reads the chain of files `text` extends (relative to `dir`), merges it and validates the
/// result. `canonical` is the top file's own path, when it has one (for cycle detection).
pub(super) fn parse_and_validate(
    text: &str,
    file: &str,
    dir: Option<&Path>,
    canonical: Option<std::path::PathBuf>,
) -> Result<Loaded, Error> {
    let chain = super::extends::read_chain(text.to_string(), file, dir, canonical)?;
    let (merged, src) = Sources::merge(&chain);
    let raw = merged_raw(&chain, &merged, file)?;
    let mut v = Validator {
        src: &src,
        doc: &merged,
        diags: Vec::new(),
    };
    let scenario = v.scenario(&raw);
    let (alternatives, uncertainty) = match &scenario {
        Some(base) if v.error_count() == 0 => (
            v.alternatives(&merged, &raw, base),
            v.uncertainty(&raw, base),
        ),
        _ => (Vec::new(), Uncertainty::default()),
    };
    let diags = sorted(v.diags, &src);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Invalid {
            file: file.to_string(),
            diagnostics: diags,
        });
    }
    let scenario = scenario
        .ok_or_else(|| Error::Internal("validation produced no scenario and no error".into()))?;
    Ok(Loaded {
        scenario,
        warnings: diags,
        alternatives,
        uncertainty,
        files: chain_files(&chain),
    })
}

/// The chain as one raw file. Each file passed the shape check on its own and merging keeps
/// every value's type, so this fails only when the files do not fit together.
fn merged_raw(chain: &[SourceFile], merged: &toml::Table, file: &str) -> Result<RawFile, Error> {
    if chain.len() == 1 {
        return Ok(chain[0].raw.clone());
    }
    toml::Value::Table(merged.clone())
        .try_into()
        .map_err(|e| Error::Invalid {
            file: file.to_string(),
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: file.to_string(),
                path: String::new(),
                location: None,
                width: None,
                source_line: None,
                message: format!(
                    "the files merged by `extends` do not fit together: {}",
                    e.message().trim()
                ),
                hint: None,
            }],
        })
}

/// Every file of the chain, the given one first: it reads better in messages than the base.
fn chain_files(chain: &[SourceFile]) -> Vec<std::path::PathBuf> {
    (chain.iter().rev())
        .map(|f| f.path.clone().unwrap_or_else(|| f.name.clone().into()))
        .collect()
}

/// Diagnostics in reading order: by file (base first), place, severity and key path.
fn sorted(mut diags: Vec<Diagnostic>, src: &Sources) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| {
        (src.rank(&a.file), a.location, a.severity, &a.path).cmp(&(
            src.rank(&b.file),
            b.location,
            b.severity,
            &b.path,
        ))
    });
    diags
}

/// Collects the diagnostics of one validation; each table's checks are in the submodule
/// named after it.
struct Validator<'a> {
    /// Where each (merged) key path is written: file, line and column.
    src: &'a Sources<'a>,
    /// The merged document: the ids that name entries in key paths.
    doc: &'a toml::Table,
    diags: Vec<Diagnostic>,
}

/// A key path as messages write it: an entry of `[[partner]]`, `[[domain]]`, `[[form]]`
/// (by `id`) or of `[[alternative]]`, `[[uncertain]]` (by `name`) named by what the file calls
/// it, `partner[kortenberg].population`; by its position when it has no usable name (none,
/// one used twice, or one with brackets or dots).
fn named_path(doc: &toml::Table, at: &[Seg]) -> String {
    let mut out = String::new();
    for (i, seg) in at.iter().enumerate() {
        match seg {
            Seg::Key(key) if out.is_empty() => out.push_str(key),
            Seg::Key(key) => out.push_str(&format!(".{key}")),
            Seg::Index(j) => {
                let name = (i == 1).then(|| entry_name(doc, &at[0], *j)).flatten();
                out.push_str(&format!("[{}]", name.unwrap_or_else(|| j.to_string())));
            }
        }
    }
    out
}

/// The id (or name) of entry `j` of the top-level array `table`.
fn entry_name<'a>(doc: &'a toml::Table, table: &Seg, j: usize) -> Option<String> {
    let Seg::Key(table) = table else {
        return None;
    };
    let key = match table.as_str() {
        "partner" | "domain" | "form" | "criterion" => "id",
        "alternative" | "uncertain" => "name",
        _ => return None,
    };
    let entries = doc.get(table)?.as_array()?;
    let name_of = |e: &'a toml::Value| e.get(key).and_then(|v| v.as_str());
    let name = name_of(entries.get(j)?)?;
    let unique = entries.iter().filter(|e| name_of(e) == Some(name)).count() == 1;
    let plain = !name.is_empty() && !name.contains(['[', ']', '.', '`']);
    (plain && unique).then(|| name.to_string())
}

fn k(s: &str) -> Seg {
    Seg::Key(s.to_string())
}
fn path(base: &[Seg], more: &[Seg]) -> Vec<Seg> {
    base.iter().chain(more).cloned().collect()
}

impl Validator<'_> {
    fn error_count(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    fn push(&mut self, severity: Severity, at: &[Seg], message: String, hint: Option<String>) {
        let (file, location, source_line, width) = self.src.locate(at);
        self.diags.push(Diagnostic {
            severity,
            file: file.to_string(),
            path: named_path(self.doc, at),
            source_line,
            width,
            location,
            message,
            hint,
        });
    }
    fn err(&mut self, at: &[Seg], message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Error, at, message.into(), hint);
    }
    fn warn(&mut self, at: &[Seg], message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Warning, at, message.into(), hint);
    }
}
