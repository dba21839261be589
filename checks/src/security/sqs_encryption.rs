//! Flags SQS queues that store messages unencrypted.

use crate::facts::SqsQueues;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every SQS queue has server-side encryption: SQS-managed (`SqsManagedSseEnabled`) or
    /// KMS (`KmsMasterKeyId`).
    /// ## Why it matters
    /// Messages at rest hold customer data; encryption is a baseline control.
    /// ## Remediation
    /// `aws sqs set-queue-attributes --queue-url URL --attributes SqsManagedSseEnabled=true`.
    pub struct SqsEncryption;
    id: "security.sqs-encryption",
    title: "SQS queues encrypt messages at rest",
    category: Security,
    severity: Medium,
    facts: [SqsQueues],
}

#[async_trait]
impl Check for SqsEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let queues = cx.fact::<SqsQueues>().await?;
        let findings = queues
            .queues
            .iter()
            .map(|q| {
                let kms = q.attribute("KmsMasterKeyId").is_some_and(|k| !k.is_empty());
                let sse = q.attribute("SqsManagedSseEnabled") == Some("true");
                match (kms, sse) {
                    (true, _) => Finding::pass(&q.arn, format!("{} is encrypted with KMS", q.name)),
                    (false, true) => {
                        Finding::pass(&q.arn, format!("{} is encrypted (SQS-managed)", q.name))
                    }
                    (false, false) => Finding::fail(&q.arn, format!("{} is not encrypted", q.name)),
                }
            })
            .collect();
        Ok(cx.judge("queues", findings))
    }
}
