//! GuardDuty: the region's detectors, and the recent findings of the enabled ones.

use async_trait::async_trait;
use aws_sdk_guardduty::types::{Condition, FindingCriteria};
use chrono::{DateTime, Duration, Utc};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Hours of findings collected: the longest window a check may look back over.
pub const GUARDDUTY_HISTORY_HOURS: i64 = 7 * 24;

/// The lowest severity collected: GuardDuty's medium band starts at 4.
pub const GUARDDUTY_MIN_COLLECTED_SEVERITY: i64 = 4;

/// Finding ids GetFindings takes at once.
const FINDINGS_PER_CALL: usize = 50;

/// One detector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detector {
    /// Detector id.
    pub id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}

/// Every GuardDuty detector in the region (there is at most one per account and region).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardDutyDetectors {
    /// The detectors, sorted by id.
    pub detectors: Vec<Detector>,
}

impl GuardDutyDetectors {
    /// The ids of the enabled detectors.
    pub fn enabled(&self) -> impl Iterator<Item = &str> {
        self.detectors
            .iter()
            .filter(|d| d.status == "ENABLED")
            .map(|d| d.id.as_str())
    }
}

#[async_trait]
impl Fact for GuardDutyDetectors {
    const NAME: &'static str = "GuardDuty detectors";
    const KEY: &'static str = "guardduty.detectors";
    const CALLS: &'static [ApiCall] =
        api_calls!("GuardDuty", "guardduty": ListDetectors, GetDetector);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_guardduty, *config)).await
    }
}

impl GuardDutyDetectors {
    /// Lists and reads the detectors through `client`.
    pub async fn from_client(client: &aws_sdk_guardduty::Client) -> Result<Self, FactError> {
        let ids: Vec<String> = client
            .list_detectors()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut detectors = Vec::with_capacity(ids.len());
        // At most one detector per region: one GetDetector.
        for id in ids {
            let out = client
                .get_detector()
                .detector_id(&id)
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            detectors.push(Detector {
                status: out
                    .status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                id,
            });
        }
        detectors.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { detectors })
    }
}

/// One GuardDuty finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreatFinding {
    /// Finding id.
    pub id: String,
    /// Finding ARN.
    pub arn: String,
    /// Finding type (`UnauthorizedAccess:EC2/SSHBruteForce`, …).
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Severity, 1.0 to 10.0 (7 and above is high, 9 and above critical).
    pub severity: f64,
    /// The type of resource it concerns (`Instance`, `AccessKey`, `S3Bucket`, …).
    pub resource_type: Option<String>,
    /// When GuardDuty last updated it.
    pub updated_at: Option<DateTime<Utc>>,
}

/// The unarchived findings of the region's enabled detectors of severity
/// [`GUARDDUTY_MIN_COLLECTED_SEVERITY`] and above, updated within the last
/// [`GUARDDUTY_HISTORY_HOURS`], most severe first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardDutyFindings {
    /// The findings.
    pub findings: Vec<ThreatFinding>,
}

#[async_trait]
impl Fact for GuardDutyFindings {
    const NAME: &'static str = "GuardDuty findings";
    const KEY: &'static str = "guardduty.findings";
    const CALLS: &'static [ApiCall] =
        api_calls!("GuardDuty", "guardduty": ListFindings, GetFindings);
    const NEEDS: &'static [&'static FactInfo] = &[&GuardDutyDetectors::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let detectors = facts.get::<GuardDutyDetectors>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(
            &crate::aws_client!(aws_sdk_guardduty, *config),
            &detectors,
            facts.now(),
        )
        .await
    }
}

impl GuardDutyFindings {
    /// Lists, then reads in batches, the recent findings of each enabled detector through
    /// `client`.
    pub async fn from_client(
        client: &aws_sdk_guardduty::Client,
        detectors: &GuardDutyDetectors,
        now: DateTime<Utc>,
    ) -> Result<Self, FactError> {
        let since = now - Duration::hours(GUARDDUTY_HISTORY_HOURS);
        let criteria = FindingCriteria::builder()
            .criterion(
                "severity",
                Condition::builder()
                    .greater_than_or_equal(GUARDDUTY_MIN_COLLECTED_SEVERITY)
                    .build(),
            )
            .criterion(
                "updatedAt",
                Condition::builder()
                    .greater_than_or_equal(since.timestamp_millis())
                    .build(),
            )
            .criterion(
                "service.archived",
                Condition::builder().equals("false").build(),
            )
            .build();
        let mut findings = Vec::new();
        for detector in detectors.enabled() {
            let ids: Vec<String> = client
                .list_findings()
                .detector_id(detector)
                .finding_criteria(criteria.clone())
                .into_paginator()
                .page_size(FINDINGS_PER_CALL as i32)
                .items()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            for batch in ids.chunks(FINDINGS_PER_CALL) {
                let out = client
                    .get_findings()
                    .detector_id(detector)
                    .set_finding_ids(Some(batch.to_vec()))
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                findings.extend(out.findings().iter().map(|f| {
                    ThreatFinding {
                        id: f.id().unwrap_or_default().to_owned(),
                        arn: f.arn().unwrap_or_default().to_owned(),
                        kind: f.r#type().unwrap_or_default().to_owned(),
                        title: f.title().unwrap_or_default().to_owned(),
                        severity: f.severity().unwrap_or_default(),
                        resource_type: f
                            .resource()
                            .and_then(|r| r.resource_type())
                            .map(str::to_owned),
                        updated_at: f
                            .updated_at()
                            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                            .map(|t| t.with_timezone(&Utc)),
                    }
                }));
            }
        }
        findings.sort_by(|a, b| {
            b.severity
                .total_cmp(&a.severity)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(Self { findings })
    }
}
