//! EC2 instances: their metadata options and instance profiles.

use async_trait::async_trait;
use aws_sdk_ec2::types::{HttpTokensState, InstanceMetadataEndpointState, InstanceStateName};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use super::ec2_arn;
use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One instance that is not terminated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ec2Instance {
    /// `i-…`.
    pub id: String,
    /// Instance ARN.
    pub arn: String,
    /// `pending`, `running`, `stopped`, …
    pub state: String,
    /// IMDSv2 required (`HttpTokens` `required`); `None`: not reported.
    pub imds_tokens_required: Option<bool>,
    /// The metadata endpoint is on; `None`: not reported.
    pub imds_enabled: Option<bool>,
    /// The instance profile's ARN (`None`: no profile).
    pub instance_profile: Option<String>,
}

/// Every instance in the region that is not terminated, sorted by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ec2Instances {
    /// The instances.
    pub instances: Vec<Ec2Instance>,
}

#[async_trait]
impl Fact for Ec2Instances {
    const NAME: &'static str = "EC2 instances";
    const KEY: &'static str = "ec2.instances";
    const CALLS: &'static [ApiCall] = api_calls!("EC2", "ec2": DescribeInstances);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let region = facts.region().unwrap_or_default();
        let reservations: Vec<_> = crate::aws_client!(aws_sdk_ec2, *config)
            .describe_instances()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut instances: Vec<Ec2Instance> = reservations
            .iter()
            .flat_map(|reservation| {
                let owner = reservation.owner_id().unwrap_or_default();
                reservation
                    .instances()
                    .iter()
                    .map(move |instance| (owner, instance))
            })
            .filter(|(_, instance)| {
                instance.state().and_then(|state| state.name())
                    != Some(&InstanceStateName::Terminated)
            })
            .map(|(owner, instance)| {
                let id = instance.instance_id().unwrap_or_default().to_owned();
                let metadata = instance.metadata_options();
                Ec2Instance {
                    arn: ec2_arn(region, owner, "instance", &id),
                    id,
                    state: instance
                        .state()
                        .and_then(|state| state.name())
                        .map_or_else(String::new, |name| name.as_str().to_owned()),
                    imds_tokens_required: metadata
                        .and_then(|options| options.http_tokens())
                        .map(|tokens| *tokens == HttpTokensState::Required),
                    imds_enabled: metadata
                        .and_then(|options| options.http_endpoint())
                        .map(|endpoint| *endpoint == InstanceMetadataEndpointState::Enabled),
                    instance_profile: instance
                        .iam_instance_profile()
                        .and_then(|profile| profile.arn())
                        .map(str::to_owned),
                }
            })
            .collect();
        instances.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { instances })
    }
}
