//! The framework views a report carries, as data: each requirement's status, the counts,
//! and each account's view of a fleet. They are derived from the checks' results by
//! the framework module; the verdict still comes from the policy over the checks.

use std::collections::BTreeMap;

use gonogo_core::framework::{Assessment, Profile, RequirementStatus};
use serde::{Deserialize, Serialize};

/// One requirement in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RequirementReport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its section.
    pub section: String,
    /// Its profile level.
    pub level: u8,
    /// Automated or manual.
    pub assessment: Assessment,
    /// Its status.
    pub status: RequirementStatus,
    /// The checks that evaluate it.
    pub checks: Vec<String>,
    /// Why an automated requirement has no check yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_covered: Option<String>,
    /// The framework's severity for it, where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<gonogo_core::Severity>,
}

/// Counts of a framework's requirements.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FrameworkSummary {
    /// Requirements by status.
    pub by_status: BTreeMap<RequirementStatus, usize>,
    /// Automated requirements that were evaluated or should have been: pass, fail, warn,
    /// waived, or error (an error counts against the percent, never for it).
    pub automated_evaluated: usize,
    /// Of those, the ones that pass.
    pub automated_passed: usize,
    /// `automated_passed` as a percent of `automated_evaluated`, one decimal (0 when none).
    pub pass_percent: f64,
}

/// A framework's requirements as this audit answers them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FrameworkReport {
    /// The framework's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// The profile reported (`None`: every level).
    pub profile: Option<Profile>,
    /// The regions audited: region-wide requirements hold for these only.
    pub regions: Vec<String>,
    /// Counts.
    pub summary: FrameworkSummary,
    /// The requirements, in the framework's order.
    pub requirements: Vec<RequirementReport>,
    /// For a fleet, each account's own view (the requirements above are the fleet's worst).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountFrameworkView>,
}

/// One account's answer to a framework, within a fleet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AccountFrameworkView {
    /// The account.
    pub account_id: Option<String>,
    /// Its name from the accounts file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its regions audited.
    pub regions: Vec<String>,
    /// Its counts.
    pub summary: FrameworkSummary,
    /// Each requirement's status in the account, in the framework's order.
    pub requirements: Vec<RequirementAt>,
}

/// A requirement's status somewhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RequirementAt {
    /// The requirement's id.
    pub id: String,
    /// Its status there.
    pub status: RequirementStatus,
}
