//! Route 53: the account's health checks, with the status each last reported, read for all
//! of them at once from CloudWatch (`AWS/Route53` `HealthCheckStatus`, in us-east-1): Route 53
//! has no batch status read, CloudWatch does.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;
use crate::facts::metrics::{SeriesQuery, read_series};

/// Minutes of status history read: a health check reports every minute, so its latest
/// status is in the last few.
pub const HEALTH_CHECK_HISTORY_MINUTES: i64 = 15;

/// Where Route 53 publishes its metrics.
const ROUTE53_METRICS_REGION: &str = "us-east-1";

/// One health check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthCheck {
    /// Health check id.
    pub id: String,
    /// `HTTP`, `HTTPS`, `HTTPS_STR_MATCH`, `TCP`, `CALCULATED`, `CLOUDWATCH_METRIC`, …
    pub kind: String,
    /// What it probes (`shop.example.com:443/health`), empty for calculated and metric ones.
    pub target: String,
    /// Disabled: Route 53 reports it healthy whatever the endpoint does.
    pub disabled: bool,
    /// Inverted: healthy means the endpoint is down.
    pub inverted: bool,
    /// The latest `HealthCheckStatus` (1 healthy, 0 unhealthy) and when, if any was
    /// reported in the last [`HEALTH_CHECK_HISTORY_MINUTES`].
    pub status: Option<(DateTime<Utc>, f64)>,
}

/// Every health check of the account (Route 53 is global), sorted by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthChecks {
    /// The health checks.
    pub checks: Vec<HealthCheck>,
}

#[async_trait]
impl Fact for HealthChecks {
    const NAME: &'static str = "Route 53 health checks";
    const KEY: &'static str = "route53.health-checks";
    const CALLS: &'static [ApiCall] = &[
        ApiCall::new("Route 53", "ListHealthChecks", "route53:ListHealthChecks"),
        ApiCall::new("CloudWatch", "GetMetricData", "cloudwatch:GetMetricData"),
    ];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let listed: Vec<_> = crate::aws_client!(aws_sdk_route53, *config)
            .list_health_checks()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut checks: Vec<HealthCheck> = listed
            .iter()
            .map(|check| {
                let config = check.health_check_config();
                let host = config
                    .and_then(|c| c.fully_qualified_domain_name().or(c.ip_address()))
                    .unwrap_or_default();
                let target = match (config.and_then(|c| c.port()), host) {
                    (_, "") => String::new(),
                    (Some(port), host) => format!(
                        "{host}:{port}{}",
                        config.and_then(|c| c.resource_path()).unwrap_or_default()
                    ),
                    (None, host) => host.to_owned(),
                };
                HealthCheck {
                    id: check.id().to_owned(),
                    kind: config
                        .map(|c| c.r#type().as_str().to_owned())
                        .unwrap_or_default(),
                    target,
                    disabled: config.and_then(|c| c.disabled()).unwrap_or(false),
                    inverted: config.and_then(|c| c.inverted()).unwrap_or(false),
                    status: None,
                }
            })
            .collect();
        checks.sort_by(|a, b| a.id.cmp(&b.id));
        if checks.is_empty() {
            return Ok(Self { checks });
        }
        let queries: Vec<SeriesQuery<'_>> = checks
            .iter()
            .map(|check| SeriesQuery {
                namespace: "AWS/Route53",
                metric: "HealthCheckStatus",
                dimension: "HealthCheckId",
                value: &check.id,
                stat: "Minimum",
                period: 60,
            })
            .collect();
        let end = facts.now();
        let start = end - Duration::minutes(HEALTH_CHECK_HISTORY_MINUTES);
        let client =
            crate::aws_client!(aws_sdk_cloudwatch, *config, region: ROUTE53_METRICS_REGION);
        let series = read_series(&client, &queries, start, end, &Self::INFO).await?;
        for (check, points) in checks.iter_mut().zip(series) {
            check.status = points.last().copied();
        }
        Ok(Self { checks })
    }
}
