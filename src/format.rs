//! Numbers and money as samen writes them in messages, tables and reports. Lives at the
//! bottom of the crate because validation, evaluation and solve messages quote amounts too.

/// Whole number with thousands separators.
pub fn fmt_int(x: f64) -> String {
    grouped(x, ',')
}

/// Whole number with `sep` between groups of three digits (`,` in English, `.` in nl-BE).
pub fn grouped(x: f64, sep: char) -> String {
    let neg = x < -0.5;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if neg { format!("-{out}") } else { out }
}

/// An amount in euro as `EUR 1,234,567`, rounded to whole euros.
pub fn eur(x: f64) -> String {
    format!("EUR {}", fmt_int(x))
}

/// Text as a TOML basic string (quoted and escaped), for files samen writes for a planner to
/// edit: plan files and the `--set` settings.
pub fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
