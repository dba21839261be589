//! Flags certificates that failed, or still wait for, domain validation.

use crate::facts::Certificates;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No ACM certificate is `PENDING_VALIDATION`, `FAILED` or `VALIDATION_TIMED_OUT`.
    /// ## Why it matters
    /// A certificate that never validated cannot be attached; one that waits is a go-live
    /// whose HTTPS endpoint is not ready, and a failed one usually means a CAA record or a
    /// validation record is wrong.
    /// ## Remediation
    /// `aws acm describe-certificate --certificate-arn ARN` shows the validation record
    /// ACM waits for, and the failure reason; create the record, or request the certificate
    /// again.
    pub struct AcmValidation;
    id: "security.acm-validation",
    title: "Certificates are validated",
    category: Security,
    severity: Medium,
    facts: [Certificates],
}

#[async_trait]
impl Check for AcmValidation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<Certificates>().await?;
        let findings = listed
            .certificates
            .iter()
            .map(|c| match c.status.as_str() {
                "PENDING_VALIDATION" => {
                    Finding::fail(&c.arn, format!("{} is waiting for validation", c.domain))
                }
                "FAILED" | "VALIDATION_TIMED_OUT" => Finding::fail(
                    &c.arn,
                    format!("{} failed validation ({})", c.domain, c.status),
                ),
                status => Finding::pass(&c.arn, format!("{} is {status}", c.domain)),
            })
            .collect();
        Ok(cx.judge("certificates", findings))
    }
}
