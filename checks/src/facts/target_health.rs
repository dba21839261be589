//! Elastic Load Balancing v2: the target groups a load balancer uses, with the health of
//! each of their targets.

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Target groups whose health is read at once (ELB has no batch health read).
const HEALTH_CONCURRENCY: usize = 8;

/// One registered target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Instance id, IP address or Lambda ARN.
    pub id: String,
    /// Its port.
    pub port: Option<i32>,
    /// `initial`, `healthy`, `unhealthy`, `unhealthy.draining`, `unused`, `draining` or
    /// `unavailable`.
    pub state: String,
    /// Why, when not healthy (`Target.FailedHealthChecks`, …).
    pub reason: Option<String>,
}

/// One target group in use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    /// Target group name.
    pub name: String,
    /// Target group ARN.
    pub arn: String,
    /// The load balancers that route to it.
    pub load_balancers: Vec<String>,
    /// Its targets.
    pub targets: Vec<Target>,
}

/// Every target group in the region that a load balancer routes to, sorted by name (one
/// nothing routes to serves no traffic and is left out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetGroups {
    /// The target groups.
    pub groups: Vec<TargetGroup>,
}

#[async_trait]
impl Fact for TargetGroups {
    const NAME: &'static str = "target health";
    const KEY: &'static str = "elbv2.target-health";
    const CALLS: &'static [ApiCall] = api_calls!(
        "Elastic Load Balancing v2",
        "elasticloadbalancing": DescribeTargetGroups,
        DescribeTargetHealth
    );
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_elasticloadbalancingv2, *config);
        let listed: Vec<_> = client
            .describe_target_groups()
            .page_size(400)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let in_use: Vec<(String, String, Vec<String>)> = listed
            .iter()
            .filter(|g| !g.load_balancer_arns().is_empty())
            .map(|g| {
                (
                    g.target_group_name().unwrap_or_default().to_owned(),
                    g.target_group_arn().unwrap_or_default().to_owned(),
                    g.load_balancer_arns().to_vec(),
                )
            })
            .collect();
        let mut groups: Vec<TargetGroup> = futures::stream::iter(in_use)
            .map(|(name, arn, load_balancers)| {
                let client = client.clone();
                async move {
                    let out = client
                        .describe_target_health()
                        .target_group_arn(&arn)
                        .send()
                        .await
                        .map_err(|err| sdk_error(&Self::INFO, err))?;
                    let targets = out
                        .target_health_descriptions()
                        .iter()
                        .map(|d| Target {
                            id: d
                                .target()
                                .and_then(|t| t.id())
                                .unwrap_or_default()
                                .to_owned(),
                            port: d.target().and_then(|t| t.port()),
                            state: d
                                .target_health()
                                .and_then(|h| h.state())
                                .map(|s| s.as_str().to_owned())
                                .unwrap_or_default(),
                            reason: d
                                .target_health()
                                .and_then(|h| h.reason())
                                .map(|r| r.as_str().to_owned()),
                        })
                        .collect();
                    Ok::<_, FactError>(TargetGroup {
                        name,
                        arn,
                        load_balancers,
                        targets,
                    })
                }
            })
            .buffer_unordered(HEALTH_CONCURRENCY)
            .try_collect()
            .await?;
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { groups })
    }
}
