//! Flags ECS services deployed without the circuit breaker and rollback.

use crate::facts::EcsServices;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every ECS service has the deployment circuit breaker enabled with rollback.
    /// ## Why it matters
    /// Without it a broken deploy keeps replacing healthy tasks with failing ones until
    /// someone notices; with it ECS stops and rolls back on its own.
    /// ## Remediation
    /// `aws ecs update-service --cluster C --service S --deployment-configuration
    /// "deploymentCircuitBreaker={enable=true,rollback=true}"`.
    pub struct EcsCircuitBreaker;
    id: "operations.ecs-circuit-breaker",
    title: "ECS services roll back failed deployments",
    category: Operations,
    severity: High,
    facts: [EcsServices],
}

#[async_trait]
impl Check for EcsCircuitBreaker {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let services = cx.fact::<EcsServices>().await?;
        let findings = services
            .services
            .iter()
            .map(|s| {
                let name = format!("{}/{}", s.cluster, s.name);
                match (s.circuit_breaker_enabled, s.circuit_breaker_rollback) {
                    (Some(true), Some(true)) => Finding::pass(
                        &s.arn,
                        format!("{name} has the circuit breaker with rollback"),
                    ),
                    (Some(true), _) => Finding::fail(
                        &s.arn,
                        format!("{name} has the circuit breaker without rollback"),
                    ),
                    _ => Finding::fail(&s.arn, format!("{name} has no deployment circuit breaker")),
                }
            })
            .collect();
        Ok(cx.judge("services", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) ignores `deploymentConfiguration`, so every service it reports has no circuit
    //! breaker (that failing path runs against moto in `tests/`). The passing path and the
    //! "without rollback" path are covered here with `aws-smithy-mocks` answering ListServices
    //! and DescribeServices.

    use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
    use aws_sdk_ecs::operation::list_services::ListServicesOutput;
    use aws_sdk_ecs::types::{DeploymentCircuitBreaker, DeploymentConfiguration, Service};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::facts::{EcsCluster, EcsClusters};
    use crate::testing::{assert_status, facts, run};

    async fn services(rollback: bool) -> EcsServices {
        let listed = mock!(aws_sdk_ecs::Client::list_services).then_output(|| {
            ListServicesOutput::builder()
                .service_arns("arn:aws:ecs:us-east-1:123456789012:service/prod/web")
                .build()
        });
        let described = mock!(aws_sdk_ecs::Client::describe_services).then_output(move || {
            let breaker = DeploymentCircuitBreaker::builder()
                .enable(true)
                .rollback(rollback)
                .build();
            DescribeServicesOutput::builder()
                .services(
                    Service::builder()
                        .service_name("web")
                        .service_arn("arn:aws:ecs:us-east-1:123456789012:service/prod/web")
                        .desired_count(2)
                        .running_count(2)
                        .deployment_configuration(
                            DeploymentConfiguration::builder()
                                .deployment_circuit_breaker(breaker)
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
        let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&listed, &described]);
        let clusters = EcsClusters {
            clusters: vec![EcsCluster {
                name: "prod".to_owned(),
                arn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod".to_owned(),
                status: "ACTIVE".to_owned(),
                container_insights: Some("enabled".to_owned()),
            }],
        };
        EcsServices::from_client(&client, &clusters).await.unwrap()
    }

    #[tokio::test]
    async fn passes_with_the_circuit_breaker_and_rollback() {
        let facts = facts();
        facts.provide(services(true).await);
        let outcome = run(EcsCircuitBreaker, &EcsCircuitBreaker::META, facts, "").await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(
            outcome.message,
            "prod/web has the circuit breaker with rollback"
        );
    }

    #[tokio::test]
    async fn fails_without_rollback() {
        let facts = facts();
        facts.provide(services(false).await);
        let outcome = run(EcsCircuitBreaker, &EcsCircuitBreaker::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "prod/web has the circuit breaker without rollback"
        );
    }
}
