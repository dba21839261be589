//! Flags services integrated with the organization that only the management account
//! administers (CIS 2.1.6).

use super::organization::organization_of;
use crate::facts::{DelegatedAdministrators, OrganizationMembership};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Each AWS service with trusted access to the organization has a delegated
    /// administrator, a member account registered to administer it. A service without one
    /// warns rather than fails: not every integrated service supports delegation. Judged
    /// from the management account; an account in no organization, or an organization with
    /// no integrated service, is not applicable.
    /// ## Why it matters
    /// Without a delegated administrator, running GuardDuty, Security Hub or IAM Identity
    /// Center for the organization means working in the management account, whose every
    /// session can do anything to every account.
    /// ## Remediation
    /// `aws organizations register-delegated-administrator --account-id SECURITY_ACCOUNT
    /// --service-principal SERVICE`, or the service's own "delegate administrator" command.
    pub struct OrgDelegatedAdmins;
    id: "security.org-delegated-admins",
    title: "Integrated services have delegated administrators",
    category: Security,
    severity: Low,
    scope: Global,
    facts: [OrganizationMembership, DelegatedAdministrators],
    tags: ["organizations"],
}

#[async_trait]
impl Check for OrgDelegatedAdmins {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let organization = match organization_of(cx).await? {
            Ok(organization) => organization,
            Err(not_applicable) => return Ok(not_applicable),
        };
        let delegated = cx.fact::<DelegatedAdministrators>().await?;
        let findings = delegated
            .services
            .iter()
            .map(|(service, admins)| {
                let resource = format!("{}/{service}", organization.arn);
                if admins.is_empty() {
                    Finding::warn(
                        resource,
                        format!("{service} is administered from the management account"),
                    )
                } else {
                    let admins: Vec<&str> = admins.iter().map(String::as_str).collect();
                    Finding::pass(
                        resource,
                        format!("{service} is delegated to {}", admins.join(", ")),
                    )
                }
            })
            .collect();
        Ok(cx.judge("integrated services", findings))
    }
}
