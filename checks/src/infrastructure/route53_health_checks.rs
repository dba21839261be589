//! Flags Route 53 health checks that report their endpoint down.

use crate::facts::{HEALTH_CHECK_HISTORY_MINUTES, HealthCheck, HealthChecks};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every Route 53 health check's latest `HealthCheckStatus` is healthy (1). One that
    /// reported unhealthy fails; one disabled (Route 53 then calls it healthy, whatever the
    /// endpoint does) or that reported nothing in the last 15 minutes warns: its endpoint's
    /// health is unknown.
    /// ## Why it matters
    /// Failover records and DNS routing follow these checks: an unhealthy one is an endpoint
    /// that users are being sent away from, or still sent to, right now.
    /// ## Remediation
    /// `aws route53 get-health-check-status --health-check-id ID` shows what each checker
    /// saw; fix the endpoint, or the health check's path, port and search string.
    pub struct Route53HealthChecks;
    id: "infrastructure.route53-health-checks",
    title: "Route 53 health checks are healthy",
    category: Infrastructure,
    severity: Critical,
    scope: Global,
    facts: [HealthChecks],
    tags: ["post-deploy"],
}

/// The health check's name in findings: its id and what it probes.
fn label(check: &HealthCheck) -> String {
    if check.target.is_empty() {
        format!("{} ({})", check.id, check.kind)
    } else {
        format!("{} ({} {})", check.id, check.kind, check.target)
    }
}

#[async_trait]
impl Check for Route53HealthChecks {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let listed = cx.fact::<HealthChecks>().await?;
        let findings = listed
            .checks
            .iter()
            .map(|check| {
                let name = label(check);
                if check.disabled {
                    return Finding::warn(
                        &check.id,
                        format!("{name} is disabled: Route 53 reports it healthy regardless"),
                    );
                }
                match check.status {
                    Some((_, status)) if status >= 1.0 => {
                        Finding::pass(&check.id, format!("{name} is healthy"))
                    }
                    Some((at, _)) => Finding::fail(
                        &check.id,
                        format!("{name} is unhealthy (at {})", at.format("%H:%M UTC")),
                    ),
                    None => Finding::warn(
                        &check.id,
                        format!(
                            "{name} reported no status in the last \
                             {HEALTH_CHECK_HISTORY_MINUTES} min"
                        ),
                    ),
                }
            })
            .collect();
        Ok(cx.judge("health checks", findings))
    }
}
