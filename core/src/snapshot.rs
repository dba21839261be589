//! Snapshots: the facts of one audit in a file, so the audit can be replayed with no network.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::facts::RecordedFact;
use crate::input::{MAX_DOCUMENT_BYTES, read_text};
use crate::meta::CheckMeta;

/// Version of the snapshot format this build reads and writes.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The facts of one audit, with where and when they were collected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// [`SNAPSHOT_VERSION`] of the writer.
    pub snapshot_version: u32,
    /// The gonogo version that wrote it.
    pub tool_version: String,
    /// When the facts were collected; a replay's clock reads this instant.
    pub taken_at: DateTime<Utc>,
    /// The audited account, when the credentials worked.
    pub account_id: Option<String>,
    /// The audited region.
    pub region: Option<String>,
    /// Every recorded fact by key.
    pub facts: BTreeMap<String, RecordedFact>,
    /// The ids of the checks it was recorded for: those it can serve. Empty in snapshots
    /// written before gonogo said so; what a check needs is judged from `facts` either way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// True when the recording was interrupted (SIGINT, SIGTERM, SIGHUP) before every check
    /// had its facts: an audit of it is incomplete too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
}

/// A snapshot that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// Unreadable file.
    #[error("failed to read snapshot {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Not JSON, truncated, or not a snapshot.
    #[error("{path}:{line}:{column}: not a gonogo snapshot: {message}")]
    Corrupt {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Another kind of file (a report, a plan): what it is.
    #[error("{path}: {message}")]
    OtherKind {
        /// The file.
        path: String,
        /// What it is.
        message: String,
    },
    /// Written by a newer gonogo.
    #[error(
        "{path}: snapshot version {found} is newer than this gonogo reads ({SNAPSHOT_VERSION}): upgrade gonogo"
    )]
    FutureVersion {
        /// The file.
        path: String,
        /// Its version.
        found: u64,
    },
}

impl Snapshot {
    /// Reads and checks a snapshot file.
    pub fn load(path: &Path) -> Result<Self, SnapshotError> {
        let name = path.display().to_string();
        let text = read_text(path, MAX_DOCUMENT_BYTES).map_err(|source| SnapshotError::Read {
            path: name.clone(),
            source,
        })?;
        Self::parse(&text, &name)
    }

    /// Parses snapshot text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, SnapshotError> {
        let corrupt = |err: serde_json::Error| {
            let position = format!(" at line {} column {}", err.line(), err.column());
            let text = err.to_string();
            SnapshotError::Corrupt {
                path: origin.to_owned(),
                line: err.line(),
                column: err.column(),
                message: text.strip_suffix(&position).unwrap_or(&text).to_owned(),
            }
        };
        if let Some(message) =
            crate::document_kind::wrong_kind(text, crate::document_kind::DocumentKind::Snapshot)
        {
            return Err(SnapshotError::OtherKind {
                path: origin.to_owned(),
                message,
            });
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(corrupt)?;
        match value
            .get("snapshot_version")
            .and_then(serde_json::Value::as_u64)
        {
            Some(found) if found > u64::from(SNAPSHOT_VERSION) => {
                return Err(SnapshotError::FutureVersion {
                    path: origin.to_owned(),
                    found,
                });
            }
            _ => {}
        }
        // Parsed again from the text (not the value) so that errors carry a position.
        serde_json::from_str(text).map_err(corrupt)
    }

    /// Whether it can serve `check`: the recording judged it (it is listed in `checks`), or
    /// the snapshot holds every fact it reads. A check it does not serve is an error when it
    /// asks for a fact that was not recorded, since what the account holds there is unknown.
    pub fn serves(&self, check: &CheckMeta) -> bool {
        self.checks.iter().any(|id| id == check.id)
            || check
                .facts
                .iter()
                .all(|fact| fact.given || self.facts.contains_key(fact.key))
    }

    /// The snapshot as pretty JSON, newline-terminated (stable: facts are sorted by key).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        Snapshot {
            snapshot_version: SNAPSHOT_VERSION,
            tool_version: "0.1.0".to_owned(),
            taken_at: DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            account_id: Some("123456789012".to_owned()),
            region: Some("us-east-1".to_owned()),
            facts: BTreeMap::from([(
                "sqs.queues".to_owned(),
                RecordedFact::Value(serde_json::json!({"queues": []})),
            )]),
            checks: vec!["security.sqs-encryption".to_owned()],
            incomplete: false,
        }
    }

    #[test]
    fn round_trips() {
        let s = snapshot();
        assert_eq!(Snapshot::parse(&s.to_json(), "s.json").unwrap(), s);
    }

    #[test]
    fn truncated_is_corrupt_with_a_position() {
        let text = snapshot().to_json();
        let err = Snapshot::parse(&text[..text.len() / 2], "s.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("s.json:"), "{err}");
        assert!(
            err.contains("not a gonogo snapshot: EOF while parsing"),
            "{err}"
        );
    }

    #[test]
    fn future_version_is_refused() {
        let text = snapshot()
            .to_json()
            .replace("\"snapshot_version\": 1", "\"snapshot_version\": 2");
        assert_eq!(
            Snapshot::parse(&text, "s.json").unwrap_err().to_string(),
            "s.json: snapshot version 2 is newer than this gonogo reads (1): upgrade gonogo"
        );
    }

    #[test]
    fn other_json_is_corrupt() {
        let err = Snapshot::parse("{\"verdict\": \"GO\"}", "report.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field"), "{err}");
    }
}
