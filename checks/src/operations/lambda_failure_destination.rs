//! Flags Lambda functions that drop the asynchronous events they fail.

use crate::facts::{LambdaConfigurations, LambdaFailureDestinations};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every function keeps the asynchronous events it fails: it has a dead-letter queue
    /// (`DeadLetterConfig`) or an on-failure destination in an event invoke configuration.
    /// The API does not say which functions are invoked asynchronously, so every function
    /// is judged; exempt the synchronous ones with `exclude`.
    /// ## Why it matters
    /// After its retries, Lambda discards an asynchronous event that keeps failing. Without
    /// a place to send it, the order, upload or message is gone with no trace.
    /// ## Remediation
    /// `aws lambda put-function-event-invoke-config --function-name NAME
    /// --destination-config '{"OnFailure":{"Destination":"QUEUE_OR_TOPIC_ARN"}}'`.
    pub struct LambdaFailureDestination;
    id: "operations.lambda-failure-destination",
    title: "Lambda functions keep failed asynchronous events",
    category: Operations,
    severity: Medium,
    facts: [LambdaConfigurations, LambdaFailureDestinations],
    params: ["exclude": StringList = "[]" => "functions invoked only synchronously, not judged"],
}

#[async_trait]
impl Check for LambdaFailureDestination {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let functions = cx.fact::<LambdaConfigurations>().await?;
        let destinations = cx.fact::<LambdaFailureDestinations>().await?;
        let exclude: Vec<String> = cx.param("exclude")?;
        let findings = functions
            .functions
            .iter()
            .filter(|f| !exclude.contains(&f.name))
            .map(|function| {
                match (
                    &function.dead_letter_target,
                    destinations.destinations.get(&function.arn),
                ) {
                    (_, Some(target)) => Finding::pass(
                        &function.arn,
                        format!("{} sends failed events to {target}", function.name),
                    ),
                    (Some(queue), None) => Finding::pass(
                        &function.arn,
                        format!("{} dead-letters to {queue}", function.name),
                    ),
                    (None, None) => Finding::fail(
                        &function.arn,
                        format!(
                            "{} has no dead-letter queue or on-failure destination",
                            function.name
                        ),
                    ),
                }
            })
            .collect();
        Ok(cx.judge("functions", findings))
    }
}
