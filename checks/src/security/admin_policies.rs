//! Flags attached policies that grant full administrator access (CIS 2.14).

use super::policy_document::{allows, contains, statements};
use crate::facts::AttachedPolicies;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No attached managed policy, customer-managed or AWS-managed (`AdministratorAccess`),
    /// has a statement that allows Action `*` on Resource `*`.
    /// ## Why it matters
    /// Full administrator access is one leaked credential away from losing the account; the
    /// benchmark allows it to no user, group or role.
    /// ## Remediation
    /// Replace the statement with the actions and resources the principal needs; for
    /// break-glass access, waive the finding with an owner and an expiry.
    pub struct AdminPolicies;
    id: "security.admin-policies",
    title: "No attached policy allows * on *",
    category: Security,
    severity: High,
    scope: Global,
    facts: [AttachedPolicies],
}

#[async_trait]
impl Check for AdminPolicies {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let policies = cx.fact::<AttachedPolicies>().await?;
        let findings = policies
            .policies
            .iter()
            .map(|p| {
                let admin = statements(&p.document).into_iter().any(|s| {
                    allows(s) && contains(s.get("Action"), "*") && contains(s.get("Resource"), "*")
                });
                if admin {
                    Finding::fail(&p.arn, format!("{} allows Action * on Resource *", p.name))
                } else {
                    Finding::pass(&p.arn, format!("{} is scoped", p.name))
                }
            })
            .collect();
        Ok(cx.judge("attached policies", findings))
    }
}
