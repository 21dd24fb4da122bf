//! What the binary reads and writes around a command: scenarios (warnings to standard
//! error), the check that no output overwrites an input, standard output or a file for the
//! result, and a progress bar on a terminal.

use samen::error::{Error, render};
use samen::report::{Format, Render};
use samen::scenario::{Loaded, Scenario};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Loads a scenario and refuses the run when one of `outputs` would overwrite a file it read
/// (the scenario, every file it `extends`, and `extra` inputs such as a plan) or two outputs
/// share a path; returns the scenario and every file read (`extra` included).
pub fn load_for(
    file: &Path,
    outputs: &[Option<&Path>],
    extra: &[&Path],
) -> Result<(Scenario, Vec<PathBuf>), Error> {
    let mut loaded = load_all(file)?;
    loaded.files.extend(extra.iter().map(|p| p.to_path_buf()));
    check_outputs(outputs, &paths(&loaded.files))?;
    Ok((loaded.scenario, loaded.files))
}

/// Loads a scenario with its alternatives, refusing the run when one of `outputs` would
/// overwrite a file it read or two outputs share a path.
pub fn load_checked(file: &Path, outputs: &[Option<&Path>]) -> Result<Loaded, Error> {
    let loaded = load_all(file)?;
    check_outputs(outputs, &paths(&loaded.files))?;
    Ok(loaded)
}

/// [`samen::report::output::check_outputs`] for the outputs a command was given.
pub fn check_outputs(outputs: &[Option<&Path>], inputs: &[&Path]) -> Result<(), Error> {
    let outputs: Vec<&Path> = outputs.iter().flatten().copied().collect();
    samen::report::output::check_outputs(&outputs, inputs)
}

/// The paths of a list of files, as the output checks take them.
pub fn paths(files: &[PathBuf]) -> Vec<&Path> {
    files.iter().map(|f| f.as_path()).collect()
}

/// The `--set` settings of this run, applied to every scenario it loads.
static SETS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Records the run's `--set` settings (once, before any scenario is loaded).
pub fn set_overrides(sets: Vec<String>) {
    let _ = SETS.set(sets);
}

/// Loads a scenario with its alternatives and the run's `--set` settings; warnings go to
/// standard error.
pub fn load_all(file: &Path) -> Result<Loaded, Error> {
    let sets = SETS.get().map(Vec::as_slice).unwrap_or_default();
    let loaded = samen::scenario::set::load_with(file, sets)?;
    warn(&loaded.warnings);
    Ok(loaded)
}

/// Diagnostics that are not errors, on standard error.
pub fn warn(warnings: &[samen::error::Diagnostic]) {
    if !warnings.is_empty() {
        let _ = writeln!(std::io::stderr(), "{}\n", render(warnings));
    }
}

/// A text file the user named (a plan, a game, a template).
pub fn read_text(path: &Path) -> Result<String, Error> {
    samen::scenario::encoding::read_text(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Renders a result in `format` and prints or writes it.
pub fn emit_result(
    result: &impl Render,
    format: Format,
    output: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<(), Error> {
    emit(
        &samen::report::render(result, format)?,
        output,
        &paths(inputs),
    )
}

/// Writes a file atomically, never over one of `inputs`.
pub fn write(path: &Path, contents: &str, inputs: &[PathBuf]) -> Result<(), Error> {
    samen::report::output::write_atomic(path, contents, &paths(inputs))
}

/// Prints or writes atomically; a closed pipe (`samen solve x | head`) is not an error.
pub fn emit(text: &str, output: Option<&Path>, inputs: &[&Path]) -> Result<(), Error> {
    if let Some(path) = output {
        return samen::report::output::write_atomic(path, text, inputs);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output {
            path: "standard output".into(),
            message: e.to_string(),
        }),
        _ => Ok(()),
    }
}

/// A progress bar on standard error while `work` runs, only when standard error is a
/// terminal (so piped and redirected runs stay byte-for-byte deterministic). `total` 0: a
/// count without a known end.
pub fn with_progress<T>(total: u64, what: &str, work: impl FnOnce(&(dyn Fn() + Sync)) -> T) -> T {
    let bar = progress_bar(total, what);
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let result = work(&tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result
}

/// A spinner with the elapsed time on standard error while `work` runs, for work without
/// countable steps (a solve, the K best plans); only when standard error is a terminal.
pub fn with_spinner<T>(what: &str, work: impl FnOnce() -> T) -> T {
    use std::io::IsTerminal;
    let spinner = std::io::stderr().is_terminal().then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        let style =
            indicatif::ProgressStyle::with_template(&format!("{{spinner}} {what} [{{elapsed}}]"));
        s.set_style(style.unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()));
        s.enable_steady_tick(std::time::Duration::from_millis(200));
        s
    });
    let result = work();
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    result
}

fn progress_bar(total: u64, what: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{pos}}/{{len}} [{{elapsed}}] {{wide_bar}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// `--slack` is a share of the optimum: a value above 1 (100%) is allowed but most likely a
/// percentage typed as a number.
pub fn warn_large_slack(slack: f64) {
    if slack > 1.0 {
        let _ = writeln!(
            std::io::stderr(),
            "warning: --slack {slack} allows plans up to {:.0}% dearer than the optimum; --slack is a share (0.05 = 5%): did you mean --slack {}?\n",
            100.0 * slack,
            slack / 100.0
        );
    }
}
