//! Flags RDS instances and DynamoDB tables that no backup plan protects, or whose last
//! backup is old or failed.

use chrono::Duration;

use crate::facts::{BACKUP_HISTORY_HOURS, BackupJobs, DbInstances, DynamoDbTables};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance and DynamoDB table is backed up by an AWS Backup plan, and its
    /// latest finished backup job completed within the last `max_age_hours`. A resource
    /// with no job in the last week, or only on-demand ones, is covered by no plan; one
    /// whose latest finished job failed, was aborted or expired fails with AWS Backup's
    /// reason.
    /// ## Why it matters
    /// The runbook's 24-hour review asks whether the data could be restored tomorrow. A plan
    /// whose jobs quietly fail, or a table added after the plan's selection was written,
    /// answers no.
    /// ## Remediation
    /// Add the resource to a backup plan's selection (`aws backup create-backup-selection`,
    /// by ARN or by tag); for a failed job, `aws backup describe-backup-job --backup-job-id
    /// ID` names the cause (usually the IAM role or a KMS key policy).
    pub struct BackupCoverage;
    id: "operations.backup-coverage",
    title: "Databases are covered by a backup plan that runs",
    category: Operations,
    severity: High,
    facts: [DbInstances, DynamoDbTables, BackupJobs],
    params: [
        "max_age_hours": Integer[1, BACKUP_HISTORY_HOURS] = "24" => "oldest acceptable last successful backup, in hours (at most 168)",
    ],
}

/// A job's end states other than success.
const UNSUCCESSFUL: [&str; 4] = ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"];

#[async_trait]
impl Check for BackupCoverage {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let max_age: i64 = cx.param("max_age_hours")?;
        if !(1..=BACKUP_HISTORY_HOURS).contains(&max_age) {
            return Err(CheckError::Failed(format!(
                "max_age_hours must be between 1 and {BACKUP_HISTORY_HOURS}"
            )));
        }
        let instances = cx.fact::<DbInstances>().await?;
        let tables = cx.fact::<DynamoDbTables>().await?;
        let resources: Vec<(&str, &str)> = instances
            .instances
            .iter()
            .map(|db| (db.arn.as_str(), db.id.as_str()))
            .chain(
                tables
                    .tables
                    .iter()
                    .map(|t| (t.arn.as_str(), t.name.as_str())),
            )
            .collect();
        if resources.is_empty() {
            return Ok(cx.not_applicable("RDS instances or DynamoDB tables"));
        }
        let jobs = cx.fact::<BackupJobs>().await?;
        let now = cx.now();
        let findings = resources
            .into_iter()
            .map(|(arn, name)| {
                let mut of = jobs.of(arn).peekable();
                if of.peek().is_none() {
                    return Finding::fail(
                        arn,
                        format!(
                            "{name} has no backup job in the last week: no backup plan covers it"
                        ),
                    );
                }
                let jobs: Vec<_> = of.collect();
                let Some(plan) = jobs.iter().find_map(|j| j.plan.as_deref()) else {
                    return Finding::fail(
                        arn,
                        format!("{name} is backed up only on demand: no backup plan covers it"),
                    );
                };
                let latest = jobs
                    .iter()
                    .find(|j| j.state == "COMPLETED" || UNSUCCESSFUL.contains(&j.state.as_str()));
                match latest {
                    None => Finding::fail(
                        arn,
                        format!("{name} has no finished backup job in the last week ({plan})"),
                    ),
                    Some(job) if job.state != "COMPLETED" => Finding::fail(
                        arn,
                        format!(
                            "{name}: last backup job {} ({plan}){}",
                            job.state,
                            job.status_message
                                .as_deref()
                                .map(|m| format!(": {m}"))
                                .unwrap_or_default()
                        ),
                    ),
                    Some(job) => match job.completed.or(job.created) {
                        Some(at) if now - at <= Duration::hours(max_age) => Finding::pass(
                            arn,
                            format!(
                                "{name} was backed up {} h ago ({plan})",
                                (now - at).num_hours()
                            ),
                        ),
                        Some(at) => Finding::fail(
                            arn,
                            format!(
                                "{name}: last backup {} h ago, over {max_age} h ({plan})",
                                (now - at).num_hours()
                            ),
                        ),
                        None => Finding::fail(
                            arn,
                            format!("{name}: last backup has no completion time ({plan})"),
                        ),
                    },
                }
            })
            .collect();
        Ok(cx.judge("databases", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto has no ListBackupJobs (it answers 404), so the jobs come from
    //! `aws-smithy-mocks`; the resources are hand-built facts.

    use aws_sdk_backup::operation::list_backup_jobs::ListBackupJobsOutput;
    use aws_sdk_backup::primitives::DateTime;
    use aws_sdk_backup::types::{BackupJob as Job, BackupJobState, RecoveryPointCreator};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::facts::DynamoDbTable;
    use crate::testing::{assert_status, facts, now, run};

    const TABLE: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";

    /// One job of the `orders` table: its state, whether a plan started it, and how many
    /// hours ago it finished.
    async fn jobs(state: BackupJobState, by_plan: bool, hours_ago: i64) -> BackupJobs {
        let at = DateTime::from_secs((now() - Duration::hours(hours_ago)).timestamp());
        let tables = mock!(aws_sdk_backup::Client::list_backup_jobs)
            .match_requests(|r| r.by_resource_type() == Some("DynamoDB"))
            .then_output(move || {
                let mut job = Job::builder()
                    .resource_arn(TABLE)
                    .state(state.clone())
                    .status_message("Access denied to KMS key")
                    .creation_date(at)
                    .completion_date(at);
                if by_plan {
                    job = job.created_by(
                        RecoveryPointCreator::builder()
                            .backup_plan_id("p-1")
                            .backup_plan_name("daily")
                            .build(),
                    );
                }
                ListBackupJobsOutput::builder()
                    .backup_jobs(job.build())
                    .build()
            });
        let databases = mock!(aws_sdk_backup::Client::list_backup_jobs)
            .match_requests(|r| r.by_resource_type() == Some("RDS"))
            .then_output(|| ListBackupJobsOutput::builder().build());
        let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&tables, &databases]);
        BackupJobs::from_client(&client, now()).await.unwrap()
    }

    async fn judged(jobs: BackupJobs) -> Outcome {
        let facts = facts().in_region("us-east-1");
        facts.provide(DbInstances { instances: vec![] });
        facts.provide(DynamoDbTables {
            tables: vec![DynamoDbTable {
                name: "orders".to_owned(),
                arn: TABLE.to_owned(),
                status: "ACTIVE".to_owned(),
                deletion_protection: Some(true),
            }],
        });
        facts.provide(jobs);
        run(BackupCoverage, &BackupCoverage::META, facts, "").await
    }

    #[tokio::test]
    async fn a_table_a_plan_backed_up_within_a_day_passes() {
        let outcome = judged(jobs(BackupJobState::Completed, true, 3).await).await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(outcome.message, "orders was backed up 3 h ago (daily)");
    }

    #[tokio::test]
    async fn an_old_failed_or_on_demand_backup_fails() {
        let outcome = judged(jobs(BackupJobState::Completed, true, 30).await).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "orders: last backup 30 h ago, over 24 h (daily)"
        );
        let outcome = judged(jobs(BackupJobState::Failed, true, 3).await).await;
        assert_eq!(
            outcome.message,
            "orders: last backup job FAILED (daily): Access denied to KMS key"
        );
        let outcome = judged(jobs(BackupJobState::Completed, false, 3).await).await;
        assert_eq!(
            outcome.message,
            "orders is backed up only on demand: no backup plan covers it"
        );
    }

    #[tokio::test]
    async fn a_table_without_any_job_fails() {
        let empty = BackupJobs { jobs: vec![] };
        let outcome = judged(empty).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "orders has no backup job in the last week: no backup plan covers it"
        );
    }
}
