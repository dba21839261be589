//! Why an audit could not be done, or could not be delivered: every one is exit 3 to the
//! CLI, never a verdict.

use gonogo_core::catalogue::CatalogueError;
use gonogo_core::engine::PlanError;
use gonogo_core::snapshot::SnapshotError;
use gonogo_core::span::ConfigError;
use gonogo_reports::MergeError;

/// What stops an audit before it has a report.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The catalogue of checks, frameworks and stages is broken.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// The policy or the accounts file is not valid (file, line and column).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The selection plans nothing, or a parameter does not fit its check.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A framework nothing registers.
    #[error("unknown framework `{0}` (see `gonogo frameworks`)")]
    UnknownFramework(String),
    /// The clock is not a time.
    #[error("GONOGO_NOW/--now `{0}` is neither RFC 3339 nor YYYY-MM-DD")]
    Clock(String),
    /// The baseline report cannot be read.
    #[error("baseline {path}: {message}")]
    Baseline {
        /// Its path.
        path: String,
        /// Why.
        message: String,
    },
    /// The Terraform plan cannot be read, or cannot be judged with this request.
    #[error("--plan {0}")]
    TerraformPlan(String),
    /// The snapshot cannot be read.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// The accounts or regions asked for cannot be resolved.
    #[error("{0}")]
    Targets(String),
    /// The AWS configuration cannot be loaded.
    #[error(transparent)]
    Aws(#[from] gonogo_checks::aws::ConfigError),
    /// A fleet's account reports cannot be merged.
    #[error("merging the accounts: {0}")]
    FleetMerge(MergeError),
    /// The reports given to `merge` cannot be merged.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// A report to merge cannot be read.
    #[error("{path}: {message}")]
    Report {
        /// Its path.
        path: String,
        /// Why.
        message: String,
    },
}

/// What could not be delivered to one destination (a report file, CloudWatch, SQS, a
/// Pushgateway, Security Hub): the audit stands, the run exits 3.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct DeliveryError {
    /// Where it was going.
    pub destination: String,
    /// Why it did not get there (naming the destination where the cause does not).
    pub message: String,
}
