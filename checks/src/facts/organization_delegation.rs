//! AWS Organizations, what the management account hands on: the resource policy that
//! delegates policy management, and the delegated administrators of integrated services.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::OrganizationMembership;

/// The organization's resource-based delegation policy (`None`: none is set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationResourcePolicy(pub Option<String>);

#[async_trait]
impl Fact for OrganizationResourcePolicy {
    const NAME: &'static str = "organization resource policy";
    const KEY: &'static str = "organizations.resource-policy";
    const CALLS: &'static [ApiCall] =
        api_calls!("Organizations", "organizations": DescribeResourcePolicy);
    const NEEDS: &'static [&'static FactInfo] = &[&OrganizationMembership::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_organizations, *config)).await
    }
}

impl OrganizationResourcePolicy {
    /// Reads the policy through `client`.
    pub async fn from_client(client: &aws_sdk_organizations::Client) -> Result<Self, FactError> {
        match client.describe_resource_policy().send().await {
            Ok(out) => Ok(Self(
                out.resource_policy()
                    .and_then(|p| p.content())
                    .map(str::to_owned),
            )),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_policy_not_found_exception()) =>
            {
                Ok(Self(None))
            }
            Err(err) => Err(sdk_error(&Self::INFO, err)),
        }
    }
}

/// The services integrated with the organization and who administers each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelegatedAdministrators {
    /// Each service principal with trusted access enabled, and the member accounts delegated
    /// to administer it (empty: the management account does).
    pub services: BTreeMap<String, BTreeSet<String>>,
}

#[async_trait]
impl Fact for DelegatedAdministrators {
    const NAME: &'static str = "delegated administrators";
    const KEY: &'static str = "organizations.delegated-administrators";
    const CALLS: &'static [ApiCall] = api_calls!(
        "Organizations",
        "organizations": ListAWSServiceAccessForOrganization,
        ListDelegatedAdministrators,
        ListDelegatedServicesForAccount
    );
    const NEEDS: &'static [&'static FactInfo] = &[&OrganizationMembership::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_organizations, *config)).await
    }
}

impl DelegatedAdministrators {
    /// Lists the integrated services, the delegated administrators, and what each
    /// administers (one call per administrator: there are few).
    pub async fn from_client(client: &aws_sdk_organizations::Client) -> Result<Self, FactError> {
        let enabled: Vec<_> = client
            .list_aws_service_access_for_organization()
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut services: BTreeMap<String, BTreeSet<String>> = enabled
            .iter()
            .flat_map(|p| p.enabled_service_principals())
            .filter_map(|s| {
                s.service_principal()
                    .map(|p| (p.to_owned(), BTreeSet::new()))
            })
            .collect();
        let admins: Vec<_> = client
            .list_delegated_administrators()
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        for admin in admins.iter().flat_map(|p| p.delegated_administrators()) {
            let account = admin.id().unwrap_or_default().to_owned();
            let delegated: Vec<_> = client
                .list_delegated_services_for_account()
                .account_id(&account)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            for service in delegated.iter().flat_map(|p| p.delegated_services()) {
                if let Some(principal) = service.service_principal() {
                    services
                        .entry(principal.to_owned())
                        .or_default()
                        .insert(account.clone());
                }
            }
        }
        Ok(Self { services })
    }
}
