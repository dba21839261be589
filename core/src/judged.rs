//! What judging produces, apart from how it judges (the `verdict` module): the verdict, each
//! check's result after the policy (severity, waiver, change against a baseline), and the
//! counts by status. Baselines, reports and deploy gates read these.

use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::exit_codes;
use crate::meta::{CheckMeta, Severity};
use crate::outcome::{Change, Finding, Status};

/// The answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Verdict {
    /// Fit to go live.
    #[serde(rename = "GO")]
    Go,
    /// Go only after reviewing the reasons.
    #[serde(rename = "CONDITIONAL")]
    Conditional,
    /// Not fit.
    #[serde(rename = "NO-GO")]
    NoGo,
}

impl Verdict {
    /// The exit code of this verdict for a complete audit.
    pub fn exit_code(self) -> i32 {
        match self {
            Verdict::Go => exit_codes::GO,
            Verdict::Conditional => exit_codes::CONDITIONAL,
            Verdict::NoGo => exit_codes::NO_GO,
        }
    }

    /// How it is printed: `GO`, `CONDITIONAL GO`, `NO-GO`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Go => "GO",
            Verdict::Conditional => "CONDITIONAL GO",
            Verdict::NoGo => "NO-GO",
        }
    }
}

/// The waiver that covered a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AppliedWaiver {
    /// Why.
    pub reason: String,
    /// Who.
    pub owner: String,
    /// Last day it holds.
    pub expires: NaiveDate,
    /// Ticket, if any.
    pub ticket: Option<String>,
}

/// One check's result after policy.
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// Its metadata.
    pub meta: &'static CheckMeta,
    /// Severity under the policy.
    pub severity: Severity,
    /// Status after waivers.
    pub status: Status,
    /// One line.
    pub message: String,
    /// Per-resource findings, waived ones marked.
    pub findings: Vec<Finding>,
    /// How long it ran.
    pub duration: Duration,
    /// The waiver that applied, if any.
    pub waiver: Option<AppliedWaiver>,
    /// Against a baseline: `new` when any of its problems is new, `unchanged` when all were
    /// there before; `None` without problems or without a baseline.
    pub change: Option<Change>,
}

/// Count of results by status.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Summary {
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

impl std::fmt::Display for Summary {
    /// `18 pass, 2 warn, 11 fail, 0 error, 0 skip, 0 waived`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} pass, {} warn, {} fail, {} error, {} skip, {} waived",
            self.pass, self.warn, self.fail, self.error, self.skip, self.waived
        )
    }
}

impl Summary {
    /// Counts one more result.
    pub fn add(&mut self, status: Status) {
        *self.slot(status) += 1;
    }

    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Pass => &mut self.pass,
            Status::Warn => &mut self.warn,
            Status::Fail => &mut self.fail,
            Status::Error => &mut self.error,
            Status::Skip => &mut self.skip,
            Status::Waived => &mut self.waived,
        }
    }

    /// How many results have this status.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Pass => self.pass,
            Status::Warn => self.warn,
            Status::Fail => self.fail,
            Status::Error => self.error,
            Status::Skip => self.skip,
            Status::Waived => self.waived,
        }
    }
}
