//! The result model: what the JSON report holds, and what every other format renders.

use chrono::{DateTime, SecondsFormat, Utc};
use gonogo_core::stats::ApiStats;
use gonogo_core::verdict::{AppliedWaiver, Evaluation, Summary, Verdict};
use gonogo_core::{Category, Finding, Severity, Status};
use serde::{Deserialize, Serialize};

/// Version of the report schema; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The tool that wrote a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// `gonogo`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Where the facts came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Live AWS APIs.
    Live,
    /// A snapshot file.
    Snapshot,
}

/// What was audited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Account id, when the credentials worked.
    pub account_id: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Live or snapshot.
    pub source: Source,
}

/// One check in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Severity under the policy.
    pub severity: Severity,
    /// Status.
    pub status: Status,
    /// How long it ran.
    pub duration_ms: u64,
    /// One line.
    pub message: String,
    /// How to fix a failure.
    pub remediation: String,
    /// Per-resource findings.
    pub findings: Vec<Finding>,
    /// The waiver that applied, if any.
    pub waiver: Option<AppliedWaiver>,
}

/// A finished audit (JSON schema version 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool.
    pub tool: Tool,
    /// RFC 3339 start time.
    pub started_at: String,
    /// RFC 3339 finish time.
    pub finished_at: String,
    /// Wall time.
    pub duration_ms: u64,
    /// What was audited.
    pub target: Target,
    /// The verdict.
    pub verdict: Verdict,
    /// The exit code gonogo exits with.
    pub exit_code: i32,
    /// Score 0–100.
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
    /// Counts by status.
    pub summary: Summary,
    /// True when the audit was interrupted before every check finished.
    pub incomplete: bool,
    /// The checks, sorted by id.
    pub checks: Vec<CheckReport>,
    /// API-call accounting, with `--stats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<ApiStats>,
}

/// What the report needs besides the evaluation.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The tool's version.
    pub version: String,
    /// When the audit started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// What was audited.
    pub target: Target,
}

impl Report {
    /// The report of an evaluated audit.
    pub fn new(evaluation: &Evaluation, info: RunInfo) -> Self {
        let checks = evaluation
            .results
            .iter()
            .map(|r| CheckReport {
                id: r.meta.id.to_owned(),
                title: r.meta.title.to_owned(),
                category: r.meta.category,
                severity: r.severity,
                status: r.status,
                duration_ms: millis(r.duration),
                message: r.message.clone(),
                remediation: r.meta.doc_section("Remediation").unwrap_or_default(),
                findings: r.findings.clone(),
                waiver: r.waiver.clone(),
            })
            .collect();
        let elapsed = (info.finished_at - info.started_at)
            .to_std()
            .unwrap_or_default();
        Self {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "gonogo".to_owned(),
                version: info.version,
            },
            started_at: info.started_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            finished_at: info
                .finished_at
                .to_rfc3339_opts(SecondsFormat::Millis, true),
            duration_ms: millis(elapsed),
            target: info.target,
            verdict: evaluation.verdict,
            exit_code: evaluation.exit_code,
            score: evaluation.score,
            reasons: evaluation.reasons.clone(),
            summary: evaluation.summary,
            incomplete: evaluation.interrupted,
            checks,
            stats: None,
        }
    }

    /// The findings that did not pass, with their check.
    pub fn problem_findings(&self) -> impl Iterator<Item = (&CheckReport, &Finding)> {
        self.checks.iter().flat_map(|c| {
            c.findings
                .iter()
                .filter(|f| matches!(f.status, Status::Fail | Status::Warn))
                .map(move |f| (c, f))
        })
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
