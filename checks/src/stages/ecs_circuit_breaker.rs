//! The `ecs-circuit-breaker` stage: enables the deployment circuit breaker with rollback on
//! the listed services (or every service of the cluster); undo restores each service's
//! previous deployment configuration.

use aws_sdk_ecs::types::{DeploymentCircuitBreaker, DeploymentConfiguration};
use gonogo_core::api_calls;
use gonogo_core::calls::StageCalls;
use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::Deserialize;

use super::common::{params, sdk_failure, stage_client};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EcsCircuitBreakerStage {
    cluster: String,
    #[serde(default)]
    services: Vec<String>,
}

impl EcsCircuitBreakerStage {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(params::<EcsCircuitBreakerStage>(table)?))
    }
}

declare_stage!(kind: "ecs-circuit-breaker", summary: "enables the ECS deployment circuit breaker with rollback; undo restores each service's previous setting", build: EcsCircuitBreakerStage::build,
    calls: StageCalls {
        plan: api_calls!("ECS", "ecs": ListServices, DescribeServices),
        apply: api_calls!("ECS", "ecs": UpdateService),
        rollback: api_calls!("ECS", "ecs": UpdateService),
        runs_checks: false,
    },
);

async fn update(
    client: &aws_sdk_ecs::Client,
    cluster: &str,
    service: &str,
    enable: bool,
    rollback: bool,
) -> Result<(), StageError> {
    let breaker = DeploymentCircuitBreaker::builder()
        .enable(enable)
        .rollback(rollback)
        .build();
    client
        .update_service()
        .cluster(cluster)
        .service(service)
        .deployment_configuration(
            DeploymentConfiguration::builder()
                .deployment_circuit_breaker(breaker)
                .build(),
        )
        .send()
        .await
        .map_err(sdk_failure)?;
    Ok(())
}

#[async_trait]
impl Stage for EcsCircuitBreakerStage {
    async fn plan(&self, cx: &StageCtx) -> Result<StagePlan, StageError> {
        let client = stage_client!(aws_sdk_ecs, cx)?;
        let names: Vec<String> = if self.services.is_empty() {
            client
                .list_services()
                .cluster(&self.cluster)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(sdk_failure)?
        } else {
            self.services.clone()
        };
        let mut previous = serde_json::Map::new();
        let mut changes = Vec::new();
        for batch in names.chunks(10) {
            let out = client
                .describe_services()
                .cluster(&self.cluster)
                .set_services(Some(batch.to_vec()))
                .send()
                .await
                .map_err(sdk_failure)?;
            if let Some(failure) = out.failures().first() {
                return Err(StageError::new(format!(
                    "service {} in {}: {}",
                    failure.arn().unwrap_or_default(),
                    self.cluster,
                    failure.reason().unwrap_or("not found")
                )));
            }
            for service in out.services() {
                let name = service.service_name().unwrap_or_default().to_owned();
                let breaker = service
                    .deployment_configuration()
                    .and_then(|d| d.deployment_circuit_breaker());
                let (enable, rollback) =
                    breaker.map_or((false, false), |b| (b.enable(), b.rollback()));
                if !(enable && rollback) {
                    changes.push(format!(
                        "enable the circuit breaker with rollback on {}/{name}",
                        self.cluster
                    ));
                }
                previous.insert(
                    name,
                    serde_json::json!({ "enable": enable, "rollback": rollback }),
                );
            }
        }
        Ok(StagePlan {
            changes,
            undo: serde_json::json!({ "cluster": self.cluster, "services": previous }),
            gate: None,
        })
    }

    async fn apply(&self, cx: &StageCtx, plan: &StagePlan) -> Result<StageOutcome, StageError> {
        let client = stage_client!(aws_sdk_ecs, cx)?;
        let mut changed = Vec::new();
        for (service, previous) in plan.undo["services"].as_object().into_iter().flatten() {
            if previous["enable"] == true && previous["rollback"] == true {
                continue;
            }
            update(&client, &self.cluster, service, true, true).await?;
            changed.push(format!(
                "circuit breaker with rollback on {}/{service}",
                self.cluster
            ));
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
        let client = stage_client!(aws_sdk_ecs, cx)?;
        let cluster = undo["cluster"].as_str().unwrap_or(&self.cluster);
        let mut done = Vec::new();
        for (service, previous) in undo["services"].as_object().into_iter().flatten() {
            let enable = previous["enable"].as_bool().unwrap_or(false);
            let rollback = previous["rollback"].as_bool().unwrap_or(false);
            if enable && rollback {
                continue;
            }
            // Setting the recorded values again is harmless when already restored.
            update(&client, cluster, service, enable, rollback).await?;
            done.push(format!("{cluster}/{service} circuit breaker restored to enable={enable}, rollback={rollback}"));
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) ignores `deploymentConfiguration` on UpdateService and DescribeServices, so
    //! this stage is tested with `aws-smithy-mocks`: the calls it makes and the values it sends
    //! on apply and on rollback.

    use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
    use aws_sdk_ecs::operation::update_service::{UpdateServiceInput, UpdateServiceOutput};
    use aws_sdk_ecs::types::Service;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use chrono::Utc;
    use gonogo_core::Facts;

    use super::*;
    use crate::testing::stage_ctx;

    fn breaker_of(input: &UpdateServiceInput) -> Option<(bool, bool)> {
        input
            .deployment_configuration()
            .and_then(|d| d.deployment_circuit_breaker())
            .map(|b| (b.enable(), b.rollback()))
    }

    #[tokio::test]
    async fn applies_the_breaker_and_restores_the_previous_setting() {
        let described = mock!(aws_sdk_ecs::Client::describe_services).then_output(|| {
            DescribeServicesOutput::builder()
                .services(Service::builder().service_name("web").build())
                .build()
        });
        let enabled = mock!(aws_sdk_ecs::Client::update_service)
            .match_requests(|input| breaker_of(input) == Some((true, true)))
            .then_output(|| UpdateServiceOutput::builder().build());
        let restored = mock!(aws_sdk_ecs::Client::update_service)
            .match_requests(|input| breaker_of(input) == Some((false, false)))
            .then_output(|| UpdateServiceOutput::builder().build());
        let client = mock_client!(
            aws_sdk_ecs,
            RuleMode::MatchAny,
            [&described, &enabled, &restored]
        );
        let facts = Facts::new(Utc::now());
        facts.insert_resource(client);
        let cx = stage_ctx(facts);
        let stage = EcsCircuitBreakerStage {
            cluster: "prod".to_owned(),
            services: vec!["web".to_owned()],
        };
        let plan = stage.plan(&cx).await.unwrap();
        assert_eq!(
            plan.changes,
            ["enable the circuit breaker with rollback on prod/web"]
        );
        let outcome = stage.apply(&cx, &plan).await.unwrap();
        assert_eq!(
            outcome.changed,
            ["circuit breaker with rollback on prod/web"]
        );
        assert_eq!(enabled.num_calls(), 1);
        let done = stage.rollback(&cx, &plan.undo).await.unwrap();
        assert_eq!(
            done,
            ["prod/web circuit breaker restored to enable=false, rollback=false"]
        );
        assert_eq!(restored.num_calls(), 1);
    }
}
