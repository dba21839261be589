//! Flags API stages without their own throttling limits.

use crate::facts::ApiStages;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every API Gateway stage (REST, HTTP and WebSocket) sets its own throttling: a rate
    /// and a burst limit on a REST stage's all-methods (`*/*`) settings, or on an HTTP or
    /// WebSocket stage's default route settings. This is the configuration side of the
    /// rate limiter; an HTTP probe is its behavioural side.
    /// ## Why it matters
    /// Without stage limits, one client's burst spends the account's regional limit (10,000
    /// requests a second, shared by every API in the region) and throttles all the others,
    /// or passes the whole flood to the backend.
    /// ## Remediation
    /// REST: `aws apigateway update-stage --rest-api-id ID --stage-name S --patch-operations
    /// op=replace,path=/*/*/throttling/rateLimit,value=100
    /// op=replace,path=/*/*/throttling/burstLimit,value=200`; HTTP: `aws apigatewayv2
    /// update-stage --api-id ID --stage-name S --default-route-settings
    /// ThrottlingRateLimit=100,ThrottlingBurstLimit=200`.
    pub struct ApiThrottling;
    id: "operations.api-throttling",
    title: "API stages have throttling limits",
    category: Operations,
    severity: Medium,
    facts: [ApiStages],
}

#[async_trait]
impl Check for ApiThrottling {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<ApiStages>().await?;
        let findings = listed
            .stages
            .iter()
            .map(|stage| match stage.throttling {
                Some(limits) => Finding::pass(
                    &stage.arn,
                    format!(
                        "{} throttles at {} requests/s, bursts of {}",
                        stage.label(),
                        limits.rate_limit,
                        limits.burst_limit
                    ),
                ),
                None => Finding::fail(
                    &stage.arn,
                    format!(
                        "{} ({}) sets no throttling limits",
                        stage.label(),
                        stage.protocol
                    ),
                ),
            })
            .collect();
        Ok(cx.judge("API stages", findings))
    }
}
