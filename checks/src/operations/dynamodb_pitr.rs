//! Flags DynamoDB tables without point-in-time recovery.

use crate::facts::DynamoDbBackups;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every DynamoDB table has point-in-time recovery `ENABLED`.
    /// ## Why it matters
    /// A bad write or a buggy migration is undone by restoring to the minute before it.
    /// ## Remediation
    /// `aws dynamodb update-continuous-backups --table-name T
    /// --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`.
    pub struct DynamoDbPitr;
    id: "operations.dynamodb-pitr",
    title: "DynamoDB tables have point-in-time recovery",
    category: Operations,
    severity: High,
    facts: [DynamoDbBackups],
}

#[async_trait]
impl Check for DynamoDbPitr {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let backups = cx.fact::<DynamoDbBackups>().await?;
        let findings = backups
            .point_in_time_recovery
            .iter()
            .map(|(name, status)| {
                if status == "ENABLED" {
                    Finding::pass(name, format!("{name} has point-in-time recovery"))
                } else {
                    Finding::fail(name, format!("{name} has point-in-time recovery {status}"))
                }
            })
            .collect();
        Ok(cx.judge("tables", findings))
    }
}
