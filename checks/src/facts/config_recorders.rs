//! AWS Config: the region's configuration recorders, what they record and their status.

use async_trait::async_trait;
use aws_sdk_config::types::RecorderStatus;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One configuration recorder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigRecorder {
    /// Recorder name (`default`).
    pub name: String,
    /// Records every supported resource type.
    pub all_supported: bool,
    /// Records global resource types (IAM) too.
    pub include_global_resource_types: bool,
    /// Recording now (`None`: no status reported).
    pub recording: Option<bool>,
    /// The last delivery: `Pending`, `Success` or `Failure` (`None`: not reported).
    pub last_status: Option<String>,
    /// The last error, when there was one.
    pub last_error: Option<String>,
}

/// Every configuration recorder in the region (there is at most one per region today).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigRecorders {
    /// The recorders, sorted by name.
    pub recorders: Vec<ConfigRecorder>,
}

#[async_trait]
impl Fact for ConfigRecorders {
    const NAME: &'static str = "AWS Config recorders";
    const KEY: &'static str = "config.recorders";
    const CALLS: &'static [ApiCall] = api_calls!(
        "Config Service",
        "config": DescribeConfigurationRecorders,
        DescribeConfigurationRecorderStatus
    );
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_config, *config)).await
    }
}

impl ConfigRecorders {
    /// Describes the recorders and their status through `client`: two calls, each answering
    /// for every recorder of the region.
    pub async fn from_client(client: &aws_sdk_config::Client) -> Result<Self, FactError> {
        let recorders = client
            .describe_configuration_recorders()
            .send()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let statuses = client
            .describe_configuration_recorder_status()
            .send()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut recorders: Vec<ConfigRecorder> = recorders
            .configuration_recorders()
            .iter()
            .map(|recorder| {
                let name = recorder.name().unwrap_or_default().to_owned();
                let group = recorder.recording_group();
                let status = statuses
                    .configuration_recorders_status()
                    .iter()
                    .find(|status| status.name() == Some(name.as_str()));
                ConfigRecorder {
                    all_supported: group.is_some_and(|group| group.all_supported()),
                    include_global_resource_types: group
                        .is_some_and(|group| group.include_global_resource_types()),
                    recording: status.map(|status| status.recording()),
                    last_status: status
                        .and_then(|status| status.last_status())
                        .map(|last| last.as_str().to_owned()),
                    last_error: status
                        .filter(|status| status.last_status() == Some(&RecorderStatus::Failure))
                        .and_then(|status| status.last_error_message().or(status.last_error_code()))
                        .map(str::to_owned),
                    name,
                }
            })
            .collect();
        recorders.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { recorders })
    }
}
