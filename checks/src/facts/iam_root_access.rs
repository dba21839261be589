//! IAM: the organization's centralized root access features, which only the management
//! account (or IAM's delegated administrator) can read.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::OrganizationMembership;

/// The centralized root access features enabled for the organization's member accounts
/// (`RootCredentialsManagement`, `RootSessions`); empty when IAM's trusted access or the
/// organization's all-features mode is off, which leaves them off too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CentralRootAccess {
    /// The features enabled.
    pub enabled_features: Vec<String>,
}

#[async_trait]
impl Fact for CentralRootAccess {
    const NAME: &'static str = "centralized root access";
    const KEY: &'static str = "iam.organizations-features";
    const CALLS: &'static [ApiCall] = api_calls!("IAM", "iam": ListOrganizationsFeatures);
    const NEEDS: &'static [&'static FactInfo] = &[&OrganizationMembership::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_iam, *config)).await
    }
}

impl CentralRootAccess {
    /// Lists the features through `client`.
    pub async fn from_client(client: &aws_sdk_iam::Client) -> Result<Self, FactError> {
        match client.list_organizations_features().send().await {
            Ok(out) => {
                let mut enabled_features: Vec<String> = out
                    .enabled_features()
                    .iter()
                    .map(|f| f.as_str().to_owned())
                    .collect();
                enabled_features.sort();
                Ok(Self { enabled_features })
            }
            Err(err) => match err.as_service_error() {
                Some(e)
                    if e.is_service_access_not_enabled_exception()
                        || e.is_organization_not_in_all_features_mode_exception() =>
                {
                    Ok(Self {
                        enabled_features: Vec::new(),
                    })
                }
                Some(e) if e.is_account_not_management_or_delegated_administrator_exception() => {
                    Err(FactError::unavailable(
                        Self::NAME,
                        "only the management account or IAM's delegated administrator can read it",
                    ))
                }
                _ => Err(sdk_error(&Self::INFO, err)),
            },
        }
    }
}
