//! CloudWatch: alarms, and the Synthetics canaries' success metrics.

use std::collections::BTreeSet;

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use aws_sdk_cloudwatch::types::AlarmType;
use chrono::{DateTime, Duration, Utc};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::metrics::{SeriesQuery, read_series};

/// Metric or composite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlarmKind {
    /// A metric alarm.
    Metric,
    /// A composite alarm.
    Composite,
}

/// One alarm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    /// Alarm name.
    pub name: String,
    /// Alarm ARN.
    pub arn: String,
    /// Metric or composite.
    pub kind: AlarmKind,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state: String,
    /// Why it is in that state.
    pub state_reason: String,
    /// Whether actions run on state changes.
    pub actions_enabled: bool,
    /// Number of actions on ALARM.
    pub alarm_actions: usize,
    /// The ARNs of those actions (SNS topics, Auto Scaling policies, …).
    #[serde(default)]
    pub action_arns: Vec<String>,
    /// The metric a metric alarm watches (`None` for composite alarms and metric math).
    #[serde(default)]
    pub metric: Option<AlarmMetric>,
}

/// The metric an alarm watches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmMetric {
    /// Namespace (`CISBenchmark`, `AWS/SQS`, …).
    pub namespace: String,
    /// Metric name.
    pub name: String,
}

impl Alarm {
    /// The ARN, or the name when the server gave no ARN.
    pub fn resource(&self) -> &str {
        if self.arn.is_empty() {
            &self.name
        } else {
            &self.arn
        }
    }
}

/// Every metric and composite alarm in the region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alarms {
    /// Alarms, sorted by name.
    pub alarms: Vec<Alarm>,
}

/// An [`Alarm`] from a `MetricAlarm` or a `CompositeAlarm`: two SDK types with the same
/// accessors and no trait in common.
macro_rules! alarm {
    ($alarm:expr, $kind:expr) => {{
        let a = $alarm;
        Alarm {
            name: a.alarm_name().unwrap_or_default().to_owned(),
            arn: a.alarm_arn().unwrap_or_default().to_owned(),
            kind: $kind,
            state: a
                .state_value()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            state_reason: a.state_reason().unwrap_or_default().to_owned(),
            actions_enabled: a.actions_enabled().unwrap_or(false),
            alarm_actions: a.alarm_actions().len(),
            action_arns: a.alarm_actions().to_vec(),
            metric: None,
        }
    }};
}

#[async_trait]
impl Fact for Alarms {
    const NAME: &'static str = "CloudWatch alarms";
    const KEY: &'static str = "cloudwatch.alarms";
    const CALLS: &'static [ApiCall] = api_calls!("CloudWatch", "cloudwatch": DescribeAlarms);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_cloudwatch, *config)).await
    }
}

impl Alarms {
    /// Lists every metric and composite alarm through `client`.
    pub async fn from_client(client: &aws_sdk_cloudwatch::Client) -> Result<Self, FactError> {
        let mut pages = client
            .describe_alarms()
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .max_records(100)
            .into_paginator()
            .send();
        let mut alarms = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|err| sdk_error(&Self::INFO, err))?;
            alarms.extend(page.metric_alarms().iter().map(|a| {
                Alarm {
                    metric: a.namespace().zip(a.metric_name()).map(|(namespace, name)| {
                        AlarmMetric {
                            namespace: namespace.to_owned(),
                            name: name.to_owned(),
                        }
                    }),
                    ..alarm!(a, AlarmKind::Metric)
                }
            }));
            alarms.extend(
                page.composite_alarms()
                    .iter()
                    .map(|a| alarm!(a, AlarmKind::Composite)),
            );
        }
        alarms.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { alarms })
    }
}

/// Namespace of CloudWatch Synthetics metrics.
const SYNTHETICS_NAMESPACE: &str = "CloudWatchSynthetics";
/// Minutes of canary history collected: the longest window a check may average over.
pub const CANARY_HISTORY_MINUTES: i64 = 24 * 60;

/// Minutes of canary history the [`CanaryMetrics`] fact holds.
pub fn cloudwatch_history_minutes() -> i64 {
    CANARY_HISTORY_MINUTES
}

/// One canary's `SuccessPercent` datapoints (5-minute averages).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CanarySeries {
    /// Canary name.
    pub name: String,
    /// Timestamp and value, oldest first.
    pub points: Vec<(DateTime<Utc>, f64)>,
}

/// The last day of `SuccessPercent` for every canary that reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CanaryMetrics {
    /// By canary name.
    pub canaries: Vec<CanarySeries>,
}

#[async_trait]
impl Fact for CanaryMetrics {
    const NAME: &'static str = "canary success metrics";
    const KEY: &'static str = "cloudwatch.canary-success";
    const CALLS: &'static [ApiCall] =
        api_calls!("CloudWatch", "cloudwatch": ListMetrics, GetMetricData);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_cloudwatch, *config);
        let mut pages = client
            .list_metrics()
            .namespace(SYNTHETICS_NAMESPACE)
            .metric_name("SuccessPercent")
            .into_paginator()
            .send();
        let mut names = BTreeSet::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|err| sdk_error(&Self::INFO, err))?;
            for metric in page.metrics() {
                // The canary-level series has the one dimension CanaryName; step-level series
                // add StepName and are not the canary's success rate.
                if let [d] = metric.dimensions()
                    && d.name() == Some("CanaryName")
                    && let Some(name) = d.value()
                {
                    names.insert(name.to_owned());
                }
            }
        }
        let end = facts.now();
        let start = end - Duration::minutes(CANARY_HISTORY_MINUTES);
        let names: Vec<String> = names.into_iter().collect();
        let queries: Vec<SeriesQuery<'_>> = names
            .iter()
            .map(|name| SeriesQuery {
                namespace: SYNTHETICS_NAMESPACE,
                metric: "SuccessPercent",
                dimension: "CanaryName",
                value: name,
                stat: "Average",
                period: 300,
            })
            .collect();
        let series = read_series(&client, &queries, start, end, &Self::INFO).await?;
        let canaries = names
            .into_iter()
            .zip(series)
            .map(|(name, points)| CanarySeries { name, points })
            .collect();
        Ok(Self { canaries })
    }
}
