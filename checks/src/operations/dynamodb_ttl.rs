//! Flags DynamoDB tables that should expire items but do not.

use crate::facts::DynamoDbTimeToLive;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every table in `ttl_tables` (by default every table) has time to live `ENABLED`. A named
    /// table that does not exist fails.
    /// ## Why it matters
    /// Session and cache tables without TTL grow forever, and so does their bill.
    /// ## Remediation
    /// `aws dynamodb update-time-to-live --table-name T --time-to-live-specification
    /// "Enabled=true,AttributeName=expires_at"`.
    pub struct DynamoDbTtl;
    id: "operations.dynamodb-ttl",
    title: "DynamoDB tables expire items",
    category: Operations,
    severity: Medium,
    presence: OnRequest["ttl_tables"],
    facts: [DynamoDbTimeToLive],
    params: ["ttl_tables": StringList = "[]" => "tables that must have TTL (default: all)"],
}

#[async_trait]
impl Check for DynamoDbTtl {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let ttl = cx.fact::<DynamoDbTimeToLive>().await?;
        let wanted: Vec<String> = cx.param("ttl_tables")?;
        let names: Vec<&String> = if wanted.is_empty() {
            ttl.by_table.keys().collect()
        } else {
            wanted.iter().collect()
        };
        let findings = names
            .into_iter()
            .map(|name| match ttl.by_table.get(name).map(String::as_str) {
                Some("ENABLED") => Finding::pass(name, format!("{name} has TTL enabled")),
                Some(status) => Finding::fail(name, format!("{name} has TTL {status}")),
                None => Finding::fail(name, format!("table {name} does not exist")),
            })
            .collect();
        Ok(cx.judge("tables", findings))
    }
}
