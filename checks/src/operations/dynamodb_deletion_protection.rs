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
}

const PROTECTED: Property = Property {
    noun: "tables",
    holds: "is protected from deletion",
    lacks: "can be deleted",
    named: "deletion protection",
};

#[async_trait]
impl Check for DynamoDbDeletionProtection {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let tables = cx.fact::<DynamoDbTables>().await?;
        Ok(cx.judge_each(
            &PROTECTED,
            tables
                .tables
                .iter()
                .map(|t| (t.arn.as_str(), t.name.as_str(), t.deletion_protection)),
        ))
    }
}
