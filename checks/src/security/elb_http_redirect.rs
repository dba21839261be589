//! Flags HTTP listeners that serve instead of redirecting to HTTPS.

use crate::facts::Listeners;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every HTTP listener of an application load balancer redirects to HTTPS: its first
    /// default action is a `redirect` whose protocol is `HTTPS`.
    /// ## Why it matters
    /// A listener that forwards plain HTTP serves the application, its cookies and its
    /// forms unencrypted to anyone on the path.
    /// ## Remediation
    /// `aws elbv2 modify-listener --listener-arn ARN --default-actions
    /// 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'`.
    pub struct ElbHttpRedirect;
    id: "security.elb-http-redirect",
    title: "HTTP listeners redirect to HTTPS",
    category: Security,
    severity: Medium,
    facts: [Listeners],
    tags: ["encryption"],
}

#[async_trait]
impl Check for ElbHttpRedirect {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<Listeners>().await?;
        let findings = listed
            .listeners
            .iter()
            .filter(|l| l.protocol == "HTTP")
            .map(|listener| {
                let who = listener.label();
                match listener.default_actions.first() {
                    Some(action)
                        if action.kind == "redirect"
                            && action.redirect_protocol.as_deref() == Some("HTTPS") =>
                    {
                        Finding::pass(&listener.arn, format!("{who} redirects to HTTPS"))
                    }
                    Some(action) => Finding::fail(
                        &listener.arn,
                        format!("{who} answers plain HTTP ({})", action.kind),
                    ),
                    None => Finding::fail(&listener.arn, format!("{who} has no default action")),
                }
            })
            .collect();
        Ok(cx.judge("HTTP listeners", findings))
    }
}
