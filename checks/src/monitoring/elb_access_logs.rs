//! Flags load balancers that do not log their requests (CIS 4.10, for load balancers).

use crate::facts::LoadBalancers;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every application and network load balancer writes access logs to S3
    /// (`access_logs.s3.enabled`). Gateway load balancers keep no access logs and are left
    /// out.
    /// ## Why it matters
    /// The access log is the record of who called the front end, from where, and what it
    /// answered: what an incident review starts from, and what no other log holds.
    /// ## Remediation
    /// `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes
    /// Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=BUCKET`.
    pub struct ElbAccessLogs;
    id: "monitoring.elb-access-logs",
    title: "Load balancers write access logs",
    category: Monitoring,
    severity: Medium,
    facts: [LoadBalancers],
}

#[async_trait]
impl Check for ElbAccessLogs {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<LoadBalancers>().await?;
        let findings = listed
            .load_balancers
            .iter()
            .filter(|lb| lb.kind != "gateway")
            .map(|lb| {
                if lb.is_on("access_logs.s3.enabled") {
                    let bucket = lb
                        .attributes
                        .get("access_logs.s3.bucket")
                        .map(String::as_str)
                        .unwrap_or("?");
                    Finding::pass(&lb.arn, format!("{} logs to s3://{bucket}", lb.name))
                } else {
                    Finding::fail(&lb.arn, format!("{} writes no access logs", lb.name))
                }
            })
            .collect();
        Ok(cx.judge("load balancers", findings))
    }
}
