//! A characteristic function given directly (`samen allocate --game GAME.toml`):
//!
//! ```toml
//! players = ["a", "b", "c"]
//! kind = "cost"            # or "profit"
//! [values]                 # every non-empty coalition, members joined by "+", any order
//! "a" = 10
//! "b" = 20
//! "a+b" = 25
//! # ...
//! ```

use crate::error::{Diagnostic, Error, Severity};
use crate::game::{Game, Kind};
use crate::scenario::locate::{Locator, Seg, render_path};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGame {
    players: Vec<String>,
    kind: Option<String>,
    values: BTreeMap<String, f64>,
}

/// Parses a game file into player names and a game; every problem is reported.
pub fn parse_game(text: &str, file: &str) -> Result<(Vec<String>, Game), Error> {
    let locator = Locator::new(text);
    let diag = |segs: &[Seg], message: String, hint: Option<String>| {
        let place = locator.place_path(segs);
        let location = place.map(|(l, _)| l);
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            path: render_path(segs),
            source_line: location.and_then(|l| locator.line_text(l.line)),
            width: place.map(|(_, w)| w),
            location,
            message,
            hint,
        }
    };
    let raw: RawGame = toml::from_str(text).map_err(|e| {
        let place = e.span().map(|s| locator.place(s));
        let location = place.map(|(l, _)| l);
        Error::Invalid {
            file: file.to_string(),
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: file.to_string(),
                path: String::new(),
                source_line: location.and_then(|l| locator.line_text(l.line)),
                width: place.map(|(_, w)| w),
                location,
                message: e.message().trim().to_string(),
                hint: Some(
                    "a game file has `players = [...]`, `kind = \"cost\"` and a `[values]` table"
                        .into(),
                ),
            }],
        }
    })?;
    let mut diags = Vec::new();
    let n = raw.players.len();
    if n == 0 || n > crate::game::MAX_PLAYERS {
        diags.push(diag(
            &[Seg::Key("players".into())],
            format!("{n} players: give 1 to {}", crate::game::MAX_PLAYERS),
            None,
        ));
    }
    let kind = match raw.kind.as_deref() {
        None | Some("cost") => Kind::Cost,
        Some("profit") => Kind::Profit,
        Some(other) => {
            diags.push(diag(
                &[Seg::Key("kind".into())],
                format!("unknown kind `{other}`"),
                Some("`cost` or `profit`".into()),
            ));
            Kind::Cost
        }
    };
    let mut values = vec![f64::NAN; 1usize << n.min(crate::game::MAX_PLAYERS)];
    if !values.is_empty() {
        values[0] = 0.0;
    }
    for (key, &v) in &raw.values {
        let at = [Seg::Key("values".into()), Seg::Key(key.clone())];
        let mut mask = 0usize;
        let mut ok = true;
        for name in key.split('+').map(str::trim) {
            match raw.players.iter().position(|p| p == name) {
                Some(i) if mask & (1 << i) == 0 => mask |= 1 << i,
                Some(_) => {
                    diags.push(diag(&at, format!("player `{name}` appears twice"), None));
                    ok = false;
                }
                None => {
                    let hint = crate::suggest::did_you_mean(name, &raw.players);
                    diags.push(diag(&at, format!("unknown player `{name}`"), hint));
                    ok = false;
                }
            }
        }
        if !v.is_finite() {
            diags.push(diag(&at, format!("{v} is not a finite value"), None));
            ok = false;
        }
        if ok && mask < values.len() {
            if !values[mask].is_nan() {
                diags.push(diag(
                    &at,
                    "this coalition is given twice (in another order)".into(),
                    None,
                ));
            }
            values[mask] = v;
        }
    }
    if diags.is_empty() {
        let missing: Vec<String> = (1..values.len())
            .filter(|&m| values[m].is_nan())
            .take(10)
            .map(|m| {
                (0..n)
                    .filter(|i| m & (1 << i) != 0)
                    .map(|i| raw.players[i].as_str())
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect();
        if !missing.is_empty() {
            let total = values.iter().filter(|v| v.is_nan()).count();
            diags.push(diag(
                &[Seg::Key("values".into())],
                format!(
                    "{total} coalition value(s) missing, e.g. {}",
                    missing.join(", ")
                ),
                Some("give every non-empty coalition's value".into()),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(Error::Invalid {
            file: file.to_string(),
            diagnostics: diags,
        });
    }
    let game = Game::from_values(kind, values)?;
    Ok((raw.players, game))
}
