//! Flags instances whose metadata service accepts IMDSv1 (CIS 6.7).

use crate::facts::Ec2Instances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every instance that is not terminated requires IMDSv2 session tokens (`HttpTokens`
    /// `required`), or has its metadata endpoint turned off. An instance that reports neither
    /// fails.
    /// ## Why it matters
    /// IMDSv1 answers any GET, so one server-side request forgery in an application hands out
    /// the instance role's credentials.
    /// ## Remediation
    /// `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required`, and
    /// set `HttpTokens: required` in launch templates.
    pub struct Imdsv2Required;
    id: "security.imdsv2-required",
    title: "Instances require IMDSv2",
    category: Security,
    severity: High,
    facts: [Ec2Instances],
}

#[async_trait]
impl Check for Imdsv2Required {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<Ec2Instances>().await?;
        let findings = instances
            .instances
            .iter()
            .map(|instance| {
                let id = &instance.id;
                match (instance.imds_enabled, instance.imds_tokens_required) {
                    (Some(false), _) => {
                        Finding::pass(&instance.arn, format!("{id} has the metadata service off"))
                    }
                    (_, Some(true)) => {
                        Finding::pass(&instance.arn, format!("{id} requires IMDSv2"))
                    }
                    (_, Some(false)) => {
                        Finding::fail(&instance.arn, format!("{id} accepts IMDSv1"))
                    }
                    (_, None) => Finding::fail(
                        &instance.arn,
                        format!("{id} does not report its metadata options"),
                    ),
                }
            })
            .collect();
        Ok(cx.judge("instances", findings))
    }
}
