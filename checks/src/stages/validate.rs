//! The `validate` stage: the `post-deploy` checks, retried until they pass or time runs out.

use std::time::{Duration, Instant};

use gonogo_core::calls::StageCalls;
use gonogo_core::judged::Verdict;
use gonogo_core::stage::{AuditScope, Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{Category, async_trait, declare_stage};
use serde::Deserialize;

use super::common::{fresh_facts, params};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Validate {
    #[serde(default = "default_tags")]
    tags: Vec<String>,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default = "default_timeout")]
    timeout_seconds: u64,
    #[serde(default = "default_interval")]
    interval_seconds: u64,
}

fn default_tags() -> Vec<String> {
    vec!["post-deploy".to_owned()]
}

fn default_timeout() -> u64 {
    900
}

fn default_interval() -> u64 {
    30
}

impl Validate {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let stage: Validate = params(table)?;
        if stage.interval_seconds == 0 {
            return Err(StageError::new("`interval_seconds` must be at least 1"));
        }
        Ok(Box::new(stage))
    }
}

declare_stage!(kind: "validate", summary: "runs the post-deploy checks until they give GO or the timeout runs out (then: rollback)", build: Validate::build,
    calls: StageCalls::CHECKS_ONLY,
);

#[async_trait]
impl Stage for Validate {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        Ok(StagePlan::default())
    }

    async fn apply(&self, cx: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        let deadline = Instant::now() + Duration::from_secs(self.timeout_seconds);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let evaluation = cx
                .auditor
                .audit(
                    fresh_facts(cx)?,
                    AuditScope {
                        tags: &self.tags,
                        categories: &self.categories,
                    },
                    &cx.cancel,
                )
                .await?;
            if evaluation.verdict == Verdict::Go {
                return Ok(StageOutcome {
                    output: format!("GO after {attempts} attempt(s)"),
                    ..StageOutcome::default()
                });
            }
            if Instant::now() + Duration::from_secs(self.interval_seconds) > deadline
                || cx.cancel.is_cancelled()
            {
                return Err(StageError::new(format!(
                    "post-deploy checks gave {} after {attempts} attempt(s) in {} s: {}",
                    evaluation.verdict.label(),
                    self.timeout_seconds,
                    evaluation.reasons.join("; ")
                )));
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(self.interval_seconds)) => {}
                () = cx.cancel.cancelled() => {}
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
