//! Flags application load balancers that pass invalid HTTP headers on.

use crate::facts::LoadBalancers;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every application load balancer drops HTTP headers that are not valid
    /// (`routing.http.drop_invalid_header_fields.enabled`). Network and gateway load
    /// balancers do not parse HTTP and are left out.
    /// ## Why it matters
    /// Headers the load balancer and the application read differently are how request
    /// smuggling and header injection reach the application.
    /// ## Remediation
    /// `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes
    /// Key=routing.http.drop_invalid_header_fields.enabled,Value=true`.
    pub struct ElbInvalidHeaders;
    id: "security.elb-drop-invalid-headers",
    title: "Application load balancers drop invalid headers",
    category: Security,
    severity: Medium,
    facts: [LoadBalancers],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for ElbInvalidHeaders {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<LoadBalancers>().await?;
        let findings = listed
            .load_balancers
            .iter()
            .filter(|lb| lb.kind == "application")
            .map(|lb| {
                if lb.is_on("routing.http.drop_invalid_header_fields.enabled") {
                    Finding::pass(&lb.arn, format!("{} drops invalid headers", lb.name))
                } else {
                    Finding::fail(&lb.arn, format!("{} passes invalid headers on", lb.name))
                }
            })
            .collect();
        Ok(cx.judge("application load balancers", findings))
    }
}
