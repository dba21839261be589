//! Flags canaries whose success rate is under the bar.

use std::collections::BTreeSet;

use chrono::Duration;

use crate::facts::{CANARY_HISTORY_MINUTES, Canaries, CanaryMetrics, cloudwatch_history_minutes};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every canary's CloudWatch Synthetics `SuccessPercent` averaged over the last
    /// `window_minutes` is at least `min_success_percent`. A canary with no data in the window
    /// is a warning. Canaries are those Synthetics lists (so one that never reported is a
    /// warning, not invisible), those reporting `SuccessPercent`, and any named in `canaries`.
    /// A region without canaries is not applicable, unless `require_canaries` is set or
    /// `canaries` names some.
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
    presence: OnRequest["canaries", "require_canaries"],
    facts: [CanaryMetrics, Canaries],
    tags: ["post-deploy"],
    params: [
        "window_minutes": Integer[1, CANARY_HISTORY_MINUTES] = "120" => "how far back to average, in minutes (at most 1440)",
        "min_success_percent": Float[0, 100] = "95" => "lowest acceptable average SuccessPercent",
        "canaries": StringList = "[]" => "canaries that must report, even with no data",
        "require_canaries": Bool = "false" => "fail when the region has no canary at all",
    ],
}

#[async_trait]
impl Check for CanarySuccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let metrics = cx.fact::<CanaryMetrics>().await?;
        let listed = cx.fact::<Canaries>().await?;
        let window: i64 = cx.param("window_minutes")?;
        let min: f64 = cx.param("min_success_percent")?;
        let expected: Vec<String> = cx.param("canaries")?;
        if metrics.canaries.is_empty()
            && listed.canaries.is_empty()
            && expected.is_empty()
            && cx.param::<bool>("require_canaries")?
        {
            return Ok(cx.absent("canaries"));
        }
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
        let silent: BTreeSet<&String> = listed
            .canaries
            .iter()
            .map(|c| &c.name)
            .chain(&expected)
            .filter(|name| !metrics.canaries.iter().any(|c| &c.name == *name))
            .collect();
        for name in silent {
            findings.push(Finding::warn(
                name,
                format!("{name} reports no SuccessPercent data"),
            ));
        }
        Ok(cx.judge("canaries", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) answers Synthetics with timestamps the SDK cannot read, so canaries that
    //! Synthetics lists are covered here with `aws-smithy-mocks` answering DescribeCanaries;
    //! the metric side runs against moto in `tests/`.

    use aws_sdk_synthetics::operation::describe_canaries::DescribeCanariesOutput;
    use aws_sdk_synthetics::types::Canary as SdkCanary;
    use aws_smithy_mocks::{mock, mock_client};
    use chrono::{Duration, TimeZone, Utc};
    use gonogo_core::Status;

    use super::*;
    use crate::facts::CanarySeries;
    use crate::testing::{assert_status, facts, run};

    async fn listed(names: &'static [&'static str]) -> Canaries {
        let rule = mock!(aws_sdk_synthetics::Client::describe_canaries).then_output(move || {
            DescribeCanariesOutput::builder()
                .set_canaries(Some(
                    names
                        .iter()
                        .map(|n| SdkCanary::builder().name(*n).build())
                        .collect(),
                ))
                .build()
        });
        Canaries::from_client(&mock_client!(aws_sdk_synthetics, [&rule]))
            .await
            .unwrap()
    }

    fn reporting(name: &str, value: f64) -> CanaryMetrics {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        CanaryMetrics {
            canaries: vec![CanarySeries {
                name: name.to_owned(),
                points: vec![(now - Duration::minutes(10), value)],
            }],
        }
    }

    #[tokio::test]
    async fn a_listed_canary_that_never_reported_warns() {
        let facts = facts();
        facts.provide(listed(&["checkout", "login"]).await);
        facts.provide(reporting("checkout", 100.0));
        let outcome = run(CanarySuccess, &CanarySuccess::META, facts, "").await;
        assert_status(&outcome, Status::Warn);
        assert_eq!(
            outcome.message,
            "1 of 2 canaries warn: login reports no SuccessPercent data"
        );
    }

    #[tokio::test]
    async fn listed_canaries_that_report_success_pass() {
        let facts = facts();
        facts.provide(listed(&["checkout"]).await);
        facts.provide(reporting("checkout", 99.0));
        assert_status(
            &run(CanarySuccess, &CanarySuccess::META, facts, "").await,
            Status::Pass,
        );
    }
}
