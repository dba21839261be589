//! Flags expected SQS queues that do not exist.

use crate::facts::SqsQueues;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every queue named in `expected_queues` exists. With none configured it passes and lists
    /// the queues that exist; a region without queues is then not applicable.
    /// ## Why it matters
    /// A service deployed before its queues fails on its first message.
    /// ## Remediation
    /// Create the missing queues (Terraform, CloudFormation or `aws sqs create-queue`), or
    /// correct `expected_queues`.
    pub struct SqsQueuesExist;
    id: "infrastructure.sqs-queues",
    title: "Expected SQS queues exist",
    category: Infrastructure,
    severity: High,
    presence: OnRequest["expected_queues"],
    facts: [SqsQueues],
    tags: ["quick"],
    params: ["expected_queues": StringList = "[]" => "queue names that must exist"],
}

#[async_trait]
impl Check for SqsQueuesExist {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let queues = cx.fact::<SqsQueues>().await?;
        let expected: Vec<String> = cx.param("expected_queues")?;
        let findings = if expected.is_empty() {
            queues
                .queues
                .iter()
                .map(|q| Finding::pass(&q.arn, format!("{} exists", q.name)))
                .collect()
        } else {
            expected
                .iter()
                .map(
                    |name| match queues.queues.iter().find(|q| &q.name == name) {
                        Some(q) => Finding::pass(&q.arn, format!("{name} exists")),
                        None => Finding::fail(name, "expected queue does not exist"),
                    },
                )
                .collect()
        };
        Ok(cx.judge("queues", findings))
    }
}
