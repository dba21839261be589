//! Flags queues without a dead-letter queue, and warns about dead-letter queues with messages.

use std::collections::BTreeSet;

use crate::facts::SqsQueues;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every queue that is not itself a dead-letter queue has a redrive policy. A dead-letter
    /// queue (the target of another queue's redrive policy) holding messages is a warning.
    /// ## Why it matters
    /// Without a dead-letter queue a poison message is retried forever or lost; messages
    /// piling up in one mean failures nobody has looked at.
    /// ## Remediation
    /// Set `RedrivePolicy` with a `deadLetterTargetArn` and `maxReceiveCount`; inspect and
    /// redrive what sits in the dead-letter queues.
    pub struct SqsDeadLetter;
    id: "operations.sqs-dead-letter",
    title: "SQS queues have dead-letter queues",
    category: Operations,
    severity: Medium,
    facts: [SqsQueues],
}

#[async_trait]
impl Check for SqsDeadLetter {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let queues = cx.fact::<SqsQueues>().await?;
        let mut dead_letter_arns = BTreeSet::new();
        for q in &queues.queues {
            if let Some(policy) = q.attribute("RedrivePolicy").filter(|p| !p.is_empty()) {
                let policy: serde_json::Value = serde_json::from_str(policy).map_err(|err| {
                    CheckError::Failed(format!(
                        "queue {} has an unreadable RedrivePolicy: {err}",
                        q.name
                    ))
                })?;
                if let Some(target) = policy.get("deadLetterTargetArn").and_then(|t| t.as_str()) {
                    dead_letter_arns.insert(target.to_owned());
                }
            }
        }
        let findings = queues
            .queues
            .iter()
            .map(|q| {
                if dead_letter_arns.contains(&q.arn) {
                    let waiting: u64 = q
                        .attribute("ApproximateNumberOfMessages")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    if waiting > 0 {
                        Finding::warn(
                            &q.arn,
                            format!("dead-letter queue {} holds {waiting} message(s)", q.name),
                        )
                    } else {
                        Finding::pass(&q.arn, format!("dead-letter queue {} is empty", q.name))
                    }
                } else if q.attribute("RedrivePolicy").is_some_and(|p| !p.is_empty()) {
                    Finding::pass(&q.arn, format!("{} has a dead-letter queue", q.name))
                } else {
                    Finding::fail(&q.arn, format!("{} has no dead-letter queue", q.name))
                }
            })
            .collect();
        Ok(cx.judge("queues", findings))
    }
}
