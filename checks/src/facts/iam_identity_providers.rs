//! IAM: the SAML and OpenID Connect identity providers the account trusts.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// The account's identity providers, by ARN, each list sorted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentityProviders {
    /// SAML providers (IAM Identity Center adds one to each account it manages).
    pub saml: Vec<String>,
    /// OpenID Connect providers.
    pub oidc: Vec<String>,
}

#[async_trait]
impl Fact for IdentityProviders {
    const NAME: &'static str = "IAM identity providers";
    const KEY: &'static str = "iam.identity-providers";
    const CALLS: &'static [ApiCall] =
        api_calls!("IAM", "iam": ListSAMLProviders, ListOpenIDConnectProviders);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_iam, *config);
        // Neither listing is paginated: IAM returns every provider at once.
        let (saml, oidc) = tokio::join!(
            client.list_saml_providers().send(),
            client.list_open_id_connect_providers().send(),
        );
        let saml = saml.map_err(|err| sdk_error(&Self::INFO, err))?;
        let oidc = oidc.map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut saml: Vec<String> = saml
            .saml_provider_list()
            .iter()
            .filter_map(|provider| provider.arn().map(str::to_owned))
            .collect();
        let mut oidc: Vec<String> = oidc
            .open_id_connect_provider_list()
            .iter()
            .filter_map(|provider| provider.arn().map(str::to_owned))
            .collect();
        saml.sort();
        oidc.sort();
        Ok(Self { saml, oidc })
    }
}
