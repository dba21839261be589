//! What watches the multi-region trails: the CloudWatch Logs metric filters on the log group
//! each trail delivers to, the alarms on those filters' metrics, and whether those alarms
//! notify an SNS topic someone subscribes to. Each link is read in the log group's region.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use async_trait::async_trait;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{AwsConfig, sdk_config, sdk_error};
use crate::facts::{AlarmMetric, Alarms, CallerIdentity, CloudTrailTrails, SnsSubscriptions};

/// An alarm on a filter's metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterAlarm {
    /// Alarm name.
    pub name: String,
    /// Alarm ARN.
    pub arn: String,
    /// Its SNS topics that have at least one confirmed subscription.
    pub subscribed_topics: Vec<String>,
}

/// A metric filter on a trail's log group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailFilter {
    /// Filter name.
    pub name: String,
    /// Its pattern, as written.
    pub pattern: String,
    /// The metric it emits (`None` in a snapshot from before gonogo recorded it).
    #[serde(default)]
    pub metric: Option<AlarmMetric>,
    /// The alarms on the metrics it emits.
    pub alarms: Vec<FilterAlarm>,
}

/// A multi-region, logging trail that delivers to CloudWatch Logs, and the filters on its
/// log group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonitoredTrail {
    /// Trail name.
    pub trail: String,
    /// Trail ARN.
    pub trail_arn: String,
    /// The log group's name.
    pub log_group: String,
    /// The log group's region.
    pub region: String,
    /// Its metric filters.
    pub filters: Vec<TrailFilter>,
}

/// The multi-region trails seen from this region that can be alarmed on, with their chains.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrailMetricAlarms {
    /// The trails, sorted by ARN.
    pub trails: Vec<MonitoredTrail>,
}

#[async_trait]
impl Fact for TrailMetricAlarms {
    const NAME: &'static str = "alarms on the trails' log groups";
    const KEY: &'static str = "logs.trail-metric-alarms";
    const CALLS: &'static [ApiCall] = &[
        ApiCall::new(
            "CloudWatch Logs",
            "DescribeMetricFilters",
            "logs:DescribeMetricFilters",
        ),
        ApiCall::new("CloudWatch", "DescribeAlarms", "cloudwatch:DescribeAlarms"),
        ApiCall::new("SNS", "ListSubscriptions", "sns:ListSubscriptions"),
    ];
    const NEEDS: &'static [&'static FactInfo] = &[
        &CallerIdentity::INFO,
        &CloudTrailTrails::INFO,
        &Alarms::INFO,
        &SnsSubscriptions::INFO,
    ];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let trails = facts.get::<CloudTrailTrails>().await?;
        let here = facts.region().unwrap_or_default().to_owned();
        let mut by_region: BTreeMap<String, RegionLinks> = BTreeMap::new();
        let mut monitored = Vec::new();
        for trail in trails.trails.iter().filter(|trail| trail.logs_everything()) {
            let (Some(group), Some(region)) = (trail.log_group_name(), log_group_region(trail))
            else {
                continue;
            };
            if !by_region.contains_key(&region) {
                let links = RegionLinks::read(facts, &config, &region, region == here).await?;
                by_region.insert(region.clone(), links);
            }
            let links = &by_region[&region];
            let listed: Vec<_> =
                crate::aws_client!(aws_sdk_cloudwatchlogs, *config, region: region.as_str())
                    .describe_metric_filters()
                    .log_group_name(group)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
            monitored.push(MonitoredTrail {
                trail: trail.name.clone(),
                trail_arn: trail.arn.clone(),
                log_group: group.to_owned(),
                region: region.clone(),
                filters: listed
                    .iter()
                    .map(|filter| TrailFilter {
                        name: filter.filter_name().unwrap_or_default().to_owned(),
                        pattern: filter.filter_pattern().unwrap_or_default().to_owned(),
                        metric: filter
                            .metric_transformations()
                            .first()
                            .map(|metric| AlarmMetric {
                                namespace: metric.metric_namespace().to_owned(),
                                name: metric.metric_name().to_owned(),
                            }),
                        alarms: filter
                            .metric_transformations()
                            .iter()
                            .flat_map(|metric| {
                                links.alarms_on(&AlarmMetric {
                                    namespace: metric.metric_namespace().to_owned(),
                                    name: metric.metric_name().to_owned(),
                                })
                            })
                            .collect(),
                    })
                    .collect(),
            });
        }
        monitored.sort_by(|a, b| a.trail_arn.cmp(&b.trail_arn));
        Ok(Self { trails: monitored })
    }
}

/// `us-east-1` in `arn:aws:logs:us-east-1:123456789012:log-group:NAME:*`.
fn log_group_region(trail: &crate::facts::Trail) -> Option<String> {
    let arn = trail.log_group_arn.as_deref()?;
    arn.split(':').nth(3).map(str::to_owned)
}

/// A region's alarms and the topics with a confirmed subscriber.
struct RegionLinks {
    alarms: Arc<Alarms>,
    subscribed: BTreeSet<String>,
}

impl RegionLinks {
    /// The region's alarms (the store's own when the region is the store's) and its
    /// subscriptions, one listing each.
    async fn read(
        facts: &Facts,
        config: &AwsConfig,
        region: &str,
        is_here: bool,
    ) -> Result<Self, FactError> {
        let alarms = if is_here {
            facts.get::<Alarms>().await?
        } else {
            let client = crate::aws_client!(aws_sdk_cloudwatch, *config, region: region);
            Arc::new(Alarms::from_client(&client).await?)
        };
        let subscribed = if is_here {
            facts
                .get::<SnsSubscriptions>()
                .await?
                .subscribed_topics
                .clone()
        } else {
            let client = crate::aws_client!(aws_sdk_sns, *config, region: region);
            SnsSubscriptions::from_client(&client)
                .await?
                .subscribed_topics
        };
        Ok(Self { alarms, subscribed })
    }

    /// The alarms on `metric`, with their subscribed topics.
    fn alarms_on(&self, metric: &AlarmMetric) -> Vec<FilterAlarm> {
        self.alarms
            .alarms
            .iter()
            .filter(|alarm| alarm.metric.as_ref() == Some(metric))
            .map(|alarm| FilterAlarm {
                name: alarm.name.clone(),
                arn: alarm.arn.clone(),
                subscribed_topics: alarm
                    .action_arns
                    .iter()
                    .filter(|action| self.subscribed.contains(*action))
                    .cloned()
                    .collect(),
            })
            .collect()
    }
}
