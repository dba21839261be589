//! Flags VPCs without an active flow log (CIS 4.7).

use crate::facts::VpcFlowLogs;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every VPC, the default one included, has at least one active flow log.
    /// ## Why it matters
    /// Without flow logs there is no record of who talked to what when an incident has to be
    /// reconstructed, and rejected traffic (a scan, an exfiltration attempt) leaves no trace.
    /// ## Remediation
    /// `aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type ALL`
    /// to CloudWatch Logs or S3, or delete VPCs that are not used.
    pub struct VpcFlowLogging;
    id: "monitoring.vpc-flow-logs",
    title: "Every VPC has flow logs",
    category: Monitoring,
    severity: Medium,
    facts: [VpcFlowLogs],
    tags: ["network"],
}

#[async_trait]
impl Check for VpcFlowLogging {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let vpcs = cx.fact::<VpcFlowLogs>().await?;
        let findings = vpcs
            .vpcs
            .iter()
            .map(|vpc| {
                let name = if vpc.is_default {
                    format!("{} (default)", vpc.id)
                } else {
                    vpc.id.clone()
                };
                match vpc.flow_logs.iter().find(|log| log.is_active()) {
                    Some(log) => Finding::pass(&vpc.arn, format!("{name} logs to {}", log.id)),
                    None if vpc.flow_logs.is_empty() => {
                        Finding::fail(&vpc.arn, format!("{name} has no flow log"))
                    }
                    None => Finding::fail(&vpc.arn, format!("{name} has no active flow log")),
                }
            })
            .collect();
        Ok(cx.judge("VPCs", findings))
    }
}
