//! Flags a root user without MFA.

use super::root_summary::RootCounter;
use crate::facts::{AccountSummary, CallerIdentity};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The IAM account summary reports `AccountMFAEnabled = 1`: the root user has MFA.
    /// ## Why it matters
    /// The root user can do anything, including closing the account; a password alone is one
    /// phishing email away.
    /// ## Remediation
    /// Sign in as root and assign a hardware or virtual MFA device (IAM console, "Security
    /// credentials"). Where root is locked down by the organization, waive this with a reason.
    pub struct RootMfa;
    id: "security.root-mfa",
    title: "The root user has MFA enabled",
    category: Security,
    severity: Critical,
    scope: Global,
    presence: Required,
    facts: [AccountSummary, CallerIdentity],
}

#[async_trait]
impl Check for RootMfa {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        RootCounter {
            key: "AccountMFAEnabled",
            passes_at: 1,
            pass: "root MFA is enabled",
            fail: "root MFA is not enabled",
        }
        .judge(cx)
        .await
    }
}

#[cfg(test)]
mod tests {
    //! moto cannot enable root MFA (its account summary always says 0), so the passing path is
    //! covered here with `aws-smithy-mocks` answering GetAccountSummary; the failing path also
    //! runs end to end against moto in `tests/`.

    use aws_sdk_iam::operation::get_account_summary::GetAccountSummaryOutput;
    use aws_sdk_iam::types::SummaryKeyType;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn summary_with_root_mfa(enabled: i32) -> AccountSummary {
        let rule = mock!(aws_sdk_iam::Client::get_account_summary).then_output(move || {
            GetAccountSummaryOutput::builder()
                .summary_map(SummaryKeyType::AccountMfaEnabled, enabled)
                .summary_map(SummaryKeyType::Users, 3)
                .build()
        });
        let client = mock_client!(aws_sdk_iam, [&rule]);
        AccountSummary::from_client(&client).await.unwrap()
    }

    #[tokio::test]
    async fn passes_when_the_summary_reports_root_mfa() {
        let facts = facts();
        facts.provide(summary_with_root_mfa(1).await);
        assert_status(&run(RootMfa, &RootMfa::META, facts, "").await, Status::Pass);
    }

    #[tokio::test]
    async fn fails_when_it_does_not() {
        let facts = facts();
        facts.provide(summary_with_root_mfa(0).await);
        let outcome = run(RootMfa, &RootMfa::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.findings[0].resource,
            "arn:aws:iam::123456789012:root"
        );
    }
}
