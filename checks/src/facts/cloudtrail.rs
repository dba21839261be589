//! CloudTrail: the trails that apply to a region (its own and the multi-region trails homed
//! elsewhere), whether they are logging, and what their event selectors record.

use async_trait::async_trait;
use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, ReadWriteType};
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Trails whose status and selectors are read at once.
const TRAIL_CALL_CONCURRENCY: usize = 8;

/// What a trail's event selectors record, reduced to what the benchmark asks: management
/// events and S3 object-level events for every bucket, each for reads and writes. A selector
/// gonogo cannot read fully (an advanced selector with other filters) counts for nothing, so
/// an unusual configuration fails rather than passes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// Management read events.
    pub management_reads: bool,
    /// Management write events.
    pub management_writes: bool,
    /// S3 object-level reads of every bucket.
    pub s3_object_reads: bool,
    /// S3 object-level writes of every bucket.
    pub s3_object_writes: bool,
}

/// One trail as seen from a region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    /// Trail name.
    pub name: String,
    /// Trail ARN.
    pub arn: String,
    /// The region the trail lives in.
    pub home_region: String,
    /// Applies to every region.
    pub multi_region: bool,
    /// Log file integrity validation on.
    pub log_file_validation: bool,
    /// The KMS key its logs are encrypted with (`None`: SSE-S3 only).
    pub kms_key_id: Option<String>,
    /// The bucket it delivers to.
    pub s3_bucket: Option<String>,
    /// The CloudWatch Logs group it delivers to.
    pub log_group_arn: Option<String>,
    /// Logging now (`None`: not reported).
    pub is_logging: Option<bool>,
    /// What its selectors record.
    pub recorded: Recorded,
}

impl Trail {
    /// The CloudWatch Logs group's name, from its ARN (`…:log-group:NAME:*`).
    pub fn log_group_name(&self) -> Option<&str> {
        let arn = self.log_group_arn.as_deref()?;
        let (_, rest) = arn.split_once(":log-group:")?;
        Some(rest.strip_suffix(":*").unwrap_or(rest))
    }

    /// A multi-region trail that is logging and records management reads and writes.
    pub fn logs_everything(&self) -> bool {
        self.multi_region
            && self.is_logging == Some(true)
            && self.recorded.management_reads
            && self.recorded.management_writes
    }
}

/// Every trail that applies to the region, sorted by ARN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CloudTrailTrails {
    /// The trails.
    pub trails: Vec<Trail>,
}

impl CloudTrailTrails {
    /// The trails that live in `region` (each trail is judged once, in its home region).
    pub fn homed_in<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a Trail> {
        self.trails
            .iter()
            .filter(move |trail| trail.home_region == region)
    }
}

#[async_trait]
impl Fact for CloudTrailTrails {
    const NAME: &'static str = "CloudTrail trails";
    const KEY: &'static str = "cloudtrail.trails";
    const CALLS: &'static [ApiCall] =
        api_calls!("CloudTrail", "cloudtrail": DescribeTrails, GetTrailStatus, GetEventSelectors);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let local = crate::aws_client!(aws_sdk_cloudtrail, *config);
        Self::from_clients(
            &local,
            |home| crate::aws_client!(aws_sdk_cloudtrail, *config, region: home),
        )
        .await
    }
}

impl CloudTrailTrails {
    /// Lists the trails through `local` (shadow trails included: a multi-region trail applies
    /// here wherever it lives), then reads each one's status and selectors by ARN in its home
    /// region, through `local` or the client `home` makes for that region (CloudTrail answers
    /// for a trail only there).
    pub async fn from_clients(
        local: &aws_sdk_cloudtrail::Client,
        home: impl Fn(&str) -> aws_sdk_cloudtrail::Client,
    ) -> Result<Self, FactError> {
        let here = local
            .config()
            .region()
            .map(|region| region.as_ref().to_owned());
        let listed = local
            .describe_trails()
            .include_shadow_trails(true)
            .send()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut trails: Vec<Trail> = futures::stream::iter(listed.trail_list().to_vec())
            .map(|trail| {
                let home_region = trail.home_region().unwrap_or_default().to_owned();
                let client = if here.as_deref() == Some(home_region.as_str()) {
                    local.clone()
                } else {
                    home(&home_region)
                };
                (trail, client, home_region)
            })
            .map(|(trail, client, home_region)| async move {
                let arn = trail.trail_arn().unwrap_or_default().to_owned();
                let status = client
                    .get_trail_status()
                    .name(&arn)
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                let selectors = client
                    .get_event_selectors()
                    .trail_name(&arn)
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                let mut recorded = Recorded::default();
                // A trail that never had selectors set records every management event, as
                // AWS documents; some endpoints then return no selectors at all.
                if trail.has_custom_event_selectors() == Some(false)
                    && selectors.event_selectors().is_empty()
                    && selectors.advanced_event_selectors().is_empty()
                {
                    recorded.management_reads = true;
                    recorded.management_writes = true;
                }
                selectors
                    .event_selectors()
                    .iter()
                    .for_each(|selector| basic(selector, &mut recorded));
                selectors
                    .advanced_event_selectors()
                    .iter()
                    .for_each(|selector| advanced(selector, &mut recorded));
                Ok::<_, FactError>(Trail {
                    name: trail.name().unwrap_or_default().to_owned(),
                    home_region,
                    multi_region: trail.is_multi_region_trail().unwrap_or_default(),
                    log_file_validation: trail.log_file_validation_enabled().unwrap_or_default(),
                    kms_key_id: trail.kms_key_id().map(str::to_owned),
                    s3_bucket: trail.s3_bucket_name().map(str::to_owned),
                    log_group_arn: trail.cloud_watch_logs_log_group_arn().map(str::to_owned),
                    is_logging: status.is_logging(),
                    recorded,
                    arn,
                })
            })
            .buffer_unordered(TRAIL_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        trails.sort_by(|a, b| a.arn.cmp(&b.arn));
        Ok(Self { trails })
    }
}

/// Reads and writes a read/write type stands for (absent: all).
fn reads_writes(kind: Option<&ReadWriteType>) -> (bool, bool) {
    match kind {
        Some(ReadWriteType::ReadOnly) => (true, false),
        Some(ReadWriteType::WriteOnly) => (false, true),
        _ => (true, true),
    }
}

/// Every bucket: `arn:aws:s3` or `arn:aws:s3:::` (a bucket ARN narrows it).
pub(super) fn all_buckets(value: &str) -> bool {
    matches!(value, "arn:aws:s3" | "arn:aws:s3:::")
}

fn basic(selector: &EventSelector, recorded: &mut Recorded) {
    let (reads, writes) = reads_writes(selector.read_write_type());
    if selector.include_management_events().unwrap_or(true)
        && selector.exclude_management_event_sources().is_empty()
    {
        recorded.management_reads |= reads;
        recorded.management_writes |= writes;
    }
    let s3_everywhere = selector.data_resources().iter().any(|resource| {
        resource.r#type() == Some("AWS::S3::Object")
            && resource.values().iter().any(|value| all_buckets(value))
    });
    if s3_everywhere {
        recorded.s3_object_reads |= reads;
        recorded.s3_object_writes |= writes;
    }
}

fn advanced(selector: &AdvancedEventSelector, recorded: &mut Recorded) {
    let mut category = None;
    let mut resource_type = None;
    let (mut reads, mut writes) = (true, true);
    for field in selector.field_selectors() {
        let only = |values: &[String]| match values {
            [value] => Some(value.clone()),
            _ => None,
        };
        let narrowed = !field.starts_with().is_empty()
            || !field.ends_with().is_empty()
            || !field.not_equals().is_empty()
            || !field.not_starts_with().is_empty()
            || !field.not_ends_with().is_empty();
        match (field.field(), only(field.equals())) {
            _ if narrowed => return,
            ("eventCategory", Some(value)) => category = Some(value),
            ("resources.type", Some(value)) => resource_type = Some(value),
            ("readOnly", Some(value)) if value == "true" => writes = false,
            ("readOnly", Some(value)) if value == "false" => reads = false,
            // Any other filter narrows what is recorded: count nothing.
            _ => return,
        }
    }
    match (category.as_deref(), resource_type.as_deref()) {
        (Some("Management"), None) => {
            recorded.management_reads |= reads;
            recorded.management_writes |= writes;
        }
        (Some("Data"), Some("AWS::S3::Object")) => {
            recorded.s3_object_reads |= reads;
            recorded.s3_object_writes |= writes;
        }
        _ => {}
    }
}
