//! Flags alarms that would notify nobody.

use crate::facts::{Alarms, SnsSubscriptions};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every alarm has actions enabled and at least one action on `ALARM` that reaches
    /// someone: an action that is not an SNS topic (Auto Scaling, EC2, Systems Manager), or
    /// an SNS topic with a confirmed subscription in the region.
    /// ## Why it matters
    /// An alarm without actions changes colour on a dashboard nobody is watching; one that
    /// notifies a topic nobody subscribes to alerts nobody either.
    /// ## Remediation
    /// `aws cloudwatch enable-alarm-actions` and add an SNS topic (or other action) to
    /// `AlarmActions`; `aws sns subscribe` the on-call address or pager to the topic and
    /// confirm it.
    pub struct AlarmActions;
    id: "monitoring.alarm-actions",
    title: "Alarms have actions",
    category: Monitoring,
    severity: Medium,
    facts: [Alarms, SnsSubscriptions],
}

/// Whether an alarm action is an SNS topic.
fn is_topic(arn: &str) -> bool {
    arn.split(':').nth(2) == Some("sns")
}

#[async_trait]
impl Check for AlarmActions {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let alarms = cx.fact::<Alarms>().await?;
        // Subscriptions are listed only when some alarm notifies a topic.
        let notifies_topics = alarms
            .alarms
            .iter()
            .any(|a| a.action_arns.iter().any(|arn| is_topic(arn)));
        let subscribed = if notifies_topics {
            Some(cx.fact::<SnsSubscriptions>().await?)
        } else {
            None
        };
        let findings = alarms
            .alarms
            .iter()
            .map(|a| match (a.actions_enabled, a.alarm_actions) {
                (false, _) => {
                    Finding::fail(a.resource(), format!("{} has actions disabled", a.name))
                }
                (true, 0) => Finding::fail(a.resource(), format!("{} has no alarm action", a.name)),
                // A snapshot from before gonogo recorded the actions' ARNs.
                (true, n) if a.action_arns.is_empty() => Finding::warn(
                    a.resource(),
                    format!(
                        "{} has {n} alarm action(s), not recorded: who they reach is unknown",
                        a.name
                    ),
                ),
                (true, n) => {
                    let reaches_someone = a.action_arns.iter().any(|arn| {
                        !is_topic(arn)
                            || subscribed
                                .as_ref()
                                .is_some_and(|s| s.subscribed_topics.contains(arn))
                    });
                    if reaches_someone {
                        Finding::pass(a.resource(), format!("{} has {n} alarm action(s)", a.name))
                    } else {
                        Finding::fail(
                            a.resource(),
                            format!(
                                "{} notifies nobody: no confirmed subscription to {}",
                                a.name,
                                a.action_arns.join(", ")
                            ),
                        )
                    }
                }
            })
            .collect();
        Ok(cx.judge("alarms", findings))
    }
}
