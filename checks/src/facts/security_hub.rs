//! Security Hub: whether the region's hub is enabled.

use async_trait::async_trait;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// The region's Security Hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityHub {
    /// The hub's ARN when it is enabled (`None`: the account is not subscribed here).
    pub hub_arn: Option<String>,
}

#[async_trait]
impl Fact for SecurityHub {
    const NAME: &'static str = "Security Hub";
    const KEY: &'static str = "securityhub.hub";
    const CALLS: &'static [ApiCall] = api_calls!("SecurityHub", "securityhub": DescribeHub);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        match crate::aws_client!(aws_sdk_securityhub, *config)
            .describe_hub()
            .send()
            .await
        {
            Ok(out) => Ok(Self {
                hub_arn: Some(out.hub_arn().unwrap_or_default().to_owned()),
            }),
            // What Security Hub answers when the account is not subscribed in the region (an
            // access-denied answer is `AccessDeniedException`, and stays an error).
            Err(err)
                if err.as_service_error().and_then(ProvideErrorMetadata::code)
                    == Some("InvalidAccessException")
                    && err
                        .as_service_error()
                        .and_then(ProvideErrorMetadata::message)
                        .is_some_and(|message| message.contains("not subscribed")) =>
            {
                Ok(Self { hub_arn: None })
            }
            Err(err) => Err(sdk_error(&Self::INFO, err)),
        }
    }
}
