//! `--set KEY=VALUE` on the command line: change one input without writing a new file.
//!
//! The key paths are those of an alternative's `set` (`scenario.horizon`,
//! `partner.kortenberg.population`, `domain.servers.shared.unit_cost`, `form.dv.setup_cost`).
//! The settings become a small scenario file that `extends` the one given, so they are merged
//! and validated exactly like a file a planner writes: a bad value is a located error in the
//! file named [`SET_FILE`], whose lines read like the settings themselves.

use super::{Loaded, Scenario};
use crate::error::Error;
use crate::format::toml_string;
use std::collections::BTreeMap;
use std::path::Path;

/// The name diagnostics give the settings.
pub const SET_FILE: &str = "--set";

/// One `--set` parsed: the table (`scenario`, `constraints`, or an entry of `partner`,
/// `domain`, `form` by id), the key path inside it and the value as TOML.
struct Setting {
    table: String,
    id: Option<String>,
    key: Vec<String>,
    value: String,
}

/// Loads `path` with `sets` applied (each `KEY=VALUE`); with no settings, [`Scenario::load`].
pub fn load_with(path: &Path, sets: &[String]) -> Result<Loaded, Error> {
    if sets.is_empty() {
        return Scenario::load(path);
    }
    let base = Scenario::load(path)?;
    let settings: Vec<Setting> = sets
        .iter()
        .map(|s| parse(s, &base.scenario))
        .collect::<Result<_, _>>()?;
    let absolute = std::fs::canonicalize(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    let text = file_text(&absolute, &settings);
    let dir = absolute.parent().unwrap_or(Path::new("/"));
    let mut loaded = Scenario::from_toml_in(&text, SET_FILE, dir)?;
    // The settings are not a file: only the files read count as inputs.
    loaded.files.retain(|f| f.as_path() != Path::new(SET_FILE));
    Ok(loaded)
}

/// `KEY=VALUE` checked against the scenario's tables and ids.
fn parse(text: &str, s: &Scenario) -> Result<Setting, Error> {
    let usage = |why: String| Error::Usage(format!("--set {text}: {why}"));
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| usage("write KEY=VALUE, e.g. --set scenario.horizon=12".into()))?;
    let parts: Vec<&str> = key.trim().split('.').map(str::trim).collect();
    let value = toml_value(value.trim());
    match parts.as_slice() {
        [table @ ("scenario" | "constraints"), rest @ ..] if !rest.is_empty() => Ok(Setting {
            table: table.to_string(),
            id: None,
            key: rest.iter().map(|p| p.to_string()).collect(),
            value,
        }),
        [
            table @ ("partner" | "domain" | "form" | "criterion"),
            id,
            rest @ ..,
        ] if !rest.is_empty() => {
            known_id(s, table, id).map_err(usage)?;
            if rest == ["id"] {
                return Err(usage("ids cannot be changed".into()));
            }
            Ok(Setting {
                table: table.to_string(),
                id: Some(id.to_string()),
                key: rest.iter().map(|p| p.to_string()).collect(),
                value,
            })
        }
        _ => Err(usage(
            "the key is scenario.FIELD, constraints.FIELD, partner.ID.FIELD, domain.ID.FIELD, \
             form.ID.FIELD or criterion.ID.FIELD (see docs/scenario.md)"
                .into(),
        )),
    }
}

/// An error with a suggestion when `id` is not an entry of `table`.
fn known_id(s: &Scenario, table: &str, id: &str) -> Result<(), String> {
    let ids: Vec<&str> = match table {
        "partner" => s.partners.iter().map(|p| p.id.as_str()).collect(),
        "domain" => s.domains.iter().map(|d| d.id.as_str()).collect(),
        "criterion" => s.criteria.iter().map(|c| c.id.as_str()).collect(),
        _ => s.forms.iter().map(|f| f.id.as_str()).collect(),
    };
    if ids.contains(&id) {
        return Ok(());
    }
    let (message, hint) = crate::suggest::unknown_id(table, id, &ids);
    Err(format!("{message}; {hint}"))
}

/// The value as TOML: itself when it parses as a TOML value (a number, `true`, an array, a
/// quoted string), otherwise a string (`--set form.dv.name=Dienstverlenende vereniging`).
fn toml_value(v: &str) -> String {
    let parses = toml::from_str::<toml::Table>(&format!("v = {v}")).is_ok();
    if parses {
        v.to_string()
    } else {
        toml_string(v)
    }
}

/// A scenario file that extends `base` with the settings, one table per entry they touch.
fn file_text(base: &Path, settings: &[Setting]) -> String {
    let mut out = format!("extends = {}\n", toml_string(&base.display().to_string()));
    let mut tables: BTreeMap<(String, Option<String>), Vec<&Setting>> = BTreeMap::new();
    for s in settings {
        tables
            .entry((s.table.clone(), s.id.clone()))
            .or_default()
            .push(s);
    }
    for ((table, id), entries) in &tables {
        match id {
            Some(id) => {
                out.push_str(&format!("\n[[{table}]]\nid = {}\n", toml_string(id)));
            }
            None => out.push_str(&format!("\n[{table}]\n")),
        }
        for s in entries {
            out.push_str(&format!("{} = {}\n", dotted(&s.key), s.value));
        }
    }
    out
}

/// A TOML dotted key with every part quoted.
fn dotted(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| toml_string(p))
        .collect::<Vec<_>>()
        .join(".")
}
