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
}

const PROTECTED: Property = Property {
    noun: "load balancers",
    holds: "is protected from deletion",
    lacks: "can be deleted",
    named: "deletion protection",
};

#[async_trait]
impl Check for ElbDeletionProtection {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<LoadBalancers>().await?;
        Ok(cx.judge_each(
            &PROTECTED,
            listed.load_balancers.iter().map(|lb| {
                let on = Some(lb.is_on("deletion_protection.enabled"));
                (lb.arn.as_str(), lb.name.as_str(), on)
            }),
        ))
    }
}
