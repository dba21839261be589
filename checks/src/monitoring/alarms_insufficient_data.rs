//! Warns about alarms that have no data to judge.

use crate::facts::Alarms;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No alarm is in `INSUFFICIENT_DATA` (a warning, not a failure).
    /// ## Why it matters
    /// An alarm without data cannot fire: its metric may be misnamed or no longer emitted.
    /// ## Remediation
    /// Check the alarm's namespace, metric name and dimensions against what is emitted, or set
    /// `TreatMissingData` deliberately.
    pub struct AlarmsInsufficientData;
    id: "monitoring.alarms-insufficient-data",
    title: "Alarms have data",
    category: Monitoring,
    severity: Low,
    facts: [Alarms],
}

#[async_trait]
impl Check for AlarmsInsufficientData {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let alarms = cx.fact::<Alarms>().await?;
        let findings = alarms
            .alarms
            .iter()
            .map(|a| {
                if a.state == "INSUFFICIENT_DATA" {
                    Finding::warn(a.resource(), format!("{} has insufficient data", a.name))
                } else {
                    Finding::pass(a.resource(), format!("{} is {}", a.name, a.state))
                }
            })
            .collect();
        Ok(cx.judge("alarms", findings))
    }
}
