//! Flags queues that do not carry the team's name prefix.

use gonogo_checks::facts::SqsQueues;
use gonogo_core::{Check, CheckCtx, CheckError, Finding, Outcome, async_trait, declare_check};

declare_check! {
    /// ## What it checks
    /// Every SQS queue's name starts with `prefix` (the team's naming convention).
    /// ## Why it matters
    /// Ownership is read from the name: an unprefixed queue has no owner on call.
    /// ## Remediation
    /// Recreate the queue under a prefixed name, or set `prefix` for this account.
    pub struct QueueNaming;
    id: "operations.team-queue-naming",
    title: "Queues follow the team's naming convention",
    category: Operations,
    severity: Low,
    facts: [SqsQueues],
    tags: ["team"],
    params: ["prefix": String = "\"team-\"" => "prefix every queue name must start with"],
}

#[async_trait]
impl Check for QueueNaming {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let queues = cx.fact::<SqsQueues>().await?;
        let prefix: String = cx.param("prefix")?;
        let findings = queues
            .queues
            .iter()
            .map(|q| {
                if q.name.starts_with(&prefix) {
                    Finding::pass(&q.arn, format!("{} is prefixed", q.name))
                } else {
                    Finding::fail(&q.arn, format!("{} does not start with `{prefix}`", q.name))
                }
            })
            .collect();
        Ok(cx.judge("queues", findings))
    }
}
