//! Assuming a role into another account through STS.

use aws_config::SdkConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use super::FleetError;
use crate::aws::cause_chain;

/// The session name gonogo's assumed-role sessions carry (CloudTrail shows it).
const SESSION_NAME: &str = "gonogo-audit";

/// An account to audit and the role to assume into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountTarget {
    /// The 12-digit account id.
    pub account_id: String,
    /// The role to assume, in that account; `None`: the scanner's own credentials, which must
    /// be in that account (the management account of `--organization`).
    pub role_arn: Option<String>,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
    /// A name for reports (`prod`).
    pub name: Option<String>,
}

/// The SDK configuration of `base` acting as the target's role: credentials come from STS
/// AssumeRole (refreshed before they expire). The role is assumed once here, so a role that
/// cannot be assumed is an error now, naming the cause, not a wall of failed calls later.
/// A target without a role is `base` itself, once its credentials are seen to be in the
/// target's account.
pub async fn assume_role(
    base: &SdkConfig,
    target: &AccountTarget,
) -> Result<SdkConfig, FleetError> {
    let Some(role_arn) = &target.role_arn else {
        let account = caller_account(base).await?;
        if account != target.account_id {
            return Err(FleetError::NotOwnAccount(account));
        }
        return Ok(base.clone());
    };
    let mut builder = AssumeRoleProvider::builder(role_arn)
        .session_name(SESSION_NAME)
        .configure(base);
    if let Some(external_id) = &target.external_id {
        builder = builder.external_id(external_id);
    }
    let provider = builder.build().await;
    provider
        .provide_credentials()
        .await
        .map_err(|err| FleetError::AssumeRole {
            role_arn: role_arn.clone(),
            cause: cause_chain(&err),
        })?;
    Ok(base
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build())
}

/// The account `config`'s credentials are in (STS GetCallerIdentity).
pub async fn caller_account(config: &SdkConfig) -> Result<String, FleetError> {
    let identity = aws_sdk_sts::Client::new(config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|err| FleetError::CallerIdentity(cause_chain(&err)))?;
    identity
        .account()
        .map(str::to_owned)
        .ok_or(FleetError::NoAccount)
}
