//! The scenario file's reference (`docs/scenario.md`), generated from the same field tables
//! the validator checks against ([`super::fields::TABLES`]), so it cannot drift from what is
//! enforced: a test fails when the committed document differs from [`markdown`].

use super::fields::{Absent, FieldSpec, Kind, TABLES, TableSpec};

/// The files examples are taken from, in order: each key's example is its first value in
/// them, so every example is a value a shipped scenario really uses.
const EXAMPLES: &[&str] = &[
    include_str!("../../scenarios/kortenberg-machelen-tervuren.toml"),
    include_str!("../../scenarios/templates/region-template.toml"),
    include_str!("../../scenarios/gemeente-ocmw.toml"),
];

/// The whole reference as Markdown.
pub fn markdown() -> String {
    let mut out = String::from(
        "# The scenario file\n\n\
         Generated from the validator's field tables (`src/scenario/fields.rs`) by \
         `SAMEN_UPDATE_DOCS=1 cargo test --test reference`; do not edit by hand. Every key, its \
         type, what leaving it out means, the range the validator enforces, its unit and its \
         meaning. Money is euro of the base year (real terms), per year unless the unit says \
         otherwise; shares are fractions (0.03 = 3%).\n",
    );
    for t in TABLES {
        out.push_str(&table(t));
    }
    out
}

fn table(t: &TableSpec) -> String {
    let title = if t.array {
        format!("[[{}]]", t.name)
    } else if t.name.starts_with('(') {
        t.name.to_string()
    } else {
        format!("[{}]", t.name)
    };
    let docs: Vec<toml::Table> = EXAMPLES
        .iter()
        .filter_map(|t| toml::from_str(t).ok())
        .collect();
    let rows: String = t.fields.iter().map(|f| row(t, f, &docs)).collect();
    format!(
        "\n## `{title}`\n\n{}.\n\n| key | type | if absent | range | unit | meaning | example |\n|---|---|---|---|---|---|---|\n{rows}",
        capitalised(t.meaning)
    )
}

fn row(t: &TableSpec, f: &FieldSpec, docs: &[toml::Table]) -> String {
    format!(
        "| `{}` | {} | {} | {} | {} | {} | {} |\n",
        f.key,
        kind(f.kind),
        absent(f.default),
        range(f),
        cell(f.unit),
        cell(f.meaning),
        example(t, f, docs)
    )
}

/// `key = value` as the first example file that sets the key writes it; empty for a key
/// that holds tables or that no example sets.
fn example(t: &TableSpec, f: &FieldSpec, docs: &[toml::Table]) -> String {
    if matches!(f.kind, Kind::Table(_)) {
        return String::new();
    }
    let mut path: Vec<&str> = match t.name.starts_with('(') {
        true => Vec::new(),
        false => t.name.split('.').collect(),
    };
    path.push(f.key);
    let found = docs
        .iter()
        .find_map(|d| find(&toml::Value::Table(d.clone()), &path));
    match found {
        Some(v) => format!("`{} = {}`", f.key, cell(&inline(&v))),
        None => String::new(),
    }
}

/// The first value at `path` below `v`: an array is searched entry by entry, `*` matches any
/// key.
fn find(v: &toml::Value, path: &[&str]) -> Option<toml::Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(v.clone());
    };
    match v {
        toml::Value::Array(items) => items.iter().find_map(|i| find(i, path)),
        toml::Value::Table(t) if *first == "*" => t.values().find_map(|x| find(x, rest)),
        toml::Value::Table(t) => find(t.get(*first)?, rest),
        _ => None,
    }
}

/// A value as one line of TOML.
fn inline(v: &toml::Value) -> String {
    let text = v.to_string();
    match text.chars().count() > 70 {
        true => format!("{} ...", text.chars().take(66).collect::<String>()),
        false => text,
    }
}

fn kind(k: Kind) -> String {
    match k {
        Kind::Number => "number".into(),
        Kind::Integer => "whole number".into(),
        Kind::Text => "text".into(),
        Kind::Bool => "true or false".into(),
        Kind::List(of) => format!("list of {of}"),
        Kind::NumberMap(of) => format!("table: {of} = number"),
        Kind::IntegerMap(of) => format!("table: {of} = whole number"),
        Kind::Table(name) => format!("table(s) `{name}`"),
        Kind::KeyPaths => "table: key path = value".into(),
    }
}

fn absent(a: Absent) -> String {
    match a {
        Absent::Required => "**required**".into(),
        Absent::Value(x) => number(x),
        Absent::Means(text) => cell(text),
    }
}

fn range(f: &FieldSpec) -> String {
    let numeric = matches!(
        f.kind,
        Kind::Number | Kind::Integer | Kind::NumberMap(_) | Kind::IntegerMap(_)
    );
    if !numeric {
        return String::new();
    }
    // Bounds of 1e9 and beyond only guard against typos: shown as open.
    match (f.min.is_finite(), f.max.is_finite() && f.max < 1e9) {
        (true, true) => format!("{} to {}", number(f.min), number(f.max)),
        (true, false) => format!("at least {}", number(f.min)),
        (false, true) => format!("at most {}", number(f.max)),
        (false, false) => String::new(),
    }
}

fn number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
