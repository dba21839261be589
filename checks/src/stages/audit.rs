//! The `audit` gate: the GO / NO-GO audit, by tags or categories, under the policy.

use gonogo_core::calls::StageCalls;
use gonogo_core::stage::{AuditScope, Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{Category, async_trait, declare_stage};
use serde::Deserialize;
use std::sync::Arc;

use super::common::params;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditGate {
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    categories: Vec<Category>,
    /// Proceed on CONDITIONAL GO without `--accept-risks`.
    #[serde(default)]
    accept_conditional: bool,
}

impl AuditGate {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(params::<AuditGate>(table)?))
    }
}

declare_stage!(kind: "audit", summary: "gate: the audit's verdict; NO-GO stops, CONDITIONAL stops unless risks are accepted", build: AuditGate::build,
    calls: StageCalls::CHECKS_ONLY,
);

#[async_trait]
impl Stage for AuditGate {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        Ok(StagePlan::default())
    }

    async fn apply(&self, cx: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        let evaluation = cx
            .auditor
            .audit(
                Arc::clone(&cx.facts),
                AuditScope {
                    tags: &self.tags,
                    categories: &self.categories,
                },
                &cx.cancel,
            )
            .await?;
        let summary = format!(
            "{} (score {})",
            evaluation.verdict.label(),
            evaluation.score
        );
        let gate = evaluation.gate(cx.accept_risks || self.accept_conditional);
        Ok(StageOutcome {
            changed: Vec::new(),
            output: summary,
            gate: Some(gate),
        })
    }

    async fn rollback(
        &self,
        _: &StageCtx,
        _: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        Ok(Vec::new())
    }
}
