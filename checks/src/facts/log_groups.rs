//! CloudWatch Logs: the region's log groups with their retention and encryption key, from
//! one paginated DescribeLogGroups.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One log group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogGroup {
    /// Log group name.
    pub name: String,
    /// Its ARN (without the trailing `:*`).
    pub arn: String,
    /// Days its events are kept (`None`: forever).
    pub retention_days: Option<i32>,
    /// The KMS key it is encrypted with (`None`: CloudWatch Logs' own key).
    pub kms_key: Option<String>,
}

/// Every log group in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogGroups {
    /// The log groups.
    pub groups: Vec<LogGroup>,
}

#[async_trait]
impl Fact for LogGroups {
    const NAME: &'static str = "log groups";
    const KEY: &'static str = "logs.log-groups";
    const CALLS: &'static [ApiCall] = api_calls!("CloudWatch Logs", "logs": DescribeLogGroups);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let listed: Vec<_> = crate::aws_client!(aws_sdk_cloudwatchlogs, *config)
            .describe_log_groups()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut groups: Vec<LogGroup> = listed
            .iter()
            .map(|g| LogGroup {
                name: g.log_group_name().unwrap_or_default().to_owned(),
                arn: g
                    .arn()
                    .unwrap_or_default()
                    .trim_end_matches(":*")
                    .to_owned(),
                retention_days: g.retention_in_days(),
                kms_key: g.kms_key_id().filter(|k| !k.is_empty()).map(str::to_owned),
            })
            .collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { groups })
    }
}
