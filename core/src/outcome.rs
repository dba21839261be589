//! What a check returns: a status, a message and per-resource findings.

use serde::{Deserialize, Serialize};

use crate::facts::FactError;

/// The result of a check or of one finding.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[derive(strum::IntoStaticStr, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum Status {
    /// The check holds.
    Pass,
    /// Holds, but something deserves a look.
    Warn,
    /// Does not hold.
    Fail,
    /// Could not decide: API error, timeout, panic. Never a pass.
    Error,
    /// Not applicable, or a needed fact is unavailable.
    Skip,
    /// Failed or warned, but a policy waiver covers it.
    Waived,
}

impl Status {
    /// Every status, in summary order.
    pub const ALL: [Status; 6] = [
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Error,
        Status::Skip,
        Status::Waived,
    ];

    /// How bad it is when results of one check from several regions or accounts are
    /// combined: error over fail over warn over waived over pass over skip.
    pub fn badness(self) -> u8 {
        match self {
            Status::Skip => 0,
            Status::Pass => 1,
            Status::Waived => 2,
            Status::Warn => 3,
            Status::Fail => 4,
            Status::Error => 5,
        }
    }

    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// How a problem compares with the baseline audit (`--baseline`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[derive(strum::IntoStaticStr, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum Change {
    /// Failing or warning now, not in the baseline: a regression.
    New,
    /// Failing or warning now and in the baseline.
    Unchanged,
    /// In the baseline, and now passing or gone.
    Resolved,
}

impl Change {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Joins `messages` with `; `, the first `max` of them, then `(+N more <noun>)`: how a check
/// combined from several regions or accounts quotes its worst parts.
pub fn quote_messages(messages: &[String], max: usize, noun: &str) -> String {
    let mut text = messages
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if messages.len() > max {
        text.push_str(&format!(" (+{} more {noun})", messages.len() - max));
    }
    text
}

/// How the message of a check with nothing to judge starts.
pub const NOT_APPLICABLE: &str = "not applicable";

/// The region of findings from a check that reads only global facts (IAM, budgets).
pub const GLOBAL_REGION: &str = "global";

/// One resource's result within a check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// Resource id or ARN.
    pub resource: String,
    /// `pass`, `warn`, `fail` or `waived`.
    pub status: Status,
    /// What was found.
    pub message: String,
    /// The account the resource is in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Its region, or [`GLOBAL_REGION`], when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Against a baseline: whether a failing or warning finding is new or unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// With `--plan`: the Terraform address of the planned resource it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Finding {
    /// Whether it is a problem: failing or warning (waived findings are not).
    pub fn is_problem(&self) -> bool {
        matches!(self.status, Status::Fail | Status::Warn)
    }

    /// A passing finding.
    pub fn pass(resource: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(resource, Status::Pass, message)
    }

    /// A warning finding.
    pub fn warn(resource: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(resource, Status::Warn, message)
    }

    /// A failing finding.
    pub fn fail(resource: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(resource, Status::Fail, message)
    }

    fn new(resource: impl Into<String>, status: Status, message: impl Into<String>) -> Self {
        Self {
            resource: resource.into(),
            status,
            message: message.into(),
            account: None,
            region: None,
            change: None,
            address: None,
        }
    }
}

/// What a check decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Outcome {
    /// Overall status.
    pub status: Status,
    /// One line for the table and the reasons.
    pub message: String,
    /// Per-resource results.
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// An outcome whose status is the worst of its findings (fail over warn over pass), with a
    /// message that counts them. `noun` names the resources in the plural (`"queues"`); with
    /// no findings at all there was nothing to judge: [`Outcome::not_applicable`].
    pub fn from_findings(noun: &str, findings: Vec<Finding>) -> Self {
        let count = |status| findings.iter().filter(|f| f.status == status).count();
        let (failed, warned) = (count(Status::Fail), count(Status::Warn));
        let total = findings.len();
        let first = |status| {
            findings
                .iter()
                .find(|f| f.status == status)
                .map(|f| f.message.clone())
                .unwrap_or_default()
        };
        let (status, message) = if total == 0 {
            return Self::not_applicable(noun, None);
        } else if total == 1 {
            (findings[0].status, findings[0].message.clone())
        } else if failed > 0 {
            let more = if failed > 1 {
                format!(" (+{} more)", failed - 1)
            } else {
                String::new()
            };
            (
                Status::Fail,
                format!(
                    "{failed} of {total} {noun} failing: {}{more}",
                    first(Status::Fail)
                ),
            )
        } else if warned > 0 {
            let more = if warned > 1 {
                format!(" (+{} more)", warned - 1)
            } else {
                String::new()
            };
            (
                Status::Warn,
                format!(
                    "{warned} of {total} {noun} warn: {}{more}",
                    first(Status::Warn)
                ),
            )
        } else {
            (Status::Pass, format!("all {total} {noun} pass"))
        };
        Self {
            status,
            message,
            findings,
        }
    }

    /// Nothing to judge: `skip`, "not applicable: no <noun> in <region>" (without the region
    /// for a global check). Skips are not evaluated, so it weighs neither way.
    pub fn not_applicable(noun: &str, region: Option<&str>) -> Self {
        let message = match region {
            Some(region) => format!("{NOT_APPLICABLE}: no {noun} in {region}"),
            None => format!("{NOT_APPLICABLE}: no {noun}"),
        };
        Self::skip(message)
    }

    /// Whether the check had nothing to judge (as opposed to a skip for a missing fact).
    pub fn is_not_applicable(&self) -> bool {
        self.status == Status::Skip && self.message.starts_with(NOT_APPLICABLE)
    }

    /// A `skip` outcome with its reason.
    pub fn skip(reason: impl Into<String>) -> Self {
        Self::without_findings(Status::Skip, reason)
    }

    /// An `error` outcome with its cause.
    pub fn error(cause: impl Into<String>) -> Self {
        Self::without_findings(Status::Error, cause)
    }

    fn without_findings(status: Status, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            findings: Vec::new(),
        }
    }
}

/// Why a check could not decide.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CheckError {
    /// A needed fact is unavailable: the check is skipped.
    #[error("{0}")]
    Unavailable(String),
    /// Something went wrong: the check is an error.
    #[error("{0}")]
    Failed(String),
}

impl From<FactError> for CheckError {
    fn from(err: FactError) -> Self {
        match err {
            FactError::Unavailable { reason, .. } => CheckError::Unavailable(reason),
            failed @ (FactError::Failed { .. } | FactError::NotInSnapshot { .. }) => {
                CheckError::Failed(failed.to_string())
            }
        }
    }
}

impl From<CheckError> for Outcome {
    fn from(err: CheckError) -> Self {
        match err {
            CheckError::Unavailable(reason) => Outcome::skip(reason),
            CheckError::Failed(cause) => Outcome::error(cause),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_finding_decides_and_message_counts() {
        let outcome = Outcome::from_findings(
            "queues",
            vec![
                Finding::pass("a", "encrypted"),
                Finding::warn("b", "old"),
                Finding::fail("c", "c not encrypted"),
                Finding::fail("d", "d not encrypted"),
            ],
        );
        assert_eq!(outcome.status, Status::Fail);
        assert_eq!(
            outcome.message,
            "2 of 4 queues failing: c not encrypted (+1 more)"
        );
    }

    #[test]
    fn no_findings_are_not_applicable_never_a_pass() {
        let outcome = Outcome::from_findings("queues", vec![]);
        assert_eq!(outcome.status, Status::Skip);
        assert_eq!(outcome.message, "not applicable: no queues");
        assert!(outcome.is_not_applicable());
        let regional = Outcome::not_applicable("tables", Some("eu-west-1"));
        assert_eq!(regional.message, "not applicable: no tables in eu-west-1");
        assert!(!Outcome::skip("no valid credentials").is_not_applicable());
    }

    #[test]
    fn fact_errors_map_to_skip_and_error() {
        let skip: Outcome =
            CheckError::from(FactError::unavailable("x", "no valid credentials")).into();
        assert_eq!(
            (skip.status, skip.message.as_str()),
            (Status::Skip, "no valid credentials")
        );
        let error: Outcome = CheckError::from(FactError::failed("SQS queues", "boom")).into();
        assert_eq!(error.status, Status::Error);
        assert_eq!(error.message, "failed to collect SQS queues: boom");
    }
}
