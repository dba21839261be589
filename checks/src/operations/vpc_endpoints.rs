//! Asks that VPCs reach AWS services through VPC endpoints (CIS 6.8).

use crate::facts::{VpcEndpoints, VpcFlowLogs};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every VPC that is not the region's default has at least one available VPC endpoint
    /// (S3 and DynamoDB gateway endpoints cost nothing).
    /// ## Why it matters
    /// Without an endpoint, calls to AWS services leave through a NAT or internet gateway:
    /// traffic that could stay on AWS's network crosses the internet and the NAT's bill.
    /// ## Remediation
    /// `aws ec2 create-vpc-endpoint --vpc-id VPC --service-name com.amazonaws.REGION.s3
    /// --route-table-ids RTB`, and interface endpoints for the other services the VPC calls.
    pub struct VpcEndpointsUsed;
    id: "operations.vpc-endpoints",
    title: "VPCs reach AWS services through endpoints",
    category: Operations,
    severity: Low,
    facts: [VpcFlowLogs, VpcEndpoints],
}

#[async_trait]
impl Check for VpcEndpointsUsed {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let vpcs = cx.fact::<VpcFlowLogs>().await?;
        let endpoints = cx.fact::<VpcEndpoints>().await?;
        let findings = vpcs
            .vpcs
            .iter()
            .filter(|vpc| !vpc.is_default)
            .map(|vpc| {
                let services: Vec<&str> = endpoints
                    .endpoints
                    .iter()
                    .filter(|e| e.vpc_id == vpc.id && e.state.as_deref() == Some("available"))
                    .map(|e| e.service.as_str())
                    .collect();
                if services.is_empty() {
                    Finding::fail(
                        &vpc.arn,
                        format!("{} has no available VPC endpoint", vpc.id),
                    )
                } else {
                    Finding::pass(
                        &vpc.arn,
                        format!("{} has endpoints for {}", vpc.id, services.join(", ")),
                    )
                }
            })
            .collect();
        Ok(cx.judge("non-default VPCs", findings))
    }
}
