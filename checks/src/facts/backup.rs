//! AWS Backup: the backup jobs of the region's RDS instances and DynamoDB tables over the
//! last week, from ListBackupJobs filtered by resource type (one listing per type).

use async_trait::async_trait;
use aws_smithy_types::DateTime as SmithyDateTime;
use chrono::{DateTime, Duration, Utc};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error, utc};
use crate::facts::CallerIdentity;

/// Hours of backup jobs collected: the oldest last backup a check may accept.
pub const BACKUP_HISTORY_HOURS: i64 = 7 * 24;

/// The resource types whose jobs are collected, as AWS Backup names them.
const RESOURCE_TYPES: [&str; 2] = ["RDS", "DynamoDB"];

/// One backup job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupJob {
    /// The resource backed up.
    pub resource_arn: String,
    /// `CREATED`, `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `ABORTED`, `EXPIRED`,
    /// `PARTIAL`, …
    pub state: String,
    /// Why, for a job that did not complete.
    pub status_message: Option<String>,
    /// The backup plan that started it; `None` for an on-demand backup.
    pub plan: Option<String>,
    /// When it was created.
    pub created: Option<DateTime<Utc>>,
    /// When it finished.
    pub completed: Option<DateTime<Utc>>,
}

/// The region's RDS and DynamoDB backup jobs created in the last [`BACKUP_HISTORY_HOURS`],
/// newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackupJobs {
    /// The jobs.
    pub jobs: Vec<BackupJob>,
}

impl BackupJobs {
    /// The jobs of one resource, newest first.
    pub fn of<'a>(&'a self, resource_arn: &'a str) -> impl Iterator<Item = &'a BackupJob> {
        self.jobs
            .iter()
            .filter(move |j| j.resource_arn == resource_arn)
    }
}

#[async_trait]
impl Fact for BackupJobs {
    const NAME: &'static str = "AWS Backup jobs";
    const KEY: &'static str = "backup.jobs";
    const CALLS: &'static [ApiCall] = api_calls!("Backup", "backup": ListBackupJobs);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_backup, *config), facts.now()).await
    }
}

impl BackupJobs {
    /// Lists the jobs through `client`, as of `now`.
    pub async fn from_client(
        client: &aws_sdk_backup::Client,
        now: DateTime<Utc>,
    ) -> Result<Self, FactError> {
        let since = now - Duration::hours(BACKUP_HISTORY_HOURS);
        let mut jobs = Vec::new();
        for resource_type in RESOURCE_TYPES {
            let listed: Vec<_> = client
                .list_backup_jobs()
                .by_resource_type(resource_type)
                .by_created_after(SmithyDateTime::from_secs(since.timestamp()))
                .into_paginator()
                .page_size(1000)
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            jobs.extend(listed.iter().map(|job| {
                BackupJob {
                    resource_arn: job.resource_arn().unwrap_or_default().to_owned(),
                    state: job
                        .state()
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                    status_message: job
                        .status_message()
                        .filter(|m| !m.is_empty())
                        .map(str::to_owned),
                    plan: job
                        .created_by()
                        .and_then(|c| c.backup_plan_name().or(c.backup_plan_id()))
                        .filter(|p| !p.is_empty())
                        .map(str::to_owned),
                    created: job.creation_date().and_then(utc),
                    completed: job.completion_date().and_then(utc),
                }
            }));
        }
        jobs.sort_by(|a, b| {
            b.created
                .cmp(&a.created)
                .then_with(|| a.resource_arn.cmp(&b.resource_arn))
        });
        Ok(Self { jobs })
    }
}
