//! Flags regions where AWS Config does not record everything (CIS 4.3).

use crate::facts::{CallerIdentity, ConfigRecorders};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The region has a configuration recorder that records every supported resource type,
    /// global ones (IAM) included, is recording, and whose last delivery did not fail.
    /// `Pending` (a recorder that has just started) is accepted.
    /// ## Why it matters
    /// Config is the history of every resource's configuration: what an incident responder
    /// diffs against, and what Security Hub and conformance packs evaluate.
    /// ## Remediation
    /// `aws configservice put-configuration-recorder --configuration-recorder
    /// name=default,roleARN=ROLE --recording-group allSupported=true,includeGlobalResourceTypes=true`,
    /// a delivery channel, then `aws configservice start-configuration-recorder
    /// --configuration-recorder-name default`.
    pub struct ConfigRecording;
    id: "monitoring.config-recording",
    title: "AWS Config records every resource type",
    category: Monitoring,
    severity: Medium,
    presence: Required,
    facts: [ConfigRecorders, CallerIdentity],
    tags: ["logging"],
}

#[async_trait]
impl Check for ConfigRecording {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let recorders = cx.fact::<ConfigRecorders>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let resource = |name: &str| {
            format!(
                "arn:aws:config:{region}:{}:configuration-recorder/{name}",
                identity.account_id
            )
        };
        if recorders.recorders.is_empty() {
            return Ok(cx.judge(
                "regions",
                vec![Finding::fail(
                    resource("*"),
                    format!("no configuration recorder in {region}"),
                )],
            ));
        }
        let findings = recorders
            .recorders
            .iter()
            .map(|recorder| {
                let mut gaps = Vec::new();
                if !recorder.all_supported {
                    gaps.push("does not record every resource type".to_owned());
                }
                if !recorder.include_global_resource_types {
                    gaps.push("leaves out global resource types".to_owned());
                }
                if recorder.recording != Some(true) {
                    gaps.push("is not recording".to_owned());
                }
                if recorder.last_status.as_deref() == Some("Failure") {
                    gaps.push(match &recorder.last_error {
                        Some(error) => format!("last delivery failed: {error}"),
                        None => "last delivery failed".to_owned(),
                    });
                }
                let name = &recorder.name;
                if gaps.is_empty() {
                    Finding::pass(
                        resource(name),
                        format!("{name} records everything in {region}"),
                    )
                } else {
                    Finding::fail(resource(name), format!("{name} {}", gaps.join(", ")))
                }
            })
            .collect();
        Ok(cx.judge("configuration recorders", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto leaves a started recorder `Pending` for ever, so `Success` and `Failure` are
    //! covered here with `aws-smithy-mocks` answering the two Config calls; the empty region
    //! and the `Pending` recorder run end to end against moto in `tests/`.

    use aws_sdk_config::operation::describe_configuration_recorder_status::DescribeConfigurationRecorderStatusOutput;
    use aws_sdk_config::operation::describe_configuration_recorders::DescribeConfigurationRecordersOutput;
    use aws_sdk_config::types::{
        ConfigurationRecorder, ConfigurationRecorderStatus, RecorderStatus, RecordingGroup,
    };
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn recorder_with(status: RecorderStatus, error: Option<&'static str>) -> ConfigRecorders {
        let recorders = mock!(aws_sdk_config::Client::describe_configuration_recorders)
            .then_output(|| {
                DescribeConfigurationRecordersOutput::builder()
                    .configuration_recorders(
                        ConfigurationRecorder::builder()
                            .name("default")
                            .recording_group(
                                RecordingGroup::builder()
                                    .all_supported(true)
                                    .include_global_resource_types(true)
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            });
        let statuses = mock!(aws_sdk_config::Client::describe_configuration_recorder_status)
            .then_output(move || {
                DescribeConfigurationRecorderStatusOutput::builder()
                    .configuration_recorders_status(
                        ConfigurationRecorderStatus::builder()
                            .name("default")
                            .recording(true)
                            .last_status(status.clone())
                            .set_last_error_message(error.map(str::to_owned))
                            .build(),
                    )
                    .build()
            });
        let client = mock_client!(aws_sdk_config, [&recorders, &statuses]);
        ConfigRecorders::from_client(&client).await.unwrap()
    }

    #[tokio::test]
    async fn passes_when_the_last_delivery_succeeded() {
        let facts = facts();
        facts.provide(recorder_with(RecorderStatus::Success, None).await);
        assert_status(
            &run(ConfigRecording, &ConfigRecording::META, facts, "").await,
            Status::Pass,
        );
    }

    #[tokio::test]
    async fn fails_when_the_last_delivery_failed() {
        let facts = facts();
        facts.provide(
            recorder_with(RecorderStatus::Failure, Some("the bucket does not exist")).await,
        );
        let outcome = run(ConfigRecording, &ConfigRecording::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "default last delivery failed: the bucket does not exist"
        );
    }
}
