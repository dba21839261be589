//! EBS encryption by default, a per-region account setting.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Whether new EBS volumes in the region are encrypted by default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EbsEncryptionByDefault {
    /// The setting (`None`: not reported, so not known).
    pub enabled: Option<bool>,
}

#[async_trait]
impl Fact for EbsEncryptionByDefault {
    const NAME: &'static str = "EBS encryption by default";
    const KEY: &'static str = "ec2.ebs-encryption-by-default";
    const CALLS: &'static [ApiCall] = api_calls!("EC2", "ec2": GetEbsEncryptionByDefault);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let out = crate::aws_client!(aws_sdk_ec2, *config)
            .get_ebs_encryption_by_default()
            .send()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        Ok(Self {
            enabled: out.ebs_encryption_by_default(),
        })
    }
}
