//! One fixture per class of input error under `tests/fixtures/invalid/`, with a snapshot of
//! the rendered message: file, line, column, key path, the offending line and a hint.

use samen::Scenario;
use samen::error::{Diagnostic, Error, Location, Severity, render};
use std::path::Path;

/// Renders what `samen check` prints for a fixture: every error, or the warnings of a valid
/// scenario.
fn rendered(name: &str) -> String {
    let path = Path::new("tests/fixtures/invalid").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let file = format!("{name}.toml");
    match Scenario::from_toml(&text, &file) {
        Err(Error::Invalid { diagnostics, .. }) => {
            assert!(diagnostics.iter().any(|d| d.severity == Severity::Error));
            render(&diagnostics)
        }
        Err(other) => panic!("{name}: expected a validation error, got {other}"),
        Ok(loaded) => {
            assert!(!loaded.warnings.is_empty(), "{name}: expected warnings");
            format!("(valid, with warnings)\n{}", render(&loaded.warnings))
        }
    }
}

/// Every fixture in the directory, each with its snapshot.
#[test]
fn invalid() {
    insta::glob!("fixtures/invalid/*.toml", |path| {
        insta::assert_snapshot!(rendered(path.file_stem().unwrap().to_str().unwrap()));
    });
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_position() {
    let text = std::fs::read_to_string("tests/fixtures/invalid/unknown_references.toml").unwrap();
    let Err(Error::Invalid { diagnostics, .. }) = Scenario::from_toml(&text, "x.toml") else {
        panic!("expected errors")
    };
    assert!(diagnostics.len() >= 3, "{diagnostics:?}");
    let lines: Vec<usize> = diagnostics
        .iter()
        .map(|d| d.location.unwrap().line)
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert!(diagnostics.iter().all(|d| !d.path.is_empty()));
}

/// Every fixture's rendering is plain text (no ANSI escapes, whatever the terminal) and names
/// the file; every located diagnostic shows `file:line:column` and the offending line.
#[test]
fn renderings_are_plain_and_located() {
    for entry in std::fs::read_dir("tests/fixtures/invalid").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = rendered(&name);
        assert!(!text.contains('\u{1b}'), "{name}: escape codes in\n{text}");
        let text = std::fs::read_to_string(&path).unwrap();
        let diagnostics = match Scenario::from_toml(&text, "f.toml") {
            Err(Error::Invalid { diagnostics, .. }) => diagnostics,
            Ok(loaded) => loaded.warnings,
            Err(other) => panic!("{name}: {other}"),
        };
        for d in &diagnostics {
            let shown = d.to_string();
            assert!(shown.contains(&d.message), "{name}: {shown}");
            if let Some(loc) = d.location {
                assert!(
                    shown.contains(&format!("--> f.toml:{}:{}", loc.line, loc.column)),
                    "{name}: {shown}"
                );
                let line = d.source_line.as_deref().unwrap();
                assert!(shown.contains(line.trim()), "{name}: {shown}");
            }
            if let Some(hint) = &d.hint {
                assert!(
                    shown.contains(&format!("= hint: {hint}")),
                    "{name}: {shown}"
                );
            }
        }
    }
}

fn diagnostic(line: &str, column: usize, width: Option<usize>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        file: "x.toml".into(),
        path: "partner[0].name".into(),
        location: Some(Location { line: 3, column }),
        message: "something".into(),
        hint: None,
        source_line: Some(line.into()),
        width,
    }
}

/// The underline counts characters, not bytes: accented names before the value do not shift
/// it; a position at the end of a line still gets a caret; no width gives one caret.
#[test]
fn underline_edge_cases() {
    let shown = [
        diagnostic("name = \"Sint-Genesius-Rode\" # één gemeente", 41, Some(3)),
        diagnostic("naam\t= \"Zoutleeuw\"", 8, Some(11)),
        diagnostic("name = ", 8, Some(0)),
        diagnostic("name = 5", 8, None),
        diagnostic("name = \"a\"", 8, Some(400)),
    ]
    .iter()
    .map(|d| d.to_string())
    .collect::<Vec<_>>()
    .join("\n\n");
    insta::assert_snapshot!("underline_edge_cases", shown);
}

/// A syntax error at the very end of the file (no line text after the position) is still
/// located and rendered.
#[test]
fn syntax_error_at_end_of_file() {
    let Err(Error::Invalid { diagnostics, .. }) =
        Scenario::from_toml("[scenario]\nname = ", "x.toml")
    else {
        panic!("expected a syntax error")
    };
    let shown = render(&diagnostics);
    assert!(shown.contains("--> x.toml:2:"), "{shown}");
}
