//! Flags expired TLS certificates stored in IAM (CIS 2.17).

use crate::facts::ServerCertificates;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No TLS server certificate stored in IAM has expired.
    /// ## Why it matters
    /// An expired certificate left in IAM can be attached to a load balancer or CloudFront by
    /// mistake, and clients then refuse the site.
    /// ## Remediation
    /// Delete it: `aws iam delete-server-certificate --server-certificate-name NAME`, and keep
    /// certificates in ACM, which renews them.
    pub struct ServerCertificatesExpired;
    id: "security.server-certificates",
    title: "No expired certificates in IAM",
    category: Security,
    severity: Medium,
    scope: Global,
    facts: [ServerCertificates],
}

#[async_trait]
impl Check for ServerCertificatesExpired {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let stored = cx.fact::<ServerCertificates>().await?;
        let now = cx.now();
        let findings = stored
            .certificates
            .iter()
            .map(|cert| match cert.expires {
                Some(expires) if expires <= now => Finding::fail(
                    &cert.arn,
                    format!("{} expired on {}", cert.name, expires.date_naive()),
                ),
                Some(expires) => Finding::pass(
                    &cert.arn,
                    format!("{} expires on {}", cert.name, expires.date_naive()),
                ),
                None => Finding::fail(&cert.arn, format!("{} has no expiry date", cert.name)),
            })
            .collect();
        Ok(cx.judge("server certificates", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto dates every certificate to expire in 2012, so the valid certificate comes from
    //! `aws-smithy-mocks` answering ListServerCertificates; the expired one runs end to end
    //! against moto in `tests/`.

    use aws_sdk_iam::operation::list_server_certificates::ListServerCertificatesOutput;
    use aws_sdk_iam::primitives::DateTime as SmithyTime;
    use aws_sdk_iam::types::ServerCertificateMetadata;
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn stored(expires_at: i64) -> ServerCertificates {
        let list = mock!(aws_sdk_iam::Client::list_server_certificates).then_output(move || {
            ListServerCertificatesOutput::builder()
                .server_certificate_metadata_list(
                    ServerCertificateMetadata::builder()
                        .path("/")
                        .server_certificate_name("www")
                        .server_certificate_id("ASCA1")
                        .arn("arn:aws:iam::1:server-certificate/www")
                        .expiration(SmithyTime::from_secs(expires_at))
                        .build()
                        .unwrap(),
                )
                .is_truncated(false)
                .build()
                .unwrap()
        });
        let client = mock_client!(aws_sdk_iam, [&list]);
        ServerCertificates::from_client(&client).await.unwrap()
    }

    /// The check over one certificate expiring at `expires_at` (epoch seconds).
    async fn judged(expires_at: i64) -> Outcome {
        let facts = facts();
        facts.provide(stored(expires_at).await);
        let meta = &ServerCertificatesExpired::META;
        run(ServerCertificatesExpired, meta, facts, "").await
    }

    #[tokio::test]
    async fn passes_for_a_certificate_still_valid() {
        // 2027-06-01, after the test store's 2026-11-26.
        let outcome = judged(1_811_808_000).await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(outcome.findings[0].message, "www expires on 2027-06-01");
    }

    #[tokio::test]
    async fn fails_for_a_certificate_past_its_expiry() {
        let outcome = judged(1_700_000_000).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(outcome.findings[0].message, "www expired on 2023-11-14");
    }
}
