//! Flags a root user without MFA.

use crate::facts::{AccountSummary, CallerIdentity};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The IAM account summary reports `AccountMFAEnabled = 1`: the root user has MFA.
    /// ## Why it matters
    /// The root user can do anything, including closing the account; a password alone is one
    /// phishing email away.
    /// ## Remediation
    /// Sign in as root and assign a hardware or virtual MFA device (IAM console, "Security
    /// credentials"). Where root is locked down by the organization, waive this with a reason.
    pub struct RootMfa;
    id: "security.root-mfa",
    title: "The root user has MFA enabled",
    category: Security,
    severity: Critical,
    tags: [],
    params: [],
}

#[async_trait]
impl Check for RootMfa {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let summary = cx.fact::<AccountSummary>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let root = format!("arn:aws:iam::{}:root", identity.account_id);
        let finding = match summary.values.get("AccountMFAEnabled") {
            Some(1) => Finding::pass(root, "root MFA is enabled"),
            Some(_) => Finding::fail(root, "root MFA is not enabled"),
            None => return Err(CheckError::Failed("the account summary has no AccountMFAEnabled".to_owned())),
        };
        Ok(Outcome::from_findings("root users", vec![finding]))
    }
}
