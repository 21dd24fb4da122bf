//! Helpers shared by the integration tests (each test binary includes this module with
//! `mod common;` and uses what it needs).
#![allow(dead_code)]

use samen::Scenario;
use samen::solver::SolverChoice;
use serde_json::Value;
use std::path::Path;

/// A scenario file, validated; panics with the diagnostics when it is not valid.
pub fn load(path: impl AsRef<Path>) -> Scenario {
    let path = path.as_ref();
    match Scenario::load(path) {
        Ok(loaded) => loaded.scenario,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Every solver this build has: microlp always, HiGHS with the `highs` feature. Tests that
/// loop over it are generic over the solver.
pub fn solvers() -> Vec<SolverChoice> {
    let mut v = vec![SolverChoice::Microlp];
    if cfg!(feature = "highs") {
        v.push(SolverChoice::Highs);
    }
    v
}

/// Whether `a` and `b` agree within `rel`, relative to the larger of them (and absolutely
/// below 1).
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// A JSON document with every number rounded to `digits` significant digits, so that a
/// snapshot does not depend on the order in which a sum was taken.
pub fn rounded(v: &Value, digits: i32) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            serde_json::json!(round_to(x, digits))
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| rounded(i, digits)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, x)| (k.clone(), rounded(x, digits)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn round_to(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    let r = (x * scale).round() / scale;
    // -0.0 and 0.0 print differently.
    if r == 0.0 { 0.0 } else { r }
}
