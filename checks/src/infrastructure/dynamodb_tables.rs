//! Flags DynamoDB tables that are not active, and missing expected ones.

use crate::facts::DynamoDbTables;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every DynamoDB table is `ACTIVE` and every name in `expected_tables` exists. A region
    /// without tables is not applicable unless `expected_tables` names some.
    /// ## Why it matters
    /// Writes to a missing, creating or deleting table fail.
    /// ## Remediation
    /// Create the missing tables, or wait for those `CREATING`/`UPDATING` before the change.
    pub struct DynamoDbTablesActive;
    id: "infrastructure.dynamodb-tables",
    title: "DynamoDB tables exist and are active",
    category: Infrastructure,
    severity: High,
    presence: OnRequest["expected_tables"],
    facts: [DynamoDbTables],
    tags: ["quick"],
    params: ["expected_tables": StringList = "[]" => "table names that must exist"],
}

#[async_trait]
impl Check for DynamoDbTablesActive {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let tables = cx.fact::<DynamoDbTables>().await?;
        let expected: Vec<String> = cx.param("expected_tables")?;
        let mut findings: Vec<Finding> = tables
            .tables
            .iter()
            .map(|t| {
                if t.status == "ACTIVE" {
                    Finding::pass(&t.arn, format!("{} is ACTIVE", t.name))
                } else {
                    Finding::fail(&t.arn, format!("{} is {}", t.name, t.status))
                }
            })
            .collect();
        for name in expected
            .iter()
            .filter(|n| !tables.tables.iter().any(|t| &t.name == *n))
        {
            findings.push(Finding::fail(
                name,
                format!("expected table {name} does not exist"),
            ));
        }
        Ok(cx.judge("tables", findings))
    }
}
