//! IAM: the policies attached to users directly, inline and managed, from the account's
//! authorization details (one paginated listing, filtered to users).

use async_trait::async_trait;
use aws_sdk_iam::types::EntityType;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One user's own policies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserPolicies {
    /// User name.
    pub name: String,
    /// User ARN.
    pub arn: String,
    /// Managed policies attached to the user, by name.
    pub attached: Vec<String>,
    /// Inline policies of the user, by name.
    pub inline: Vec<String>,
    /// The groups the user is in.
    pub groups: Vec<String>,
}

/// Every user's own policies, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IamUserPolicies {
    /// The users.
    pub users: Vec<UserPolicies>,
}

#[async_trait]
impl Fact for IamUserPolicies {
    const NAME: &'static str = "IAM users' own policies";
    const KEY: &'static str = "iam.user-policies";
    const CALLS: &'static [ApiCall] = api_calls!("IAM", "iam": GetAccountAuthorizationDetails);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let pages: Vec<_> = crate::aws_client!(aws_sdk_iam, *config)
            .get_account_authorization_details()
            .filter(EntityType::User)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut users: Vec<UserPolicies> = pages
            .iter()
            .flat_map(|page| page.user_detail_list())
            .map(|user| UserPolicies {
                name: user.user_name().unwrap_or_default().to_owned(),
                arn: user.arn().unwrap_or_default().to_owned(),
                attached: user
                    .attached_managed_policies()
                    .iter()
                    .filter_map(|policy| policy.policy_name().map(str::to_owned))
                    .collect(),
                inline: user
                    .user_policy_list()
                    .iter()
                    .filter_map(|policy| policy.policy_name().map(str::to_owned))
                    .collect(),
                groups: user.group_list().to_vec(),
            })
            .collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { users })
    }
}
