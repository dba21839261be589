//! Flags API stages that keep no access log.

use crate::facts::ApiStages;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every API Gateway stage (REST, HTTP and WebSocket) sends access logs to a
    /// destination (a CloudWatch Logs group or a Firehose stream).
    /// ## Why it matters
    /// Access logs are the record of who called what, when and with what answer: the
    /// evidence for a 24-hour review, an abuse report or an incident.
    /// ## Remediation
    /// REST: `aws apigateway update-stage --rest-api-id ID --stage-name S --patch-operations
    /// op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN`; HTTP: `aws
    /// apigatewayv2 update-stage --api-id ID --stage-name S --access-log-settings
    /// DestinationArn=LOG_GROUP_ARN,Format='$context.requestId'`.
    pub struct ApiAccessLogs;
    id: "monitoring.api-access-logs",
    title: "API stages keep access logs",
    category: Monitoring,
    severity: Medium,
    facts: [ApiStages],
}

#[async_trait]
impl Check for ApiAccessLogs {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<ApiStages>().await?;
        let findings = listed
            .stages
            .iter()
            .map(|stage| match &stage.access_log_destination {
                Some(destination) => Finding::pass(
                    &stage.arn,
                    format!("{} logs access to {destination}", stage.label()),
                ),
                None => Finding::fail(
                    &stage.arn,
                    format!("{} ({}) keeps no access log", stage.label(), stage.protocol),
                ),
            })
            .collect();
        Ok(cx.judge("API stages", findings))
    }
}
