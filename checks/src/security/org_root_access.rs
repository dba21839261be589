//! Flags an organization whose member accounts keep their own root credentials (CIS 2.1.1).

use super::organization::organization_of;
use crate::facts::{CentralRootAccess, OrganizationMembership};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The organization manages its member accounts' root credentials centrally: IAM's
    /// `RootCredentialsManagement` feature is enabled (`iam:ListOrganizationsFeatures`).
    /// Judged from the management account or IAM's delegated administrator; from another
    /// member account it is skipped, and an account in no organization is not applicable.
    /// ## Why it matters
    /// With central management, member accounts need no root password, keys or MFA of their
    /// own, and the management account can delete them: there is no root user left to steal.
    /// ## Remediation
    /// `aws organizations enable-aws-service-access --service-principal iam.amazonaws.com`,
    /// then `aws iam enable-organizations-root-credentials-management`, then delete the
    /// member accounts' root credentials.
    pub struct OrgRootAccess;
    id: "security.org-root-credentials",
    title: "Member accounts' root credentials are managed centrally",
    category: Security,
    severity: Medium,
    scope: Global,
    facts: [OrganizationMembership, CentralRootAccess],
    tags: ["organizations", "root"],
}

#[async_trait]
impl Check for OrgRootAccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let organization = match organization_of(cx).await? {
            Ok(organization) => organization,
            Err(not_applicable) => return Ok(not_applicable),
        };
        let features = cx.fact::<CentralRootAccess>().await?;
        let finding = if features
            .enabled_features
            .iter()
            .any(|f| f == "RootCredentialsManagement")
        {
            Finding::pass(
                &organization.arn,
                format!("{} manages its members' root credentials", organization.id),
            )
        } else {
            Finding::fail(
                &organization.arn,
                format!(
                    "{} leaves root credentials to each member account (enabled: {})",
                    organization.id,
                    if features.enabled_features.is_empty() {
                        "none".to_owned()
                    } else {
                        features.enabled_features.join(", ")
                    }
                ),
            )
        };
        Ok(cx.judge("organizations", vec![finding]))
    }
}

#[cfg(test)]
mod tests {
    //! moto has no `iam:ListOrganizationsFeatures` (a moto audit of an account in an
    //! organization shows this check as an error, never a pass), so both sides come from
    //! `aws-smithy-mocks`.

    use aws_sdk_iam::operation::list_organizations_features::{
        ListOrganizationsFeaturesError, ListOrganizationsFeaturesOutput,
    };
    use aws_sdk_iam::types::FeatureType;
    use aws_sdk_iam::types::error::ServiceAccessNotEnabledException;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, organization, run};

    async fn judged(features: CentralRootAccess) -> Outcome {
        let facts = facts();
        facts.provide(OrganizationMembership(Some(organization())));
        facts.provide(features);
        run(OrgRootAccess, &OrgRootAccess::META, facts, "").await
    }

    #[tokio::test]
    async fn passes_when_root_credentials_are_managed_centrally() {
        let list = mock!(aws_sdk_iam::Client::list_organizations_features).then_output(|| {
            ListOrganizationsFeaturesOutput::builder()
                .organization_id("o-1")
                .enabled_features(FeatureType::RootCredentialsManagement)
                .enabled_features(FeatureType::RootSessions)
                .build()
        });
        let client = mock_client!(aws_sdk_iam, [&list]);
        let features = CentralRootAccess::from_client(&client).await.unwrap();
        let outcome = judged(features).await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(outcome.message, "o-1 manages its members' root credentials");
    }

    #[tokio::test]
    async fn fails_when_iam_trusted_access_is_off() {
        let list = mock!(aws_sdk_iam::Client::list_organizations_features).then_error(|| {
            ListOrganizationsFeaturesError::ServiceAccessNotEnabledException(
                ServiceAccessNotEnabledException::builder()
                    .message("trusted access is not enabled")
                    .build(),
            )
        });
        let client = mock_client!(aws_sdk_iam, [&list]);
        let features = CentralRootAccess::from_client(&client).await.unwrap();
        let outcome = judged(features).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "o-1 leaves root credentials to each member account (enabled: none)"
        );
    }
}
