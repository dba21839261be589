//! Flags alarms that would notify nobody.

use crate::facts::Alarms;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every alarm has actions enabled and at least one action on `ALARM`.
    /// ## Why it matters
    /// An alarm without actions changes colour on a dashboard nobody is watching.
    /// ## Remediation
    /// `aws cloudwatch enable-alarm-actions` and add an SNS topic (or other action) to
    /// `AlarmActions`.
    pub struct AlarmActions;
    id: "monitoring.alarm-actions",
    title: "Alarms have actions",
    category: Monitoring,
    severity: Medium,
    facts: [Alarms],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for AlarmActions {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let alarms = cx.fact::<Alarms>().await?;
        let findings = alarms
            .alarms
            .iter()
            .map(|a| match (a.actions_enabled, a.alarm_actions) {
                (false, _) => {
                    Finding::fail(a.resource(), format!("{} has actions disabled", a.name))
                }
                (true, 0) => Finding::fail(a.resource(), format!("{} has no alarm action", a.name)),
                (true, n) => {
                    Finding::pass(a.resource(), format!("{} has {n} alarm action(s)", a.name))
                }
            })
            .collect();
        Ok(cx.judge("alarms", findings))
    }
}
