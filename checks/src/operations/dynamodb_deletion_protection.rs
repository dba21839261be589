//! Flags DynamoDB tables that one call could delete.

use crate::facts::DynamoDbTables;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every DynamoDB table has deletion protection on (`DeletionProtectionEnabled`).
    /// ## Why it matters
    /// `DeleteTable` takes the data with it at once; point-in-time recovery restores into a
    /// new table, after an outage, and only when it was on.
    /// ## Remediation
    /// `aws dynamodb update-table --table-name T --deletion-protection-enabled`.
    pub struct DynamoDbDeletionProtection;
    id: "operations.dynamodb-deletion-protection",
    title: "DynamoDB tables have deletion protection",
    category: Operations,
    severity: Medium,
    facts: [DynamoDbTables],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for DynamoDbDeletionProtection {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let tables = cx.fact::<DynamoDbTables>().await?;
        let findings = tables
            .tables
            .iter()
            .map(|t| match t.deletion_protection {
                Some(true) => {
                    Finding::pass(&t.arn, format!("{} is protected from deletion", t.name))
                }
                Some(false) => Finding::fail(&t.arn, format!("{} can be deleted", t.name)),
                // A snapshot from before gonogo recorded it.
                None => Finding::warn(
                    &t.arn,
                    format!("{}'s deletion protection is not recorded", t.name),
                ),
            })
            .collect();
        Ok(cx.judge("tables", findings))
    }
}
