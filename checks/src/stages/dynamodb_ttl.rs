//! The `dynamodb-ttl` stage: enables TTL on the listed tables with the given attribute; undo
//! disables it again where it was off before.

use std::collections::BTreeMap;

use aws_sdk_dynamodb::types::{TimeToLiveSpecification, TimeToLiveStatus};
use gonogo_core::api_calls;
use gonogo_core::calls::StageCalls;
use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::Deserialize;

use super::common::{params, sdk_failure, stage_client};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DynamoDbTtlStage {
    tables: Vec<String>,
    attribute: String,
}

impl DynamoDbTtlStage {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let stage: DynamoDbTtlStage = params(table)?;
        if stage.tables.is_empty() || stage.attribute.is_empty() {
            return Err(StageError::new(
                "`tables` and `attribute` must not be empty",
            ));
        }
        Ok(Box::new(stage))
    }
}

declare_stage!(kind: "dynamodb-ttl", summary: "enables TTL on the listed tables; undo restores each table's previous setting", build: DynamoDbTtlStage::build,
    calls: StageCalls {
        plan: api_calls!("DynamoDB", "dynamodb": DescribeTimeToLive),
        apply: api_calls!("DynamoDB", "dynamodb": UpdateTimeToLive),
        rollback: api_calls!("DynamoDB", "dynamodb": UpdateTimeToLive),
        runs_checks: false,
    },
);

/// A table's TTL: its status and attribute.
async fn current(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Result<(String, Option<String>), StageError> {
    let out = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(sdk_failure)?;
    let description = out.time_to_live_description();
    let status = description
        .and_then(|d| d.time_to_live_status())
        .map_or("DISABLED", |s| s.as_str())
        .to_owned();
    Ok((
        status,
        description
            .and_then(|d| d.attribute_name())
            .map(str::to_owned),
    ))
}

async fn set(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    attribute: &str,
    enabled: bool,
) -> Result<(), StageError> {
    let spec = TimeToLiveSpecification::builder()
        .enabled(enabled)
        .attribute_name(attribute)
        .build()
        .map_err(|err| StageError::new(err.to_string()))?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(spec)
        .send()
        .await
        .map_err(sdk_failure)?;
    Ok(())
}

#[async_trait]
impl Stage for DynamoDbTtlStage {
    async fn plan(&self, cx: &StageCtx) -> Result<StagePlan, StageError> {
        let client = stage_client!(aws_sdk_dynamodb, cx)?;
        let mut previous = BTreeMap::new();
        let mut changes = Vec::new();
        for table in &self.tables {
            let (status, attribute) = current(&client, table).await?;
            let enabled = status == TimeToLiveStatus::Enabled.as_str()
                || status == TimeToLiveStatus::Enabling.as_str();
            if enabled && attribute.as_deref() != Some(self.attribute.as_str()) {
                return Err(StageError::new(format!(
                    "{table} already expires items on `{}`; DynamoDB allows one TTL attribute",
                    attribute.unwrap_or_default()
                )));
            }
            if !enabled {
                changes.push(format!(
                    "enable TTL on {table} (attribute {})",
                    self.attribute
                ));
            }
            previous.insert(table.clone(), serde_json::json!({ "enabled": enabled }));
        }
        Ok(StagePlan {
            changes,
            undo: serde_json::json!({ "attribute": self.attribute, "tables": previous }),
            gate: None,
        })
    }

    async fn apply(&self, cx: &StageCtx, plan: &StagePlan) -> Result<StageOutcome, StageError> {
        let client = stage_client!(aws_sdk_dynamodb, cx)?;
        let mut changed = Vec::new();
        for table in &self.tables {
            if plan.undo["tables"][table]["enabled"] == false {
                set(&client, table, &self.attribute, true).await?;
                changed.push(format!("TTL enabled on {table} ({})", self.attribute));
            }
        }
        Ok(StageOutcome {
            changed,
            ..StageOutcome::default()
        })
    }

    async fn rollback(
        &self,
        cx: &StageCtx,
        undo: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        let client = stage_client!(aws_sdk_dynamodb, cx)?;
        let attribute = undo["attribute"].as_str().unwrap_or(&self.attribute);
        let mut done = Vec::new();
        for (table, previous) in undo["tables"].as_object().into_iter().flatten() {
            if previous["enabled"] != false {
                continue;
            }
            let (status, _) = current(&client, table).await?;
            if status == TimeToLiveStatus::Disabled.as_str() {
                continue; // already as it was: a second rollback changes nothing
            }
            set(&client, table, attribute, false).await?;
            done.push(format!("TTL disabled again on {table}"));
        }
        Ok(done)
    }
}
