//! Flags console passwords and active access keys left unused (CIS 2.11).

use chrono::{DateTime, Duration, Utc};

use crate::facts::CredentialReport;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No console password and no active access key has gone unused for `max_unused_days`
    /// days or more. A credential never used counts from when it was set or created.
    /// ## Why it matters
    /// A credential nobody uses still works for whoever finds it; disabling it costs its
    /// owner nothing and removes the risk.
    /// ## Remediation
    /// Remove the password (`aws iam delete-login-profile`) and deactivate the key
    /// (`aws iam update-access-key --status Inactive`) of anyone who no longer signs in.
    pub struct UnusedCredentials;
    id: "security.unused-credentials",
    title: "Unused credentials are disabled",
    category: Security,
    severity: Medium,
    scope: Global,
    facts: [CredentialReport],
    params: ["max_unused_days": Integer = "45" => "longest a credential may go unused, in days"],
}

#[async_trait]
impl Check for UnusedCredentials {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let report = cx.fact::<CredentialReport>().await?;
        let limit = Duration::days(cx.param("max_unused_days")?);
        let now = cx.now();
        let mut findings = Vec::new();
        for user in &report.users {
            if user.password_enabled {
                let since = user
                    .password_last_used
                    .or(user.password_last_changed)
                    .or(user.created);
                findings.push(judge_use(
                    format!("{}/password", user.arn),
                    format!("{}'s password", user.name),
                    user.password_last_used.is_some(),
                    since,
                    now,
                    limit,
                ));
            }
            for key in user.access_keys.iter().filter(|key| key.active) {
                findings.push(judge_use(
                    format!("{}/access-key-{}", user.arn, key.slot),
                    format!("{}'s key {}", user.name, key.slot),
                    key.last_used.is_some(),
                    key.last_used.or(key.last_rotated),
                    now,
                    limit,
                ));
            }
        }
        Ok(cx.judge("enabled credentials", findings))
    }
}

/// One credential: `since` is when it was last used (`used`) or else when it was set.
fn judge_use(
    resource: String,
    what: String,
    used: bool,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    limit: Duration,
) -> Finding {
    let Some(since) = since else {
        return Finding::fail(resource, format!("{what} has no date of use or creation"));
    };
    let days = (now - since).num_days();
    let message = if used {
        format!("{what} was last used {days} days ago")
    } else {
        format!("{what} has never been used, and was set {days} days ago")
    };
    if now - since >= limit {
        Finding::fail(resource, message)
    } else {
        Finding::pass(resource, message)
    }
}

#[cfg(test)]
mod tests {
    //! moto stamps every credential with the moment it is made and cannot backdate a sign-in
    //! or a key's use, so the unused states come from `aws-smithy-mocks` answering the two
    //! credential-report calls; the fresh user runs end to end against moto in `tests/`.

    use aws_sdk_iam::operation::generate_credential_report::GenerateCredentialReportOutput;
    use aws_sdk_iam::operation::get_credential_report::GetCredentialReportOutput;
    use aws_sdk_iam::primitives::Blob;
    use aws_sdk_iam::types::ReportStateType;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date";

    /// The report the mocked IAM serves, with `rows` after the header.
    async fn report(rows: &[&str]) -> CredentialReport {
        let content = format!("{HEADER}\n{}\n", rows.join("\n"));
        let generate = mock!(aws_sdk_iam::Client::generate_credential_report).then_output(|| {
            GenerateCredentialReportOutput::builder()
                .state(ReportStateType::Complete)
                .build()
        });
        let get = mock!(aws_sdk_iam::Client::get_credential_report).then_output(move || {
            GetCredentialReportOutput::builder()
                .content(Blob::new(content.clone()))
                .build()
        });
        let client = mock_client!(aws_sdk_iam, [&generate, &get]);
        CredentialReport::from_client(&client).await.unwrap()
    }

    async fn outcome(rows: &[&str]) -> Outcome {
        let facts = facts();
        facts.provide(report(rows).await);
        run(UnusedCredentials, &UnusedCredentials::META, facts, "").await
    }

    #[tokio::test]
    async fn passes_for_credentials_used_within_the_limit() {
        let outcome = outcome(&["alice,arn:aws:iam::1:user/alice,2025-01-01T00:00:00+00:00,true,2026-11-20T00:00:00+00:00,2025-01-01T00:00:00+00:00,N/A,true,true,2025-06-01T00:00:00+00:00,2026-11-25T00:00:00+00:00,false,N/A,N/A"]).await;
        assert_status(&outcome, Status::Pass);
    }

    #[tokio::test]
    async fn fails_for_a_password_not_used_for_fifty_days() {
        let outcome = outcome(&["bob,arn:aws:iam::1:user/bob,2025-01-01T00:00:00+00:00,true,2026-10-07T12:00:00+00:00,2025-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,false,N/A,N/A"]).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.findings[0].message,
            "bob's password was last used 50 days ago"
        );
    }

    #[tokio::test]
    async fn fails_for_a_key_never_used_since_it_was_made_long_ago() {
        let outcome = outcome(&["carol,arn:aws:iam::1:user/carol,2025-01-01T00:00:00+00:00,false,not_supported,N/A,N/A,false,true,2026-01-01T00:00:00+00:00,N/A,false,N/A,N/A"]).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.findings[0].resource,
            "arn:aws:iam::1:user/carol/access-key-1"
        );
        assert!(
            outcome.findings[0].message.contains("has never been used"),
            "{outcome:#?}"
        );
    }

    #[tokio::test]
    async fn inactive_keys_and_passwordless_users_are_not_judged() {
        let outcome = outcome(&["dave,arn:aws:iam::1:user/dave,2025-01-01T00:00:00+00:00,false,not_supported,N/A,N/A,false,false,2025-01-01T00:00:00+00:00,N/A,false,N/A,N/A"]).await;
        assert!(outcome.is_not_applicable(), "{outcome:#?}");
    }
}
