//! The JSON report's own records (`schema_version` 1): what a finding, a waiver, the counts,
//! the scoring rules, a resolved problem and the API call counts look like in a report,
//! apart from the engine's types they are made from. A field renamed in core changes the
//! conversion below, not the contract; the checked-in report schema (a snapshot test) shows
//! any change to the contract itself. Each keeps the name its schema definition had, so the
//! schema is unchanged. The value vocabularies (status, severity, category, scope, change,
//! verdict) are core's enums, whose serialized names the schema pins.

use std::fmt;

use chrono::NaiveDate;
use gonogo_core::policy::{ErrorHandling, GateOn};
use gonogo_core::{Change, Severity, Status};
use serde::{Deserialize, Serialize};

/// One resource's result within a check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Finding")]
pub struct FindingReport {
    /// Resource id or ARN.
    pub resource: String,
    /// `pass`, `warn`, `fail` or `waived`.
    pub status: Status,
    /// What was found.
    pub message: String,
    /// The account the resource is in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Its region, or `global`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Against a baseline: whether a failing or warning finding is new or unchanged. With
    /// `--plan`, against the account without the plan: `new` (the change introduces it),
    /// `unchanged`, or `resolved` (a passing finding the change fixes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// With `--plan`: the Terraform address of the planned resource it is about (an addition
    /// within schema version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl FindingReport {
    /// Whether it is a problem: failing or warning (waived findings are not).
    pub fn is_problem(&self) -> bool {
        matches!(self.status, Status::Fail | Status::Warn)
    }
}

impl From<&gonogo_core::Finding> for FindingReport {
    fn from(f: &gonogo_core::Finding) -> Self {
        Self {
            resource: f.resource.clone(),
            status: f.status,
            message: f.message.clone(),
            account: f.account.clone(),
            region: f.region.clone(),
            change: f.change,
            address: f.address.clone(),
        }
    }
}

impl From<gonogo_core::Finding> for FindingReport {
    fn from(f: gonogo_core::Finding) -> Self {
        Self::from(&f)
    }
}

/// The waiver that covered a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "AppliedWaiver")]
pub struct WaiverReport {
    /// Why.
    pub reason: String,
    /// Who.
    pub owner: String,
    /// Last day it holds.
    pub expires: NaiveDate,
    /// Ticket, if any.
    pub ticket: Option<String>,
}

impl From<&gonogo_core::judged::AppliedWaiver> for WaiverReport {
    fn from(w: &gonogo_core::judged::AppliedWaiver) -> Self {
        Self {
            reason: w.reason.clone(),
            owner: w.owner.clone(),
            expires: w.expires,
            ticket: w.ticket.clone(),
        }
    }
}

/// Count of results by status.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Summary")]
pub struct StatusCounts {
    /// Passed.
    pub pass: usize,
    /// Warned.
    pub warn: usize,
    /// Failed.
    pub fail: usize,
    /// Errored.
    pub error: usize,
    /// Skipped.
    pub skip: usize,
    /// Waived.
    pub waived: usize,
}

// Counting and wording are core's (`judged::Summary`): these counts convert to it and back.
impl StatusCounts {
    /// How many results have this status.
    pub fn count(&self, status: Status) -> usize {
        gonogo_core::judged::Summary::from(self).count(status)
    }
}

impl fmt::Display for StatusCounts {
    /// `18 pass, 2 warn, 11 fail, 0 error, 0 skip, 0 waived`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        gonogo_core::judged::Summary::from(self).fmt(f)
    }
}

impl From<&StatusCounts> for gonogo_core::judged::Summary {
    fn from(s: &StatusCounts) -> Self {
        Self {
            pass: s.pass,
            warn: s.warn,
            fail: s.fail,
            error: s.error,
            skip: s.skip,
            waived: s.waived,
        }
    }
}

impl From<&gonogo_core::judged::Summary> for StatusCounts {
    fn from(s: &gonogo_core::judged::Summary) -> Self {
        Self {
            pass: s.pass,
            warn: s.warn,
            fail: s.fail,
            error: s.error,
            skip: s.skip,
            waived: s.waived,
        }
    }
}

/// Score weight of each severity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Weights")]
pub struct WeightsReport {
    /// Weight of a critical check.
    pub critical: f64,
    /// Weight of a high check.
    pub high: f64,
    /// Weight of a medium check.
    pub medium: f64,
    /// Weight of a low check.
    pub low: f64,
    /// Weight of an info check.
    pub info: f64,
}

/// The policy's scoring rules: all the verdict reads besides the results (and the waivers,
/// applied before). A report carries them, so that `gonogo merge` judges an account's region shards again exactly as the
/// multi-region audit would have.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "Scoring")]
pub struct ScoringReport {
    /// Severity weights.
    pub weights: WeightsReport,
    /// Score at or above which the verdict may be GO.
    pub go_score: f64,
    /// Score under which the verdict is NO-GO.
    pub no_go_score: f64,
    /// Share of evaluated weight that errors may carry before the verdict is NO-GO.
    pub max_error_percent: f64,
    /// Severities whose failures block (NO-GO).
    pub blocking_severities: Vec<Severity>,
    /// How errors count.
    pub errors: ErrorHandling,
    /// Which failures decide the verdict against a baseline.
    pub gate_on: GateOn,
}

impl From<&gonogo_core::policy::Scoring> for ScoringReport {
    fn from(s: &gonogo_core::policy::Scoring) -> Self {
        Self {
            weights: WeightsReport {
                critical: s.weights.critical,
                high: s.weights.high,
                medium: s.weights.medium,
                low: s.weights.low,
                info: s.weights.info,
            },
            go_score: s.go_score,
            no_go_score: s.no_go_score,
            max_error_percent: s.max_error_percent,
            blocking_severities: s.blocking_severities.clone(),
            errors: s.errors,
            gate_on: s.gate_on,
        }
    }
}

impl Default for ScoringReport {
    /// The default policy's rules.
    fn default() -> Self {
        Self::from(&gonogo_core::policy::Scoring::default())
    }
}

impl From<&ScoringReport> for gonogo_core::policy::Scoring {
    fn from(s: &ScoringReport) -> Self {
        Self {
            weights: gonogo_core::policy::Weights {
                critical: s.weights.critical,
                high: s.weights.high,
                medium: s.weights.medium,
                low: s.weights.low,
                info: s.weights.info,
            },
            go_score: s.go_score,
            no_go_score: s.no_go_score,
            max_error_percent: s.max_error_percent,
            blocking_severities: s.blocking_severities.clone(),
            errors: s.errors,
            gate_on: s.gate_on,
        }
    }
}

/// One problem of an audit, as the baseline knows it; also how a resolved problem is reported.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Problem")]
pub struct ResolvedProblem {
    /// The check id.
    pub check: String,
    /// The account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The resource; empty for a check-level problem.
    pub resource: String,
    /// `fail` or `warn`, as it was.
    pub status: Status,
    /// The message, as it was.
    pub message: String,
}

impl From<&gonogo_core::baseline::Problem> for ResolvedProblem {
    fn from(p: &gonogo_core::baseline::Problem) -> Self {
        Self {
            check: p.check.clone(),
            account: p.account.clone(),
            region: p.region.clone(),
            resource: p.resource.clone(),
            status: p.status,
            message: p.message.clone(),
        }
    }
}

/// Counts for one operation of one service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OperationStats")]
pub struct OperationReport {
    /// Service (`SQS`, `IAM`, …).
    pub service: String,
    /// Operation (`ListQueues`, …).
    pub operation: String,
    /// Calls made (each may take several attempts).
    pub calls: u64,
    /// Attempts sent (calls plus retries).
    pub attempts: u64,
    /// Attempts answered with an HTTP error status.
    pub error_responses: u64,
    /// Attempts answered with a throttling status (429, or 400/503 with a throttling code).
    pub throttled: u64,
    /// Time spent in these calls, summed (calls overlap, so this can exceed the wall time).
    pub waiting_ms: u64,
}

/// The whole audit's API calls.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ApiStats")]
pub struct StatsReport {
    /// Calls made.
    pub calls: u64,
    /// Retries (attempts beyond the first).
    pub retries: u64,
    /// Attempts answered with an HTTP error status.
    pub error_responses: u64,
    /// Throttled attempts.
    pub throttled: u64,
    /// Time spent waiting on AWS, summed over calls.
    pub waiting_ms: u64,
    /// Time requests spent waiting on gonogo's own request budgets before they were sent,
    /// summed (they overlap, so this can exceed the wall time).
    #[serde(default)]
    pub budget_wait_ms: u64,
    /// Per service and operation, sorted.
    pub operations: Vec<OperationReport>,
}

impl From<&gonogo_core::stats::ApiStats> for StatsReport {
    fn from(s: &gonogo_core::stats::ApiStats) -> Self {
        Self {
            calls: s.calls,
            retries: s.retries,
            error_responses: s.error_responses,
            throttled: s.throttled,
            waiting_ms: s.waiting_ms,
            budget_wait_ms: s.budget_wait_ms,
            operations: s
                .operations
                .iter()
                .map(|o| OperationReport {
                    service: o.service.clone(),
                    operation: o.operation.clone(),
                    calls: o.calls,
                    attempts: o.attempts,
                    error_responses: o.error_responses,
                    throttled: o.throttled,
                    waiting_ms: o.waiting_ms,
                })
                .collect(),
        }
    }
}

impl From<&StatsReport> for gonogo_core::stats::ApiStats {
    fn from(s: &StatsReport) -> Self {
        Self {
            calls: s.calls,
            retries: s.retries,
            error_responses: s.error_responses,
            throttled: s.throttled,
            waiting_ms: s.waiting_ms,
            budget_wait_ms: s.budget_wait_ms,
            operations: s
                .operations
                .iter()
                .map(|o| gonogo_core::stats::OperationStats {
                    service: o.service.clone(),
                    operation: o.operation.clone(),
                    calls: o.calls,
                    attempts: o.attempts,
                    error_responses: o.error_responses,
                    throttled: o.throttled,
                    waiting_ms: o.waiting_ms,
                })
                .collect(),
        }
    }
}
