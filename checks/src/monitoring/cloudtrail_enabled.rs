//! Flags regions no multi-region trail records management events in (CIS 4.1).

use crate::facts::{CallerIdentity, CloudTrailTrails, Trail};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// A multi-region trail applies to the region, is logging, and records management events,
    /// reads and writes. Trails homed in other regions count: a multi-region trail applies
    /// everywhere.
    /// ## Why it matters
    /// CloudTrail is the record of who did what in the account; without it an incident cannot
    /// be investigated and a change cannot be traced.
    /// ## Remediation
    /// `aws cloudtrail create-trail --name main --s3-bucket-name BUCKET --is-multi-region-trail
    /// --enable-log-file-validation`, then `aws cloudtrail start-logging --name main`.
    pub struct CloudTrailEnabled;
    id: "monitoring.cloudtrail-enabled",
    title: "A multi-region trail records management events",
    category: Monitoring,
    severity: High,
    presence: Required,
    facts: [CloudTrailTrails, CallerIdentity],
    tags: ["logging"],
}

/// Why a trail does not count.
fn shortfall(trail: &Trail) -> String {
    let mut gaps = Vec::new();
    if !trail.multi_region {
        gaps.push("is single-region");
    }
    if trail.is_logging != Some(true) {
        gaps.push("is not logging");
    }
    if !(trail.recorded.management_reads && trail.recorded.management_writes) {
        gaps.push("does not record management reads and writes");
    }
    format!("{} {}", trail.name, gaps.join(", "))
}

#[async_trait]
impl Check for CloudTrailEnabled {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let trails = cx.fact::<CloudTrailTrails>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let finding = match trails.trails.iter().find(|trail| trail.logs_everything()) {
            Some(trail) => Finding::pass(
                &trail.arn,
                format!(
                    "{} (home {}) logs management reads and writes",
                    trail.name, trail.home_region
                ),
            ),
            None => {
                let resource = format!(
                    "arn:aws:cloudtrail:{region}:{}:trail/*",
                    identity.account_id
                );
                let why: Vec<String> = trails.trails.iter().map(shortfall).collect();
                let message = if why.is_empty() {
                    format!("no trail applies to {region}")
                } else {
                    format!(
                        "no multi-region trail logs management events in {region}: {}",
                        why.join("; ")
                    )
                };
                Finding::fail(resource, message)
            }
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}
