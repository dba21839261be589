//! Flags trails whose logs are not encrypted with a KMS key (CIS 4.5).

use crate::facts::CloudTrailTrails;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every trail homed in the region encrypts its log files with a KMS key (SSE-KMS), not
    /// only the bucket's default encryption.
    /// ## Why it matters
    /// With a KMS key, reading the logs needs `kms:Decrypt` on that key as well as access to
    /// the bucket, and every decryption is itself logged.
    /// ## Remediation
    /// `aws cloudtrail update-trail --name TRAIL --kms-key-id KEY`, with a key policy that
    /// lets CloudTrail encrypt.
    pub struct CloudTrailKms;
    id: "security.cloudtrail-kms",
    title: "Trails are encrypted with a KMS key",
    category: Security,
    severity: Medium,
    facts: [CloudTrailTrails],
    tags: ["logging"],
}

#[async_trait]
impl Check for CloudTrailKms {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let trails = cx.fact::<CloudTrailTrails>().await?;
        let region = cx.region().unwrap_or_default();
        let findings = trails
            .homed_in(region)
            .map(|trail| match &trail.kms_key_id {
                Some(key) => Finding::pass(
                    &trail.arn,
                    format!("{} is encrypted with {key}", trail.name),
                ),
                None => Finding::fail(
                    &trail.arn,
                    format!("{} is not encrypted with a KMS key", trail.name),
                ),
            })
            .collect();
        Ok(cx.judge("trails", findings))
    }
}
