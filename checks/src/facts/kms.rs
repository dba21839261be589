//! KMS: the region's customer-managed keys and whether their material rotates.

use async_trait::async_trait;
use aws_sdk_kms::types::{KeyManagerType, KeySpec, KeyState, OriginType};
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Keys described at once.
const KEY_CALL_CONCURRENCY: usize = 8;

/// One customer-managed key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KmsKey {
    /// Key id.
    pub id: String,
    /// Key ARN.
    pub arn: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    pub state: String,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, …
    pub spec: String,
    /// Symmetric, enabled, with key material KMS made: the keys whose material AWS can rotate.
    pub rotatable: bool,
    /// Automatic rotation on (`None`: not asked, the key cannot rotate).
    pub rotation_enabled: Option<bool>,
}

/// Every customer-managed key in the region, sorted by id (AWS-managed keys rotate on their
/// own and are left out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KmsKeys {
    /// The keys.
    pub keys: Vec<KmsKey>,
}

#[async_trait]
impl Fact for KmsKeys {
    const NAME: &'static str = "KMS keys";
    const KEY: &'static str = "kms.keys";
    const CALLS: &'static [ApiCall] =
        api_calls!("KMS", "kms": ListKeys, DescribeKey, GetKeyRotationStatus);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_kms, *config)).await
    }
}

impl KmsKeys {
    /// Lists the keys through `client`, describes each (KMS has no batch describe) and asks
    /// for the rotation status of those that can rotate.
    pub async fn from_client(client: &aws_sdk_kms::Client) -> Result<Self, FactError> {
        let listed: Vec<_> = client
            .list_keys()
            .limit(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let described: Vec<Option<KmsKey>> = futures::stream::iter(listed)
            .map(|entry| async move {
                let id = entry.key_id().unwrap_or_default().to_owned();
                let out = client
                    .describe_key()
                    .key_id(&id)
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                let Some(metadata) = out.key_metadata() else {
                    return Ok(None);
                };
                if metadata.key_manager() != Some(&KeyManagerType::Customer) {
                    return Ok(None);
                }
                let rotatable = metadata.key_spec() == Some(&KeySpec::SymmetricDefault)
                    && metadata.key_state() == Some(&KeyState::Enabled)
                    && metadata.origin() == Some(&OriginType::AwsKms);
                let rotation_enabled = if rotatable {
                    let status = client
                        .get_key_rotation_status()
                        .key_id(&id)
                        .send()
                        .await
                        .map_err(|err| sdk_error(&Self::INFO, err))?;
                    Some(status.key_rotation_enabled())
                } else {
                    None
                };
                Ok::<_, FactError>(Some(KmsKey {
                    arn: metadata.arn().unwrap_or_default().to_owned(),
                    state: metadata
                        .key_state()
                        .map_or_else(String::new, |state| state.as_str().to_owned()),
                    spec: metadata
                        .key_spec()
                        .map_or_else(String::new, |spec| spec.as_str().to_owned()),
                    rotatable,
                    rotation_enabled,
                    id,
                }))
            })
            .buffer_unordered(KEY_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        let mut keys: Vec<KmsKey> = described.into_iter().flatten().collect();
        keys.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { keys })
    }
}
