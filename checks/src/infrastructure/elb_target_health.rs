//! Flags target groups in use with an unhealthy target or no healthy one.

use crate::facts::TargetGroups;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every target group a load balancer routes to has at least one healthy target and
    /// none unhealthy (`unhealthy`, `unhealthy.draining`). Targets still registering
    /// (`initial`) or draining are named but do not fail the group while a healthy one
    /// serves. A group with no healthy target fails: the load balancer has nowhere to send
    /// its traffic.
    /// ## Why it matters
    /// "Zero downtime" means the load balancer always has a healthy target. Right after a
    /// deploy, an unhealthy target is the new version failing its health check.
    /// ## Remediation
    /// `aws elbv2 describe-target-health --target-group-arn ARN` says why each target fails
    /// (`Target.FailedHealthChecks`, `Target.Timeout`, …); fix the application or the health
    /// check path, or roll back.
    pub struct ElbTargetHealth;
    id: "infrastructure.elb-target-health",
    title: "Load balancer target groups are healthy",
    category: Infrastructure,
    severity: Critical,
    facts: [TargetGroups],
    tags: ["post-deploy"],
}

#[async_trait]
impl Check for ElbTargetHealth {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let groups = cx.fact::<TargetGroups>().await?;
        let findings = groups
            .groups
            .iter()
            .map(|group| {
                let in_state = |wanted: &dyn Fn(&str) -> bool| -> Vec<String> {
                    group
                        .targets
                        .iter()
                        .filter(|t| wanted(&t.state))
                        .map(|t| match &t.reason {
                            Some(reason) => format!("{} ({reason})", t.id),
                            None => t.id.clone(),
                        })
                        .collect()
                };
                let healthy = in_state(&|s| s == "healthy");
                let unhealthy = in_state(&|s| s.starts_with("unhealthy"));
                if !unhealthy.is_empty() {
                    Finding::fail(
                        &group.arn,
                        format!(
                            "{}: {} of {} targets unhealthy: {}",
                            group.name,
                            unhealthy.len(),
                            group.targets.len(),
                            unhealthy.join(", ")
                        ),
                    )
                } else if healthy.is_empty() {
                    Finding::fail(
                        &group.arn,
                        format!(
                            "{} has no healthy target ({} registered)",
                            group.name,
                            group.targets.len()
                        ),
                    )
                } else {
                    Finding::pass(
                        &group.arn,
                        format!(
                            "{}: {} of {} targets healthy",
                            group.name,
                            healthy.len(),
                            group.targets.len()
                        ),
                    )
                }
            })
            .collect();
        Ok(cx.judge("target groups in use", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto reports a running target `healthy` and a stopped one `unused`, never
    //! `unhealthy`: that side is covered here over hand-built facts.

    use gonogo_core::Status;

    use super::*;
    use crate::facts::{Target, TargetGroup};
    use crate::testing::{assert_status, facts, run};

    fn target(id: &str, state: &str, reason: Option<&str>) -> Target {
        Target {
            id: id.to_owned(),
            port: Some(80),
            state: state.to_owned(),
            reason: reason.map(str::to_owned),
        }
    }

    async fn judged(targets: Vec<Target>) -> Outcome {
        let facts = facts().in_region("us-east-1");
        facts.provide(TargetGroups {
            groups: vec![TargetGroup {
                name: "web".to_owned(),
                arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1"
                    .to_owned(),
                load_balancers: vec!["arn:lb".to_owned()],
                targets,
            }],
        });
        run(ElbTargetHealth, &ElbTargetHealth::META, facts, "").await
    }

    #[tokio::test]
    async fn an_unhealthy_target_or_none_healthy_fails() {
        let outcome = judged(vec![
            target("i-1", "healthy", None),
            target("i-2", "unhealthy", Some("Target.FailedHealthChecks")),
        ])
        .await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "web: 1 of 2 targets unhealthy: i-2 (Target.FailedHealthChecks)"
        );
        let outcome = judged(vec![target("i-3", "initial", None)]).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(outcome.message, "web has no healthy target (1 registered)");
        assert_status(&judged(Vec::new()).await, Status::Fail);
    }

    #[tokio::test]
    async fn healthy_targets_pass_beside_one_still_registering() {
        let outcome = judged(vec![
            target("i-1", "healthy", None),
            target("i-4", "initial", None),
        ])
        .await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(outcome.message, "web: 1 of 2 targets healthy");
    }
}
