//! STS: who the credentials are.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{AwsConfig, sdk_error};

/// The caller behind the credentials, and the region audited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallerIdentity {
    /// 12-digit account id.
    pub account_id: String,
    /// The caller's ARN.
    pub arn: String,
    /// The caller's unique id.
    pub user_id: String,
    /// The configured region.
    pub region: String,
}

impl CallerIdentity {
    /// The account's root user (`arn:aws:iam::ACCOUNT:root`): the resource of findings
    /// about the account as a whole.
    pub fn root_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

#[async_trait]
impl Fact for CallerIdentity {
    const NAME: &'static str = "caller identity";
    const KEY: &'static str = "sts.caller-identity";
    const CALLS: &'static [ApiCall] = api_calls!("STS", "sts": GetCallerIdentity);

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = facts
            .resource::<AwsConfig>()
            .ok_or_else(|| FactError::unavailable(Self::NAME, "no AWS configuration"))?;
        let client = crate::aws_client!(aws_sdk_sts, *config);
        let out = client
            .get_caller_identity()
            .send()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        Ok(Self {
            account_id: out.account().unwrap_or_default().to_owned(),
            arn: out.arn().unwrap_or_default().to_owned(),
            user_id: out.user_id().unwrap_or_default().to_owned(),
            region: config
                .sdk
                .region()
                .map(ToString::to_string)
                .unwrap_or_default(),
        })
    }
}
