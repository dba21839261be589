//! Flags regions without an IAM Access Analyzer (CIS 2.18).

use crate::facts::{AccessAnalyzers, CallerIdentity};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The region has an active IAM Access Analyzer for external access, of the account or
    /// of its organization. The report names the regions audited: the benchmark asks for
    /// every region.
    /// ## Why it matters
    /// The analyzer finds the buckets, keys, roles and queues that another account or the
    /// public can reach, as soon as a policy grants it, in each region it runs in.
    /// ## Remediation
    /// `aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT --region
    /// REGION`, in every region.
    pub struct AccessAnalyzerEnabled;
    id: "security.access-analyzer-enabled",
    title: "IAM Access Analyzer is enabled",
    category: Security,
    severity: Medium,
    presence: Required,
    facts: [AccessAnalyzers, CallerIdentity],
}

#[async_trait]
impl Check for AccessAnalyzerEnabled {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<AccessAnalyzers>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let finding = match listed
            .analyzers
            .iter()
            .find(|analyzer| analyzer.watches_external_access())
        {
            Some(analyzer) => Finding::pass(
                &analyzer.arn,
                format!("{} analyzes external access in {region}", analyzer.name),
            ),
            None => Finding::fail(
                format!(
                    "arn:aws:access-analyzer:{region}:{}:analyzer",
                    identity.account_id
                ),
                format!("no active external-access analyzer in {region}"),
            ),
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}

#[cfg(test)]
mod tests {
    //! moto has no Access Analyzer (a moto audit shows the check as an error, never a pass),
    //! so both sides come from `aws-smithy-mocks` answering ListAnalyzers.

    use aws_sdk_accessanalyzer::operation::list_analyzers::ListAnalyzersOutput;
    use aws_sdk_accessanalyzer::primitives::DateTime;
    use aws_sdk_accessanalyzer::types::{AnalyzerStatus, AnalyzerSummary, Type};
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn analyzers(kind: Type, status: AnalyzerStatus) -> AccessAnalyzers {
        let list = mock!(aws_sdk_accessanalyzer::Client::list_analyzers).then_output(move || {
            ListAnalyzersOutput::builder()
                .analyzers(
                    AnalyzerSummary::builder()
                        .arn("arn:aws:access-analyzer:us-east-1:123456789012:analyzer/account")
                        .name("account")
                        .r#type(kind.clone())
                        .created_at(DateTime::from_secs(0))
                        .status(status.clone())
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
        });
        let client = mock_client!(aws_sdk_accessanalyzer, [&list]);
        AccessAnalyzers::from_client(&client).await.unwrap()
    }

    async fn judged(kind: Type, status: AnalyzerStatus) -> Outcome {
        let facts = facts().in_region("us-east-1");
        facts.provide(analyzers(kind, status).await);
        run(
            AccessAnalyzerEnabled,
            &AccessAnalyzerEnabled::META,
            facts,
            "",
        )
        .await
    }

    #[tokio::test]
    async fn passes_for_an_active_account_analyzer() {
        let outcome = judged(Type::Account, AnalyzerStatus::Active).await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(
            outcome.message,
            "account analyzes external access in us-east-1"
        );
    }

    #[tokio::test]
    async fn fails_for_a_disabled_analyzer_or_one_of_unused_access_only() {
        let outcome = judged(Type::Account, AnalyzerStatus::Disabled).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "no active external-access analyzer in us-east-1"
        );
        let outcome = judged(Type::AccountUnusedAccess, AnalyzerStatus::Active).await;
        assert_status(&outcome, Status::Fail);
    }
}
