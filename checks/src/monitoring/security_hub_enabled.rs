//! Flags regions where Security Hub is off (CIS 5.16).

use crate::facts::{CallerIdentity, SecurityHub};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Security Hub is enabled in the region. The report names the regions audited: the
    /// benchmark asks for every region.
    /// ## Why it matters
    /// Security Hub gathers GuardDuty, Inspector, Config and partner findings into one place
    /// and scores the account against AWS's controls continuously, between gonogo runs.
    /// ## Remediation
    /// `aws securityhub enable-security-hub --region REGION` (or through the organization's
    /// delegated administrator).
    pub struct SecurityHubEnabled;
    id: "monitoring.security-hub-enabled",
    title: "Security Hub is enabled",
    category: Monitoring,
    severity: Medium,
    presence: Required,
    facts: [SecurityHub, CallerIdentity],
}

#[async_trait]
impl Check for SecurityHubEnabled {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let hub = cx.fact::<SecurityHub>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let finding = match &hub.hub_arn {
            Some(arn) => Finding::pass(arn, format!("enabled in {region}")),
            None => Finding::fail(
                format!(
                    "arn:aws:securityhub:{region}:{}:hub/default",
                    identity.account_id
                ),
                format!("not enabled in {region}"),
            ),
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}
