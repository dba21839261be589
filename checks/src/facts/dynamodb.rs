//! DynamoDB: tables, their time to live and their point-in-time recovery.

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::{Fact, FactError, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};

/// Per-table calls at once.
const TABLE_CALL_CONCURRENCY: usize = 8;

/// One table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbTable {
    /// Table name.
    pub name: String,
    /// Table ARN.
    pub arn: String,
    /// `ACTIVE`, `CREATING`, …
    pub status: String,
}

/// Every table in the region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbTables {
    /// Tables, sorted by name.
    pub tables: Vec<DynamoDbTable>,
}

async fn table_names(
    client: &aws_sdk_dynamodb::Client,
    fact: &'static str,
) -> Result<Vec<String>, FactError> {
    client
        .list_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| sdk_error(fact, err))
}

#[async_trait]
impl Fact for DynamoDbTables {
    const NAME: &'static str = "DynamoDB tables";
    const KEY: &'static str = "dynamodb.tables";

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = aws_sdk_dynamodb::Client::new(&config.0);
        let names = table_names(&client, Self::NAME).await?;
        let mut tables: Vec<DynamoDbTable> = futures::stream::iter(names)
            .map(|name| {
                let client = client.clone();
                async move {
                    let out = client
                        .describe_table()
                        .table_name(&name)
                        .send()
                        .await
                        .map_err(|err| sdk_error(Self::NAME, err))?;
                    let table = out.table();
                    Ok::<_, FactError>(DynamoDbTable {
                        arn: table
                            .and_then(|t| t.table_arn())
                            .unwrap_or_default()
                            .to_owned(),
                        status: table
                            .and_then(|t| t.table_status())
                            .map(|s| s.as_str().to_owned())
                            .unwrap_or_default(),
                        name,
                    })
                }
            })
            .buffer_unordered(TABLE_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { tables })
    }
}

/// Each table's time-to-live status (`ENABLED`, `DISABLED`, …), by table name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbTimeToLive {
    /// Table name to status.
    pub by_table: BTreeMap<String, String>,
}

#[async_trait]
impl Fact for DynamoDbTimeToLive {
    const NAME: &'static str = "DynamoDB time to live";
    const KEY: &'static str = "dynamodb.time-to-live";

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = aws_sdk_dynamodb::Client::new(&config.0);
        let names = table_names(&client, Self::NAME).await?;
        let by_table = futures::stream::iter(names)
            .map(|name| {
                let client = client.clone();
                async move {
                    let out = client
                        .describe_time_to_live()
                        .table_name(&name)
                        .send()
                        .await
                        .map_err(|err| sdk_error(Self::NAME, err))?;
                    let status = out
                        .time_to_live_description()
                        .and_then(|d| d.time_to_live_status())
                        .map_or("DISABLED", |s| s.as_str())
                        .to_owned();
                    Ok::<_, FactError>((name, status))
                }
            })
            .buffer_unordered(TABLE_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Self { by_table })
    }
}

/// Each table's point-in-time recovery status (`ENABLED` or `DISABLED`), by table name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbBackups {
    /// Table name to status.
    pub point_in_time_recovery: BTreeMap<String, String>,
}

#[async_trait]
impl Fact for DynamoDbBackups {
    const NAME: &'static str = "DynamoDB continuous backups";
    const KEY: &'static str = "dynamodb.continuous-backups";

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = aws_sdk_dynamodb::Client::new(&config.0);
        let names = table_names(&client, Self::NAME).await?;
        let point_in_time_recovery = futures::stream::iter(names)
            .map(|name| {
                let client = client.clone();
                async move {
                    let out = client
                        .describe_continuous_backups()
                        .table_name(&name)
                        .send()
                        .await
                        .map_err(|err| sdk_error(Self::NAME, err))?;
                    let status = out
                        .continuous_backups_description()
                        .and_then(|d| d.point_in_time_recovery_description())
                        .and_then(|p| p.point_in_time_recovery_status())
                        .map_or("DISABLED", |s| s.as_str())
                        .to_owned();
                    Ok::<_, FactError>((name, status))
                }
            })
            .buffer_unordered(TABLE_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Self {
            point_in_time_recovery,
        })
    }
}
