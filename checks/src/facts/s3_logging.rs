//! S3 server access logging: where each bucket's access logs go. One call per bucket, so it
//! is a [`Subset`]: a check reads the logging of the buckets it judges (the trails' buckets),
//! not of every bucket in the account.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts, Subset};
use serde::{Deserialize, Serialize};

use super::s3::{BUCKET_CALL_CONCURRENCY, code};
use crate::aws::{sdk_config, sdk_error};
use crate::facts::{CallerIdentity, S3Buckets};

/// Each bucket's access logging by bucket name: the bucket its logs go to, `None` when
/// logging is off. Of every bucket, or of the buckets a check names; a named bucket that is
/// not in the account is left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct S3BucketLogging {
    /// Bucket name to the bucket its access logs go to.
    pub by_bucket: BTreeMap<String, Option<String>>,
}

#[async_trait]
impl Fact for S3BucketLogging {
    const NAME: &'static str = "S3 bucket access logging";
    const KEY: &'static str = "s3.bucket-logging";
    const CALLS: &'static [ApiCall] = &[ApiCall::new(
        "S3",
        "GetBucketLogging",
        "s3:GetBucketLogging",
    )];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &S3Buckets::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        Self::of_buckets(facts, None).await
    }
}

#[async_trait]
impl Subset for S3BucketLogging {
    async fn collect_subset(facts: &Facts, keys: &[String]) -> Result<Self, FactError> {
        Self::of_buckets(facts, Some(keys)).await
    }

    fn merge(&mut self, other: Self) {
        self.by_bucket.extend(other.by_bucket);
    }
}

impl S3BucketLogging {
    /// The logging of the buckets in `only` that the account holds (of every bucket when
    /// `None`), each read in its bucket's region.
    async fn of_buckets(facts: &Facts, only: Option<&[String]>) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let buckets = facts.get::<S3Buckets>().await?;
        let wanted: Vec<_> = buckets
            .buckets
            .iter()
            .filter(|bucket| only.is_none_or(|only| only.contains(&bucket.name)))
            .map(|bucket| (bucket.name.clone(), bucket.region.clone()))
            .collect();
        let read: Vec<Option<(String, Option<String>)>> = futures::stream::iter(wanted)
            .map(|(name, region)| {
                let config = Arc::clone(&config);
                async move {
                    let client = crate::aws_client!(aws_sdk_s3, *config, region: region.as_str());
                    match client.get_bucket_logging().bucket(&name).send().await {
                        Ok(out) => {
                            let target = out
                                .logging_enabled()
                                .map(|enabled| enabled.target_bucket().to_owned());
                            Ok(Some((name, target)))
                        }
                        // Deleted since the listing: no bucket, no logging to judge.
                        Err(err) if code(&err) == Some("NoSuchBucket") => Ok(None),
                        Err(err) => Err(sdk_error(&Self::INFO, err)),
                    }
                }
            })
            .buffer_unordered(BUCKET_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Self {
            by_bucket: read.into_iter().flatten().collect(),
        })
    }
}
