//! IAM: the managed policies attached to users, groups and roles, with their default
//! versions' documents. Customer-managed policies come with their documents from the
//! account's authorization details (one paginated listing); AWS-managed ones, which that
//! listing would return by the thousand, are listed attached-only and read one by one (an
//! account attaches a handful).

use async_trait::async_trait;
use aws_sdk_iam::types::{EntityType, PolicyScopeType};
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;
use crate::facts::iam::parse_policy_document;

/// AWS-managed policy documents fetched at once.
const POLICY_FETCH_CONCURRENCY: usize = 8;

/// A managed policy (customer- or AWS-managed) attached to something, with its default
/// version's document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    /// Policy name.
    pub name: String,
    /// Policy ARN.
    pub arn: String,
    /// The users, groups and roles it is attached to.
    pub attachments: i32,
    /// The default version's document.
    pub document: serde_json::Value,
}

impl ManagedPolicy {
    /// An AWS-managed policy (`arn:aws:iam::aws:policy/…`).
    pub fn is_aws_managed(&self) -> bool {
        self.arn.contains(":iam::aws:policy/")
    }
}

/// Every managed policy attached to a user, group or role: customer-managed and AWS-managed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachedPolicies {
    /// Policies, sorted by ARN.
    pub policies: Vec<ManagedPolicy>,
}

impl AttachedPolicies {
    /// The attached AWS-managed policy named `name`, if any.
    pub fn aws_managed(&self, name: &str) -> Option<&ManagedPolicy> {
        self.policies
            .iter()
            .find(|policy| policy.is_aws_managed() && policy.name == name)
    }
}

#[async_trait]
impl Fact for AttachedPolicies {
    const NAME: &'static str = "attached IAM policies";
    const KEY: &'static str = "iam.attached-policies";
    const CALLS: &'static [ApiCall] = api_calls!(
        "IAM", "iam": GetAccountAuthorizationDetails, ListPolicies, GetPolicyVersion
    );
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_iam, *config)).await
    }
}

impl AttachedPolicies {
    /// Reads the attached policies through `client`.
    pub async fn from_client(client: &aws_sdk_iam::Client) -> Result<Self, FactError> {
        let (customer, aws) = futures::try_join!(customer_managed(client), aws_managed(client))?;
        let mut policies: Vec<ManagedPolicy> = customer.into_iter().chain(aws).collect();
        policies.sort_by(|a, b| a.arn.cmp(&b.arn));
        Ok(Self { policies })
    }
}

/// The attached customer-managed policies, documents included, from the authorization
/// details.
async fn customer_managed(client: &aws_sdk_iam::Client) -> Result<Vec<ManagedPolicy>, FactError> {
    let info = &AttachedPolicies::INFO;
    let pages: Vec<_> = client
        .get_account_authorization_details()
        .filter(EntityType::LocalManagedPolicy)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| sdk_error(info, err))?;
    pages
        .iter()
        .flat_map(|page| page.policies())
        .filter(|policy| policy.attachment_count().unwrap_or_default() > 0)
        .map(|policy| {
            let arn = policy.arn().unwrap_or_default().to_owned();
            // A policy whose default document is not in the answer is not known to be
            // harmless: an error, never an empty document.
            let raw = policy
                .policy_version_list()
                .iter()
                .find(|version| version.is_default_version())
                .and_then(|version| version.document())
                .ok_or_else(|| {
                    FactError::failed(info.name, format!("policy {arn}: no default version"))
                })?;
            let document = parse_policy_document(raw)
                .map_err(|err| FactError::failed(info.name, format!("policy {arn}: {err}")))?;
            Ok(ManagedPolicy {
                name: policy.policy_name().unwrap_or_default().to_owned(),
                attachments: policy.attachment_count().unwrap_or_default(),
                arn,
                document,
            })
        })
        .collect()
}

/// The attached AWS-managed policies: listed attached-only, each default version read.
async fn aws_managed(client: &aws_sdk_iam::Client) -> Result<Vec<ManagedPolicy>, FactError> {
    let info = &AttachedPolicies::INFO;
    let listed: Vec<_> = client
        .list_policies()
        .scope(PolicyScopeType::Aws)
        .only_attached(true)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| sdk_error(info, err))?;
    futures::stream::iter(listed)
        .map(|policy| async move {
            let arn = policy.arn().unwrap_or_default().to_owned();
            let out = client
                .get_policy_version()
                .policy_arn(&arn)
                .version_id(policy.default_version_id().unwrap_or("v1"))
                .send()
                .await
                .map_err(|err| sdk_error(info, err))?;
            let raw = out
                .policy_version()
                .and_then(|v| v.document())
                .ok_or_else(|| {
                    FactError::failed(info.name, format!("policy {arn}: no document"))
                })?;
            let document = parse_policy_document(raw)
                .map_err(|err| FactError::failed(info.name, format!("policy {arn}: {err}")))?;
            Ok::<_, FactError>(ManagedPolicy {
                name: policy.policy_name().unwrap_or_default().to_owned(),
                arn,
                attachments: policy.attachment_count().unwrap_or_default(),
                document,
            })
        })
        .buffer_unordered(POLICY_FETCH_CONCURRENCY)
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    //! The authorization details as AWS answers them, from `aws-smithy-mocks` (moto returns
    //! every policy with its versions, and cannot leave a default document out).

    use aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput;
    use aws_sdk_iam::operation::list_policies::ListPoliciesOutput;
    use aws_sdk_iam::types::{ManagedPolicyDetail, PolicyVersion};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    async fn read(
        versions: Vec<PolicyVersion>,
        attachments: i32,
    ) -> Result<AttachedPolicies, FactError> {
        let details =
            mock!(aws_sdk_iam::Client::get_account_authorization_details).then_output(move || {
                GetAccountAuthorizationDetailsOutput::builder()
                    .policies(
                        ManagedPolicyDetail::builder()
                            .policy_name("deploy")
                            .arn("arn:aws:iam::123456789012:policy/deploy")
                            .attachment_count(attachments)
                            .set_policy_version_list(Some(versions.clone()))
                            .build(),
                    )
                    .is_truncated(false)
                    .build()
            });
        let aws = mock!(aws_sdk_iam::Client::list_policies)
            .then_output(|| ListPoliciesOutput::builder().is_truncated(false).build());
        let client = mock_client!(aws_sdk_iam, RuleMode::MatchAny, [&details, &aws]);
        AttachedPolicies::from_client(&client).await
    }

    fn version(default: bool, document: &str) -> PolicyVersion {
        PolicyVersion::builder()
            .is_default_version(default)
            .document(document)
            .build()
    }

    #[tokio::test]
    async fn the_default_document_of_each_attached_customer_policy_comes_with_the_listing() {
        let read = read(
            vec![
                version(false, r#"{"Statement":[]}"#),
                version(true, "%7B%22Version%22%3A%222012-10-17%22%7D"),
            ],
            2,
        )
        .await
        .unwrap();
        assert_eq!(read.policies.len(), 1);
        assert_eq!(read.policies[0].document["Version"], "2012-10-17");
        assert_eq!(read.policies[0].attachments, 2);
    }

    #[tokio::test]
    async fn a_policy_attached_to_nothing_is_left_out() {
        let read = read(vec![version(true, "{}")], 0).await.unwrap();
        assert!(read.policies.is_empty());
    }

    #[tokio::test]
    async fn an_attached_policy_without_its_default_document_is_an_error_not_an_empty_policy() {
        let err = read(vec![version(false, "{}")], 1).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed to collect attached IAM policies: policy arn:aws:iam::123456789012:policy/deploy: no default version"
        );
    }
}
