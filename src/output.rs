//! Writing results safely: atomically (temp file in the same directory, then rename), never
//! over an input file.

use crate::error::Error;
use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` atomically, refusing to overwrite any of `inputs`.
pub fn write_atomic(path: &Path, contents: &str, inputs: &[&Path]) -> Result<(), Error> {
    let fail = |message: String| Error::Output {
        path: path.display().to_string(),
        message,
    };
    for input in inputs {
        if same_file(path, input) {
            return Err(fail(format!(
                "it is an input of this run ({}); choose another output path",
                input.display()
            )));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(e.to_string()))?;
    tmp.write_all(contents.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| fail(e.to_string()))?;
    tmp.persist(path).map_err(|e| fail(e.error.to_string()))?;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
