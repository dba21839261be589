//! Flags a Terraform plan that deletes or replaces a resource holding data.

use crate::plan::{PlannedChange, TerraformChanges};
use crate::prelude::*;

/// The resource types that hold data: deleting one, or replacing it (a new, empty one in its
/// place), loses what it holds.
const HOLDS_DATA: &[&str] = &[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_redshift_cluster",
    "aws_dynamodb_table",
    "aws_s3_bucket",
    "aws_efs_file_system",
    "aws_ebs_volume",
    "aws_kms_key",
    "aws_secretsmanager_secret",
    "aws_cloudwatch_log_group",
    "aws_sqs_queue",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_backup_vault",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
];

declare_check! {
    /// ## What it checks
    /// With `gonogo audit --plan`: no change of the plan deletes or replaces a resource that
    /// holds data (DB instances and clusters, DynamoDB tables, S3 buckets, EFS file systems,
    /// EBS volumes, KMS keys, secrets, log groups, SQS queues, ElastiCache clusters, Backup
    /// vaults, OpenSearch domains). A replace names the attributes that force it. Without a
    /// plan, or when the plan touches no such resource, it is not applicable.
    /// ## Why it matters
    /// `terraform apply` deletes what the plan says, data and all; a replace forced by one
    /// changed attribute (a table's key, a database's engine) reads like an update in a long
    /// plan and starts again from empty.
    /// ## Remediation
    /// Change the configuration so the resource is updated in place (or moved, with a
    /// `moved` block), add `lifecycle { prevent_destroy = true }` to what must never go, and
    /// take a backup first. To accept one on purpose, waive this check for its address.
    pub struct PlanDestroysData;
    id: "operations.plan-destroys-data",
    title: "The Terraform plan deletes or replaces no resource that holds data",
    category: Operations,
    severity: Critical,
    scope: Global,
    facts: [TerraformChanges],
    tags: ["plan"],
}

#[async_trait]
impl Check for PlanDestroysData {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let changes = cx.fact::<TerraformChanges>().await?;
        let Some(plan) = &changes.plan else {
            return Ok(Outcome::skip(
                "not applicable: no Terraform plan given (gonogo audit --plan PLAN.json)",
            ));
        };
        let findings = plan
            .iter()
            .filter(|change| HOLDS_DATA.contains(&change.resource_type.as_str()))
            .map(finding)
            .collect();
        Ok(cx.judge("planned changes to resources that hold data", findings))
    }
}

fn finding(change: &PlannedChange) -> Finding {
    let what = match &change.existing {
        Some(existing) => format!("{} ({existing})", change.address),
        None => change.address.clone(),
    };
    let mut finding = match change.kind.as_str() {
        "delete" => Finding::fail(
            &change.address,
            format!("{what} would be deleted, with the data it holds"),
        ),
        "replace" => {
            let forced = if change.replace_paths.is_empty() {
                String::new()
            } else {
                format!(" (forced by {})", change.replace_paths.join(", "))
            };
            Finding::fail(
                &change.address,
                format!("{what} would be replaced{forced}: the new one starts empty"),
            )
        }
        kind => Finding::pass(&change.address, format!("{what}: {kind}, its data kept")),
    };
    finding.address = Some(change.address.clone());
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{facts, run};
    use gonogo_core::outcome::Status;

    async fn run_check(changes: TerraformChanges) -> Outcome {
        let facts = facts();
        facts.provide(changes);
        run(PlanDestroysData, &PlanDestroysData::META, facts, "").await
    }

    fn change(address: &str, kind: &str, replace_paths: &[&str]) -> PlannedChange {
        PlannedChange {
            address: address.to_owned(),
            resource_type: address.split('.').next().unwrap().to_owned(),
            kind: kind.to_owned(),
            replace_paths: replace_paths.iter().map(|p| (*p).to_owned()).collect(),
            existing: Some("sessions".to_owned()),
        }
    }

    #[tokio::test]
    async fn deleting_or_replacing_a_table_fails_and_names_why() {
        let outcome = run_check(TerraformChanges {
            plan: Some(vec![
                change("aws_dynamodb_table.sessions", "delete", &[]),
                change("aws_db_instance.main", "replace", &["engine"]),
                change("aws_security_group.web", "delete", &[]),
            ]),
        })
        .await;
        assert_eq!(outcome.status, Status::Fail);
        let messages: Vec<&str> = outcome
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "aws_dynamodb_table.sessions (sessions) would be deleted, with the data it holds",
                "aws_db_instance.main (sessions) would be replaced (forced by engine): the new one starts empty",
            ]
        );
        assert_eq!(
            outcome.findings[0].address.as_deref(),
            Some("aws_dynamodb_table.sessions")
        );
    }

    #[tokio::test]
    async fn creating_and_updating_keep_the_data() {
        let outcome = run_check(TerraformChanges {
            plan: Some(vec![change("aws_dynamodb_table.sessions", "update", &[])]),
        })
        .await;
        assert_eq!(outcome.status, Status::Pass, "{outcome:?}");
    }

    #[tokio::test]
    async fn without_a_plan_it_is_not_applicable() {
        let outcome = run_check(TerraformChanges::default()).await;
        assert!(outcome.is_not_applicable(), "{outcome:?}");
        let untouched = run_check(TerraformChanges {
            plan: Some(vec![change("aws_security_group.web", "delete", &[])]),
        })
        .await;
        assert!(untouched.is_not_applicable(), "{untouched:?}");
    }
}
