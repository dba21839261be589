//! Flags users with policies of their own instead of through groups (CIS 2.13).

use crate::facts::IamUserPolicies;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No IAM user has a managed policy attached directly or an inline policy: users get
    /// their permissions through groups (or, better, roles).
    /// ## Why it matters
    /// Permissions scattered over users are not reviewed as a whole and stay behind when
    /// people change teams.
    /// ## Remediation
    /// Move the permissions to a group and add the user to it, then
    /// `aws iam detach-user-policy` and `aws iam delete-user-policy`.
    pub struct UserDirectPolicies;
    id: "security.user-direct-policies",
    title: "Users get permissions only through groups",
    category: Security,
    severity: Low,
    scope: Global,
    facts: [IamUserPolicies],
}

#[async_trait]
impl Check for UserDirectPolicies {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let users = cx.fact::<IamUserPolicies>().await?;
        let findings = users
            .users
            .iter()
            .map(|user| {
                let mut own = Vec::new();
                if !user.attached.is_empty() {
                    own.push(format!("attached {}", user.attached.join(", ")));
                }
                if !user.inline.is_empty() {
                    own.push(format!("inline {}", user.inline.join(", ")));
                }
                if own.is_empty() {
                    Finding::pass(
                        &user.arn,
                        format!("{} has no policies of its own", user.name),
                    )
                } else {
                    Finding::fail(
                        &user.arn,
                        format!("{} has policies of its own: {}", user.name, own.join("; ")),
                    )
                }
            })
            .collect();
        Ok(cx.judge("users", findings))
    }
}
