//! Flags HTTPS and TLS listeners whose security policy still allows TLS before 1.2.

use crate::facts::Listeners;
use crate::prelude::*;

/// Protocols older than TLS 1.2, as DescribeSSLPolicies names them.
const OLD_PROTOCOLS: &[&str] = &["SSLv3", "TLSv1", "TLSv1.1"];

declare_check! {
    /// ## What it checks
    /// Every HTTPS or TLS listener uses a security policy that allows only TLS 1.2 and
    /// later, by the protocols DescribeSSLPolicies lists for the policy. A policy it does
    /// not list is unknown and fails.
    /// ## Why it matters
    /// TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by PCI DSS; a client
    /// that can be pushed down to them can be read.
    /// ## Remediation
    /// `aws elbv2 modify-listener --listener-arn ARN --ssl-policy
    /// ELBSecurityPolicy-TLS13-1-2-2021-06`.
    pub struct ElbTlsPolicy;
    id: "security.elb-tls-policy",
    title: "Load balancer listeners require TLS 1.2 or later",
    category: Security,
    severity: High,
    facts: [Listeners],
    tags: ["encryption"],
}

#[async_trait]
impl Check for ElbTlsPolicy {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<Listeners>().await?;
        let findings = listed
            .listeners
            .iter()
            .filter(|l| matches!(l.protocol.as_str(), "HTTPS" | "TLS"))
            .map(|listener| {
                let who = listener.label();
                let policy = listener.ssl_policy.as_deref().unwrap_or("(none)");
                match listed.ssl_policies.get(policy) {
                    None => Finding::fail(
                        &listener.arn,
                        format!("{who} uses {policy}, a policy AWS does not list"),
                    ),
                    Some(protocols) => {
                        let old: Vec<&str> = protocols
                            .iter()
                            .map(String::as_str)
                            .filter(|p| OLD_PROTOCOLS.contains(p))
                            .collect();
                        if old.is_empty() {
                            Finding::pass(&listener.arn, format!("{who} uses {policy}"))
                        } else {
                            Finding::fail(
                                &listener.arn,
                                format!("{who} uses {policy}, which allows {}", old.join(", ")),
                            )
                        }
                    }
                }
            })
            .collect();
        Ok(cx.judge("HTTPS or TLS listeners", findings))
    }
}
