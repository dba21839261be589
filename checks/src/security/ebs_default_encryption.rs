//! Flags regions where new EBS volumes are not encrypted by default (CIS 6.1.1).

use crate::facts::{CallerIdentity, EbsEncryptionByDefault};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// EBS encryption by default is on in the region. A region that does not report the
    /// setting fails: not known to be on is not on.
    /// ## Why it matters
    /// With the setting on, every new volume and snapshot copy is encrypted whatever the
    /// launching code asks for.
    /// ## Remediation
    /// `aws ec2 enable-ebs-encryption-by-default --region REGION`, in every region in use.
    pub struct EbsDefaultEncryption;
    id: "security.ebs-default-encryption",
    title: "EBS encryption by default is on",
    category: Security,
    severity: Medium,
    presence: Required,
    facts: [EbsEncryptionByDefault, CallerIdentity],
}

#[async_trait]
impl Check for EbsDefaultEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let setting = cx.fact::<EbsEncryptionByDefault>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let resource = format!(
            "arn:aws:ec2:{region}:{}:ebs-encryption-by-default",
            identity.account_id
        );
        let finding = match setting.enabled {
            Some(true) => Finding::pass(resource, format!("on in {region}")),
            Some(false) => Finding::fail(resource, format!("off in {region}")),
            None => Finding::fail(resource, format!("{region} does not report the setting")),
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}
