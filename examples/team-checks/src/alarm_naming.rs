//! Warns about alarms whose name does not say which service they watch.

use gonogo_checks::facts::Alarms;
use gonogo_core::{Check, CheckCtx, CheckError, Finding, Outcome, async_trait, declare_check};

declare_check! {
    /// ## What it checks
    /// Every alarm name starts with one of `services` followed by `-` (a warning otherwise).
    /// ## Why it matters
    /// The on-call engineer paged at night reads the alarm name first.
    /// ## Remediation
    /// Rename the alarm `<service>-<signal>` (alarms cannot be renamed: recreate it).
    pub struct AlarmNaming;
    id: "monitoring.team-alarm-naming",
    title: "Alarm names start with the service they watch",
    category: Monitoring,
    severity: Info,
    facts: [Alarms],
    tags: ["team"],
    params: ["services": StringList = "[\"orders\", \"payments\"]" => "service names alarms start with"],
}

#[async_trait]
impl Check for AlarmNaming {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let alarms = cx.fact::<Alarms>().await?;
        let services: Vec<String> = cx.param("services")?;
        let findings = alarms
            .alarms
            .iter()
            .map(|a| {
                if services
                    .iter()
                    .any(|s| a.name.starts_with(&format!("{s}-")))
                {
                    Finding::pass(a.resource(), format!("{} names its service", a.name))
                } else {
                    Finding::warn(
                        a.resource(),
                        format!("{} does not start with a known service", a.name),
                    )
                }
            })
            .collect();
        Ok(cx.judge("alarms", findings))
    }
}
