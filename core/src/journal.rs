//! The deploy journal: the run's state, written atomically before and after every step, so
//! that `gonogo rollback` can undo a run whose process died.
//!
//! Layout: `<dir>/<run-id>/journal.json`, one directory per run, and `<dir>/.lock`, held (an
//! OS file lock, released when the process dies) by the one deploy or rollback using `<dir>`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::stage::{StageOutcome, StagePlan};

/// Version of the journal format.
pub const JOURNAL_VERSION: u32 = 1;

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunState {
    /// Stages are running (or the process died while they were).
    Running,
    /// Every stage applied.
    Deployed,
    /// A gate stopped the run before any change.
    Stopped,
    /// A stage failed and every change was undone.
    RolledBack,
    /// A stage failed and some change could not be undone.
    RollbackIncomplete,
    /// A dry run: plans only.
    DryRun,
    /// A dry run in which a stage could not plan, or a gate judged while planning would
    /// stop the deploy.
    DryRunFailed,
}

/// Where a stage stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageState {
    /// Not started.
    Pending,
    /// Planned; the undo record is journaled.
    Planned,
    /// Applying (a crash here leaves a change to undo).
    Applying,
    /// Applied.
    Applied,
    /// A gate that stopped the run.
    Stopped,
    /// Failed while applying (its partial change is undone too).
    Failed,
    /// Undone.
    RolledBack,
    /// Undoing failed: left to do by hand.
    RollbackFailed,
}

impl StageState {
    /// Whether the stage may have changed something that is not undone yet.
    pub fn needs_rollback(self) -> bool {
        matches!(
            self,
            StageState::Applying
                | StageState::Applied
                | StageState::Failed
                | StageState::RollbackFailed
        )
    }
}

/// One stage in the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageRecord {
    /// Its name in the pipeline.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Its parameters, to rebuild it for a rollback.
    pub params: toml::Table,
    /// Where it stands.
    pub state: StageState,
    /// Its plan (with the undo record), once planned.
    pub plan: Option<StagePlan>,
    /// What applying produced.
    pub outcome: Option<StageOutcome>,
    /// Why it failed.
    pub error: Option<String>,
    /// What undoing it did.
    pub rollback: Vec<String>,
    /// Why undoing it failed.
    pub rollback_error: Option<String>,
    /// How long it ran, in milliseconds.
    pub duration_ms: u64,
}

/// The journal of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// [`JOURNAL_VERSION`].
    pub journal_version: u32,
    /// The run's id (also its directory name).
    pub run_id: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Where it stands.
    pub state: RunState,
    /// CONDITIONAL reasons accepted with `--accept-risks` or `accept_conditional`.
    pub accepted_risks: Vec<String>,
    /// The stages, in pipeline order.
    pub stages: Vec<StageRecord>,
}

/// A journal directory held by this process.
pub struct JournalDir {
    root: PathBuf,
    _lock: File,
}

/// The journal directory could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Another deploy or rollback holds the lock.
    #[error(
        "another gonogo deploy or rollback is using {0} (its lock is held); wait for it to finish"
    )]
    Busy(String),
    /// I/O.
    #[error("journal {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Unreadable journal.
    #[error("journal {path} is not readable: {message}")]
    Corrupt {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl JournalDir {
    /// Opens (creating) `root` and takes its lock, or says who holds it.
    pub fn lock(root: &Path) -> Result<Self, JournalError> {
        std::fs::create_dir_all(root).map_err(io(root))?;
        let lock_path = root.join(".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => Ok(Self {
                root: root.to_path_buf(),
                _lock: lock,
            }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(JournalError::Busy(root.display().to_string()))
            }
            Err(std::fs::TryLockError::Error(err)) => Err(io(&lock_path)(err)),
        }
    }

    /// Writes a run's journal atomically: temp file, fsync, rename, fsync of the directory.
    pub fn write(&self, journal: &Journal) -> Result<(), JournalError> {
        let dir = self.root.join(&journal.run_id);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let path = dir.join("journal.json");
        let text = serde_json::to_string_pretty(journal).map_err(|err| JournalError::Corrupt {
            path: path.display().to_string(),
            message: err.to_string(),
        })?;
        let mut file = tempfile::NamedTempFile::new_in(&dir).map_err(io(&dir))?;
        file.write_all(text.as_bytes()).map_err(io(&path))?;
        file.as_file().sync_all().map_err(io(&path))?;
        file.persist(&path).map_err(|err| io(&path)(err.error))?;
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(io(&dir))?;
        Ok(())
    }

    /// The directory of a run (for its output files).
    pub fn run_dir(&self, run_id: &str) -> PathBuf {
        self.root.join(run_id)
    }

    /// Reads a run's journal.
    pub fn read(&self, run_id: &str) -> Result<Journal, JournalError> {
        let path = self.root.join(run_id).join("journal.json");
        let text =
            crate::input::read_text(&path, crate::input::MAX_DOCUMENT_BYTES).map_err(io(&path))?;
        serde_json::from_str(&text).map_err(|err| JournalError::Corrupt {
            path: path.display().to_string(),
            message: err.to_string(),
        })
    }

    /// The newest run with something left to undo: still `running` (its process died, or it
    /// is this one), or `rollback-incomplete` (a rollback to try again).
    pub fn latest_unfinished(&self) -> Result<Option<Journal>, JournalError> {
        let mut runs: Vec<String> = std::fs::read_dir(&self.root)
            .map_err(io(&self.root))?
            .flatten()
            .filter(|e| e.path().join("journal.json").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        runs.sort();
        for run in runs.iter().rev() {
            let journal = self.read(run)?;
            if matches!(
                journal.state,
                RunState::Running | RunState::RollbackIncomplete
            ) {
                return Ok(Some(journal));
            }
        }
        Ok(None)
    }
}

/// A new run id: sortable by time, unique per process.
pub fn new_run_id(now: DateTime<Utc>) -> String {
    format!(
        "{}-{}",
        now.format("%Y%m%dT%H%M%S%.3fZ"),
        std::process::id()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = JournalDir::lock(dir.path()).unwrap();
        let second = JournalDir::lock(dir.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            second.starts_with("another gonogo deploy or rollback is using"),
            "{second}"
        );
        drop(first);
        assert!(
            JournalDir::lock(dir.path()).is_ok(),
            "released with its holder"
        );
    }

    #[test]
    fn journals_round_trip_and_the_latest_unfinished_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let journals = JournalDir::lock(dir.path()).unwrap();
        let mut journal = Journal {
            journal_version: JOURNAL_VERSION,
            run_id: "20261126T120000.000Z-1".to_owned(),
            started_at: Utc::now(),
            state: RunState::Running,
            accepted_risks: vec![],
            stages: vec![],
        };
        journals.write(&journal).unwrap();
        assert_eq!(journals.read(&journal.run_id).unwrap(), journal);
        assert_eq!(
            journals.latest_unfinished().unwrap().map(|j| j.run_id),
            Some(journal.run_id.clone())
        );
        journal.state = RunState::RolledBack;
        journals.write(&journal).unwrap();
        assert!(journals.latest_unfinished().unwrap().is_none());
    }
}
