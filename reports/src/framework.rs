//! The framework view of an audit: each requirement's status from its checks' results. The
//! verdict and exit code still come from the policy over the checks; this is a view of them.

use std::collections::BTreeMap;

use gonogo_core::framework::{
    Assessment, CheckState, Framework, Profile, RequirementStatus, requirement_status,
};
use gonogo_core::outcome::NOT_APPLICABLE;
use serde::{Deserialize, Serialize};

use crate::model::CheckReport;

/// One requirement in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// Counts of a framework's requirements.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

impl FrameworkReport {
    /// The requirements of `framework` (of `profile`) given the audit's checks.
    pub fn new(
        framework: &Framework,
        profile: Option<Profile>,
        checks: &[CheckReport],
        regions: Vec<String>,
    ) -> Self {
        let state = |id: &str| match checks.iter().find(|c| c.id == id) {
            Some(check) => CheckState::Ran {
                status: check.status,
                not_applicable: check.message.contains(NOT_APPLICABLE),
            },
            None => CheckState::NotRun,
        };
        let requirements: Vec<RequirementReport> = framework
            .in_profile(profile)
            .map(|r| RequirementReport {
                id: r.id.clone(),
                title: r.title.clone(),
                section: r.section.clone(),
                level: r.level,
                assessment: r.assessment,
                status: requirement_status(r, state),
                checks: r.checks.clone(),
                not_covered: r.not_covered.clone(),
            })
            .collect();
        let mut summary = FrameworkSummary::default();
        for r in &requirements {
            *summary.by_status.entry(r.status).or_default() += 1;
            let evaluated = matches!(
                r.status,
                RequirementStatus::Pass
                    | RequirementStatus::Fail
                    | RequirementStatus::Warn
                    | RequirementStatus::Waived
                    | RequirementStatus::Error
            );
            if r.assessment == Assessment::Automated && evaluated {
                summary.automated_evaluated += 1;
                if r.status == RequirementStatus::Pass {
                    summary.automated_passed += 1;
                }
            }
        }
        if summary.automated_evaluated > 0 {
            summary.pass_percent = (1000.0 * summary.automated_passed as f64
                / summary.automated_evaluated as f64)
                .round()
                / 10.0;
        }
        Self {
            id: framework.id.clone(),
            title: framework.title.clone(),
            version: framework.version.clone(),
            profile,
            regions,
            summary,
            requirements,
        }
    }
}
