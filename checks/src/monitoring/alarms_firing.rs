//! Flags alarms that are firing.

use crate::facts::Alarms;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No CloudWatch alarm, metric or composite, is in state `ALARM`.
    /// ## Why it matters
    /// Changing production while it is already alarming hides the change's effect and
    /// compounds the incident.
    /// ## Remediation
    /// Resolve (or consciously acknowledge) the firing alarm before the change.
    pub struct AlarmsFiring;
    id: "monitoring.alarms-firing",
    title: "No alarm is firing",
    category: Monitoring,
    severity: Critical,
    tags: [],
    params: [],
}

#[async_trait]
impl Check for AlarmsFiring {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let alarms = cx.fact::<Alarms>().await?;
        let findings = alarms
            .alarms
            .iter()
            .map(|a| {
                if a.state == "ALARM" {
                    Finding::fail(
                        a.resource(),
                        format!("{} is in ALARM: {}", a.name, a.state_reason),
                    )
                } else {
                    Finding::pass(a.resource(), format!("{} is {}", a.name, a.state))
                }
            })
            .collect();
        Ok(Outcome::from_findings("alarms", findings))
    }
}
