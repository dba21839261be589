//! Flags load balancers that one call could delete.

use crate::facts::LoadBalancers;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every load balancer has deletion protection on (`deletion_protection.enabled`).
    /// ## Why it matters
    /// Deleting a load balancer takes the service's front door down at once, and a new one
    /// has a new DNS name that every client and record must learn.
    /// ## Remediation
    /// `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes
    /// Key=deletion_protection.enabled,Value=true`.
    pub struct ElbDeletionProtection;
    id: "operations.elb-deletion-protection",
    title: "Load balancers have deletion protection",
    category: Operations,
    severity: Medium,
    facts: [LoadBalancers],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for ElbDeletionProtection {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<LoadBalancers>().await?;
        let findings = listed
            .load_balancers
            .iter()
            .map(|lb| {
                if lb.is_on("deletion_protection.enabled") {
                    Finding::pass(&lb.arn, format!("{} is protected from deletion", lb.name))
                } else {
                    Finding::fail(&lb.arn, format!("{} can be deleted", lb.name))
                }
            })
            .collect();
        Ok(cx.judge("load balancers", findings))
    }
}
