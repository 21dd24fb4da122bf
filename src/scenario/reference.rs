//! The scenario file's reference (`docs/scenario.md`), generated from the same field tables
//! the validator checks against ([`super::fields::TABLES`]), so it cannot drift from what is
//! enforced: a test fails when the committed document differs from [`markdown`].

use super::fields::{Absent, FieldSpec, Kind, TABLES, TableSpec};

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
    let rows: String = t.fields.iter().map(row).collect();
    format!(
        "\n## `{title}`\n\n{}.\n\n| key | type | if absent | range | unit | meaning |\n|---|---|---|---|---|---|\n{rows}",
        capitalised(t.meaning)
    )
}

fn row(f: &FieldSpec) -> String {
    format!(
        "| `{}` | {} | {} | {} | {} | {} |\n",
        f.key,
        kind(f.kind),
        absent(f.default),
        range(f),
        cell(f.unit),
        cell(f.meaning)
    )
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
