//! RDS: DB instances with their encryption, exposure, backups and Performance Insights.

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};

/// One DB instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbInstance {
    /// Instance identifier.
    pub id: String,
    /// Instance ARN.
    pub arn: String,
    /// Engine (`postgres`, …).
    pub engine: String,
    /// `available`, `backing-up`, …
    pub status: String,
    /// Storage encrypted (`None`: not reported, so not known).
    pub storage_encrypted: Option<bool>,
    /// Publicly accessible (`None`: not reported).
    pub publicly_accessible: Option<bool>,
    /// Automated backup retention, days (`None`: not reported).
    pub backup_retention_days: Option<i32>,
    /// Deletion protection (`None`: not reported).
    pub deletion_protection: Option<bool>,
    /// Performance Insights enabled (`None`: not reported).
    pub performance_insights: Option<bool>,
    /// Minor engine versions upgrade automatically (`None`: not reported or not recorded).
    #[serde(default)]
    pub auto_minor_version_upgrade: Option<bool>,
    /// Deployed across availability zones (`None`: not reported or not recorded).
    #[serde(default)]
    pub multi_az: Option<bool>,
}

/// Every DB instance in the region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbInstances {
    /// Instances, sorted by identifier.
    pub instances: Vec<DbInstance>,
}

#[async_trait]
impl Fact for DbInstances {
    const NAME: &'static str = "RDS DB instances";
    const KEY: &'static str = "rds.db-instances";
    const CALLS: &'static [ApiCall] = api_calls!("RDS", "rds": DescribeDBInstances);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_rds, *config)).await
    }
}

impl DbInstances {
    /// Describes every DB instance through `client`.
    pub async fn from_client(client: &aws_sdk_rds::Client) -> Result<Self, FactError> {
        let listed = client
            .describe_db_instances()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut instances: Vec<DbInstance> = listed
            .iter()
            .map(|db| DbInstance {
                id: db.db_instance_identifier().unwrap_or_default().to_owned(),
                arn: db.db_instance_arn().unwrap_or_default().to_owned(),
                engine: db.engine().unwrap_or_default().to_owned(),
                status: db.db_instance_status().unwrap_or_default().to_owned(),
                storage_encrypted: db.storage_encrypted(),
                publicly_accessible: db.publicly_accessible(),
                backup_retention_days: db.backup_retention_period(),
                deletion_protection: db.deletion_protection(),
                performance_insights: db.performance_insights_enabled(),
                auto_minor_version_upgrade: db.auto_minor_version_upgrade(),
                multi_az: db.multi_az(),
            })
            .collect();
        instances.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { instances })
    }
}
