//! Flags canaries whose success rate is under the bar.

use chrono::Duration;

use crate::facts::{CanaryMetrics, cloudwatch_history_minutes};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every canary's CloudWatch Synthetics `SuccessPercent` averaged over the last
    /// `window_minutes` is at least `min_success_percent`. A canary with no data in the window
    /// is a warning. Canaries are those reporting `SuccessPercent`, plus any named in
    /// `canaries` (which warn when they report nothing).
    /// ## Why it matters
    /// Canaries are the user's view: a failing journey before a change is an incident already.
    /// ## Remediation
    /// Look at the canary's runs in the Synthetics console and fix the failing step before the
    /// change.
    pub struct CanarySuccess;
    id: "monitoring.canary-success",
    title: "Canaries succeed",
    category: Monitoring,
    severity: Critical,
    tags: [],
    params: [
        "window_minutes": Integer = "120" => "how far back to average, in minutes (at most 1440)",
        "min_success_percent": Float = "95" => "lowest acceptable average SuccessPercent",
        "canaries": StringList = "[]" => "canaries that must report, even with no data",
    ],
}

#[async_trait]
impl Check for CanarySuccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let metrics = cx.fact::<CanaryMetrics>().await?;
        let window: i64 = cx.param("window_minutes")?;
        let min: f64 = cx.param("min_success_percent")?;
        let expected: Vec<String> = cx.param("canaries")?;
        if !(1..=cloudwatch_history_minutes()).contains(&window) {
            return Err(CheckError::Failed(format!(
                "window_minutes must be between 1 and {}",
                cloudwatch_history_minutes()
            )));
        }
        let since = cx.now() - Duration::minutes(window);
        let mut findings: Vec<Finding> = metrics
            .canaries
            .iter()
            .map(|c| {
                let values: Vec<f64> = c
                    .points
                    .iter()
                    .filter(|(ts, _)| *ts >= since)
                    .map(|(_, v)| *v)
                    .collect();
                if values.is_empty() {
                    return Finding::warn(
                        &c.name,
                        format!("{} has no data in the last {window} min", c.name),
                    );
                }
                let average = values.iter().sum::<f64>() / values.len() as f64;
                let message = format!("{} averaged {average:.1}% over {window} min", c.name);
                if average < min {
                    Finding::fail(&c.name, format!("{message} (< {min}%)"))
                } else {
                    Finding::pass(&c.name, message)
                }
            })
            .collect();
        for name in expected
            .iter()
            .filter(|n| !metrics.canaries.iter().any(|c| &c.name == *n))
        {
            findings.push(Finding::warn(
                name,
                format!("{name} reports no SuccessPercent data"),
            ));
        }
        Ok(Outcome::from_findings("canaries", findings))
    }
}
