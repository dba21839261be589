//! Flags trail buckets without server access logging (CIS 4.4).

use std::collections::BTreeSet;

use crate::facts::{CloudTrailTrails, S3BucketLogging, S3Buckets};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The bucket every trail delivers to has S3 server access logging on. The trails are
    /// those that apply to the first audited region: every multi-region trail and that
    /// region's own. A bucket in another account (a central log archive) cannot be read from
    /// this one and warns. Only the trails' buckets' logging is read, not every bucket's.
    /// ## Why it matters
    /// Access logs on the trail's bucket show who read or tried to delete the audit trail
    /// itself.
    /// ## Remediation
    /// `aws s3api put-bucket-logging --bucket TRAIL-BUCKET --bucket-logging-status
    /// '{"LoggingEnabled":{"TargetBucket":"LOG-BUCKET","TargetPrefix":"trail/"}}'`.
    pub struct CloudTrailBucketLogging;
    id: "monitoring.cloudtrail-bucket-logging",
    title: "Trail buckets have access logging",
    category: Monitoring,
    severity: Low,
    scope: Global,
    facts: [CloudTrailTrails, S3Buckets, S3BucketLogging],
    tags: ["logging", "s3"],
}

#[async_trait]
impl Check for CloudTrailBucketLogging {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let trails = cx.fact::<CloudTrailTrails>().await?;
        let buckets = cx.fact::<S3Buckets>().await?;
        let names: BTreeSet<&str> = trails
            .trails
            .iter()
            .filter_map(|trail| trail.s3_bucket.as_deref())
            .collect();
        let ours: Vec<String> = names
            .iter()
            .filter(|name| buckets.named(name).is_some())
            .map(|name| (*name).to_owned())
            .collect();
        let logging = cx.fact_for::<S3BucketLogging>(&ours).await?;
        let findings = names
            .into_iter()
            .map(|name| {
                let arn = format!("arn:aws:s3:::{name}");
                match logging.by_bucket.get(name) {
                    Some(Some(target)) => {
                        Finding::pass(arn, format!("{name} logs access to {target}"))
                    }
                    Some(None) => Finding::fail(arn, format!("{name} does not log access")),
                    None => Finding::warn(
                        arn,
                        format!("{name} is not in this account: its logging cannot be read here"),
                    ),
                }
            })
            .collect();
        Ok(cx.judge("trail buckets", findings))
    }
}
