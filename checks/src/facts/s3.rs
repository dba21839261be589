//! S3: every bucket with its policy and public access block, its versioning and its access
//! logging (facts of their own), and the account's public access block (through S3 Control). Buckets
//! are listed once for the account; each bucket's settings are read in the bucket's region.

use async_trait::async_trait;
use aws_sdk_s3::types::{BucketVersioningStatus, MfaDeleteStatus};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Buckets read at once.
pub(super) const BUCKET_CALL_CONCURRENCY: usize = 8;

/// The four Block Public Access switches (`None` for one not reported: not known to be on).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    /// Reject new public ACLs.
    pub block_public_acls: Option<bool>,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: Option<bool>,
    /// Reject public bucket policies.
    pub block_public_policy: Option<bool>,
    /// Restrict access under a public policy to AWS principals and the account.
    pub restrict_public_buckets: Option<bool>,
}

impl PublicAccessBlock {
    /// All four switches on.
    pub fn blocks_everything(&self) -> bool {
        [
            self.block_public_acls,
            self.ignore_public_acls,
            self.block_public_policy,
            self.restrict_public_buckets,
        ]
        .iter()
        .all(|switch| *switch == Some(true))
    }

    /// The switches that are not on, by their API names.
    pub fn gaps(&self) -> Vec<&'static str> {
        [
            (self.block_public_acls, "BlockPublicAcls"),
            (self.ignore_public_acls, "IgnorePublicAcls"),
            (self.block_public_policy, "BlockPublicPolicy"),
            (self.restrict_public_buckets, "RestrictPublicBuckets"),
        ]
        .iter()
        .filter(|(switch, _)| *switch != Some(true))
        .map(|(_, name)| *name)
        .collect()
    }
}

/// One bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    /// Bucket name.
    pub name: String,
    /// `arn:aws:s3:::NAME`.
    pub arn: String,
    /// The bucket's region.
    pub region: String,
    /// The bucket policy document (`None`: no policy).
    pub policy: Option<String>,
    /// The bucket's own public access block (`None`: none set).
    pub public_access_block: Option<PublicAccessBlock>,
}

/// Every bucket of the account, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct S3Buckets {
    /// The buckets.
    pub buckets: Vec<Bucket>,
}

impl S3Buckets {
    /// The bucket named `name`.
    pub fn named(&self, name: &str) -> Option<&Bucket> {
        self.buckets.iter().find(|bucket| bucket.name == name)
    }
}

#[async_trait]
impl Fact for S3Buckets {
    const NAME: &'static str = "S3 buckets";
    const KEY: &'static str = "s3.buckets";
    // Three of S3's IAM actions are not named after their operations.
    const CALLS: &'static [ApiCall] = &[
        ApiCall::new("S3", "ListBuckets", "s3:ListAllMyBuckets"),
        ApiCall::new("S3", "GetBucketLocation", "s3:GetBucketLocation"),
        ApiCall::new("S3", "GetBucketPolicy", "s3:GetBucketPolicy"),
        ApiCall::new(
            "S3",
            "GetPublicAccessBlock",
            "s3:GetBucketPublicAccessBlock",
        ),
    ];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let local = crate::aws_client!(aws_sdk_s3, *config);
        Self::from_clients(
            &local,
            |region| crate::aws_client!(aws_sdk_s3, *config, region: region),
        )
        .await
    }
}

impl S3Buckets {
    /// Lists the buckets through `local` and reads each through `in_region` (a client of the
    /// bucket's region). The region comes with the listing (`BucketRegion`); a listing without
    /// it costs a GetBucketLocation per bucket.
    pub async fn from_clients(
        local: &aws_sdk_s3::Client,
        in_region: impl Fn(&str) -> aws_sdk_s3::Client,
    ) -> Result<Self, FactError> {
        let listed: Vec<_> = local
            .list_buckets()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let in_region = &in_region;
        let described: Vec<Option<Bucket>> = futures::stream::iter(listed)
            .map(|bucket| async move {
                let name = bucket.name().unwrap_or_default().to_owned();
                let region = match bucket.bucket_region() {
                    Some(region) => region.to_owned(),
                    None => match location(local, &name).await? {
                        Some(region) => region,
                        None => return Ok(None),
                    },
                };
                describe(&in_region(&region), name, region).await
            })
            .buffer_unordered(BUCKET_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        let mut buckets: Vec<Bucket> = described.into_iter().flatten().collect();
        buckets.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { buckets })
    }
}

/// The error code of a failed call, when AWS sent one.
pub(super) fn code<E: ProvideErrorMetadata, R>(
    err: &aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> Option<&str> {
    err.as_service_error().and_then(ProvideErrorMetadata::code)
}

/// The bucket's region (`None`: deleted since the listing).
async fn location(client: &aws_sdk_s3::Client, name: &str) -> Result<Option<String>, FactError> {
    match client.get_bucket_location().bucket(name).send().await {
        Ok(out) => Ok(Some(match out.location_constraint().map(|c| c.as_str()) {
            None | Some("") => "us-east-1".to_owned(),
            Some("EU") => "eu-west-1".to_owned(),
            Some(region) => region.to_owned(),
        })),
        Err(err) if code(&err) == Some("NoSuchBucket") => Ok(None),
        Err(err) => Err(sdk_error(&S3Buckets::INFO, err)),
    }
}

/// Reads one bucket's settings in its region (`None`: deleted since the listing).
async fn describe(
    client: &aws_sdk_s3::Client,
    name: String,
    region: String,
) -> Result<Option<Bucket>, FactError> {
    let info = &S3Buckets::INFO;
    let policy = match client.get_bucket_policy().bucket(&name).send().await {
        Ok(out) => out.policy().map(str::to_owned),
        Err(err) if code(&err) == Some("NoSuchBucketPolicy") => None,
        Err(err) if code(&err) == Some("NoSuchBucket") => return Ok(None),
        Err(err) => return Err(sdk_error(info, err)),
    };
    let public_access_block = match client.get_public_access_block().bucket(&name).send().await {
        Ok(out) => out
            .public_access_block_configuration()
            .map(|c| PublicAccessBlock {
                block_public_acls: c.block_public_acls(),
                ignore_public_acls: c.ignore_public_acls(),
                block_public_policy: c.block_public_policy(),
                restrict_public_buckets: c.restrict_public_buckets(),
            }),
        Err(err) if code(&err) == Some("NoSuchPublicAccessBlockConfiguration") => None,
        Err(err) => return Err(sdk_error(info, err)),
    };
    Ok(Some(Bucket {
        arn: format!("arn:aws:s3:::{name}"),
        region,
        policy,
        public_access_block,
        name,
    }))
}

/// One bucket's versioning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Versioning {
    /// Bucket name.
    pub bucket: String,
    /// `arn:aws:s3:::NAME`.
    pub arn: String,
    /// Versioning enabled.
    pub enabled: bool,
    /// MFA Delete enabled.
    pub mfa_delete: bool,
}

/// Every bucket's versioning, sorted by bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct S3BucketVersioning {
    /// The buckets' versioning.
    pub buckets: Vec<Versioning>,
}

#[async_trait]
impl Fact for S3BucketVersioning {
    const NAME: &'static str = "S3 bucket versioning";
    const KEY: &'static str = "s3.bucket-versioning";
    const CALLS: &'static [ApiCall] = &[ApiCall::new(
        "S3",
        "GetBucketVersioning",
        "s3:GetBucketVersioning",
    )];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &S3Buckets::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let buckets = facts.get::<S3Buckets>().await?;
        let mut read: Vec<Versioning> = futures::stream::iter(buckets.buckets.clone())
            .map(|bucket| {
                let client =
                    crate::aws_client!(aws_sdk_s3, *config, region: bucket.region.as_str());
                async move {
                    let out = client
                        .get_bucket_versioning()
                        .bucket(&bucket.name)
                        .send()
                        .await
                        .map_err(|err| sdk_error(&Self::INFO, err))?;
                    Ok::<_, FactError>(Versioning {
                        bucket: bucket.name,
                        arn: bucket.arn,
                        enabled: out.status() == Some(&BucketVersioningStatus::Enabled),
                        mfa_delete: out.mfa_delete() == Some(&MfaDeleteStatus::Enabled),
                    })
                }
            })
            .buffer_unordered(BUCKET_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        read.sort_by(|a, b| a.bucket.cmp(&b.bucket));
        Ok(Self { buckets: read })
    }
}

/// The account's Block Public Access settings (S3 Control).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountPublicAccessBlock(
    /// The settings (`None`: none set).
    pub Option<PublicAccessBlock>,
);

#[async_trait]
impl Fact for AccountPublicAccessBlock {
    const NAME: &'static str = "the account's S3 public access block";
    const KEY: &'static str = "s3control.public-access-block";
    const CALLS: &'static [ApiCall] = &[ApiCall::new(
        "S3 Control",
        "GetPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
    )];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let identity = facts.get::<CallerIdentity>().await?;
        let out = crate::aws_client!(aws_sdk_s3control, *config)
            .get_public_access_block()
            .account_id(&identity.account_id)
            .send()
            .await;
        match out {
            Ok(out) => Ok(Self(out.public_access_block_configuration().map(|c| {
                PublicAccessBlock {
                    block_public_acls: c.block_public_acls(),
                    ignore_public_acls: c.ignore_public_acls(),
                    block_public_policy: c.block_public_policy(),
                    restrict_public_buckets: c.restrict_public_buckets(),
                }
            }))),
            Err(err) if code(&err) == Some("NoSuchPublicAccessBlockConfiguration") => {
                Ok(Self(None))
            }
            Err(err) => Err(sdk_error(&Self::INFO, err)),
        }
    }
}

#[cfg(test)]
mod tests {
    //! What ListBuckets answers on AWS, from `aws-smithy-mocks`: moto 5.2 leaves
    //! `BucketRegion` out, so against moto every bucket costs a GetBucketLocation.

    use aws_sdk_s3::operation::get_bucket_location::GetBucketLocationOutput;
    use aws_sdk_s3::operation::get_bucket_policy::GetBucketPolicyOutput;
    use aws_sdk_s3::operation::get_public_access_block::GetPublicAccessBlockOutput;
    use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    use aws_sdk_s3::types::{Bucket as Listed, BucketLocationConstraint};
    use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};

    use super::*;

    fn rules(with_region: bool) -> [Rule; 4] {
        let listing = mock!(aws_sdk_s3::Client::list_buckets).then_output(move || {
            let bucket = |name: &str| {
                let listed = Listed::builder().name(name);
                match with_region {
                    true => listed.bucket_region("eu-west-1").build(),
                    false => listed.build(),
                }
            };
            ListBucketsOutput::builder()
                .buckets(bucket("logs"))
                .buckets(bucket("uploads"))
                .build()
        });
        let location = mock!(aws_sdk_s3::Client::get_bucket_location).then_output(|| {
            GetBucketLocationOutput::builder()
                .location_constraint(BucketLocationConstraint::EuWest1)
                .build()
        });
        let policy = mock!(aws_sdk_s3::Client::get_bucket_policy)
            .then_output(|| GetBucketPolicyOutput::builder().build());
        let block = mock!(aws_sdk_s3::Client::get_public_access_block)
            .then_output(|| GetPublicAccessBlockOutput::builder().build());
        [listing, location, policy, block]
    }

    /// The buckets read, and how many GetBucketLocation calls that took.
    async fn read(with_region: bool) -> (S3Buckets, usize) {
        let [listing, location, policy, block] = rules(with_region);
        let client = mock_client!(
            aws_sdk_s3,
            RuleMode::MatchAny,
            [&listing, &location, &policy, &block]
        );
        let buckets = S3Buckets::from_clients(&client, |_| client.clone())
            .await
            .unwrap();
        (buckets, location.num_calls())
    }

    #[tokio::test]
    async fn bucket_regions_come_with_the_listing_where_it_names_them() {
        let (with, located_with) = read(true).await;
        let (without, located_without) = read(false).await;
        assert_eq!(with, without, "the same buckets either way");
        assert_eq!(with.buckets[0].region, "eu-west-1");
        assert_eq!(
            located_with, 0,
            "no GetBucketLocation where ListBuckets names the region"
        );
        assert_eq!(
            located_without, 2,
            "one per bucket where it does not (moto 5.2)"
        );
    }
}
