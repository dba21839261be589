//! Flags active access keys older than the rotation limit.

use chrono::Duration;

use crate::facts::CredentialReport;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No active IAM access key was created or rotated more than `max_age_days` days ago.
    /// ## Why it matters
    /// Long-lived keys leak into laptops, CI logs and repositories; rotation bounds the damage.
    /// ## Remediation
    /// Create a new key, move its users to it, then deactivate and delete the old one
    /// (`aws iam update-access-key --status Inactive`, `aws iam delete-access-key`).
    pub struct AccessKeyRotation;
    id: "security.access-key-rotation",
    title: "Active access keys are rotated",
    category: Security,
    severity: Medium,
    scope: Global,
    facts: [CredentialReport],
    params: ["max_age_days": Integer = "90" => "oldest an active key may be, in days"],
}

#[async_trait]
impl Check for AccessKeyRotation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let report = cx.fact::<CredentialReport>().await?;
        let max_age_days: i64 = cx.param("max_age_days")?;
        let now = cx.now();
        let mut findings = Vec::new();
        for user in &report.users {
            for key in user.access_keys.iter().filter(|k| k.active) {
                let resource = format!("{}/access-key-{}", user.arn, key.slot);
                findings.push(match key.last_rotated {
                    Some(rotated) => {
                        let age = (now - rotated).num_days();
                        if now - rotated > Duration::days(max_age_days) {
                            Finding::fail(
                                resource,
                                format!("{}'s key {} is {age} days old", user.name, key.slot),
                            )
                        } else {
                            Finding::pass(
                                resource,
                                format!("{}'s key {} is {age} days old", user.name, key.slot),
                            )
                        }
                    }
                    None => Finding::fail(
                        resource,
                        format!("{}'s key {} has no rotation date", user.name, key.slot),
                    ),
                });
            }
        }
        Ok(cx.judge("active access keys", findings))
    }
}
