//! Flags log groups not encrypted with a KMS key of the account's.

use crate::facts::LogGroups;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The log groups the policy names by prefix (`prefixes`; `[""]` for every group) are
    /// encrypted with a KMS key of the account's (`kmsKeyId`). CloudWatch Logs always
    /// encrypts with a key of its own, so a customer key is asked for only where the policy
    /// asks: with no prefixes the check is not applicable.
    /// ## Why it matters
    /// Logs hold what the application printed: tokens, addresses, query strings. With a key
    /// of the account's, reading them needs a key grant as well as log access, and deleting
    /// the key can destroy them on purpose.
    /// ## Remediation
    /// `aws logs associate-kms-key --log-group-name NAME --kms-key-arn KEY`, after allowing
    /// `logs.REGION.amazonaws.com` in the key's policy.
    pub struct LogEncryption;
    id: "security.log-encryption",
    title: "Log groups are encrypted with a KMS key",
    category: Security,
    severity: Low,
    facts: [LogGroups],
    tags: ["logging", "encryption"],
    params: [
        "prefixes": StringList = "[]" => "groups whose names start with one of these must have a KMS key",
    ],
}

#[async_trait]
impl Check for LogEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let groups = cx.fact::<LogGroups>().await?;
        let prefixes: Vec<String> = cx.param("prefixes")?;
        if prefixes.is_empty() {
            return Ok(cx.not_applicable("log groups the policy asks to be encrypted"));
        }
        let findings = groups
            .groups
            .iter()
            .filter(|g| prefixes.iter().any(|p| g.name.starts_with(p)))
            .map(|group| match &group.kms_key {
                Some(key) => Finding::pass(
                    &group.arn,
                    format!("{} is encrypted with {key}", group.name),
                ),
                None => Finding::fail(&group.arn, format!("{} has no KMS key", group.name)),
            })
            .collect();
        Ok(cx.judge("log groups", findings))
    }
}
