//! Flags default security groups that have rules (CIS 6.5).

use crate::facts::SecurityGroups;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every VPC's default security group has no inbound and no outbound rules.
    /// ## Why it matters
    /// Anything launched without a group lands in the default one; an empty default group
    /// makes that mistake fail closed instead of open.
    /// ## Remediation
    /// Revoke every rule of the default group (`aws ec2 revoke-security-group-ingress` and
    /// `revoke-security-group-egress`) and give resources groups of their own.
    pub struct DefaultSecurityGroupClosed;
    id: "security.default-sg-closed",
    title: "Default security groups have no rules",
    category: Security,
    severity: Medium,
    facts: [SecurityGroups],
    tags: ["network"],
}

#[async_trait]
impl Check for DefaultSecurityGroupClosed {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let groups = cx.fact::<SecurityGroups>().await?;
        let findings = groups
            .groups
            .iter()
            .filter(|group| group.is_default())
            .map(|group| {
                let vpc = group.vpc_id.as_deref().unwrap_or("no VPC");
                match group.rule_count() {
                    0 => Finding::pass(&group.arn, format!("{} ({vpc}) has no rules", group.id)),
                    rules => Finding::fail(
                        &group.arn,
                        format!(
                            "{} ({vpc}) has {rules} rule{}",
                            group.id,
                            if rules == 1 { "" } else { "s" }
                        ),
                    ),
                }
            })
            .collect();
        Ok(cx.judge("default security groups", findings))
    }
}
