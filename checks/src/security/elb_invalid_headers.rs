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
}

const DROPS_INVALID_HEADERS: Property = Property {
    noun: "application load balancers",
    holds: "drops invalid headers",
    lacks: "passes invalid headers on",
    named: "whether it drops invalid headers",
};

#[async_trait]
impl Check for ElbInvalidHeaders {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<LoadBalancers>().await?;
        Ok(cx.judge_each(
            &DROPS_INVALID_HEADERS,
            listed
                .load_balancers
                .iter()
                .filter(|lb| lb.kind == "application")
                .map(|lb| {
                    let on = Some(lb.is_on("routing.http.drop_invalid_header_fields.enabled"));
                    (lb.arn.as_str(), lb.name.as_str(), on)
                }),
        ))
    }
}
