//! Writing report files: whole or not at all, and never replacing what is not a file.
//!
//! A path is one of three things, and each is written its own way:
//! - a regular file, or nothing yet: written to a temporary file beside it and renamed over
//!   it, so a reader never sees half a report and a failure leaves the old file as it was.
//!   A file that existed keeps its mode (and, when we may, its owner);
//! - a symbolic link: followed, and its target written as above (the link stays a link);
//! - anything else that exists (a FIFO, a terminal, a device such as `/dev/stdout`), or a
//!   link through `/proc` or `/dev` (`/proc/self/fd/1`): opened and written to, never
//!   replaced. Replacing a device as root would put a regular file where the device was.
//!
//! [`check_output_paths`] checks every path before an audit starts, so that a mistake costs
//! a second, not the audit.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Most symbolic links followed before a path is refused as a loop.
const MAX_LINKS: usize = 40;

/// Writes `contents` to `path` as the module says: atomically for a file (or a link to one),
/// directly for a FIFO, a terminal or a device.
pub fn write_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    match resolve(path)? {
        Resolved::Stream(path) => {
            // Append: through /proc/self/fd/1 to a file the shell opened, what is already
            // printed there stays; a FIFO or a terminal does not care.
            let mut stream = std::fs::OpenOptions::new().append(true).open(path)?;
            stream.write_all(contents)?;
            stream.flush()
        }
        Resolved::File(path) => write_atomic(&path, contents),
    }
}

/// What a path comes to once its links are followed.
#[derive(Debug, PartialEq)]
enum Resolved {
    /// A regular file, or a path where none is yet: replaced atomically.
    File(PathBuf),
    /// Anything else that exists: written to as it is.
    Stream(PathBuf),
}

/// Follows `path`'s links (each relative to the link's own directory) to what it names.
fn resolve(path: &Path) -> std::io::Result<Resolved> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Resolved::File(current));
            }
            Err(err) => return Err(err),
        };
        if meta.is_file() {
            return Ok(Resolved::File(current));
        }
        if !meta.file_type().is_symlink() {
            if meta.is_dir() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            return Ok(Resolved::Stream(current));
        }
        let target = std::fs::read_link(&current)?;
        // The kernel's own links (`/proc/self/fd/1`, `/dev/stdout`) stand for an open file
        // description: only writing through them reaches it.
        if target.starts_with("/proc") || target.starts_with("/dev") {
            return Ok(Resolved::Stream(current));
        }
        current = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links"
    )))
}

/// Writes `contents` to the regular file `path` through a temporary file in the same
/// directory and a rename. A file that was there keeps its mode and owner; a new one is
/// readable by all (0644), as a report written with a shell redirect would be.
fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let previous = std::fs::metadata(path).ok();
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = previous.as_ref().map_or(0o644, |m| m.mode() & 0o7777);
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
        if let Some(previous) = &previous {
            // Only root may give a file away; anyone else keeps the owner they have.
            let _ = std::os::unix::fs::fchown(
                file.as_file(),
                Some(previous.uid()),
                Some(previous.gid()),
            );
        }
    }
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// A report path that cannot be written, found before the audit.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum OutputPathError {
    /// Two outputs to one path: one would silently replace the other.
    #[error("{path} is given for both {first} and {second}")]
    Twice {
        /// The path.
        path: String,
        /// One flag.
        first: String,
        /// The other.
        second: String,
    },
    /// The path cannot be written.
    #[error("{flag} {path}: {why}")]
    Unwritable {
        /// The flag.
        flag: String,
        /// The path.
        path: String,
        /// Why.
        why: String,
    },
}

/// Checks each `(flag, path)` an audit will write before it starts: no path given twice, no
/// directory, and for a file, a directory that exists and takes a new file (tried, since
/// root passes any permission check but not a read-only file system).
pub fn check_output_paths(outputs: &[(&str, &Path)]) -> Result<(), OutputPathError> {
    let mut seen: Vec<(&str, PathBuf)> = Vec::new();
    for (flag, path) in outputs {
        let unwritable = |why: String| OutputPathError::Unwritable {
            flag: (*flag).to_owned(),
            path: path.display().to_string(),
            why,
        };
        let resolved = resolve(path).map_err(|err| unwritable(err.to_string()))?;
        let (Resolved::File(target) | Resolved::Stream(target)) = &resolved;
        let key = std::path::absolute(target).unwrap_or_else(|_| target.clone());
        if let Some((first, _)) = seen.iter().find(|(_, known)| *known == key) {
            return Err(OutputPathError::Twice {
                path: path.display().to_string(),
                first: (*first).to_owned(),
                second: (*flag).to_owned(),
            });
        }
        seen.push((flag, key));
        if let Resolved::File(file) = resolved {
            let dir = match file.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if !dir.is_dir() {
                return Err(unwritable(format!(
                    "the directory {} does not exist",
                    dir.display()
                )));
            }
            tempfile::NamedTempFile::new_in(&dir)
                .map_err(|err| unwritable(format!("cannot write in {}: {err}", dir.display())))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_file(&path, b"{}").unwrap();
        write_file(&path, b"{\"v\":2}").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"v\":2}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("report.json");
        assert!(write_file(&path, b"{}").is_err());
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_rewritten_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_file(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real").join("report.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real/report.json", &link).unwrap();
        write_file(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn the_same_path_twice_or_a_missing_directory_is_refused_before() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("r");
        assert_eq!(
            check_output_paths(&[("--json", &report), ("--junit", &report)])
                .unwrap_err()
                .to_string(),
            format!("{} is given for both --json and --junit", report.display())
        );
        let nowhere = dir.path().join("nope").join("x.json");
        let err = check_output_paths(&[("--json", &nowhere)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not exist"), "{err}");
        assert!(check_output_paths(&[("--json", &report)]).is_ok());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the check leaves nothing behind"
        );
    }
}
