//! Flags a region without ECS clusters, inactive clusters, and missing expected ones.

use crate::facts::EcsClusters;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// At least one ECS cluster exists, every cluster is `ACTIVE`, and every name in
    /// `expected_clusters` exists.
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
    tags: ["quick"],
    params: ["expected_clusters": StringList = "[]" => "cluster names that must exist"],
}

#[async_trait]
impl Check for EcsClustersActive {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let clusters = cx.fact::<EcsClusters>().await?;
        let expected: Vec<String> = cx.param("expected_clusters")?;
        if clusters.clusters.is_empty() && expected.is_empty() {
            return Ok(Outcome::from_findings(
                "clusters",
                vec![Finding::fail("ecs", "no ECS cluster exists")],
            ));
        }
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
        Ok(Outcome::from_findings("clusters", findings))
    }
}
