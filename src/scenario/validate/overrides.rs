//! `set = { "form.dv.setup_cost" = 90000 }`: an alternative's overrides, applied to the raw
//! document by key path before it is validated again.

use super::k;
use crate::scenario::locate::{Seg, render_path};
use crate::suggest;

/// Applies one override `key = value` to the raw document; returns the key path of the
/// field it set (as the validator names it), or a message and hint.
pub(super) fn apply_override(
    doc: &mut toml::Table,
    key: &str,
    value: toml::Value,
) -> Result<Vec<Seg>, (String, Option<String>)> {
    let parts: Vec<&str> = key.split('.').collect();
    let tables =
        "scenario.FIELD, constraints.FIELD, partner.ID.FIELD, domain.ID.FIELD or form.ID.FIELD";
    let (mut node, mut target, rest): (&mut toml::Table, Vec<Seg>, &[&str]) = match parts[0] {
        "scenario" | "constraints" if parts.len() >= 2 => {
            let t = doc
                .entry(parts[0])
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match t.as_table_mut() {
                Some(t) => (t, vec![k(parts[0])], &parts[1..]),
                None => return Err((format!("`{}` is not a table", parts[0]), None)),
            }
        }
        "partner" | "domain" | "form" if parts.len() >= 3 => {
            if parts[2] == "id" {
                return Err((
                    "ids cannot be overridden".into(),
                    Some("add or exclude partners instead".into()),
                ));
            }
            let list = doc.get_mut(parts[0]).and_then(|v| v.as_array_mut());
            let Some(list) = list else {
                return Err((format!("the scenario has no `[[{}]]`", parts[0]), None));
            };
            let ids: Vec<String> = list
                .iter()
                .map(|e| {
                    e.get("id")
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                })
                .collect();
            let Some(j) = ids.iter().position(|id| id == parts[1]) else {
                let prefix = format!("{}.", parts[0]);
                let (message, hint) = suggest::unknown_id_as(parts[0], parts[1], &ids, &prefix);
                return Err((message, Some(hint)));
            };
            match list[j].as_table_mut() {
                Some(t) => (t, vec![k(parts[0]), Seg::Index(j)], &parts[2..]),
                None => return Err((format!("`{}` is not a table", parts[0]), None)),
            }
        }
        _ => {
            return Err((
                format!("cannot resolve the key path `{key}`"),
                Some(format!("write {tables}, e.g. \"form.dv.setup_cost\"")),
            ));
        }
    };
    for (i, part) in rest.iter().enumerate() {
        target.push(k(part));
        if i + 1 == rest.len() {
            node.insert(part.to_string(), value);
            return Ok(target);
        }
        let next = node
            .entry(*part)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        node = match next.as_table_mut() {
            Some(t) => t,
            None => return Err((format!("`{}` is not a table", render_path(&target)), None)),
        };
    }
    Err((
        format!("cannot resolve the key path `{key}`"),
        Some(format!("write {tables}")),
    ))
}
