//! Assuming a role into another account through STS.

use aws_config::SdkConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use crate::aws::cause_chain;

/// The session name gonogo's assumed-role sessions carry (CloudTrail shows it).
const SESSION_NAME: &str = "gonogo-audit";

/// An account to audit and the role to assume into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountTarget {
    /// The 12-digit account id.
    pub account_id: String,
    /// The role to assume, in that account.
    pub role_arn: String,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
    /// A name for reports (`prod`).
    pub name: Option<String>,
}

/// The SDK configuration of `base` acting as the target's role: credentials come from STS
/// AssumeRole (refreshed before they expire). The role is assumed once here, so a role that
/// cannot be assumed is an error now, naming the cause, not a wall of failed calls later.
pub async fn assume_role(base: &SdkConfig, target: &AccountTarget) -> Result<SdkConfig, String> {
    let mut builder = AssumeRoleProvider::builder(&target.role_arn)
        .session_name(SESSION_NAME)
        .configure(base);
    if let Some(external_id) = &target.external_id {
        builder = builder.external_id(external_id);
    }
    let provider = builder.build().await;
    provider.provide_credentials().await.map_err(|err| {
        format!(
            "could not assume {}: {}",
            target.role_arn,
            cause_chain(&err)
        )
    })?;
    Ok(base
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build())
}
