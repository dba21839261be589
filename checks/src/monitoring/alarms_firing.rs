//! Flags alarms that are firing.

use crate::facts::Alarms;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No CloudWatch alarm, metric or composite, is in state `ALARM`. A region without alarms
    /// is not applicable, unless `require_alarms` is set: then having no alarm at all fails.
    /// ## Why it matters
    /// Changing production while it is already alarming hides the change's effect and
    /// compounds the incident.
    /// ## Remediation
    /// Resolve (or consciously acknowledge) the firing alarm before the change.
    pub struct AlarmsFiring;
    id: "monitoring.alarms-firing",
    title: "No alarm is firing",
    category: Monitoring,
    severity: Critical,
    presence: OnRequest["require_alarms"],
    facts: [Alarms],
    tags: ["post-deploy"],
    params: [
        "require_alarms": Bool = "false" => "fail when the region has no CloudWatch alarm at all",
    ],
}

#[async_trait]
impl Check for AlarmsFiring {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let alarms = cx.fact::<Alarms>().await?;
        if alarms.alarms.is_empty() && cx.param::<bool>("require_alarms")? {
            return Ok(cx.absent("CloudWatch alarms"));
        }
        let findings = alarms
            .alarms
            .iter()
            .map(|a| {
                if a.state == "ALARM" {
                    Finding::fail(
                        a.resource(),
                        format!("{} is in ALARM: {}", a.name, a.state_reason),
                    )
                } else {
                    Finding::pass(a.resource(), format!("{} is {}", a.name, a.state))
                }
            })
            .collect();
        Ok(cx.judge("alarms", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) has no PutCompositeAlarm, so composite alarms are covered here with
    //! `aws-smithy-mocks` answering DescribeAlarms; metric alarms run against moto in `tests/`.

    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::types::{CompositeAlarm, MetricAlarm, StateValue};
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn alarms(composite_state: StateValue) -> Alarms {
        let rule = mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_output(move || {
            DescribeAlarmsOutput::builder()
                .metric_alarms(
                    MetricAlarm::builder()
                        .alarm_name("api-errors")
                        .state_value(StateValue::Ok)
                        .build(),
                )
                .composite_alarms(
                    CompositeAlarm::builder()
                        .alarm_name("checkout-health")
                        .alarm_arn(
                            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-health",
                        )
                        .state_value(composite_state.clone())
                        .state_reason("api-errors is in ALARM")
                        .build(),
                )
                .build()
        });
        let client = mock_client!(aws_sdk_cloudwatch, [&rule]);
        Alarms::from_client(&client).await.unwrap()
    }

    #[tokio::test]
    async fn a_composite_alarm_in_alarm_fails() {
        let facts = facts();
        facts.provide(alarms(StateValue::Alarm).await);
        let outcome = run(AlarmsFiring, &AlarmsFiring::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "1 of 2 alarms failing: checkout-health is in ALARM: api-errors is in ALARM"
        );
    }

    #[tokio::test]
    async fn composite_and_metric_alarms_ok_pass() {
        let facts = facts();
        facts.provide(alarms(StateValue::Ok).await);
        assert_status(
            &run(AlarmsFiring, &AlarmsFiring::META, facts, "").await,
            Status::Pass,
        );
    }
}
