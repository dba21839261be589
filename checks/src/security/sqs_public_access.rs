//! Flags SQS queues whose policy lets anyone in.

use serde_json::Value;

use super::policy_document::{allows, contains, statements};
use crate::facts::SqsQueues;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No queue policy has an Allow statement for Principal `*` (or `{"AWS": "*"}`) without a
    /// Condition.
    /// ## Why it matters
    /// Anyone on the internet could send, read or delete the queue's messages.
    /// ## Remediation
    /// Name the principals that need access, or add a Condition such as `aws:SourceArn` or
    /// `aws:PrincipalOrgID` to the statement.
    pub struct SqsPublicAccess;
    id: "security.sqs-public-access",
    title: "No SQS queue is open to everyone",
    category: Security,
    severity: Critical,
    facts: [SqsQueues],
    tags: [],
    params: [],
}

fn is_public(statement: &Value) -> bool {
    let principal = statement.get("Principal");
    let everyone = matches!(principal, Some(Value::String(s)) if s == "*")
        || contains(principal.and_then(|p| p.get("AWS")), "*");
    let unconditioned = statement
        .get("Condition")
        .is_none_or(|c| c.as_object().is_some_and(|o| o.is_empty()));
    allows(statement) && everyone && unconditioned
}

#[async_trait]
impl Check for SqsPublicAccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let queues = cx.fact::<SqsQueues>().await?;
        let mut findings = Vec::new();
        for q in &queues.queues {
            let Some(policy) = q.attribute("Policy").filter(|p| !p.is_empty()) else {
                findings.push(Finding::pass(
                    &q.arn,
                    format!("{} has no queue policy", q.name),
                ));
                continue;
            };
            let document: Value = serde_json::from_str(policy).map_err(|err| {
                CheckError::Failed(format!("queue {} has an unreadable policy: {err}", q.name))
            })?;
            findings.push(if statements(&document).into_iter().any(is_public) {
                Finding::fail(
                    &q.arn,
                    format!("{} allows Principal * without a Condition", q.name),
                )
            } else {
                Finding::pass(&q.arn, format!("{} policy names its principals", q.name))
            });
        }
        Ok(cx.judge("queues", findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_forms() {
        let public =
            serde_json::json!({"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sqs:*"});
        let star = serde_json::json!({"Effect": "Allow", "Principal": "*", "Action": "sqs:*"});
        let conditioned = serde_json::json!({"Effect": "Allow", "Principal": "*", "Condition": {"ArnEquals": {"aws:SourceArn": "x"}}});
        let deny = serde_json::json!({"Effect": "Deny", "Principal": "*"});
        assert!(is_public(&public) && is_public(&star));
        assert!(!is_public(&conditioned) && !is_public(&deny));
    }
}
