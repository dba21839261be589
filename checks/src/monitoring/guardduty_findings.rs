//! Flags recent high-severity GuardDuty findings: the runbook's "no security incidents".

use chrono::Duration;

use crate::facts::{
    GUARDDUTY_HISTORY_HOURS, GUARDDUTY_MIN_COLLECTED_SEVERITY, GuardDutyDetectors,
    GuardDutyFindings,
};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No unarchived GuardDuty finding of severity `min_severity` or more (7 is GuardDuty's
    /// high band, 9 its critical one) was updated within the last `window_hours`. A region
    /// without an enabled detector is not applicable here; `monitoring.guardduty-enabled`
    /// fails it.
    /// ## Why it matters
    /// A change rolled out while an intruder holds a key, or an instance mines coins, is a
    /// change made into an incident. Finish the response first.
    /// ## Remediation
    /// Open each finding in the GuardDuty console, follow its remediation, then archive it
    /// (`aws guardduty archive-findings --detector-id ID --finding-ids ID`).
    pub struct GuardDutyFindingsCheck;
    id: "monitoring.guardduty-findings",
    title: "No recent high-severity GuardDuty findings",
    category: Monitoring,
    severity: Critical,
    facts: [GuardDutyDetectors, GuardDutyFindings],
    tags: ["post-deploy"],
    params: [
        "min_severity": Integer[GUARDDUTY_MIN_COLLECTED_SEVERITY, 10] = "7" => "the lowest severity that fails (4 to 10)",
        "window_hours": Integer[1, GUARDDUTY_HISTORY_HOURS] = "24" => "how far back a finding's last update counts (at most 168)",
    ],
}

#[async_trait]
impl Check for GuardDutyFindingsCheck {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let min_severity: i64 = cx.param("min_severity")?;
        let window: i64 = cx.param("window_hours")?;
        if !(GUARDDUTY_MIN_COLLECTED_SEVERITY..=10).contains(&min_severity) {
            return Err(CheckError::Failed(format!(
                "min_severity must be between {GUARDDUTY_MIN_COLLECTED_SEVERITY} and 10"
            )));
        }
        if !(1..=GUARDDUTY_HISTORY_HOURS).contains(&window) {
            return Err(CheckError::Failed(format!(
                "window_hours must be between 1 and {GUARDDUTY_HISTORY_HOURS}"
            )));
        }
        let detectors = cx.fact::<GuardDutyDetectors>().await?;
        let Some(detector) = detectors.enabled().next().map(str::to_owned) else {
            return Ok(cx.not_applicable("enabled GuardDuty detector"));
        };
        let listed = cx.fact::<GuardDutyFindings>().await?;
        let since = cx.now() - Duration::hours(window);
        let recent: Vec<Finding> = listed
            .findings
            .iter()
            .filter(|f| f.severity >= min_severity as f64)
            // A finding without an update time is recent: never assumed old.
            .filter(|f| f.updated_at.is_none_or(|t| t >= since))
            .map(|f| {
                let on = f
                    .resource_type
                    .as_deref()
                    .map(|r| format!(" on {r}"))
                    .unwrap_or_default();
                Finding::fail(
                    &f.arn,
                    format!("{} (severity {:.1}){on}: {}", f.kind, f.severity, f.title),
                )
            })
            .collect();
        if recent.is_empty() {
            let region = cx.region().unwrap_or_default();
            let clear = Finding::pass(
                detector,
                format!(
                    "no finding of severity {min_severity}+ in the last {window} h in {region}"
                ),
            );
            return Ok(cx.judge("findings", vec![clear]));
        }
        Ok(cx.judge("findings", recent))
    }
}

#[cfg(test)]
mod tests {
    //! moto has no ListFindings or GetFindings (it answers 404), so the findings come from
    //! `aws-smithy-mocks`; the detector side is shown against moto.

    use aws_sdk_guardduty::operation::get_findings::GetFindingsOutput;
    use aws_sdk_guardduty::operation::list_findings::ListFindingsOutput;
    use aws_sdk_guardduty::types::{Finding as GdFinding, Resource};
    use aws_smithy_mocks::{mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::facts::Detector;
    use crate::testing::{assert_status, facts, now, run};

    fn enabled() -> GuardDutyDetectors {
        GuardDutyDetectors {
            detectors: vec![Detector {
                id: "d-1".to_owned(),
                status: "ENABLED".to_owned(),
            }],
        }
    }

    /// The fact as GuardDuty would answer with one finding of `severity`, updated
    /// `hours_ago`.
    async fn findings(severity: f64, hours_ago: i64) -> GuardDutyFindings {
        let list = mock!(aws_sdk_guardduty::Client::list_findings)
            .match_requests(|r| r.detector_id() == Some("d-1"))
            .then_output(|| ListFindingsOutput::builder().finding_ids("f-1").build());
        let updated = (now() - Duration::hours(hours_ago)).to_rfc3339();
        let get = mock!(aws_sdk_guardduty::Client::get_findings).then_output(move || {
            GetFindingsOutput::builder()
                .findings(
                    GdFinding::builder()
                        .id("f-1")
                        .arn("arn:aws:guardduty:us-east-1:123456789012:detector/d-1/finding/f-1")
                        .r#type("UnauthorizedAccess:EC2/SSHBruteForce")
                        .title("198.51.100.7 is brute-forcing SSH on i-0abc")
                        .severity(severity)
                        .resource(Resource::builder().resource_type("Instance").build())
                        .updated_at(updated.clone())
                        .account_id("123456789012")
                        .created_at(updated.clone())
                        .region("us-east-1")
                        .schema_version("2.0")
                        .build(),
                )
                .build()
        });
        let client = mock_client!(aws_sdk_guardduty, [&list, &get]);
        GuardDutyFindings::from_client(&client, &enabled(), now())
            .await
            .unwrap()
    }

    async fn judged(found: GuardDutyFindings, policy: &str) -> Outcome {
        let facts = facts().in_region("us-east-1");
        facts.provide(enabled());
        facts.provide(found);
        run(
            GuardDutyFindingsCheck,
            &GuardDutyFindingsCheck::META,
            facts,
            policy,
        )
        .await
    }

    #[tokio::test]
    async fn a_high_severity_finding_of_the_last_day_fails() {
        let outcome = judged(findings(8.0, 2).await, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "UnauthorizedAccess:EC2/SSHBruteForce (severity 8.0) on Instance: 198.51.100.7 is \
             brute-forcing SSH on i-0abc"
        );
    }

    #[tokio::test]
    async fn a_medium_or_an_older_finding_passes() {
        let outcome = judged(findings(5.0, 2).await, "").await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(
            outcome.message,
            "no finding of severity 7+ in the last 24 h in us-east-1"
        );
        assert_status(&judged(findings(8.0, 30).await, "").await, Status::Pass);
        // A wider window sees it.
        assert_status(
            &judged(findings(8.0, 30).await, "window_hours = 48").await,
            Status::Fail,
        );
    }

    #[tokio::test]
    async fn no_enabled_detector_is_not_applicable_and_a_bad_window_is_refused_by_the_policy() {
        let facts = facts().in_region("us-east-1");
        facts.provide(GuardDutyDetectors { detectors: vec![] });
        let outcome = run(
            GuardDutyFindingsCheck,
            &GuardDutyFindingsCheck::META,
            facts,
            "",
        )
        .await;
        assert_status(&outcome, Status::Skip);
        let policy = "[checks.\"monitoring.guardduty-findings\"]\nwindow_hours = 500\n";
        let err = gonogo_core::policy::Policy::parse(policy, "p.toml", crate::testing::catalogue())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.toml:2:16: `window_hours`: must be between 1 and 168, found 500"
        );
    }
}
