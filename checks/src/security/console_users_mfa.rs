//! Flags IAM users who can sign in to the console without MFA.

use crate::facts::CredentialReport;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every IAM user with a console password has an MFA device (credential report
    /// `password_enabled` implies `mfa_active`).
    /// ## Why it matters
    /// A console password without MFA is the most common way into an account.
    /// ## Remediation
    /// Assign an MFA device to each listed user, or remove their login profile
    /// (`aws iam delete-login-profile --user-name NAME`) if they do not need the console.
    pub struct ConsoleUsersMfa;
    id: "security.console-users-mfa",
    title: "Console users have MFA",
    category: Security,
    severity: High,
    scope: Global,
    facts: [CredentialReport],
}

#[async_trait]
impl Check for ConsoleUsersMfa {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let report = cx.fact::<CredentialReport>().await?;
        let findings = report
            .users
            .iter()
            .filter(|u| u.password_enabled)
            .map(|u| {
                if u.mfa_active {
                    Finding::pass(&u.arn, format!("{} has MFA", u.name))
                } else {
                    Finding::fail(
                        &u.arn,
                        format!("{} has a console password and no MFA", u.name),
                    )
                }
            })
            .collect();
        Ok(cx.judge("console users", findings))
    }
}
