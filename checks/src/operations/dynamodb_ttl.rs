//! Flags DynamoDB tables that should expire items but do not.

use crate::facts::DynamoDbTimeToLive;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every table named in `ttl_tables` has time to live `ENABLED`; a named table that does
    /// not exist fails. With no table named the check is not applicable: whether a table may
    /// expire its items is the team's to say (a session table should, an orders or ledger table
    /// must not), so only the tables the policy names are judged, and only their time to live
    /// is read.
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
    params: ["ttl_tables": StringList = "[]" => "tables that must expire items (none named: not applicable)"],
}

#[async_trait]
impl Check for DynamoDbTtl {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let wanted: Vec<String> = cx.param("ttl_tables")?;
        if wanted.is_empty() {
            return Ok(cx.not_applicable("tables named in `ttl_tables`"));
        }
        let ttl = cx.fact_for::<DynamoDbTimeToLive>(&wanted).await?;
        let findings = wanted
            .iter()
            .map(|name| match ttl.by_table.get(name).map(String::as_str) {
                Some("ENABLED") => Finding::pass(name, format!("{name} has TTL enabled")),
                Some(status) => Finding::fail(name, format!("{name} has TTL {status}")),
                None => Finding::fail(name, format!("table {name} does not exist")),
            })
            .collect();
        Ok(cx.judge("tables", findings))
    }
}
