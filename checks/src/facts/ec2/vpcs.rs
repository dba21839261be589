//! VPCs and the flow logs that watch them.

use async_trait::async_trait;
use futures::TryFutureExt;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use super::ec2_arn;
use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One flow log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowLog {
    /// `fl-…`.
    pub id: String,
    /// `ACTIVE` when it is delivering.
    pub status: Option<String>,
    /// `ALL`, `ACCEPT` or `REJECT`.
    pub traffic_type: Option<String>,
}

impl FlowLog {
    /// Active (not being deleted, not failed).
    pub fn is_active(&self) -> bool {
        self.status.as_deref() == Some("ACTIVE")
    }
}

/// One VPC and the flow logs whose resource it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    /// `vpc-…`.
    pub id: String,
    /// VPC ARN.
    pub arn: String,
    /// The region's default VPC.
    pub is_default: bool,
    /// Its flow logs.
    pub flow_logs: Vec<FlowLog>,
}

/// Every VPC in the region with its flow logs, sorted by id: two listings, joined here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VpcFlowLogs {
    /// The VPCs.
    pub vpcs: Vec<Vpc>,
}

#[async_trait]
impl Fact for VpcFlowLogs {
    const NAME: &'static str = "VPC flow logs";
    const KEY: &'static str = "ec2.vpc-flow-logs";
    const CALLS: &'static [ApiCall] = api_calls!("EC2", "ec2": DescribeVpcs, DescribeFlowLogs);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let region = facts.region().unwrap_or_default();
        let client = crate::aws_client!(aws_sdk_ec2, *config);
        let vpcs = client
            .describe_vpcs()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .map_err(|err| sdk_error(&Self::INFO, err));
        let flow_logs = client
            .describe_flow_logs()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .map_err(|err| sdk_error(&Self::INFO, err));
        let (vpcs, flow_logs) = futures::try_join!(vpcs, flow_logs)?;
        let mut vpcs: Vec<Vpc> = vpcs
            .iter()
            .map(|vpc| {
                let id = vpc.vpc_id().unwrap_or_default().to_owned();
                Vpc {
                    arn: ec2_arn(region, vpc.owner_id().unwrap_or_default(), "vpc", &id),
                    is_default: vpc.is_default().unwrap_or_default(),
                    flow_logs: flow_logs
                        .iter()
                        .filter(|log| log.resource_id() == Some(id.as_str()))
                        .map(|log| FlowLog {
                            id: log.flow_log_id().unwrap_or_default().to_owned(),
                            status: log.flow_log_status().map(str::to_owned),
                            traffic_type: log
                                .traffic_type()
                                .map(|traffic| traffic.as_str().to_owned()),
                        })
                        .collect(),
                    id,
                }
            })
            .collect();
        vpcs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { vpcs })
    }
}
