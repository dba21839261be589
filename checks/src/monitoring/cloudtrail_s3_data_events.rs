//! Flags regions where no logging trail records S3 object-level writes or reads of every
//! bucket (CIS 4.8 and 4.9): one table, a check per row.

use crate::facts::{CallerIdentity, CloudTrailTrails, Recorded};
use crate::prelude::*;

/// One row: which object-level events a trail must record.
struct ObjectEvents {
    /// `writes` or `reads`.
    what: &'static str,
    /// Whether a trail's selectors record them.
    recorded: fn(&Recorded) -> bool,
}

const WRITES: ObjectEvents = ObjectEvents {
    what: "writes",
    recorded: |recorded| recorded.s3_object_writes,
};
const READS: ObjectEvents = ObjectEvents {
    what: "reads",
    recorded: |recorded| recorded.s3_object_reads,
};

impl ObjectEvents {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let trails = cx.fact::<CloudTrailTrails>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let logging = trails
            .trails
            .iter()
            .filter(|trail| trail.is_logging == Some(true))
            .find(|trail| (self.recorded)(&trail.recorded));
        let finding = match logging {
            Some(trail) => Finding::pass(
                &trail.arn,
                format!(
                    "{} records S3 object {} of every bucket",
                    trail.name, self.what
                ),
            ),
            None => Finding::fail(
                format!(
                    "arn:aws:cloudtrail:{region}:{}:trail/*",
                    identity.account_id
                ),
                format!(
                    "no logging trail records S3 object {} of every bucket in {region}",
                    self.what
                ),
            ),
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}

declare_check! {
    /// ## What it checks
    /// A logging trail that applies to the region records S3 object-level write events
    /// (`PutObject`, `DeleteObject`, …) for every bucket, through a basic data selector on
    /// `arn:aws:s3` or an advanced selector on `AWS::S3::Object` without a resource filter.
    /// ## Why it matters
    /// Management events do not say who changed or deleted an object; after a leak or a
    /// ransomware deletion, object-level events are the only record.
    /// ## Remediation
    /// `aws cloudtrail put-event-selectors --trail-name main --event-selectors
    /// '[{"ReadWriteType":"WriteOnly","DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]'`
    /// (keep the management-event selector).
    pub struct S3ObjectWritesLogged;
    id: "monitoring.s3-object-writes-logged",
    title: "S3 object-level writes are logged",
    category: Monitoring,
    severity: Medium,
    presence: Required,
    facts: [CloudTrailTrails, CallerIdentity],
    tags: ["logging"],
}

#[async_trait]
impl Check for S3ObjectWritesLogged {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        WRITES.run(cx).await
    }
}

declare_check! {
    /// ## What it checks
    /// A logging trail that applies to the region records S3 object-level read events
    /// (`GetObject`, …) for every bucket.
    /// ## Why it matters
    /// Without read events there is no telling which objects were read in a breach, which
    /// decides whom a disclosure must reach.
    /// ## Remediation
    /// Add a data selector with `ReadWriteType` `ReadOnly` or `All` on `AWS::S3::Object`
    /// `arn:aws:s3` to a logging trail.
    pub struct S3ObjectReadsLogged;
    id: "monitoring.s3-object-reads-logged",
    title: "S3 object-level reads are logged",
    category: Monitoring,
    severity: Medium,
    presence: Required,
    facts: [CloudTrailTrails, CallerIdentity],
    tags: ["logging"],
}

#[async_trait]
impl Check for S3ObjectReadsLogged {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        READS.run(cx).await
    }
}
