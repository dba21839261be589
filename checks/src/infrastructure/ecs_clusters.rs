//! Flags inactive ECS clusters and missing expected ones.

use crate::facts::EcsClusters;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every ECS cluster is `ACTIVE`, and every name in `expected_clusters` exists. A region
    /// without clusters is not applicable unless `expected_clusters` names some.
    /// ## Why it matters
    /// Services deploy into clusters: a missing or draining cluster fails the deploy.
    /// ## Remediation
    /// Create the cluster (`aws ecs create-cluster`) or correct `expected_clusters`; investigate
    /// clusters that are not `ACTIVE`.
    pub struct EcsClustersActive;
    id: "infrastructure.ecs-clusters",
    title: "ECS clusters exist and are active",
    category: Infrastructure,
    severity: High,
    presence: OnRequest["expected_clusters"],
    facts: [EcsClusters],
    tags: ["quick"],
    params: ["expected_clusters": StringList = "[]" => "cluster names that must exist"],
}

#[async_trait]
impl Check for EcsClustersActive {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let clusters = cx.fact::<EcsClusters>().await?;
        let expected: Vec<String> = cx.param("expected_clusters")?;
        let mut findings: Vec<Finding> = clusters
            .clusters
            .iter()
            .map(|c| {
                if c.status == "ACTIVE" {
                    Finding::pass(&c.arn, format!("{} is ACTIVE", c.name))
                } else {
                    Finding::fail(&c.arn, format!("{} is {}", c.name, c.status))
                }
            })
            .collect();
        for name in expected
            .iter()
            .filter(|n| !clusters.clusters.iter().any(|c| &c.name == *n))
        {
            findings.push(Finding::fail(
                name,
                format!("expected cluster {name} does not exist"),
            ));
        }
        Ok(cx.judge("ECS clusters", findings))
    }
}
