//! ECS: clusters with their settings, and services with deployments and circuit breakers.

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use aws_sdk_ecs::types::{ClusterField, ClusterSettingName};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};

/// Clusters per DescribeClusters call (the API's limit).
const CLUSTERS_PER_CALL: usize = 100;
/// Services per DescribeServices call (the API's limit).
const SERVICES_PER_CALL: usize = 10;

/// One ECS cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsCluster {
    /// Cluster name.
    pub name: String,
    /// Cluster ARN.
    pub arn: String,
    /// `ACTIVE`, `PROVISIONING`, `INACTIVE`, …
    pub status: String,
    /// The `containerInsights` setting (`enabled`, `enhanced`, `disabled`), if reported.
    pub container_insights: Option<String>,
}

/// Every ECS cluster in the region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsClusters {
    /// Clusters, sorted by name.
    pub clusters: Vec<EcsCluster>,
}

#[async_trait]
impl Fact for EcsClusters {
    const NAME: &'static str = "ECS clusters";
    const KEY: &'static str = "ecs.clusters";
    const CALLS: &'static [ApiCall] = api_calls!("ECS", "ecs": ListClusters, DescribeClusters);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_ecs, *config);
        let arns: Vec<String> = client
            .list_clusters()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut clusters = Vec::with_capacity(arns.len());
        for batch in arns.chunks(CLUSTERS_PER_CALL) {
            let out = client
                .describe_clusters()
                .set_clusters(Some(batch.to_vec()))
                .include(ClusterField::Settings)
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            clusters.extend(out.clusters().iter().map(|c| {
                EcsCluster {
                    name: c.cluster_name().unwrap_or_default().to_owned(),
                    arn: c.cluster_arn().unwrap_or_default().to_owned(),
                    status: c.status().unwrap_or_default().to_owned(),
                    container_insights: c
                        .settings()
                        .iter()
                        .find(|s| s.name() == Some(&ClusterSettingName::ContainerInsights))
                        .and_then(|s| s.value())
                        .map(str::to_owned),
                }
            }));
        }
        clusters.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { clusters })
    }
}

/// One deployment of a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsDeployment {
    /// `PRIMARY`, `ACTIVE` or `INACTIVE`.
    pub status: String,
    /// `COMPLETED`, `IN_PROGRESS` or `FAILED`, when reported.
    pub rollout_state: Option<String>,
    /// Why, when reported.
    pub rollout_state_reason: Option<String>,
}

/// One ECS service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsService {
    /// Service name.
    pub name: String,
    /// Service ARN.
    pub arn: String,
    /// Its cluster's name.
    pub cluster: String,
    /// Desired task count.
    pub desired: i32,
    /// Running task count.
    pub running: i32,
    /// Deployments.
    pub deployments: Vec<EcsDeployment>,
    /// Circuit breaker `enable`, when configured.
    pub circuit_breaker_enabled: Option<bool>,
    /// Circuit breaker `rollback`, when configured.
    pub circuit_breaker_rollback: Option<bool>,
    /// The task definition it runs (its ARN).
    #[serde(default)]
    pub task_definition: Option<String>,
}

/// Every service of every cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsServices {
    /// Services, sorted by cluster then name.
    pub services: Vec<EcsService>,
}

#[async_trait]
impl Fact for EcsServices {
    const NAME: &'static str = "ECS services";
    const KEY: &'static str = "ecs.services";
    const CALLS: &'static [ApiCall] = api_calls!("ECS", "ecs": ListServices, DescribeServices);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &EcsClusters::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let clusters = facts.get::<EcsClusters>().await?;
        Self::from_client(&crate::aws_client!(aws_sdk_ecs, *config), &clusters).await
    }
}

impl EcsServices {
    /// Lists and describes the services of `clusters` through `client`.
    pub async fn from_client(
        client: &aws_sdk_ecs::Client,
        clusters: &EcsClusters,
    ) -> Result<Self, FactError> {
        let mut services = Vec::new();
        for cluster in &clusters.clusters {
            let arns: Vec<String> = client
                .list_services()
                .cluster(&cluster.arn)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            for batch in arns.chunks(SERVICES_PER_CALL) {
                let out = client
                    .describe_services()
                    .cluster(&cluster.arn)
                    .set_services(Some(batch.to_vec()))
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                services.extend(out.services().iter().map(|s| {
                    let breaker = s
                        .deployment_configuration()
                        .and_then(|d| d.deployment_circuit_breaker());
                    EcsService {
                        name: s.service_name().unwrap_or_default().to_owned(),
                        arn: s.service_arn().unwrap_or_default().to_owned(),
                        cluster: cluster.name.clone(),
                        desired: s.desired_count(),
                        running: s.running_count(),
                        deployments: s
                            .deployments()
                            .iter()
                            .map(|d| EcsDeployment {
                                status: d.status().unwrap_or_default().to_owned(),
                                rollout_state: d.rollout_state().map(|r| r.as_str().to_owned()),
                                rollout_state_reason: d.rollout_state_reason().map(str::to_owned),
                            })
                            .collect(),
                        circuit_breaker_enabled: breaker.map(|b| b.enable()),
                        circuit_breaker_rollback: breaker.map(|b| b.rollback()),
                        task_definition: s.task_definition().map(str::to_owned),
                    }
                }));
            }
        }
        services.sort_by(|a, b| (&a.cluster, &a.name).cmp(&(&b.cluster, &b.name)));
        Ok(Self { services })
    }
}
