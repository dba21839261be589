//! IAM: the account summary, password policy and credential report.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};

/// How often to ask whether the credential report is ready.
const REPORT_POLLS: usize = 30;

/// `GetAccountSummary`: account-wide IAM counters (`AccountMFAEnabled`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// Counter name to value.
    pub values: BTreeMap<String, i32>,
}

#[async_trait]
impl Fact for AccountSummary {
    const NAME: &'static str = "IAM account summary";
    const KEY: &'static str = "iam.account-summary";
    const CALLS: &'static [ApiCall] = api_calls!("IAM", "iam": GetAccountSummary);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_iam, *config)).await
    }
}

impl AccountSummary {
    /// Reads the summary through `client`.
    pub async fn from_client(client: &aws_sdk_iam::Client) -> Result<Self, FactError> {
        let out = client
            .get_account_summary()
            .send()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let values = out
            .summary_map()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str().to_owned(), *value))
            .collect();
        Ok(Self { values })
    }
}

/// The account password policy, if one is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicy(pub Option<PasswordPolicySettings>);

/// The settings of a password policy that checks look at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicySettings {
    /// Minimum length.
    pub minimum_length: i32,
    /// Requires an uppercase letter.
    pub require_uppercase: bool,
    /// Requires a lowercase letter.
    pub require_lowercase: bool,
    /// Requires a digit.
    pub require_numbers: bool,
    /// Requires a symbol.
    pub require_symbols: bool,
    /// How many previous passwords cannot be reused (`None`: not set, or not recorded).
    #[serde(default)]
    pub reuse_prevention: Option<i32>,
}

#[async_trait]
impl Fact for PasswordPolicy {
    const NAME: &'static str = "IAM password policy";
    const KEY: &'static str = "iam.password-policy";
    const CALLS: &'static [ApiCall] = api_calls!("IAM", "iam": GetAccountPasswordPolicy);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        match crate::aws_client!(aws_sdk_iam, *config)
            .get_account_password_policy()
            .send()
            .await
        {
            Ok(out) => Ok(Self(out.password_policy().map(|p| {
                PasswordPolicySettings {
                    minimum_length: p.minimum_password_length().unwrap_or(0),
                    require_uppercase: p.require_uppercase_characters(),
                    require_lowercase: p.require_lowercase_characters(),
                    require_numbers: p.require_numbers(),
                    require_symbols: p.require_symbols(),
                    reuse_prevention: p.password_reuse_prevention(),
                }
            }))),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_no_such_entity_exception()) =>
            {
                Ok(Self(None))
            }
            Err(err) => Err(sdk_error(&Self::INFO, err)),
        }
    }
}

/// One IAM user from the credential report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IamUser {
    /// User name.
    pub name: String,
    /// User ARN.
    pub arn: String,
    /// When the user was created.
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    /// Has a console password.
    pub password_enabled: bool,
    /// When the password was last used to sign in (`None`: never, or not recorded).
    #[serde(default)]
    pub password_last_used: Option<DateTime<Utc>>,
    /// When the password was last set.
    #[serde(default)]
    pub password_last_changed: Option<DateTime<Utc>>,
    /// Has an MFA device.
    pub mfa_active: bool,
    /// Access keys (at most two).
    pub access_keys: Vec<AccessKey>,
}

/// One access key slot of a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessKey {
    /// 1 or 2, as in the credential report.
    pub slot: u8,
    /// Whether it is active.
    pub active: bool,
    /// When it was created or last rotated.
    pub last_rotated: Option<DateTime<Utc>>,
    /// When it was last used (`None`: never, or not recorded).
    #[serde(default)]
    pub last_used: Option<DateTime<Utc>>,
}

/// Every IAM user with console, MFA and key facts: one credential report instead of three
/// calls per user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialReport {
    /// Users, in report order (root excluded).
    pub users: Vec<IamUser>,
}

#[async_trait]
impl Fact for CredentialReport {
    const NAME: &'static str = "IAM credential report";
    const KEY: &'static str = "iam.credential-report";
    const CALLS: &'static [ApiCall] =
        api_calls!("IAM", "iam": GenerateCredentialReport, GetCredentialReport);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_iam, *config)).await
    }
}

impl CredentialReport {
    /// Generates the report through `client`, waits until it is ready, and reads it.
    pub async fn from_client(client: &aws_sdk_iam::Client) -> Result<Self, FactError> {
        let mut delay = Duration::from_millis(100);
        for _ in 0..REPORT_POLLS {
            let out = client
                .generate_credential_report()
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            if out.state() == Some(&aws_sdk_iam::types::ReportStateType::Complete) {
                let report = client
                    .get_credential_report()
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                let content = report.content().map(|b| b.as_ref()).unwrap_or_default();
                return parse_credential_report(content)
                    .map_err(|err| FactError::failed(Self::NAME, err));
            }
            // Reports are usually ready within a second: poll soon, then back off.
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(2));
        }
        Err(FactError::failed(
            Self::NAME,
            "the credential report was not ready in time",
        ))
    }
}

/// Parses the credential report CSV.
pub(crate) fn parse_credential_report(csv_bytes: &[u8]) -> Result<CredentialReport, String> {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let headers = reader
        .headers()
        .map_err(|e| format!("bad credential report: {e}"))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("credential report has no `{name}` column"))
    };
    let (user, arn, password, mfa) = (
        column("user")?,
        column("arn")?,
        column("password_enabled")?,
        column("mfa_active")?,
    );
    let (created, password_used, password_changed) = (
        column("user_creation_time")?,
        column("password_last_used")?,
        column("password_last_changed")?,
    );
    let keys = [
        (
            1u8,
            column("access_key_1_active")?,
            column("access_key_1_last_rotated")?,
            column("access_key_1_last_used_date")?,
        ),
        (
            2u8,
            column("access_key_2_active")?,
            column("access_key_2_last_rotated")?,
            column("access_key_2_last_used_date")?,
        ),
    ];
    let mut users = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("bad credential report row: {e}"))?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        // Dates are RFC 3339; `N/A`, `no_information` and `not_supported` mean none.
        let date = |i: usize| {
            DateTime::parse_from_rfc3339(field(i))
                .ok()
                .map(|d| d.with_timezone(&Utc))
        };
        if field(user) == "<root_account>" {
            continue;
        }
        let access_keys = keys
            .iter()
            .filter(|(_, active, rotated, _)| field(*active) == "true" || field(*rotated) != "N/A")
            .map(|(slot, active, rotated, used)| AccessKey {
                slot: *slot,
                active: field(*active) == "true",
                last_rotated: date(*rotated),
                last_used: date(*used),
            })
            .collect();
        users.push(IamUser {
            name: field(user).to_owned(),
            arn: field(arn).to_owned(),
            created: date(created),
            password_enabled: field(password) == "true",
            password_last_used: date(password_used),
            password_last_changed: date(password_changed),
            mfa_active: field(mfa) == "true",
            access_keys,
        });
    }
    Ok(CredentialReport { users })
}

/// IAM returns policy documents URL-encoded (RFC 3986); some servers send them plain.
pub(crate) fn parse_policy_document(raw: &str) -> Result<serde_json::Value, String> {
    let decoded;
    let text = if raw.trim_start().starts_with('{') {
        raw
    } else {
        decoded = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .map_err(|e| format!("document is not UTF-8: {e}"))?;
        &decoded
    };
    serde_json::from_str(text).map_err(|e| format!("document is not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_report_rows_become_users() {
        let csv = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n\
<root_account>,arn:aws:iam::1:root,x,not_supported,x,x,x,true,false,N/A,N/A,false,N/A,N/A\n\
alice,arn:aws:iam::1:user/alice,x,true,no_information,x,x,false,true,2026-01-02T03:04:05+00:00,2026-02-03T00:00:00+00:00,false,N/A,N/A\n";
        let report = parse_credential_report(csv.as_bytes()).unwrap();
        assert_eq!(report.users.len(), 1);
        let alice = &report.users[0];
        assert!(alice.password_enabled && !alice.mfa_active);
        assert_eq!(alice.access_keys.len(), 1);
        assert_eq!(
            alice.access_keys[0].last_rotated.unwrap().to_rfc3339(),
            "2026-01-02T03:04:05+00:00"
        );
        assert_eq!(
            alice.access_keys[0].last_used.unwrap().to_rfc3339(),
            "2026-02-03T00:00:00+00:00"
        );
        assert_eq!(alice.password_last_used, None);
    }

    #[test]
    fn policy_documents_decode_whether_encoded_or_not() {
        let plain = parse_policy_document(r#"{"Version":"2012-10-17"}"#).unwrap();
        let encoded = parse_policy_document("%7B%22Version%22%3A%222012-10-17%22%7D").unwrap();
        assert_eq!(plain, encoded);
    }
}
