//! The plan over CloudTrail: `aws_cloudtrail` (multi-region, validation, encryption,
//! delivery, logging and its basic event selectors). A trail applies to its own region, and
//! a multi-region trail to every region.

use gonogo_core::Fact;
use serde_json::Value;

use super::cloudtrail::all_buckets;
use super::{CloudTrailTrails, Recorded, Trail};
use crate::plan::values::{boolean, string, strings};
use crate::plan::{Edit, FamilyOverlay, Planned};

/// The trail resource type.
pub(super) const TRAIL: &str = "aws_cloudtrail";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: CloudTrailTrails::KEY,
        resource_types: &[TRAIL],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut CloudTrailTrails, edit: &Edit<'_>) {
    for planned in edit.of_type(TRAIL) {
        if let Some(arn) = planned.before_str("arn") {
            facts.trails.retain(|trail| trail.arn != arn);
        }
        if !planned.remains() {
            continue;
        }
        let trail = planned_trail(planned, edit);
        if trail.multi_region || edit.region().is_none_or(|here| here == planned.region) {
            facts.trails.push(trail);
        }
    }
    facts.trails.sort_by(|a, b| a.arn.cmp(&b.arn));
}

/// The trail as the plan leaves it.
pub(super) fn planned_trail(planned: &Planned, edit: &Edit<'_>) -> Trail {
    let arn = edit.name(planned, planned.after_str("arn"));
    Trail {
        name: planned
            .after_str("name")
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        home_region: planned.region.clone(),
        multi_region: planned.after_bool("is_multi_region_trail").unwrap_or(false),
        log_file_validation: edit
            .bool(planned, &arn, "enable_log_file_validation")
            .unwrap_or(false),
        kms_key_id: edit.reference(planned, &arn, "kms_key_id"),
        s3_bucket: edit.parent(planned, "s3_bucket_name", "bucket"),
        log_group_arn: edit.reference(planned, &arn, "cloud_watch_logs_group_arn"),
        is_logging: Some(edit.bool(planned, &arn, "enable_logging").unwrap_or(true)),
        recorded: recorded(planned),
        arn,
    }
}

/// What the trail's selectors record, as its collector reads them: without selectors every
/// management event; an advanced selector counts for nothing here (a plan's are not read).
fn recorded(planned: &Planned) -> Recorded {
    let mut recorded = Recorded::default();
    let selectors = planned
        .after("event_selector")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let advanced = planned
        .after("advanced_event_selector")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if selectors.is_empty() && !advanced {
        recorded.management_reads = true;
        recorded.management_writes = true;
    }
    for selector in &selectors {
        let (reads, writes) = match string(selector, "read_write_type").as_deref() {
            Some("ReadOnly") => (true, false),
            Some("WriteOnly") => (false, true),
            _ => (true, true),
        };
        if boolean(selector, "include_management_events").unwrap_or(true)
            && strings(selector, "exclude_management_event_sources").is_empty()
        {
            recorded.management_reads |= reads;
            recorded.management_writes |= writes;
        }
        let s3_everywhere = selector
            .get("data_resource")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|resource| {
                string(resource, "type").as_deref() == Some("AWS::S3::Object")
                    && strings(resource, "values").iter().any(|v| all_buckets(v))
            });
        if s3_everywhere {
            recorded.s3_object_reads |= reads;
            recorded.s3_object_writes |= writes;
        }
    }
    recorded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_multi_region_trail_logs_everything() {
        let trails = created::<CloudTrailTrails>(serde_json::json!({"trails": []})).await;
        let main = &trails.trails[0];
        assert_eq!(main.name, "main");
        assert!(main.multi_region && main.log_file_validation);
        assert!(main.logs_everything());
    }
}
