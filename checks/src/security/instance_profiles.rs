//! Flags instances without an instance profile (CIS 2.16).

use crate::facts::Ec2Instances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every instance that is not terminated has an IAM instance profile.
    /// ## Why it matters
    /// An instance without a role gets its AWS access from long-lived keys copied onto it,
    /// which leak with the disk and are never rotated.
    /// ## Remediation
    /// Create a role with the permissions the workload needs and attach it:
    /// `aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=…`.
    pub struct InstanceProfiles;
    id: "security.instance-profiles",
    title: "Instances use instance profiles",
    category: Security,
    severity: Medium,
    facts: [Ec2Instances],
}

#[async_trait]
impl Check for InstanceProfiles {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<Ec2Instances>().await?;
        let findings = instances
            .instances
            .iter()
            .map(|instance| match &instance.instance_profile {
                Some(profile) => {
                    Finding::pass(&instance.arn, format!("{} uses {profile}", instance.id))
                }
                None => Finding::fail(
                    &instance.arn,
                    format!("{} has no instance profile", instance.id),
                ),
            })
            .collect();
        Ok(cx.judge("instances", findings))
    }
}
