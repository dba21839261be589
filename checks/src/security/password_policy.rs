//! Flags a missing or weak IAM password policy.

use crate::facts::{CallerIdentity, PasswordPolicy};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// An account password policy exists, requires at least `min_length` characters, and
    /// requires uppercase, lowercase, a number and a symbol.
    /// ## Why it matters
    /// Console passwords without a policy can be short and guessable.
    /// ## Remediation
    /// `aws iam update-account-password-policy --minimum-password-length 14
    /// --require-uppercase-characters --require-lowercase-characters --require-numbers
    /// --require-symbols`.
    pub struct PasswordPolicyStrength;
    id: "security.password-policy",
    title: "A strong IAM password policy is set",
    category: Security,
    severity: High,
    scope: Global,
    presence: Required,
    facts: [PasswordPolicy, CallerIdentity],
    params: ["min_length": Integer[6, 128] = "14" => "minimum password length"],
}

#[async_trait]
impl Check for PasswordPolicyStrength {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let policy = cx.fact::<PasswordPolicy>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let min_length: i64 = cx.param("min_length")?;
        let resource = format!(
            "arn:aws:iam::{}:account-password-policy",
            identity.account_id
        );
        let Some(settings) = &policy.0 else {
            return Ok(cx.judge(
                "password policies",
                vec![Finding::fail(resource, "no password policy is set")],
            ));
        };
        let mut problems = Vec::new();
        if i64::from(settings.minimum_length) < min_length {
            problems.push(format!(
                "minimum length {} < {min_length}",
                settings.minimum_length
            ));
        }
        for (required, what) in [
            (settings.require_uppercase, "uppercase"),
            (settings.require_lowercase, "lowercase"),
            (settings.require_numbers, "numbers"),
            (settings.require_symbols, "symbols"),
        ] {
            if !required {
                problems.push(format!("{what} not required"));
            }
        }
        let finding = if problems.is_empty() {
            Finding::pass(
                resource,
                format!("length ≥ {min_length} with all character classes"),
            )
        } else {
            Finding::fail(resource, problems.join(", "))
        };
        Ok(cx.judge("password policies", vec![finding]))
    }
}
