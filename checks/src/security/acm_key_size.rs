//! Flags certificates with RSA keys under 2048 bits.

use crate::facts::Certificates;
use crate::prelude::*;

/// The smallest RSA key FSBP ACM.2 and NIST SP 800-131A accept.
const MIN_RSA_BITS: u32 = 2048;

declare_check! {
    /// ## What it checks
    /// Every ACM certificate with an RSA key has at least 2048 bits (elliptic-curve keys
    /// pass).
    /// ## Why it matters
    /// A 1024-bit RSA key can be factored by a well-funded attacker, and browsers and
    /// clients reject such certificates.
    /// ## Remediation
    /// Request or import a replacement with an RSA 2048 (or EC P-256) key, move what uses
    /// the old one, then `aws acm delete-certificate --certificate-arn ARN`.
    pub struct AcmKeySize;
    id: "security.acm-rsa-key-size",
    title: "Certificates use RSA keys of 2048 bits or more",
    category: Security,
    severity: High,
    facts: [Certificates],
}

#[async_trait]
impl Check for AcmKeySize {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<Certificates>().await?;
        let findings = listed
            .certificates
            .iter()
            .map(|c| match c.rsa_bits() {
                Some(bits) if bits < MIN_RSA_BITS => {
                    Finding::fail(&c.arn, format!("{} has a {bits}-bit RSA key", c.domain))
                }
                _ => Finding::pass(
                    &c.arn,
                    format!("{} has a {} key", c.domain, c.key_algorithm),
                ),
            })
            .collect();
        Ok(cx.judge("certificates", findings))
    }
}
