//! The plan over S3: buckets (`aws_s3_bucket`) with their public access block and policy
//! satellites; their access logging (`aws_s3_bucket_logging`) and versioning
//! (`aws_s3_bucket_versioning`); the account's public access block
//! (`aws_s3_account_public_access_block`). Buckets are account-wide facts, each
//! bucket in the region of its provider.

use gonogo_core::Fact;

use super::{
    AccountPublicAccessBlock, Bucket, PublicAccessBlock, S3BucketLogging, S3BucketVersioning,
    S3Buckets, Versioning,
};
use crate::plan::values::{block, boolean, string};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const BUCKET: &str = "aws_s3_bucket";
const ACCESS_BLOCK: &str = "aws_s3_bucket_public_access_block";
const POLICY: &str = "aws_s3_bucket_policy";
const LOGGING: &str = "aws_s3_bucket_logging";
const VERSIONING: &str = "aws_s3_bucket_versioning";
const ACCOUNT_ACCESS_BLOCK: &str = "aws_s3_account_public_access_block";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: S3Buckets::KEY,
        resource_types: &[BUCKET, ACCESS_BLOCK, POLICY],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_buckets),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: S3BucketLogging::KEY,
        resource_types: &[BUCKET, LOGGING],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_logging),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: S3BucketVersioning::KEY,
        resource_types: &[BUCKET, VERSIONING],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_versioning),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: AccountPublicAccessBlock::KEY,
        resource_types: &[ACCOUNT_ACCESS_BLOCK],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_account_block),
    }
}

/// The four Block Public Access switches, as Terraform names them.
const SWITCHES: [&str; 4] = [
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
];

fn access_block(planned: &Planned, name: &str, edit: &Edit<'_>) -> PublicAccessBlock {
    let [acls, ignore, policy, restrict] = SWITCHES.map(|switch| edit.bool(planned, name, switch));
    PublicAccessBlock {
        block_public_acls: acls,
        ignore_public_acls: ignore,
        block_public_policy: policy,
        restrict_public_buckets: restrict,
    }
}

/// The bucket's name and ARN as findings will call it.
fn bucket_names(planned: &Planned, edit: &Edit<'_>) -> (String, String) {
    let name = edit.name(planned, planned.after_str("bucket"));
    let arn = match planned.after_str("arn") {
        Some(arn) => edit.name(planned, Some(arn)),
        None if planned.after_str("bucket").is_some() => {
            edit.name(planned, Some(&format!("arn:aws:s3:::{name}")))
        }
        None => name.clone(),
    };
    (name, arn)
}

fn apply_buckets(facts: &mut S3Buckets, edit: &Edit<'_>) {
    for planned in edit.of_type(BUCKET) {
        let live = remove_live(&mut facts.buckets, planned, |b| &b.name);
        if !planned.remains() {
            continue;
        }
        let (name, arn) = bucket_names(planned, edit);
        // The deprecated inline `policy` is computed when not written: a new bucket has none
        // (its satellite, below, sets it), a live one keeps its own.
        facts.buckets.push(Bucket {
            policy: string(&planned.change.after, "policy")
                .or_else(|| live.as_ref().and_then(|b| b.policy.clone())),
            public_access_block: live.as_ref().and_then(|b| b.public_access_block),
            region: planned.region.clone(),
            name,
            arn,
        });
    }
    for planned in edit.of_type(ACCESS_BLOCK) {
        satellite(facts, planned, edit, |bucket, planned| {
            bucket.public_access_block =
                planned.map(|planned| access_block(planned, &bucket.arn, edit));
        });
    }
    for planned in edit.of_type(POLICY) {
        satellite(facts, planned, edit, |bucket, planned| {
            bucket.policy = planned.and_then(|planned| edit.string(planned, &bucket.arn, "policy"));
        });
    }
    facts.buckets.sort_by(|a, b| a.name.cmp(&b.name));
}

/// The buckets' access logging: the deprecated inline `logging` of a bucket (computed when not
/// written: a new bucket logs nothing until its satellite says so, a live one keeps its own),
/// then the `aws_s3_bucket_logging` satellites.
fn apply_logging(facts: &mut S3BucketLogging, edit: &Edit<'_>) {
    for planned in edit.of_type(BUCKET) {
        let live = planned
            .before_str("bucket")
            .and_then(|before| facts.by_bucket.remove(before));
        if !planned.remains() {
            continue;
        }
        let (name, _) = bucket_names(planned, edit);
        let target = block(&planned.change.after, "logging")
            .and_then(|logging| string(logging, "target_bucket"))
            .or_else(|| live.flatten());
        facts.by_bucket.insert(name, target);
    }
    for planned in edit.of_type(LOGGING) {
        let Some(name) = edit.parent(planned, "bucket", "bucket") else {
            continue;
        };
        let target = planned
            .remains()
            .then(|| edit.parent(planned, "target_bucket", "bucket"))
            .flatten();
        facts.by_bucket.insert(name, target);
    }
}

/// Applies a bucket satellite to its bucket: `set` is given the satellite, or `None` when it
/// is deleted.
fn satellite<'p>(
    facts: &mut S3Buckets,
    planned: &'p Planned,
    edit: &Edit<'_>,
    set: impl FnOnce(&mut Bucket, Option<&'p Planned>),
) {
    let name = edit.parent(planned, "bucket", "bucket");
    let Some(bucket) = name.and_then(|name| facts.buckets.iter_mut().find(|b| b.name == name))
    else {
        return;
    };
    set(bucket, planned.remains().then_some(planned));
}

fn apply_versioning(facts: &mut S3BucketVersioning, edit: &Edit<'_>) {
    for planned in edit.of_type(BUCKET) {
        let live = remove_live(&mut facts.buckets, planned, |v| &v.bucket);
        if !planned.remains() {
            continue;
        }
        let (name, arn) = bucket_names(planned, edit);
        let inline = block(&planned.change.after, "versioning");
        facts.buckets.push(Versioning {
            enabled: inline
                .and_then(|v| boolean(v, "enabled"))
                .or_else(|| live.as_ref().map(|v| v.enabled))
                .unwrap_or(false),
            mfa_delete: inline
                .and_then(|v| boolean(v, "mfa_delete"))
                .or_else(|| live.as_ref().map(|v| v.mfa_delete))
                .unwrap_or(false),
            bucket: name,
            arn,
        });
    }
    for planned in edit.of_type(VERSIONING) {
        let name = edit.parent(planned, "bucket", "bucket");
        let Some(versioning) =
            name.and_then(|name| facts.buckets.iter_mut().find(|v| v.bucket == name))
        else {
            continue;
        };
        let arn = versioning.arn.clone();
        let enabled = |key: &str| {
            if !planned.remains() {
                return false;
            }
            match edit.block_value(planned, &arn, &format!("versioning_configuration.{key}")) {
                Ok(value) => value.and_then(serde_json::Value::as_str) == Some("Enabled"),
                Err(fill) => fill == Fill::High,
            }
        };
        versioning.enabled = enabled("status");
        versioning.mfa_delete = enabled("mfa_delete");
    }
    facts.buckets.sort_by(|a, b| a.bucket.cmp(&b.bucket));
}

fn apply_account_block(facts: &mut AccountPublicAccessBlock, edit: &Edit<'_>) {
    for planned in edit.of_type(ACCOUNT_ACCESS_BLOCK) {
        let name = edit.name(planned, None);
        facts.0 = planned
            .remains()
            .then(|| access_block(planned, &name, edit));
    }
}

/// Takes the live resource a change replaces, updates or deletes out of `items` (found by
/// its name before the change), and returns it.
fn remove_live<T>(items: &mut Vec<T>, planned: &Planned, name: fn(&T) -> &String) -> Option<T> {
    let before = planned.before_str("bucket")?;
    let at = items.iter().position(|item| name(item) == before)?;
    Some(items.remove(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::{created, every_family, planned};

    #[tokio::test]
    async fn a_bucket_takes_its_satellites() {
        let buckets = created::<S3Buckets>(serde_json::json!({"buckets": []})).await;
        let logs = buckets.named("every-family-logs").unwrap();
        assert_eq!(logs.arn, "arn:aws:s3:::every-family-logs");
        assert!(logs.public_access_block.unwrap().blocks_everything());
        assert_eq!(logs.region, "us-east-1");
        let logging = created::<S3BucketLogging>(serde_json::json!({"by_bucket": {}})).await;
        assert_eq!(
            logging.by_bucket["every-family-logs"].as_deref(),
            Some("every-family-logs")
        );
        let versioning = created::<S3BucketVersioning>(serde_json::json!({"buckets": []})).await;
        assert!(versioning.buckets[0].enabled);
        let account = created::<AccountPublicAccessBlock>(serde_json::json!(null)).await;
        assert!(account.0.unwrap().blocks_everything());
    }

    #[tokio::test]
    async fn a_policy_known_only_after_apply_is_filled_both_ways() {
        let empty = || serde_json::json!({"buckets": []});
        let (low, overlay) = planned::<S3Buckets>(&every_family(), empty(), &[], Fill::Low).await;
        let (high, _) = planned::<S3Buckets>(&every_family(), empty(), &[], Fill::High).await;
        assert_eq!(low.buckets[0].policy, None);
        assert_eq!(
            high.buckets[0].policy.as_deref(),
            Some(crate::plan::KNOWN_AFTER_APPLY)
        );
        let _ = overlay;
    }
}
