//! Flags regions where Macie does not discover and classify S3 data (CIS 3.1.3).

use crate::facts::{CallerIdentity, MacieSession};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Amazon Macie is enabled in the region, discovering and classifying the data in its S3
    /// buckets. The report names the regions audited.
    /// ## Why it matters
    /// Nobody protects data they do not know they hold: Macie finds the personal and secret
    /// data in buckets, and says which buckets are public or shared.
    /// ## Remediation
    /// `aws macie2 enable-macie --region REGION`, then turn on automated sensitive data
    /// discovery.
    pub struct MacieEnabled;
    id: "security.macie-enabled",
    title: "Macie classifies S3 data",
    category: Security,
    severity: Low,
    presence: Required,
    facts: [MacieSession, CallerIdentity],
}

#[async_trait]
impl Check for MacieEnabled {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let session = cx.fact::<MacieSession>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let region = cx.region().unwrap_or_default();
        let resource = format!("arn:aws:macie2:{region}:{}:session", identity.account_id);
        let finding = match session.status.as_deref() {
            _ if session.is_enabled() => Finding::pass(resource, format!("enabled in {region}")),
            Some(status) => {
                Finding::fail(resource, format!("{} in {region}", status.to_lowercase()))
            }
            None => Finding::fail(resource, format!("not enabled in {region}")),
        };
        Ok(cx.judge("regions", vec![finding]))
    }
}

#[cfg(test)]
mod tests {
    //! moto's Macie sends dates without a time zone, which the SDK cannot read (a moto audit
    //! shows the check as an error), so both states come from `aws-smithy-mocks`: a session
    //! `ENABLED`, and AWS's AccessDeniedException "Macie is not enabled.", beside an access
    //! denial that must stay an error.

    use aws_sdk_macie2::operation::get_macie_session::{
        GetMacieSessionError, GetMacieSessionOutput,
    };
    use aws_sdk_macie2::types::MacieStatus;
    use aws_sdk_macie2::types::error::AccessDeniedException;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn denied(message: &'static str) -> Result<MacieSession, gonogo_core::FactError> {
        let get = mock!(aws_sdk_macie2::Client::get_macie_session).then_error(move || {
            GetMacieSessionError::AccessDeniedException(
                AccessDeniedException::builder().message(message).build(),
            )
        });
        let client = mock_client!(aws_sdk_macie2, [&get]);
        MacieSession::from_client(&client).await
    }

    #[tokio::test]
    async fn an_enabled_session_passes() {
        let get = mock!(aws_sdk_macie2::Client::get_macie_session).then_output(|| {
            GetMacieSessionOutput::builder()
                .status(MacieStatus::Enabled)
                .build()
        });
        let client = mock_client!(aws_sdk_macie2, [&get]);
        let facts = facts().in_region("eu-west-1");
        facts.provide(MacieSession::from_client(&client).await.unwrap());
        let outcome = run(MacieEnabled, &MacieEnabled::META, facts, "").await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(outcome.message, "enabled in eu-west-1");
    }

    #[tokio::test]
    async fn aws_saying_macie_is_not_enabled_fails_the_region() {
        let facts = facts().in_region("eu-west-1");
        facts.provide(denied("Macie is not enabled.").await.unwrap());
        let outcome = run(MacieEnabled, &MacieEnabled::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(outcome.message, "not enabled in eu-west-1");
    }

    #[tokio::test]
    async fn an_access_denial_is_an_error_not_a_disabled_macie() {
        let err = denied("User is not authorized to perform: macie2:GetMacieSession")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("Macie session"), "{err}");
    }
}
