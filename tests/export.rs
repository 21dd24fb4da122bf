//! The exported models, checked by another solver: `samen export` writes the LP and MPS files
//! of the example scenarios, HiGHS reads each file with its own reader (not through samen's
//! translation) and solves it, and its optimum must be samen's own optimum (found by microlp).
//! The export has no objective constant to add back: the model's objective is the plan's NPV
//! itself (`solve_prepared` checks that), and `Milp` has no constant term.

#![cfg(feature = "highs")]

use assert_cmd::Command;
use samen::Scenario;
use samen::solver::{SolveOptions, SolverChoice};
use std::ffi::{CString, c_void};
use std::path::{Path, PathBuf};

/// Relative agreement required between the two optima.
const TOL: f64 = 1e-6;

/// What HiGHS made of a model file.
#[derive(Debug)]
struct FileSolve {
    columns: usize,
    rows: usize,
    objective: f64,
}

/// Owns a HiGHS instance, so that it is destroyed on every path out of [`solve_file`].
struct Highs(*mut c_void);

impl Drop for Highs {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Highs_create` and is destroyed only here.
        unsafe { highs_sys::Highs_destroy(self.0) }
    }
}

/// Reads a model file (`.lp` or `.mps`, told by the extension) with HiGHS's own reader and
/// solves it to optimality (MIP gap 0), quietly.
fn solve_file(path: &Path) -> Result<FileSolve, String> {
    let name = CString::new(path.to_str().ok_or("path is not UTF-8")?)
        .map_err(|e| format!("path: {e}"))?;
    let option = |s: &str| CString::new(s).map_err(|e| e.to_string());
    // SAFETY: every call gets the live instance owned by `highs` and NUL-terminated strings
    // that outlive the call; HiGHS keeps no pointer to them.
    unsafe {
        let highs = Highs(highs_sys::Highs_create());
        if highs.0.is_null() {
            return Err("Highs_create failed".into());
        }
        let ok = |status: highs_sys::HighsInt| status != highs_sys::STATUS_ERROR;
        if !ok(highs_sys::Highs_setBoolOptionValue(
            highs.0,
            option("output_flag")?.as_ptr(),
            0,
        )) || !ok(highs_sys::Highs_setDoubleOptionValue(
            highs.0,
            option("mip_rel_gap")?.as_ptr(),
            0.0,
        )) {
            return Err("cannot set HiGHS options".into());
        }
        if !ok(highs_sys::Highs_readModel(highs.0, name.as_ptr())) {
            return Err(format!("HiGHS cannot read {}", path.display()));
        }
        if !ok(highs_sys::Highs_run(highs.0)) {
            return Err(format!("HiGHS failed on {}", path.display()));
        }
        let status = highs_sys::Highs_getModelStatus(highs.0);
        if status != highs_sys::MODEL_STATUS_OPTIMAL {
            return Err(format!("{}: HiGHS model status {status}", path.display()));
        }
        Ok(FileSolve {
            columns: usize::try_from(highs_sys::Highs_getNumCol(highs.0)).unwrap_or(0),
            rows: usize::try_from(highs_sys::Highs_getNumRow(highs.0)).unwrap_or(0),
            objective: highs_sys::Highs_getObjectiveValue(highs.0),
        })
    }
}

fn scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v.push(PathBuf::from("tests/fixtures/small.toml"));
    v
}

#[test]
fn highs_reads_the_exported_lp_and_mps_and_finds_samens_optimum() {
    let dir = tempfile::tempdir().unwrap();
    let required = ["small.toml", "gemeente-ocmw.toml"];
    let all = scenarios();
    for r in required {
        assert!(all.iter().any(|p| p.ends_with(r)), "missing {r}");
    }
    for path in all {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let lp = dir.path().join(format!("{stem}.lp"));
        let mps = dir.path().join(format!("{stem}.mps"));
        Command::cargo_bin("samen")
            .unwrap()
            .arg("export")
            .arg(&path)
            .arg("--lp")
            .arg(&lp)
            .arg("--mps")
            .arg(&mps)
            .assert()
            .success();

        let s = Scenario::load(&path).unwrap().scenario;
        let model = samen::solve::build_model(&s).unwrap();
        let opts = SolveOptions {
            solver: SolverChoice::Microlp,
            mip_gap: 0.0,
            ..SolveOptions::default()
        };
        let own = samen::solve::optimise(&s, &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .info
            .objective;

        for file in [&lp, &mps] {
            let got = solve_file(file).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(got.columns, model.milp.vars.len(), "{}", file.display());
            assert_eq!(got.rows, model.milp.rows.len(), "{}", file.display());
            assert!(
                (got.objective - own).abs() <= TOL * own.abs().max(1.0),
                "{}: HiGHS from the file {} vs samen {own}",
                file.display(),
                got.objective
            );
        }
    }
}
