//! Flags DB instances without Performance Insights.

use crate::facts::DbInstances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance has Performance Insights enabled.
    /// ## Why it matters
    /// When a change slows the database, Performance Insights shows which queries and waits.
    /// ## Remediation
    /// `aws rds modify-db-instance --db-instance-identifier ID --enable-performance-insights`.
    pub struct RdsPerformanceInsights;
    id: "operations.rds-performance-insights",
    title: "RDS instances have Performance Insights",
    category: Operations,
    severity: Low,
    facts: [DbInstances],
}

const PERFORMANCE_INSIGHTS: Property = Property {
    noun: "DB instances",
    holds: "has Performance Insights",
    lacks: "has no Performance Insights",
    named: "Performance Insights",
};

#[async_trait]
impl Check for RdsPerformanceInsights {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        Ok(cx.judge_each(
            &PERFORMANCE_INSIGHTS,
            instances
                .instances
                .iter()
                .map(|db| (db.arn.as_str(), db.id.as_str(), db.performance_insights)),
        ))
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) does not report PerformanceInsightsEnabled, so every instance it describes
    //! fails here (that path runs against moto in `tests/`); the passing path is covered with
    //! `aws-smithy-mocks` answering DescribeDBInstances.

    use aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput;
    use aws_sdk_rds::types::DbInstance as SdkDbInstance;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn instances(performance_insights: bool) -> DbInstances {
        let rule = mock!(aws_sdk_rds::Client::describe_db_instances).then_output(move || {
            DescribeDbInstancesOutput::builder()
                .db_instances(
                    SdkDbInstance::builder()
                        .db_instance_identifier("orders-db")
                        .db_instance_arn("arn:aws:rds:us-east-1:123456789012:db:orders-db")
                        .db_instance_status("available")
                        .performance_insights_enabled(performance_insights)
                        .build(),
                )
                .build()
        });
        DbInstances::from_client(&mock_client!(aws_sdk_rds, [&rule]))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn passes_with_performance_insights() {
        let facts = facts();
        facts.provide(instances(true).await);
        let outcome = run(
            RdsPerformanceInsights,
            &RdsPerformanceInsights::META,
            facts,
            "",
        )
        .await;
        assert_status(&outcome, Status::Pass);
    }

    #[tokio::test]
    async fn fails_without() {
        let facts = facts();
        facts.provide(instances(false).await);
        let outcome = run(
            RdsPerformanceInsights,
            &RdsPerformanceInsights::META,
            facts,
            "",
        )
        .await;
        assert_status(&outcome, Status::Fail);
    }
}
