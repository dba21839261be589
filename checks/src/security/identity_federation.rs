//! Asks that people sign in through an identity provider rather than as IAM users (CIS 2.19).

use crate::facts::{CallerIdentity, IdentityProviders};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The account trusts at least one SAML or OpenID Connect identity provider, so people can
    /// sign in through the company's directory (IAM Identity Center adds a SAML provider to
    /// every account it manages).
    /// ## Why it matters
    /// Identities kept in a central directory are removed in one place when someone leaves;
    /// IAM users in each account are not.
    /// ## Remediation
    /// Manage access with IAM Identity Center, or add the company's SAML or OIDC provider
    /// (`aws iam create-saml-provider`), then retire the IAM users.
    pub struct IdentityFederation;
    id: "security.identity-federation",
    title: "People sign in through an identity provider",
    category: Security,
    severity: Low,
    scope: Global,
    presence: Required,
    facts: [IdentityProviders, CallerIdentity],
}

#[async_trait]
impl Check for IdentityFederation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let providers = cx.fact::<IdentityProviders>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let resource = identity.root_arn();
        let (saml, oidc) = (providers.saml.len(), providers.oidc.len());
        let finding = if saml + oidc == 0 {
            Finding::fail(
                resource,
                "the account trusts no SAML or OpenID Connect identity provider",
            )
        } else {
            Finding::pass(
                resource,
                format!(
                    "the account trusts {saml} SAML and {oidc} OpenID Connect identity providers"
                ),
            )
        };
        Ok(cx.judge("accounts", vec![finding]))
    }
}
