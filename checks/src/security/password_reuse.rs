//! Flags a password policy that lets users reuse recent passwords (CIS 2.9).

use crate::facts::{CallerIdentity, PasswordPolicy};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The account password policy keeps users from reusing their last `remember` passwords
    /// (CIS and AWS's IAM.16 ask for 24). No policy, or no reuse prevention, fails.
    /// ## Why it matters
    /// Without it, a forced password change can put the old, possibly leaked, password back.
    /// ## Remediation
    /// `aws iam update-account-password-policy --password-reuse-prevention 24` (with the rest
    /// of the policy: the call replaces it whole).
    pub struct PasswordReusePrevention;
    id: "security.password-reuse-prevention",
    title: "The password policy prevents reuse",
    category: Security,
    severity: Medium,
    scope: Global,
    presence: Required,
    facts: [PasswordPolicy, CallerIdentity],
    params: ["remember": Integer[1, 24] = "24" => "previous passwords that cannot be reused"],
}

#[async_trait]
impl Check for PasswordReusePrevention {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let policy = cx.fact::<PasswordPolicy>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let remember: i64 = cx.param("remember")?;
        let resource = format!(
            "arn:aws:iam::{}:account-password-policy",
            identity.account_id
        );
        let finding = match policy.0.as_ref().map(|settings| settings.reuse_prevention) {
            None => Finding::fail(resource, "no password policy is set"),
            Some(None) => Finding::fail(resource, "password reuse is not prevented"),
            Some(Some(kept)) if i64::from(kept) >= remember => Finding::pass(
                resource,
                format!("the last {kept} passwords cannot be reused"),
            ),
            Some(Some(kept)) => Finding::fail(
                resource,
                format!("only the last {kept} passwords are kept from reuse, < {remember}"),
            ),
        };
        Ok(cx.judge("password policies", vec![finding]))
    }
}
