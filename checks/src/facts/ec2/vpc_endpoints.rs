//! The VPC endpoints that reach AWS services without the internet.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VpcEndpoint {
    /// `vpce-…`.
    pub id: String,
    /// The VPC it is in.
    pub vpc_id: String,
    /// The service it reaches (`com.amazonaws.us-east-1.s3`).
    pub service: String,
    /// `available`, `pending`, `deleting`, …
    pub state: Option<String>,
}

/// Every VPC endpoint in the region, sorted by id: one paginated listing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VpcEndpoints {
    /// The endpoints.
    pub endpoints: Vec<VpcEndpoint>,
}

#[async_trait]
impl Fact for VpcEndpoints {
    const NAME: &'static str = "VPC endpoints";
    const KEY: &'static str = "ec2.vpc-endpoints";
    const CALLS: &'static [ApiCall] = api_calls!("EC2", "ec2": DescribeVpcEndpoints);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let listed: Vec<_> = crate::aws_client!(aws_sdk_ec2, *config)
            .describe_vpc_endpoints()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut endpoints: Vec<VpcEndpoint> = listed
            .iter()
            .map(|endpoint| VpcEndpoint {
                id: endpoint.vpc_endpoint_id().unwrap_or_default().to_owned(),
                vpc_id: endpoint.vpc_id().unwrap_or_default().to_owned(),
                service: endpoint.service_name().unwrap_or_default().to_owned(),
                state: endpoint.state().map(|state| state.as_str().to_lowercase()),
            })
            .collect();
        endpoints.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { endpoints })
    }
}
