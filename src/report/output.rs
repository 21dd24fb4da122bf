//! Writing results safely: atomically (a temporary file in the same directory, then rename),
//! never over a file the run read, never two outputs of one run to one path, and with the
//! permissions an ordinary file write gets (so colleagues on a shared drive can read it).

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Refuses a run whose outputs would overwrite one of its inputs (every file read: the whole
/// `extends` chain, plans, templates, games) or whose outputs share a path. Call it before
/// any work, so a mistyped path costs nothing.
pub fn check_outputs(outputs: &[&Path], inputs: &[&Path]) -> Result<(), Error> {
    for (i, out) in outputs.iter().enumerate() {
        writable(out)?;
        if let Some(input) = inputs.iter().find(|input| same_file(out, input)) {
            return Err(Error::Output {
                path: out.display().to_string(),
                message: format!(
                    "it is an input of this run ({}); choose another output path",
                    input.display()
                ),
            });
        }
        if let Some(other) = outputs[..i].iter().find(|o| same_file(out, o)) {
            return Err(Error::Output {
                path: out.display().to_string(),
                message: format!(
                    "two outputs of this run go to this one file ({}); give each its own path",
                    other.display()
                ),
            });
        }
    }
    Ok(())
}

/// Refuses, before any work, an output that cannot be written: a directory, a path whose
/// directory does not exist, or a read-only file (which an ordinary write would not replace).
fn writable(out: &Path) -> Result<(), Error> {
    let fail = |message: &str| {
        Err(Error::Output {
            path: out.display().to_string(),
            message: message.to_string(),
        })
    };
    if out.is_dir() {
        return fail("it is a directory; give a file name");
    }
    if !directory_of(out).is_dir() {
        return fail("its directory does not exist; create it first or choose another path");
    }
    match std::fs::metadata(out) {
        Ok(meta) if meta.permissions().readonly() => fail("the file is read-only"),
        _ => Ok(()),
    }
}

/// The directory `path` is in: its parent, or `.` for a bare file name.
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `contents` to `path` atomically, refusing to overwrite any of `inputs`. A new file
/// gets the permissions of an ordinary write (0666 less the umask); a replaced file keeps its
/// own.
pub fn write_atomic(path: &Path, contents: &str, inputs: &[&Path]) -> Result<(), Error> {
    write_atomic_bytes(path, contents.as_bytes(), inputs)
}

/// [`write_atomic`] for a binary file (a workbook).
pub fn write_atomic_bytes(path: &Path, contents: &[u8], inputs: &[&Path]) -> Result<(), Error> {
    check_outputs(&[path], inputs)?;
    // Through a symbolic link, the file it points to is replaced (not the link).
    let resolved = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => path.canonicalize().unwrap_or(path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    let path = resolved.as_path();
    let fail = |e: std::io::Error| Error::Output {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let tmp = temporary_beside(path);
    let written = write_new(&tmp, contents, path).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// A name in `path`'s directory that no other write of this process uses.
fn temporary_beside(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    directory_of(path).join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Creates `tmp` (never an existing file), writes and syncs it; copies the permissions of the
/// file it will replace, if any.
fn write_new(tmp: &Path, contents: &[u8], target: &Path) -> std::io::Result<()> {
    let mut file = create_new(tmp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    if let Ok(meta) = std::fs::metadata(target) {
        std::fs::set_permissions(tmp, meta.permissions())?;
    }
    Ok(())
}

/// A new file for writing at `path`; an error if one exists there.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Whether two paths name one file, also when the output does not exist yet.
fn same_file(a: &Path, b: &Path) -> bool {
    normalise(a) == normalise(b)
}

fn normalise(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (directory_of(p).canonicalize(), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => p.to_path_buf(),
    }
}
