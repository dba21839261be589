//! Flags SNS topics that store messages unencrypted.

use crate::facts::SnsTopics;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every SNS topic encrypts messages at rest with a KMS key (`KmsMasterKeyId`).
    /// ## Why it matters
    /// SNS keeps a message until every subscriber has it; alerts and events carry
    /// customer data and resource names. Encryption is a baseline control (FSBP SNS.1).
    /// ## Remediation
    /// `aws sns set-topic-attributes --topic-arn ARN --attribute-name KmsMasterKeyId
    /// --attribute-value alias/aws/sns`.
    pub struct SnsEncryption;
    id: "security.sns-encryption",
    title: "SNS topics encrypt messages at rest",
    category: Security,
    severity: Medium,
    facts: [SnsTopics],
}

#[async_trait]
impl Check for SnsEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let topics = cx.fact::<SnsTopics>().await?;
        let findings = topics
            .topics
            .iter()
            .map(
                |t| match t.attribute("KmsMasterKeyId").filter(|k| !k.is_empty()) {
                    Some(key) => {
                        Finding::pass(&t.arn, format!("{} is encrypted with {key}", t.name))
                    }
                    None => Finding::fail(&t.arn, format!("{} is not encrypted", t.name)),
                },
            )
            .collect();
        Ok(cx.judge("topics", findings))
    }
}
