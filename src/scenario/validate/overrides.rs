//! `set = { "form.dv.setup_cost" = 90000 }`: an alternative's overrides, applied to the raw
//! document by key path before it is validated again.

use super::k;
use crate::scenario::locate::{Seg, render_path};
use crate::suggest;

/// Why an override does not apply: a message and a hint.
type Failure = (String, Option<String>);

/// The key paths an override may name.
const TABLES: &str = "scenario.FIELD, constraints.FIELD, partner.ID.FIELD, domain.ID.FIELD, \
                      form.ID.FIELD or criterion.ID.FIELD";

/// Applies one override `key = value` to the raw document; returns the key path of the
/// field it set (as the validator names it), or a message and hint.
pub(super) fn apply_override(
    doc: &mut toml::Table,
    key: &str,
    value: toml::Value,
) -> Result<Vec<Seg>, Failure> {
    let parts: Vec<&str> = key.split('.').collect();
    let (node, target, rest) = match parts[0] {
        "scenario" | "constraints" if parts.len() >= 2 => {
            (table(doc, parts[0])?, vec![k(parts[0])], &parts[1..])
        }
        "partner" | "domain" | "form" | "criterion" if parts.len() >= 3 => {
            let (node, j) = entry(doc, &parts)?;
            (node, vec![k(parts[0]), Seg::Index(j)], &parts[2..])
        }
        _ => return Err(unresolved(key, ", e.g. \"form.dv.setup_cost\"")),
    };
    set(node, target, rest, value, key)
}

/// `[scenario]` or `[constraints]`, made when absent.
fn table<'d>(doc: &'d mut toml::Table, name: &str) -> Result<&'d mut toml::Table, Failure> {
    (doc.entry(name))
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .ok_or_else(|| (format!("`{name}` is not a table"), None))
}

/// The `[[partner]]`, `[[domain]]` or `[[form]]` entry whose id is `parts[1]`, and its index.
fn entry<'d>(
    doc: &'d mut toml::Table,
    parts: &[&str],
) -> Result<(&'d mut toml::Table, usize), Failure> {
    let (what, id) = (parts[0], parts[1]);
    if parts[2] == "id" {
        return Err((
            "ids cannot be overridden".into(),
            Some("add or exclude partners instead".into()),
        ));
    }
    let Some(list) = doc.get_mut(what).and_then(|v| v.as_array_mut()) else {
        return Err((format!("the scenario has no `[[{what}]]`"), None));
    };
    let j = position_of(what, id, list)?;
    match list[j].as_table_mut() {
        Some(t) => Ok((t, j)),
        None => Err((format!("`{what}` is not a table"), None)),
    }
}

/// The index of the entry with id `id` in the list of `what`s; an unknown id is reported
/// with the closest one.
fn position_of(what: &str, id: &str, list: &[toml::Value]) -> Result<usize, Failure> {
    let ids: Vec<&str> = (list.iter())
        .map(|e| e.get("id").and_then(|v| v.as_str()).unwrap_or(""))
        .collect();
    ids.iter().position(|known| *known == id).ok_or_else(|| {
        let (message, hint) = suggest::unknown_id_as(what, id, &ids, &format!("{what}."));
        (message, Some(hint))
    })
}

/// Sets `value` at the key path `rest` below `node` (itself at `target`), making the tables
/// on the way.
fn set(
    mut node: &mut toml::Table,
    mut target: Vec<Seg>,
    rest: &[&str],
    value: toml::Value,
    key: &str,
) -> Result<Vec<Seg>, Failure> {
    for (i, part) in rest.iter().enumerate() {
        target.push(k(part));
        if i + 1 == rest.len() {
            node.insert(part.to_string(), value);
            return Ok(target);
        }
        let next = (node.entry(*part)).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        node = (next.as_table_mut())
            .ok_or_else(|| (format!("`{}` is not a table", render_path(&target)), None))?;
    }
    Err(unresolved(key, ""))
}

fn unresolved(key: &str, example: &str) -> Failure {
    (
        format!("cannot resolve the key path `{key}`"),
        Some(format!("write {TABLES}{example}")),
    )
}
