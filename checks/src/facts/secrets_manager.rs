//! Secrets Manager: the region's secrets with their rotation settings, from one listing, and
//! their resource policies (a fact of its own: Secrets Manager has no batch policy read).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error, utc};
use crate::facts::{CallerIdentity, ResourcePolicy};

/// Policies read at once.
const POLICY_CALL_CONCURRENCY: usize = 8;

/// One secret (never its value: gonogo does not ask for it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Secret {
    /// Secret name.
    pub name: String,
    /// Secret ARN.
    pub arn: String,
    /// Automatic rotation on.
    pub rotation_enabled: bool,
    /// Days between rotations, when a schedule is set in days.
    pub rotation_days: Option<i64>,
    /// The schedule expression, when one is set instead of days.
    pub rotation_schedule: Option<String>,
    /// When it last rotated.
    pub last_rotated: Option<DateTime<Utc>>,
    /// When Secrets Manager will next rotate it.
    pub next_rotation: Option<DateTime<Utc>>,
    /// When it was created.
    pub created: Option<DateTime<Utc>>,
}

/// Every secret in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Secrets {
    /// The secrets.
    pub secrets: Vec<Secret>,
}

#[async_trait]
impl Fact for Secrets {
    const NAME: &'static str = "Secrets Manager secrets";
    const KEY: &'static str = "secretsmanager.secrets";
    const CALLS: &'static [ApiCall] = api_calls!("Secrets Manager", "secretsmanager": ListSecrets);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_secretsmanager, *config)).await
    }
}

impl Secrets {
    /// Lists the secrets through `client`.
    pub async fn from_client(client: &aws_sdk_secretsmanager::Client) -> Result<Self, FactError> {
        let pages: Vec<_> = client
            .list_secrets()
            .max_results(100)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut secrets: Vec<Secret> = pages
            .iter()
            .flat_map(|page| page.secret_list())
            .map(|secret| {
                let rules = secret.rotation_rules();
                Secret {
                    name: secret.name().unwrap_or_default().to_owned(),
                    arn: secret.arn().unwrap_or_default().to_owned(),
                    rotation_enabled: secret.rotation_enabled().unwrap_or(false),
                    rotation_days: rules.and_then(|r| r.automatically_after_days()),
                    rotation_schedule: rules
                        .and_then(|r| r.schedule_expression())
                        .map(str::to_owned),
                    last_rotated: secret.last_rotated_date().and_then(utc),
                    next_rotation: secret.next_rotation_date().and_then(utc),
                    created: secret.created_date().and_then(utc),
                }
            })
            .collect();
        secrets.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { secrets })
    }
}

/// The resource policy of each secret, in the order of [`Secrets`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecretPolicies {
    /// The policies.
    pub policies: Vec<ResourcePolicy>,
}

#[async_trait]
impl Fact for SecretPolicies {
    const NAME: &'static str = "Secrets Manager resource policies";
    const KEY: &'static str = "secretsmanager.policies";
    const CALLS: &'static [ApiCall] =
        api_calls!("Secrets Manager", "secretsmanager": GetResourcePolicy);
    const NEEDS: &'static [&'static FactInfo] = &[&Secrets::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let secrets = facts.get::<Secrets>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(
            &crate::aws_client!(aws_sdk_secretsmanager, *config),
            &secrets,
        )
        .await
    }
}

impl SecretPolicies {
    /// Reads each secret's policy through `client`.
    pub async fn from_client(
        client: &aws_sdk_secretsmanager::Client,
        secrets: &Secrets,
    ) -> Result<Self, FactError> {
        let named: Vec<(String, String)> = secrets
            .secrets
            .iter()
            .map(|secret| (secret.name.clone(), secret.arn.clone()))
            .collect();
        let policies = futures::stream::iter(named)
            .map(|(name, arn)| async move {
                let out = match client.get_resource_policy().secret_id(&arn).send().await {
                    Ok(out) => out,
                    // Deleted between the listing and now: no longer part of the account.
                    Err(err)
                        if err
                            .as_service_error()
                            .is_some_and(|e| e.is_resource_not_found_exception()) =>
                    {
                        return Ok(None);
                    }
                    Err(err) => return Err(sdk_error(&Self::INFO, err)),
                };
                let policy = out
                    .resource_policy()
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned);
                Ok::<_, FactError>(Some(ResourcePolicy { name, arn, policy }))
            })
            .buffered(POLICY_CALL_CONCURRENCY)
            .try_collect::<Vec<_>>()
            .await?;
        Ok(Self {
            policies: policies.into_iter().flatten().collect(),
        })
    }
}
