//! Flags a root user with access keys.

use super::root_summary::RootCounter;
use crate::facts::{AccountSummary, CallerIdentity};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The IAM account summary reports `AccountAccessKeysPresent = 0`: the root user has no
    /// access key.
    /// ## Why it matters
    /// A root access key is the account's every permission in a string that can leak from a
    /// laptop or a CI log, and no policy can restrict it.
    /// ## Remediation
    /// Sign in as root, open "Security credentials" and delete the access keys; use IAM roles
    /// for automation instead.
    pub struct RootAccessKeys;
    id: "security.root-access-keys",
    title: "The root user has no access key",
    category: Security,
    severity: Critical,
    scope: Global,
    presence: Required,
    facts: [AccountSummary, CallerIdentity],
}

#[async_trait]
impl Check for RootAccessKeys {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        RootCounter {
            key: "AccountAccessKeysPresent",
            passes_at: 0,
            pass: "the root user has no access key",
            fail: "the root user has an access key",
        }
        .judge(cx)
        .await
    }
}

#[cfg(test)]
mod tests {
    //! moto's account summary always reports no root access key, so the failing path is
    //! covered here with `aws-smithy-mocks` answering GetAccountSummary; the passing path also
    //! runs end to end against moto in `tests/`.

    use aws_sdk_iam::operation::get_account_summary::GetAccountSummaryOutput;
    use aws_sdk_iam::types::SummaryKeyType;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn summary_with_root_keys(present: i32) -> AccountSummary {
        let rule = mock!(aws_sdk_iam::Client::get_account_summary).then_output(move || {
            GetAccountSummaryOutput::builder()
                .summary_map(SummaryKeyType::AccountAccessKeysPresent, present)
                .build()
        });
        let client = mock_client!(aws_sdk_iam, [&rule]);
        AccountSummary::from_client(&client).await.unwrap()
    }

    #[tokio::test]
    async fn fails_when_the_root_user_has_an_access_key() {
        let facts = facts();
        facts.provide(summary_with_root_keys(1).await);
        let outcome = run(RootAccessKeys, &RootAccessKeys::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(outcome.message, "the root user has an access key");
    }

    #[tokio::test]
    async fn passes_without_one() {
        let facts = facts();
        facts.provide(summary_with_root_keys(0).await);
        assert_status(
            &run(RootAccessKeys, &RootAccessKeys::META, facts, "").await,
            Status::Pass,
        );
    }

    #[tokio::test]
    async fn a_summary_without_the_counter_is_an_error_never_a_pass() {
        let rule = mock!(aws_sdk_iam::Client::get_account_summary)
            .then_output(|| GetAccountSummaryOutput::builder().build());
        let client = mock_client!(aws_sdk_iam, [&rule]);
        let facts = facts();
        facts.provide(AccountSummary::from_client(&client).await.unwrap());
        assert_status(
            &run(RootAccessKeys, &RootAccessKeys::META, facts, "").await,
            Status::Error,
        );
    }
}
