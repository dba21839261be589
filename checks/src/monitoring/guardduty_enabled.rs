//! Flags regions where GuardDuty does not watch.

use crate::facts::{CallerIdentity, GuardDutyDetectors};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The region has an enabled GuardDuty detector. The report names the regions audited:
    /// GuardDuty is regional, and an attacker picks the region nobody watches.
    /// ## Why it matters
    /// GuardDuty reads CloudTrail, VPC flow and DNS logs for stolen credentials, crypto
    /// mining and reconnaissance; without it the runbook's "no security incidents" cannot be
    /// answered.
    /// ## Remediation
    /// `aws guardduty create-detector --enable --region REGION` (or enable it for the whole
    /// organization from its delegated administrator).
    pub struct GuardDutyEnabled;
    id: "monitoring.guardduty-enabled",
    title: "GuardDuty is enabled",
    category: Monitoring,
    severity: High,
    presence: Required,
    facts: [GuardDutyDetectors, CallerIdentity],
}

#[async_trait]
impl Check for GuardDutyEnabled {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<GuardDutyDetectors>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let arn = |id: &str| {
            format!(
                "arn:aws:guardduty:{region}:{}:detector/{id}",
                identity.account_id
            )
        };
        let finding = match (listed.enabled().next(), listed.detectors.first()) {
            (Some(id), _) => Finding::pass(arn(id), format!("enabled in {region}")),
            (None, Some(detector)) => Finding::fail(
                arn(&detector.id),
                format!(
                    "detector {} is {} in {region}",
                    detector.id, detector.status
                ),
            ),
            // No detector to name: every detector the region could have, as other checks name
            // what is missing (`trail/*`), never an ARN with an empty id.
            (None, None) => Finding::fail(arn("*"), format!("no detector in {region}")),
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}
