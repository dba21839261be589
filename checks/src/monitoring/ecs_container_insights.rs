//! Flags ECS clusters without Container Insights.

use crate::facts::EcsClusters;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every ECS cluster has the `containerInsights` setting `enabled` (or `enhanced`).
    /// ## Why it matters
    /// Without it there are no per-service CPU, memory and task metrics to watch a deploy by.
    /// ## Remediation
    /// `aws ecs update-cluster-settings --cluster NAME --settings name=containerInsights,value=enabled`.
    pub struct EcsContainerInsights;
    id: "monitoring.ecs-container-insights",
    title: "ECS clusters have Container Insights",
    category: Monitoring,
    severity: Low,
    facts: [EcsClusters],
}

#[async_trait]
impl Check for EcsContainerInsights {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let clusters = cx.fact::<EcsClusters>().await?;
        let findings = clusters
            .clusters
            .iter()
            .map(|c| match c.container_insights.as_deref() {
                Some(value @ ("enabled" | "enhanced")) => {
                    Finding::pass(&c.arn, format!("{} has Container Insights {value}", c.name))
                }
                Some(other) => {
                    Finding::fail(&c.arn, format!("{} has Container Insights {other}", c.name))
                }
                None => Finding::fail(
                    &c.arn,
                    format!("{} does not report Container Insights", c.name),
                ),
            })
            .collect();
        Ok(cx.judge("clusters", findings))
    }
}
