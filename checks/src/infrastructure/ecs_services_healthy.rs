//! Flags ECS services short of their desired count or with a failed deployment.

use crate::facts::EcsServices;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every ECS service runs its desired number of tasks and has no deployment whose
    /// `rolloutState` is `FAILED`. A region without services is not applicable, unless
    /// `require_services` is set: then it fails.
    /// ## Why it matters
    /// A service below its desired count is already degraded; a failed rollout means the last
    /// change did not land.
    /// ## Remediation
    /// Read the service's events (`aws ecs describe-services`) and the stopped tasks' reasons;
    /// fix the task definition or capacity before the next change.
    pub struct EcsServicesHealthy;
    id: "infrastructure.ecs-services-healthy",
    title: "ECS services run their desired count",
    category: Infrastructure,
    severity: Critical,
    presence: OnRequest["require_services"],
    facts: [EcsServices],
    tags: ["post-deploy"],
    params: [
        "require_services": Bool = "false" => "fail when the region has no ECS service at all",
    ],
}

#[async_trait]
impl Check for EcsServicesHealthy {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let services = cx.fact::<EcsServices>().await?;
        if services.services.is_empty() && cx.param::<bool>("require_services")? {
            return Ok(cx.absent("ECS services"));
        }
        let findings = services
            .services
            .iter()
            .map(|s| {
                let failed = s
                    .deployments
                    .iter()
                    .find(|d| d.rollout_state.as_deref() == Some("FAILED"));
                if let Some(deployment) = failed {
                    let why = deployment
                        .rollout_state_reason
                        .as_deref()
                        .unwrap_or("no reason given");
                    Finding::fail(
                        &s.arn,
                        format!("{}/{} has a failed deployment: {why}", s.cluster, s.name),
                    )
                } else if s.running < s.desired {
                    Finding::fail(
                        &s.arn,
                        format!(
                            "{}/{} runs {} of {} tasks",
                            s.cluster, s.name, s.running, s.desired
                        ),
                    )
                } else {
                    Finding::pass(
                        &s.arn,
                        format!(
                            "{}/{} runs {} of {} tasks",
                            s.cluster, s.name, s.running, s.desired
                        ),
                    )
                }
            })
            .collect();
        Ok(cx.judge("ECS services", findings))
    }
}
