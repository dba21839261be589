//! Flags trails without log file validation (CIS 4.2).

use crate::facts::CloudTrailTrails;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every trail homed in the region validates its log files (digest files signed by
    /// CloudTrail). Multi-region trails are judged once, in their home region.
    /// ## Why it matters
    /// Without validation, logs edited or deleted after delivery cannot be told from real
    /// ones, which is what an intruder covering their tracks relies on.
    /// ## Remediation
    /// `aws cloudtrail update-trail --name TRAIL --enable-log-file-validation`.
    pub struct CloudTrailLogValidation;
    id: "security.cloudtrail-log-validation",
    title: "Trails validate their log files",
    category: Security,
    severity: Medium,
    facts: [CloudTrailTrails],
    tags: ["logging"],
    params: [],
}

#[async_trait]
impl Check for CloudTrailLogValidation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let trails = cx.fact::<CloudTrailTrails>().await?;
        let region = cx.region().unwrap_or_default();
        let findings = trails
            .homed_in(region)
            .map(|trail| {
                if trail.log_file_validation {
                    Finding::pass(
                        &trail.arn,
                        format!("{} validates its log files", trail.name),
                    )
                } else {
                    Finding::fail(
                        &trail.arn,
                        format!("{} does not validate its log files", trail.name),
                    )
                }
            })
            .collect();
        Ok(cx.judge("trails", findings))
    }
}
