//! Flags an organization whose policies only the management account can manage (CIS 2.1.5).

use serde_json::Value;

use super::organization::organization_of;
use super::policy_document::{allows, statements};
use crate::facts::{OrganizationMembership, OrganizationResourcePolicy};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The organization's resource-based delegation policy allows a member account to manage
    /// Organizations policies: an `Allow` statement for an `organizations:` action on
    /// policies (`organizations:CreatePolicy`, `organizations:*Policy*`, `organizations:*`).
    /// Judged from the management account; an account in no organization is not applicable.
    /// ## Why it matters
    /// When policies can be managed only from the management account, every change to a
    /// guardrail needs someone signed in to the account that can do anything in the
    /// organization. Delegating lets a security account do it with far less power.
    /// ## Remediation
    /// `aws organizations put-resource-policy --content file://delegation.json`, allowing the
    /// security account the policy actions it needs.
    pub struct OrgPolicyDelegation;
    id: "security.org-policy-delegation",
    title: "A delegated administrator manages organization policies",
    category: Security,
    severity: Low,
    scope: Global,
    facts: [OrganizationMembership, OrganizationResourcePolicy],
    tags: ["organizations"],
}

/// Whether an action names policy management in Organizations.
fn manages_policies(action: &str) -> bool {
    let action = action.to_ascii_lowercase();
    action == "organizations:*"
        || (action.starts_with("organizations:") && action.contains("polic"))
}

/// The principals of statements that allow managing policies.
fn delegates(document: &Value) -> Vec<String> {
    let mut principals: Vec<String> = statements(document)
        .into_iter()
        .filter(|s| allows(s))
        .filter(|s| match s.get("Action") {
            Some(Value::String(a)) => manages_policies(a),
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).any(manages_policies)
            }
            _ => false,
        })
        .flat_map(|s| match s.get("Principal").and_then(|p| p.get("AWS")) {
            Some(Value::String(p)) => vec![p.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    principals.sort();
    principals.dedup();
    principals
}

#[async_trait]
impl Check for OrgPolicyDelegation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let organization = match organization_of(cx).await? {
            Ok(organization) => organization,
            Err(not_applicable) => return Ok(not_applicable),
        };
        let policy = cx.fact::<OrganizationResourcePolicy>().await?;
        let finding = match &policy.0 {
            None => Finding::fail(
                &organization.arn,
                format!(
                    "{} has no delegation policy: only the management account manages its \
                     policies",
                    organization.id
                ),
            ),
            Some(content) => {
                let document: Value = serde_json::from_str(content).map_err(|err| {
                    CheckError::Failed(format!("the delegation policy is unreadable: {err}"))
                })?;
                let principals = delegates(&document);
                if principals.is_empty() {
                    Finding::fail(
                        &organization.arn,
                        format!(
                            "{}'s delegation policy delegates no policy management",
                            organization.id
                        ),
                    )
                } else {
                    Finding::pass(
                        &organization.arn,
                        format!(
                            "{} delegates policy management to {}",
                            organization.id,
                            principals.join(", ")
                        ),
                    )
                }
            }
        };
        Ok(cx.judge("organizations", vec![finding]))
    }
}

#[cfg(test)]
mod tests {
    //! moto has no `organizations:DescribeResourcePolicy` (a moto audit of an account in an
    //! organization shows this check as an error, never a pass), so both sides come from
    //! `aws-smithy-mocks`.

    use aws_sdk_organizations::operation::describe_resource_policy::{
        DescribeResourcePolicyError, DescribeResourcePolicyOutput,
    };
    use aws_sdk_organizations::types::ResourcePolicy;
    use aws_sdk_organizations::types::error::ResourcePolicyNotFoundException;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, organization, run};

    async fn judged(policy: OrganizationResourcePolicy) -> Outcome {
        let facts = facts();
        facts.provide(OrganizationMembership(Some(organization())));
        facts.provide(policy);
        run(OrgPolicyDelegation, &OrgPolicyDelegation::META, facts, "").await
    }

    #[tokio::test]
    async fn passes_when_a_security_account_may_manage_policies() {
        let content = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":["organizations:DescribeOrganization","organizations:CreatePolicy","organizations:AttachPolicy"],"Resource":"*"}]}"#;
        let describe =
            mock!(aws_sdk_organizations::Client::describe_resource_policy).then_output(move || {
                DescribeResourcePolicyOutput::builder()
                    .resource_policy(ResourcePolicy::builder().content(content).build())
                    .build()
            });
        let client = mock_client!(aws_sdk_organizations, [&describe]);
        let policy = OrganizationResourcePolicy::from_client(&client)
            .await
            .unwrap();
        let outcome = judged(policy).await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(
            outcome.message,
            "o-1 delegates policy management to arn:aws:iam::222222222222:root"
        );
    }

    #[tokio::test]
    async fn fails_without_a_delegation_policy_or_one_that_delegates_only_reads() {
        let describe =
            mock!(aws_sdk_organizations::Client::describe_resource_policy).then_error(|| {
                DescribeResourcePolicyError::ResourcePolicyNotFoundException(
                    ResourcePolicyNotFoundException::builder().build(),
                )
            });
        let client = mock_client!(aws_sdk_organizations, [&describe]);
        let policy = OrganizationResourcePolicy::from_client(&client)
            .await
            .unwrap();
        assert_status(&judged(policy).await, Status::Fail);

        let reads = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"organizations:Describe*","Resource":"*"}]}"#;
        let outcome = judged(OrganizationResourcePolicy(Some(reads.to_owned()))).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "o-1's delegation policy delegates no policy management"
        );
    }
}
