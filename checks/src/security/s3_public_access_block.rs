//! Flags an account or buckets without S3 Block Public Access (CIS 3.1.4).

use crate::facts::{AccountPublicAccessBlock, CallerIdentity, S3Buckets};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The account's Block Public Access settings have all four switches on, and so does
    /// every bucket (a bucket is covered by its own settings or by the account's).
    /// ## Why it matters
    /// Block Public Access overrides any ACL or bucket policy that would make data public,
    /// which is the one mistake behind most S3 leaks.
    /// ## Remediation
    /// `aws s3control put-public-access-block --account-id ACCOUNT
    /// --public-access-block-configuration
    /// BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
    /// and the same per bucket with `aws s3api put-public-access-block`.
    pub struct S3PublicAccessBlock;
    id: "security.s3-public-access-block",
    title: "S3 Block Public Access is on for the account and every bucket",
    category: Security,
    severity: High,
    scope: Global,
    presence: Required,
    facts: [AccountPublicAccessBlock, S3Buckets, CallerIdentity],
    tags: ["s3"],
}

#[async_trait]
impl Check for S3PublicAccessBlock {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let account = cx.fact::<AccountPublicAccessBlock>().await?;
        let buckets = cx.fact::<S3Buckets>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let account_arn = format!("arn:aws:s3:::account/{}", identity.account_id);
        let account_blocks = account.0.is_some_and(|block| block.blocks_everything());
        let mut findings = vec![match &account.0 {
            _ if account_blocks => Finding::pass(&account_arn, "the account blocks public access"),
            Some(block) => Finding::fail(
                &account_arn,
                format!("the account leaves {} off", block.gaps().join(", ")),
            ),
            None => Finding::fail(&account_arn, "the account has no public access block"),
        }];
        findings.extend(buckets.buckets.iter().map(|bucket| {
            let name = &bucket.name;
            match &bucket.public_access_block {
                Some(block) if block.blocks_everything() => {
                    Finding::pass(&bucket.arn, format!("{name} blocks public access"))
                }
                _ if account_blocks => Finding::pass(
                    &bucket.arn,
                    format!("{name} is covered by the account's block"),
                ),
                Some(block) => Finding::fail(
                    &bucket.arn,
                    format!("{name} leaves {} off", block.gaps().join(", ")),
                ),
                None => Finding::fail(&bucket.arn, format!("{name} has no public access block")),
            }
        }));
        Ok(cx.judge("accounts and buckets", findings))
    }
}
