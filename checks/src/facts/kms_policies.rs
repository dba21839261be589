//! KMS: the key policy of each customer-managed key (KMS has no batch policy read).

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::{KmsKeys, ResourcePolicy};

/// Policies read at once.
const POLICY_CALL_CONCURRENCY: usize = 8;

/// The key policy of each key of [`KmsKeys`], in its order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KmsKeyPolicies {
    /// The policies: a key always has one, named `default`.
    pub policies: Vec<ResourcePolicy>,
}

#[async_trait]
impl Fact for KmsKeyPolicies {
    const NAME: &'static str = "KMS key policies";
    const KEY: &'static str = "kms.key-policies";
    const CALLS: &'static [ApiCall] = api_calls!("KMS", "kms": GetKeyPolicy);
    const NEEDS: &'static [&'static FactInfo] = &[&KmsKeys::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let keys = facts.get::<KmsKeys>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_kms, *config), &keys).await
    }
}

impl KmsKeyPolicies {
    /// Reads each key's `default` policy through `client`.
    pub async fn from_client(
        client: &aws_sdk_kms::Client,
        keys: &KmsKeys,
    ) -> Result<Self, FactError> {
        let keys: Vec<(String, String)> = keys
            .keys
            .iter()
            .map(|key| (key.id.clone(), key.arn.clone()))
            .collect();
        let policies = futures::stream::iter(keys)
            .map(|(id, arn)| async move {
                let out = client
                    .get_key_policy()
                    .key_id(&id)
                    .policy_name("default")
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                Ok::<_, FactError>(ResourcePolicy {
                    name: id,
                    arn,
                    policy: out.policy().map(str::to_owned),
                })
            })
            .buffered(POLICY_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Self { policies })
    }
}
