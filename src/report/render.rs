//! The one way a result becomes text: a command produces a result, and [`render`] writes it
//! in the [`Format`] asked for. Every result type implements [`Render`]; a result that cannot
//! be written in a format says so in [`Render::formats`], and [`render`] refuses it with a
//! usage error instead of printing something else. A new format (HTML, XLSX) is a variant
//! here and a method of the trait, not a change to every command.

use crate::analysis::allocation::AllocationReport;
use crate::analysis::allocation::stable::CoreSearch;
use crate::analysis::alternatives::Alternatives;
use crate::analysis::compare::Comparison;
use crate::analysis::priorities::Priorities;
use crate::analysis::risk::RiskReport;
use crate::analysis::scale::ScaleReport;
use crate::analysis::sensitivity::SensitivityReport;
use crate::error::Error;
use crate::report::Report;
use serde::Serialize;

/// The formats of a command's `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal tables, for people.
    Table,
    /// The serialised result, for scripts (pretty-printed, with a final newline).
    Json,
    /// Long-format CSV, `table,key,field,value`, for spreadsheets.
    Csv,
    /// The same CSV for Excel in Belgium (nl-BE and fr-BE): `;` between fields and a
    /// decimal comma in numbers.
    CsvBe,
}

/// Every format, in the order `--format` lists them.
pub const ALL_FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv, Format::CsvBe];

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::CsvBe => "csv-be",
        }
    }
}

/// A result that can be written as text. JSON and CSV come from the serialised result unless
/// a type has a layout of its own; the table is always the type's own.
pub trait Render: Serialize {
    /// What the result is called in messages ("the solve report").
    fn what(&self) -> &'static str;
    /// Terminal tables.
    fn table(&self) -> String;
    /// The formats this result can be written in.
    fn formats(&self) -> &'static [Format] {
        ALL_FORMATS
    }
    /// Pretty JSON with a final newline.
    fn json(&self) -> String {
        json(self)
    }
    /// Long-format CSV: the JSON document flattened by [`super::csv_long`].
    fn csv(&self) -> String {
        match serde_json::to_value(self) {
            Ok(v) => super::csv_long(&v),
            Err(e) => format!("error\n{e}\n"),
        }
    }
}

/// The result in the format asked for, or a usage error when it has no such rendering.
pub fn render<R: Render + ?Sized>(result: &R, format: Format) -> Result<String, Error> {
    if !result.formats().contains(&format) {
        return Err(Error::Usage(format!(
            "{} cannot be written as {}; use --format {}",
            result.what(),
            format.name(),
            result
                .formats()
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(" or ")
        )));
    }
    Ok(match format {
        Format::Table => result.table(),
        Format::Json => result.json(),
        Format::Csv => result.csv(),
        Format::CsvBe => belgian(&result.csv()),
    })
}

/// A comma-separated document rewritten for Belgian Excel: `;` separators, and a decimal
/// comma in every field that is a plain number (other fields are left as they are).
pub fn belgian(csv_text: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for record in reader.records().flatten() {
        let fields: Vec<String> = record.iter().map(decimal_comma).collect();
        let _ = w.write_record(&fields);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn decimal_comma(field: &str) -> String {
    let numeric = !field.is_empty()
        && field.parse::<f64>().is_ok()
        && field
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    if numeric {
        field.replace('.', ",")
    } else {
        field.to_string()
    }
}

/// Pretty JSON of any serialisable value, with a final newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// What `solve` prints when no plan satisfies the rules: the status is part of every
/// result, so a JSON or CSV reader sees it too. The table is the error message itself, on
/// standard error, so it prints nothing here.
#[derive(Debug, Clone, Serialize)]
pub struct Infeasible {
    /// Always `infeasible`.
    pub status: &'static str,
    /// Which rules must give way, in the planner's words.
    pub explanation: String,
}

impl Infeasible {
    /// The document for an infeasible scenario explained by `why`.
    pub fn new(why: &str) -> Infeasible {
        Infeasible {
            status: "infeasible",
            explanation: why.to_string(),
        }
    }
}

impl Render for Infeasible {
    fn what(&self) -> &'static str {
        "an infeasible result"
    }
    fn table(&self) -> String {
        String::new()
    }
}

/// `solve --require-core`: the plan shown (the cheapest stable plan, else the optimum) and
/// the search that led to it.
#[derive(Debug, Clone, Serialize)]
pub struct CoreSolve {
    /// The report of the plan shown; its JSON carries the search under `core`.
    #[serde(flatten)]
    pub report: Report,
    /// The rounds, the cooperations excluded and the verdict.
    pub core: CoreSearch,
}

impl Render for CoreSolve {
    fn what(&self) -> &'static str {
        "the core-constrained solve"
    }
    fn table(&self) -> String {
        self.report.table() + &self.core.to_table()
    }
    fn csv(&self) -> String {
        self.report.csv() + &self.core.to_csv_rows()
    }
}

impl Render for Report {
    fn what(&self) -> &'static str {
        "the plan report"
    }
    fn table(&self) -> String {
        self.to_table() + &super::payments::table(&self.payments)
    }
    fn csv(&self) -> String {
        self.to_csv() + &super::payments::csv_rows(&self.payments)
    }
}

/// Results whose table is their own `to_table` and whose JSON and CSV are the serialised
/// result.
macro_rules! render_by_table {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl Render for $ty {
            fn what(&self) -> &'static str {
                $what
            }
            fn table(&self) -> String {
                self.to_table()
            }
        }
    )*};
}

render_by_table! {
    Comparison => "the comparison",
    ScaleReport => "the scale curve",
    Alternatives => "the alternatives",
    Priorities => "the domain priorities",
    AllocationReport => "the fair split",
    RiskReport => "the risk analysis",
    SensitivityReport => "the sensitivity analysis",
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A result with a table only.
    #[derive(Serialize)]
    struct TableOnly;

    impl Render for TableOnly {
        fn what(&self) -> &'static str {
            "the table-only result"
        }
        fn table(&self) -> String {
            "t\n".into()
        }
        fn formats(&self) -> &'static [Format] {
            &[Format::Table]
        }
    }

    #[test]
    fn a_format_a_result_cannot_give_is_refused_with_the_ones_it_can() {
        assert_eq!(render(&TableOnly, Format::Table).unwrap(), "t\n");
        let e = render(&TableOnly, Format::Csv).unwrap_err().to_string();
        assert!(
            e.contains("the table-only result cannot be written as csv"),
            "{e}"
        );
        assert!(e.contains("use --format table"), "{e}");
    }

    #[test]
    fn belgian_csv_has_semicolons_and_decimal_commas_and_leaves_text_alone() {
        let be = belgian("table,key,field,value\nsummary,,saving,1234.5\nx,a.b,name,\"1,5\"\n");
        assert_eq!(
            be,
            "table;key;field;value\nsummary;;saving;1234,5\nx;a.b;name;1,5\n"
        );
    }

    #[test]
    fn an_infeasible_result_carries_its_status_in_json_and_csv() {
        let r = Infeasible::new("budgets of a, b");
        let j: serde_json::Value =
            serde_json::from_str(&render(&r, Format::Json).unwrap()).unwrap();
        assert_eq!(j["status"], "infeasible");
        assert_eq!(j["explanation"], "budgets of a, b");
        let csv = render(&r, Format::Csv).unwrap();
        assert!(csv.contains(",status,infeasible"), "{csv}");
    }
}
