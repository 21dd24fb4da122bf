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
    let mut p = GameParser {
        file,
        locator: Locator::new(text),
        diags: Vec::new(),
    };
    let raw: RawGame = toml::from_str(text).map_err(|e| p.syntax_error(&e))?;
    p.check_players(raw.players.len());
    let kind = p.kind(raw.kind.as_deref());
    let n = raw.players.len().min(crate::game::MAX_PLAYERS);
    let mut values = vec![f64::NAN; 1usize << n];
    values[0] = 0.0;
    for (key, &v) in &raw.values {
        p.value(&raw.players, key, v, &mut values);
    }
    if p.diags.is_empty() {
        p.check_complete(&raw.players, &values);
    }
    if !p.diags.is_empty() {
        return Err(Error::Invalid {
            file: file.to_string(),
            diagnostics: p.diags,
        });
    }
    let game = Game::from_values(kind, values)?;
    Ok((raw.players, game))
}

/// One game file's parse: every problem is collected, so one run reports all.
struct GameParser<'a> {
    file: &'a str,
    locator: Locator<'a>,
    diags: Vec<Diagnostic>,
}

impl GameParser<'_> {
    fn push(&mut self, segs: &[Seg], message: String, hint: Option<String>) {
        let place = self.locator.place_path(segs);
        let location = place.map(|(l, _)| l);
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            file: self.file.to_string(),
            path: render_path(segs),
            source_line: location.and_then(|l| self.locator.line_text(l.line)),
            width: place.map(|(_, w)| w),
            location,
            message,
            hint,
        });
    }

    fn syntax_error(&self, e: &toml::de::Error) -> Error {
        let place = e.span().map(|s| self.locator.place(s));
        let location = place.map(|(l, _)| l);
        let hint = "a game file has `players = [...]`, `kind = \"cost\"` and a `[values]` table";
        Error::Invalid {
            file: self.file.to_string(),
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: self.file.to_string(),
                path: String::new(),
                source_line: location.and_then(|l| self.locator.line_text(l.line)),
                width: place.map(|(_, w)| w),
                location,
                message: e.message().trim().to_string(),
                hint: Some(hint.into()),
            }],
        }
    }

    fn check_players(&mut self, n: usize) {
        if n == 0 || n > crate::game::MAX_PLAYERS {
            let message = format!("{n} players: give 1 to {}", crate::game::MAX_PLAYERS);
            self.push(&[Seg::Key("players".into())], message, None);
        }
    }

    fn kind(&mut self, kind: Option<&str>) -> Kind {
        match kind {
            None | Some("cost") => Kind::Cost,
            Some("profit") => Kind::Profit,
            Some(other) => {
                let message = format!("unknown kind `{other}`");
                self.push(
                    &[Seg::Key("kind".into())],
                    message,
                    Some("`cost` or `profit`".into()),
                );
                Kind::Cost
            }
        }
    }

    /// The coalition `key` names (players joined by `+`), or `None` after reporting why not.
    fn coalition(&mut self, players: &[String], key: &str, at: &[Seg]) -> Option<usize> {
        let mut mask = 0usize;
        let mut ok = true;
        for name in key.split('+').map(str::trim) {
            match players.iter().position(|p| p == name) {
                Some(i) if mask & (1 << i) == 0 => mask |= 1 << i,
                Some(_) => {
                    self.push(at, format!("player `{name}` appears twice"), None);
                    ok = false;
                }
                None => {
                    let hint = crate::suggest::did_you_mean(name, players);
                    self.push(at, format!("unknown player `{name}`"), hint);
                    ok = false;
                }
            }
        }
        ok.then_some(mask)
    }

    /// Stores the value of coalition `key`.
    fn value(&mut self, players: &[String], key: &str, v: f64, values: &mut [f64]) {
        let at = [Seg::Key("values".into()), Seg::Key(key.to_string())];
        let mask = self.coalition(players, key, &at);
        if !v.is_finite() {
            self.push(&at, format!("{v} is not a finite value"), None);
            return;
        }
        let Some(mask) = mask.filter(|&m| m < values.len()) else {
            return;
        };
        if !values[mask].is_nan() {
            let message = "this coalition is given twice (in another order)".into();
            self.push(&at, message, None);
        }
        values[mask] = v;
    }

    /// Every non-empty coalition must have a value: the first ten missing are named.
    fn check_complete(&mut self, players: &[String], values: &[f64]) {
        let name = |m: usize| {
            (0..players.len())
                .filter(|i| m & (1 << i) != 0)
                .map(|i| players[i].as_str())
                .collect::<Vec<_>>()
                .join("+")
        };
        let missing: Vec<String> = (1..values.len())
            .filter(|&m| values[m].is_nan())
            .take(10)
            .map(name)
            .collect();
        if missing.is_empty() {
            return;
        }
        let total = values.iter().filter(|v| v.is_nan()).count();
        let message = format!(
            "{total} coalition value(s) missing, e.g. {}",
            missing.join(", ")
        );
        let hint = Some("give every non-empty coalition's value".into());
        self.push(&[Seg::Key("values".into())], message, hint);
    }
}
