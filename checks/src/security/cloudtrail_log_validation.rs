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
}

const VALIDATES: Property = Property {
    noun: "trails",
    holds: "validates its log files",
    lacks: "does not validate its log files",
    named: "log file validation",
};

#[async_trait]
impl Check for CloudTrailLogValidation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let trails = cx.fact::<CloudTrailTrails>().await?;
        let region = cx.region().unwrap_or_default();
        Ok(cx.judge_each(
            &VALIDATES,
            trails.homed_in(region).map(|trail| {
                let on = Some(trail.log_file_validation);
                (trail.arn.as_str(), trail.name.as_str(), on)
            }),
        ))
    }
}
