//! Asks for a security contact on the account (CIS 2.3).

use crate::facts::{CallerIdentity, SecurityContact};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// The account has a security alternate contact.
    /// ## Why it matters
    /// AWS writes to the security contact when it sees the account attacking others, or its
    /// keys on a public repository; without one the mail goes to the root address, which few
    /// people read.
    /// ## Remediation
    /// `aws account put-alternate-contact --alternate-contact-type SECURITY --name … \
    /// --email-address security@example.com --phone-number … --title …`.
    pub struct SecurityContactRegistered;
    id: "security.security-contact",
    title: "A security contact is registered",
    category: Security,
    severity: Low,
    scope: Global,
    presence: Required,
    facts: [SecurityContact, CallerIdentity],
}

#[async_trait]
impl Check for SecurityContactRegistered {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let contact = cx.fact::<SecurityContact>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let resource = identity.root_arn();
        let finding = match &contact.0 {
            None => Finding::fail(resource, "no security contact is registered"),
            Some(contact) => match contact.email.as_deref().filter(|e| !e.is_empty()) {
                Some(email) => Finding::pass(resource, format!("security contact: {email}")),
                None => Finding::fail(resource, "the security contact has no email address"),
            },
        };
        Ok(cx.judge("accounts", vec![finding]))
    }
}
