//! Amazon Macie: whether the region's Macie session is enabled.

use async_trait::async_trait;
use aws_sdk_macie2::operation::get_macie_session::GetMacieSessionError;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// The region's Macie session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MacieSession {
    /// `ENABLED` or `PAUSED` (`None`: Macie is not enabled here).
    pub status: Option<String>,
}

impl MacieSession {
    /// Discovering and classifying data now.
    pub fn is_enabled(&self) -> bool {
        self.status.as_deref() == Some("ENABLED")
    }
}

#[async_trait]
impl Fact for MacieSession {
    const NAME: &'static str = "Macie session";
    const KEY: &'static str = "macie.session";
    const CALLS: &'static [ApiCall] = api_calls!("Macie2", "macie2": GetMacieSession);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_macie2, *config)).await
    }
}

impl MacieSession {
    /// Reads the session through `client`.
    pub async fn from_client(client: &aws_sdk_macie2::Client) -> Result<Self, FactError> {
        match client.get_macie_session().send().await {
            Ok(out) => Ok(Self {
                status: Some(
                    out.status()
                        .map(|status| status.as_str().to_owned())
                        .unwrap_or_default(),
                ),
            }),
            Err(err) => {
                // AWS answers AccessDeniedException "Macie is not enabled." where it is off
                // (moto: ResourceNotFoundException); any other access denial stays an error.
                let off = match err.as_service_error() {
                    Some(GetMacieSessionError::AccessDeniedException(denied)) => denied
                        .message()
                        .is_some_and(|m| m.contains("Macie is not enabled")),
                    Some(other) => other.is_resource_not_found_exception(),
                    None => false,
                };
                if off {
                    Ok(Self { status: None })
                } else {
                    Err(sdk_error(&Self::INFO, err))
                }
            }
        }
    }
}
