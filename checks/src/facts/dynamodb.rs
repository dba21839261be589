//! DynamoDB: tables, their time to live and their point-in-time recovery.

use std::collections::BTreeMap;

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts, Subset};
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
    /// Deletion protection on; `None` in a snapshot from before gonogo recorded it.
    #[serde(default)]
    pub deletion_protection: Option<bool>,
}

/// Every table in the region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbTables {
    /// Tables, sorted by name.
    pub tables: Vec<DynamoDbTable>,
}

/// The names of every table: listed once, shared by the per-table facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbTableNames {
    /// Table names, in the order ListTables gives them (sorted).
    pub names: Vec<String>,
}

#[async_trait]
impl Fact for DynamoDbTableNames {
    const NAME: &'static str = "DynamoDB table names";
    const KEY: &'static str = "dynamodb.table-names";
    const CALLS: &'static [ApiCall] = api_calls!("DynamoDB", "dynamodb": ListTables);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let names = crate::aws_client!(aws_sdk_dynamodb, *config)
            .list_tables()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        Ok(Self { names })
    }
}

/// Runs `call` for every table, a bounded number at once, and collects the answers.
async fn for_each_table<T, F, Fut>(facts: &Facts, call: F) -> Result<Vec<T>, FactError>
where
    F: Fn(aws_sdk_dynamodb::Client, String) -> Fut,
    Fut: std::future::Future<Output = Result<T, FactError>>,
{
    for_tables(facts, None, call).await
}

/// Calls `call` for each table named in `only` (each table when `None`) that exists: a name
/// that is no table costs no call.
async fn for_tables<T, F, Fut>(
    facts: &Facts,
    only: Option<&[String]>,
    call: F,
) -> Result<Vec<T>, FactError>
where
    F: Fn(aws_sdk_dynamodb::Client, String) -> Fut,
    Fut: std::future::Future<Output = Result<T, FactError>>,
{
    let config = sdk_config(facts, DynamoDbTableNames::NAME).await?;
    let client = crate::aws_client!(aws_sdk_dynamodb, *config);
    let names = facts.get::<DynamoDbTableNames>().await?;
    let mut wanted = names.names.clone();
    if let Some(only) = only {
        wanted.retain(|name| only.contains(name));
    }
    futures::stream::iter(wanted)
        .map(|name| call(client.clone(), name))
        .buffer_unordered(TABLE_CALL_CONCURRENCY)
        .try_collect()
        .await
}

#[async_trait]
impl Fact for DynamoDbTables {
    const NAME: &'static str = "DynamoDB tables";
    const KEY: &'static str = "dynamodb.tables";
    const CALLS: &'static [ApiCall] = api_calls!("DynamoDB", "dynamodb": DescribeTable);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &DynamoDbTableNames::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let mut tables = for_each_table(facts, |client, name| async move {
            let out = client
                .describe_table()
                .table_name(&name)
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            let table = out.table();
            Ok(DynamoDbTable {
                arn: table
                    .and_then(|t| t.table_arn())
                    .unwrap_or_default()
                    .to_owned(),
                status: table
                    .and_then(|t| t.table_status())
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                deletion_protection: Some(
                    table
                        .and_then(|t| t.deletion_protection_enabled())
                        .unwrap_or(false),
                ),
                name,
            })
        })
        .await?;
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { tables })
    }
}

/// Each table's time-to-live status (`ENABLED`, `DISABLED`, …), by table name: of every
/// table, or (a [`Subset`]) of the tables a check names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DynamoDbTimeToLive {
    /// Table name to status.
    pub by_table: BTreeMap<String, String>,
}

#[async_trait]
impl Fact for DynamoDbTimeToLive {
    const NAME: &'static str = "DynamoDB time to live";
    const KEY: &'static str = "dynamodb.time-to-live";
    const CALLS: &'static [ApiCall] = api_calls!("DynamoDB", "dynamodb": DescribeTimeToLive);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &DynamoDbTableNames::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        Self::of_tables(facts, None).await
    }
}

#[async_trait]
impl Subset for DynamoDbTimeToLive {
    async fn collect_subset(facts: &Facts, keys: &[String]) -> Result<Self, FactError> {
        Self::of_tables(facts, Some(keys)).await
    }

    fn merge(&mut self, other: Self) {
        self.by_table.extend(other.by_table);
    }
}

impl DynamoDbTimeToLive {
    /// The time to live of the tables in `only` that exist (of every table when `None`).
    async fn of_tables(facts: &Facts, only: Option<&[String]>) -> Result<Self, FactError> {
        let by_table = for_tables(facts, only, |client, name| async move {
            let out = client
                .describe_time_to_live()
                .table_name(&name)
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            // No description is no TTL: never counted as enabled.
            let status = out
                .time_to_live_description()
                .and_then(|d| d.time_to_live_status())
                .map_or("DISABLED", |s| s.as_str())
                .to_owned();
            Ok((name, status))
        })
        .await?
        .into_iter()
        .collect();
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
    const CALLS: &'static [ApiCall] = api_calls!("DynamoDB", "dynamodb": DescribeContinuousBackups);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &DynamoDbTableNames::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let point_in_time_recovery = for_each_table(facts, |client, name| async move {
            let out = client
                .describe_continuous_backups()
                .table_name(&name)
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            // No description is no recovery: never counted as enabled.
            let status = out
                .continuous_backups_description()
                .and_then(|d| d.point_in_time_recovery_description())
                .and_then(|p| p.point_in_time_recovery_status())
                .map_or("DISABLED", |s| s.as_str())
                .to_owned();
            Ok((name, status))
        })
        .await?
        .into_iter()
        .collect();
        Ok(Self {
            point_in_time_recovery,
        })
    }
}
