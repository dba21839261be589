//! The `rds-performance-insights` stage: enables Performance Insights (with a retention) on the
//! listed instances; undo turns it off again where it was off.

use gonogo_core::api_calls;
use gonogo_core::calls::StageCalls;
use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::Deserialize;

use super::common::{params, sdk_failure, stage_client};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RdsPerformanceInsightsStage {
    instances: Vec<String>,
    #[serde(default = "default_retention")]
    retention_days: i32,
}

fn default_retention() -> i32 {
    7
}

impl RdsPerformanceInsightsStage {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let stage: RdsPerformanceInsightsStage = params(table)?;
        if stage.instances.is_empty() {
            return Err(StageError::new("`instances` must not be empty"));
        }
        Ok(Box::new(stage))
    }
}

declare_stage!(kind: "rds-performance-insights", summary: "enables RDS Performance Insights on the listed instances; undo restores the previous setting", build: RdsPerformanceInsightsStage::build,
    calls: StageCalls {
        plan: api_calls!("RDS", "rds": DescribeDBInstances),
        apply: api_calls!("RDS", "rds": ModifyDBInstance),
        rollback: api_calls!("RDS", "rds": ModifyDBInstance),
        runs_checks: false,
    },
);

async fn set(
    client: &aws_sdk_rds::Client,
    id: &str,
    enabled: bool,
    retention: Option<i32>,
) -> Result<(), StageError> {
    client
        .modify_db_instance()
        .db_instance_identifier(id)
        .enable_performance_insights(enabled)
        .set_performance_insights_retention_period(retention)
        .apply_immediately(true)
        .send()
        .await
        .map_err(sdk_failure)?;
    Ok(())
}

#[async_trait]
impl Stage for RdsPerformanceInsightsStage {
    async fn plan(&self, cx: &StageCtx) -> Result<StagePlan, StageError> {
        let client = stage_client!(aws_sdk_rds, cx)?;
        let mut previous = serde_json::Map::new();
        let mut changes = Vec::new();
        for id in &self.instances {
            let out = client
                .describe_db_instances()
                .db_instance_identifier(id)
                .send()
                .await
                .map_err(sdk_failure)?;
            let db = out
                .db_instances()
                .first()
                .ok_or_else(|| StageError::new(format!("no DB instance {id}")))?;
            let enabled = db.performance_insights_enabled().unwrap_or(false);
            if !enabled {
                changes.push(format!(
                    "enable Performance Insights on {id} ({} days)",
                    self.retention_days
                ));
            }
            previous.insert(id.clone(), serde_json::json!({ "enabled": enabled }));
        }
        Ok(StagePlan {
            changes,
            undo: serde_json::json!({ "instances": previous }),
            gate: None,
        })
    }

    async fn apply(&self, cx: &StageCtx, plan: &StagePlan) -> Result<StageOutcome, StageError> {
        let client = stage_client!(aws_sdk_rds, cx)?;
        let mut changed = Vec::new();
        for (id, previous) in plan.undo["instances"].as_object().into_iter().flatten() {
            if previous["enabled"] == false {
                set(&client, id, true, Some(self.retention_days)).await?;
                changed.push(format!("Performance Insights enabled on {id}"));
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
        let client = stage_client!(aws_sdk_rds, cx)?;
        let mut done = Vec::new();
        for (id, previous) in undo["instances"].as_object().into_iter().flatten() {
            if previous["enabled"] == false {
                set(&client, id, false, None).await?;
                done.push(format!("Performance Insights disabled again on {id}"));
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) does not store Performance Insights settings, so this stage is tested with
    //! `aws-smithy-mocks`: what it reads, and what it sends on apply and on rollback.

    use aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput;
    use aws_sdk_rds::operation::modify_db_instance::ModifyDbInstanceOutput;
    use aws_sdk_rds::types::DbInstance;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use chrono::Utc;
    use gonogo_core::Facts;

    use super::*;
    use crate::testing::stage_ctx;

    #[tokio::test]
    async fn enables_with_retention_and_disables_on_rollback() {
        let described = mock!(aws_sdk_rds::Client::describe_db_instances).then_output(|| {
            DescribeDbInstancesOutput::builder()
                .db_instances(
                    DbInstance::builder()
                        .db_instance_identifier("orders-db")
                        .performance_insights_enabled(false)
                        .build(),
                )
                .build()
        });
        let enabled = mock!(aws_sdk_rds::Client::modify_db_instance)
            .match_requests(|i| {
                i.enable_performance_insights() == Some(true)
                    && i.performance_insights_retention_period() == Some(7)
            })
            .then_output(|| ModifyDbInstanceOutput::builder().build());
        let disabled = mock!(aws_sdk_rds::Client::modify_db_instance)
            .match_requests(|i| i.enable_performance_insights() == Some(false))
            .then_output(|| ModifyDbInstanceOutput::builder().build());
        let client = mock_client!(
            aws_sdk_rds,
            RuleMode::MatchAny,
            [&described, &enabled, &disabled]
        );
        let facts = Facts::new(Utc::now());
        facts.insert_resource(client);
        let cx = stage_ctx(facts);
        let stage = RdsPerformanceInsightsStage {
            instances: vec!["orders-db".to_owned()],
            retention_days: 7,
        };
        let plan = stage.plan(&cx).await.unwrap();
        assert_eq!(
            plan.changes,
            ["enable Performance Insights on orders-db (7 days)"]
        );
        stage.apply(&cx, &plan).await.unwrap();
        assert_eq!(enabled.num_calls(), 1);
        stage.rollback(&cx, &plan.undo).await.unwrap();
        assert_eq!(disabled.num_calls(), 1);
    }
}
