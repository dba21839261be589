//! The `watch` stage: for `duration_seconds`, polls CloudWatch alarms every
//! `interval_seconds`; a watched alarm in ALARM fails the pipeline (and so rolls it back).
//! With `tags` (`["post-deploy"]`), each poll also audits the checks with those tags, and a
//! verdict other than GO fails it the same way.

use std::time::{Duration, Instant};

use gonogo_core::api_calls;
use gonogo_core::calls::StageCalls;
use gonogo_core::judged::Verdict;
use gonogo_core::stage::{AuditScope, Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::Deserialize;

use super::common::{fresh_facts, params};
use crate::aws::AwsConfig;
use crate::facts::Alarms;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Watch {
    duration_seconds: u64,
    #[serde(default = "default_interval")]
    interval_seconds: u64,
    /// Alarm names to watch; with `prefix` empty too, every alarm.
    #[serde(default)]
    alarms: Vec<String>,
    #[serde(default)]
    prefix: Option<String>,
    /// Checks to audit at each poll, by tag (none: alarms only).
    #[serde(default)]
    tags: Vec<String>,
}

fn default_interval() -> u64 {
    60
}

impl Watch {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let stage: Watch = params(table)?;
        if stage.interval_seconds == 0 {
            return Err(StageError::new("`interval_seconds` must be at least 1"));
        }
        Ok(Box::new(stage))
    }

    fn watches(&self, name: &str) -> bool {
        let named = self.alarms.iter().any(|a| a == name);
        let prefixed = self.prefix.as_deref().is_some_and(|p| name.starts_with(p));
        (self.alarms.is_empty() && self.prefix.is_none()) || named || prefixed
    }
}

declare_stage!(kind: "watch", summary: "polls CloudWatch alarms (and, with `tags`, audits those checks) for a while; one entering ALARM, or a verdict other than GO, fails the pipeline", build: Watch::build,
    calls: StageCalls {
        plan: &[],
        apply: api_calls!("CloudWatch", "cloudwatch": DescribeAlarms),
        rollback: &[],
        runs_checks: true,
    },
);

#[async_trait]
impl Stage for Watch {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        Ok(StagePlan::default())
    }

    async fn apply(&self, cx: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        let config = cx
            .facts
            .resource::<AwsConfig>()
            .ok_or_else(|| StageError::new("no AWS configuration"))?;
        let client = crate::aws_client!(aws_sdk_cloudwatch, *config);
        let end = Instant::now() + Duration::from_secs(self.duration_seconds);
        let mut polls = 0;
        loop {
            polls += 1;
            let alarms = Alarms::from_client(&client)
                .await
                .map_err(|err| StageError::new(err.to_string()))?;
            let firing: Vec<String> = alarms
                .alarms
                .iter()
                .filter(|a| self.watches(&a.name) && a.state == "ALARM")
                .map(|a| format!("{} is in ALARM: {}", a.name, a.state_reason))
                .collect();
            if !firing.is_empty() {
                return Err(StageError::new(firing.join("; ")));
            }
            if !self.tags.is_empty() {
                let evaluation = cx
                    .auditor
                    .audit(
                        fresh_facts(cx)?,
                        AuditScope {
                            tags: &self.tags,
                            categories: &[],
                        },
                        &cx.cancel,
                    )
                    .await?;
                if evaluation.verdict != Verdict::Go {
                    return Err(StageError::new(format!(
                        "the {} checks gave {} at poll {polls}: {}",
                        self.tags.join(", "),
                        evaluation.verdict.label(),
                        evaluation.reasons.join("; ")
                    )));
                }
            }
            let now = Instant::now();
            if now >= end {
                return Ok(StageOutcome {
                    output: format!(
                        "no watched alarm fired in {} s ({polls} polls)",
                        self.duration_seconds
                    ),
                    ..StageOutcome::default()
                });
            }
            let wait = Duration::from_secs(self.interval_seconds).min(end - now);
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = cx.cancel.cancelled() => return Err(StageError::new("interrupted")),
            }
        }
    }

    async fn rollback(
        &self,
        _: &StageCtx,
        _: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        Ok(Vec::new())
    }
}
