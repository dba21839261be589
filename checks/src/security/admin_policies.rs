//! Flags customer-managed policies that grant full administrator access.

use super::policy_document::{allows, contains, statements};
use crate::facts::CustomerManagedPolicies;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No attached customer-managed policy has a statement that allows Action `*` on
    /// Resource `*`.
    /// ## Why it matters
    /// Hand-written admin policies escape the review that the AWS-managed
    /// `AdministratorAccess` gets, and are easy to attach by mistake.
    /// ## Remediation
    /// Replace the statement with the actions and resources the principal needs; grant
    /// administrator access only through a reviewed role.
    pub struct AdminPolicies;
    id: "security.admin-policies",
    title: "No customer-managed policy allows * on *",
    category: Security,
    severity: High,
    scope: Global,
    facts: [CustomerManagedPolicies],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for AdminPolicies {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let policies = cx.fact::<CustomerManagedPolicies>().await?;
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
        Ok(cx.judge("attached customer-managed policies", findings))
    }
}
