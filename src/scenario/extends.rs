//! `extends = "other.toml"`: a scenario file written as changes to another one.
//!
//! The chain of files is read base first (each `extends` path is relative to the file that
//! names it), each file is checked on its own for syntax and shape (so those errors name the
//! file and line they are in), and the tables are merged over each other:
//!
//! - `[scenario]` and `[constraints]`: key by key; sub-tables (`salary_by_kind`) merge key by
//!   key too; arrays (`keep_in_house`, `never_together`, `must_together`) replace the base's.
//! - `[[partner]]`, `[[domain]]`, `[[form]]`: an entry whose `id` is already in the base merges
//!   into that entry key by key (sub-tables such as `standalone`, `shared`, `drivers`,
//!   `support`, `location` merge deeply; arrays such as `scale` or `domains` replace); an entry
//!   with a new id (or none) is appended.
//! - `[[alternative]]`, `[[uncertain]]`, `[[correlation]]`: concatenated, base first.
//!
//! The merge remembers which file set every value ([`Sources`]), so a validation error on a
//! merged value points into the file that holds it.

use super::locate::{Locator, Seg, render_path};
use super::raw::RawFile;
use crate::error::{Diagnostic, Error, Location, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One file of a chain, as read.
pub(super) struct SourceFile {
    /// The name diagnostics use (the path as given or as joined from `extends`).
    pub name: String,
    pub text: String,
    /// The file's own raw shape (checked on its own).
    pub raw: RawFile,
    pub table: toml::Table,
    /// The file on disk (canonical), when the text came from one: outputs are compared with
    /// it exactly, whatever the name's spelling or encoding.
    pub path: Option<PathBuf>,
}

/// Reads `text` (named `name`) and every file it extends, base first. `dir` is the directory
/// `extends` paths are relative to; `None` makes any `extends` an error. `canonical` is the
/// top file's path on disk when known (for cycle detection).
pub(super) fn read_chain(
    text: String,
    name: &str,
    dir: Option<&Path>,
    canonical: Option<PathBuf>,
) -> Result<Vec<SourceFile>, Error> {
    let mut chain = vec![parse(text, name, name)?];
    chain[0].path = canonical.clone();
    // Files read so far (canonical path, name); text without a file of its own never matches.
    let mut seen: Vec<(PathBuf, String)> = vec![(canonical.unwrap_or_default(), name.into())];
    let mut dir = dir.map(Path::to_path_buf);
    loop {
        let last = chain.last().expect("the chain starts with the top file");
        let Some(target) = last.raw.extends.clone() else {
            break;
        };
        let (file, next_dir) = extended(last, &target, dir.as_deref(), &mut seen, name)?;
        dir = next_dir;
        chain.push(file);
    }
    chain.reverse();
    Ok(chain)
}

/// Reads the file `last` extends, `target` relative to `dir`, refusing a cycle through the
/// files `seen`; returns it and the directory its own `extends` is relative to. `top` is the
/// file the user gave.
fn extended(
    last: &SourceFile,
    target: &str,
    dir: Option<&Path>,
    seen: &mut Vec<(PathBuf, String)>,
    top: &str,
) -> Result<(SourceFile, Option<PathBuf>), Error> {
    let fail = |message: String, hint: &str| Error::Invalid {
        file: top.to_string(),
        diagnostics: vec![at_extends(last, message, Some(hint.into()))],
    };
    let Some(d) = dir else {
        return Err(fail(
            "`extends` needs to know which directory this text was read from".into(),
            "load the scenario from a file (`samen COMMAND FILE`, `Scenario::load`) \
             or give its directory (`Scenario::from_toml_in`)",
        ));
    };
    let path = d.join(target);
    let display = path.display().to_string();
    let read = super::encoding::read_text(&path).and_then(|text| {
        let canonical = std::fs::canonicalize(&path)?;
        Ok((text, canonical))
    });
    let (text, canonical) = read.map_err(|e| {
        fail(
            format!("cannot read the extended file `{target}` ({display}): {e}"),
            "an `extends` path is relative to the file that contains it",
        )
    })?;
    if let Some(i) = seen.iter().position(|(c, _)| *c == canonical) {
        let mut names: Vec<&str> = seen[i..].iter().map(|(_, n)| n.as_str()).collect();
        names.push(&display);
        return Err(fail(
            format!("`extends` cycle: {}", names.join(" -> ")),
            "a file cannot extend itself, directly or through other files",
        ));
    }
    seen.push((canonical.clone(), display.clone()));
    let mut file = parse(text, &display, top)?;
    file.path = Some(canonical);
    Ok((file, path.parent().map(Path::to_path_buf)))
}

/// An error at the `extends` key of `file`.
fn at_extends(file: &SourceFile, message: String, hint: Option<String>) -> Diagnostic {
    let locator = Locator::new(&file.text);
    let place = locator.place_path(&[Seg::Key("extends".into())]);
    let location = place.map(|(l, _)| l);
    Diagnostic {
        severity: Severity::Error,
        file: file.name.clone(),
        path: "extends".into(),
        width: place.map(|(_, w)| w),
        source_line: location.and_then(|l| locator.line_text(l.line)),
        location,
        message,
        hint,
    }
}

/// serde's error for a file that does not have the file format's shape, in a planner's
/// words where it can.
fn serde_error(e: &toml::de::Error, text: &str, name: &str) -> Diagnostic {
    let locator = Locator::new(text);
    let place = e.span().map(|s| locator.place(s));
    let location = place.map(|(l, _)| l);
    let raw = e.message().trim().to_string();
    let (message, hint) = match crate::suggest::type_error(&raw) {
        Some((message, hint)) => (message, Some(hint)),
        None => (raw.clone(), crate::suggest::unknown_field_hint(&raw)),
    };
    Diagnostic {
        severity: Severity::Error,
        file: name.to_string(),
        path: String::new(),
        width: place.map(|(_, w)| w),
        source_line: location.and_then(|l| locator.line_text(l.line)),
        location,
        hint,
        message,
    }
}

/// A list of tables (`must_together`, `[[partner]]`, ...) with an entry that is not a table:
/// serde would read a list as the table's fields in order and report a confusing type
/// error, so the entry is named with the shape it should have.
fn shape_error(table: &toml::Table, text: &str, name: &str) -> Option<Diagnostic> {
    let at = first_misshapen(table, &mut Vec::new())?;
    let Some(Seg::Key(key)) = at.iter().rev().find(|s| matches!(s, Seg::Key(_))) else {
        return None;
    };
    let (what, example) = crate::suggest::shape_of_list(key)?;
    let locator = Locator::new(text);
    let place = locator.place_path(&at);
    let location = place.map(|(l, _)| l);
    Some(Diagnostic {
        severity: Severity::Error,
        file: name.to_string(),
        path: render_path(&at),
        width: place.map(|(_, w)| w),
        source_line: location.and_then(|l| locator.line_text(l.line)),
        location,
        message: format!("each entry of `{key}` is {what}"),
        hint: Some(format!("write it as {example}")),
    })
}

/// The path of the first entry of a list of tables (by [`crate::suggest::shape_of_list`])
/// that is not a table, searching depth first from `table` at `at`.
fn first_misshapen(table: &toml::Table, at: &mut Vec<Seg>) -> Option<Vec<Seg>> {
    for (key, value) in table {
        at.push(Seg::Key(key.clone()));
        let found = match value {
            toml::Value::Table(t) => first_misshapen(t, at),
            toml::Value::Array(items) => misshapen_item(key, items, at),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        at.pop();
    }
    None
}

fn misshapen_item(key: &str, items: &[toml::Value], at: &mut Vec<Seg>) -> Option<Vec<Seg>> {
    let listed = crate::suggest::shape_of_list(key).is_some();
    for (i, item) in items.iter().enumerate() {
        at.push(Seg::Index(i));
        let found = match item {
            toml::Value::Table(t) => first_misshapen(t, at),
            _ if listed => Some(at.clone()),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        at.pop();
    }
    None
}

/// Parses one file: syntax and shape errors are located in this file (`top` is the file the
/// user gave).
fn parse(text: String, name: &str, top: &str) -> Result<SourceFile, Error> {
    let raw: Result<RawFile, _> = toml::from_str(&text);
    let table: Result<toml::Table, _> = toml::from_str(&text);
    let diagnostic = match (raw, table) {
        (Ok(raw), Ok(table)) => {
            return Ok(SourceFile {
                name: name.to_string(),
                text,
                raw,
                table,
                path: None,
            });
        }
        (Err(e), table) => {
            let misshapen = table.ok().and_then(|t| shape_error(&t, &text, name));
            misshapen.unwrap_or_else(|| serde_error(&e, &text, name))
        }
        (Ok(_), Err(e)) => Diagnostic {
            severity: Severity::Error,
            file: name.to_string(),
            path: String::new(),
            location: None,
            width: None,
            source_line: None,
            message: e.message().trim().to_string(),
            hint: None,
        },
    };
    Err(Error::Invalid {
        file: top.to_string(),
        diagnostics: vec![diagnostic],
    })
}

/// Where the values of a (possibly merged) scenario document are written.
pub(super) struct Sources<'s> {
    files: Vec<(&'s str, Locator<'s>)>,
    /// Merged key path (rendered) -> the file that set it and the key path there. A path
    /// without an entry inherits from its longest recorded prefix; the root maps to the base.
    origins: Origins,
}

impl<'s> Sources<'s> {
    /// Merges the chain (base first) into one document and records where each value is.
    pub fn merge(chain: &'s [SourceFile]) -> (toml::Table, Sources<'s>) {
        let mut origins = BTreeMap::new();
        origins.insert(String::new(), (0, Vec::new()));
        let mut merged = toml::Table::new();
        for (f, file) in chain.iter().enumerate() {
            let mut table = file.table.clone();
            table.remove("extends");
            if f == 0 {
                merged = table;
            } else {
                merge_file(&mut merged, table, f, &mut origins);
            }
        }
        let files = chain
            .iter()
            .map(|f| (f.name.as_str(), Locator::new(&f.text)))
            .collect();
        (merged, Sources { files, origins })
    }

    /// The file that holds the value at `at` (a merged key path), its location there and
    /// the source line.
    pub fn locate(&self, at: &[Seg]) -> (&'s str, Option<Location>, Option<String>, Option<usize>) {
        let (f, local) = self.origin(at);
        let (name, locator) = &self.files[f];
        let place = locator.place_path(&local);
        let location = place.map(|(l, _)| l);
        (
            name,
            location,
            location.and_then(|l| locator.line_text(l.line)),
            place.map(|(_, w)| w),
        )
    }

    fn origin(&self, at: &[Seg]) -> (usize, Vec<Seg>) {
        for n in (0..=at.len()).rev() {
            if let Some((f, local)) = self.origins.get(&render_path(&at[..n])) {
                let mut path = local.clone();
                path.extend_from_slice(&at[n..]);
                return (*f, path);
            }
        }
        (0, at.to_vec())
    }

    /// Position of a file in the chain (base first), for sorting diagnostics.
    pub fn rank(&self, file: &str) -> usize {
        self.files
            .iter()
            .position(|(n, _)| *n == file)
            .unwrap_or(self.files.len())
    }
}

/// Origins: merged key path (rendered) -> the file that set it and the key path there.
type Origins = BTreeMap<String, (usize, Vec<Seg>)>;

/// Merges file `f`'s table `over` into `merged`.
fn merge_file(merged: &mut toml::Table, over: toml::Table, f: usize, origins: &mut Origins) {
    for (key, value) in over {
        match (key.as_str(), value) {
            ("partner" | "domain" | "form" | "criterion", toml::Value::Array(entries)) => {
                if let Some(list) = array(merged, &key) {
                    merge_entries(list, &key, entries, f, origins);
                }
            }
            ("alternative" | "uncertain" | "correlation", toml::Value::Array(entries)) => {
                if let Some(list) = array(merged, &key) {
                    append_entries(list, &key, entries, f, origins);
                }
            }
            (_, value) => merge_value(merged, &[], &[], key, value, f, origins),
        }
    }
}

/// The array `key` of `merged`, made when absent; `None` when it is something else.
fn array<'m>(merged: &'m mut toml::Table, key: &str) -> Option<&'m mut Vec<toml::Value>> {
    (merged.entry(key))
        .or_insert_with(|| toml::Value::Array(Vec::new()))
        .as_array_mut()
}

/// `[[partner]]`, `[[domain]]` or `[[form]]` entries of file `f` over the merged `list`: an
/// entry whose id is already there merges into it, another is appended.
fn merge_entries(
    list: &mut Vec<toml::Value>,
    key: &str,
    entries: Vec<toml::Value>,
    f: usize,
    origins: &mut Origins,
) {
    // An id repeated within one file is appended again, so that the validator reports the
    // duplicate in that file instead of merging it silently.
    let mut used = BTreeSet::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let local = vec![Seg::Key(key.to_string()), Seg::Index(i)];
        let id = entry.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let j = id.and_then(|id| {
            list.iter().enumerate().position(|(j, e)| {
                !used.contains(&j) && e.get("id").and_then(|v| v.as_str()) == Some(&id)
            })
        });
        match (j, entry) {
            (Some(j), toml::Value::Table(fields)) => {
                used.insert(j);
                let Some(target) = list[j].as_table_mut() else {
                    continue;
                };
                let here = vec![Seg::Key(key.to_string()), Seg::Index(j)];
                for (k, v) in fields {
                    merge_value(target, &here, &local, k, v, f, origins);
                }
            }
            (_, entry) => {
                used.insert(list.len());
                let here = vec![Seg::Key(key.to_string()), Seg::Index(list.len())];
                origins.insert(render_path(&here), (f, local));
                list.push(entry);
            }
        }
    }
}

/// `[[alternative]]` (or `[[uncertain]]`, `[[correlation]]`) entries of file `f`, appended
/// to the merged `list`.
fn append_entries(
    list: &mut Vec<toml::Value>,
    key: &str,
    entries: Vec<toml::Value>,
    f: usize,
    origins: &mut Origins,
) {
    for (i, entry) in entries.into_iter().enumerate() {
        let here = vec![Seg::Key(key.to_string()), Seg::Index(list.len())];
        let local = vec![Seg::Key(key.to_string()), Seg::Index(i)];
        origins.insert(render_path(&here), (f, local));
        list.push(entry);
    }
}

/// Sets `key = value` in `target` (at merged path `here`, file path `local`): tables merge
/// key by key, anything else replaces.
fn merge_value(
    target: &mut toml::Table,
    here: &[Seg],
    local: &[Seg],
    key: String,
    value: toml::Value,
    f: usize,
    origins: &mut Origins,
) {
    let here: Vec<Seg> = here
        .iter()
        .cloned()
        .chain([Seg::Key(key.clone())])
        .collect();
    let local: Vec<Seg> = local
        .iter()
        .cloned()
        .chain([Seg::Key(key.clone())])
        .collect();
    match (target.get_mut(&key), value) {
        (Some(toml::Value::Table(existing)), toml::Value::Table(fields)) => {
            for (k, v) in fields {
                merge_value(existing, &here, &local, k, v, f, origins);
            }
        }
        (_, value) => {
            // Whatever was recorded below this path came from the value being replaced.
            let prefix = render_path(&here);
            origins.retain(|p, _| {
                !(p.starts_with(&prefix)
                    && matches!(p.as_bytes().get(prefix.len()), Some(b'.') | Some(b'[')))
            });
            origins.insert(prefix, (f, local));
            target.insert(key, value);
        }
    }
}
