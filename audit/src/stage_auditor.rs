//! The audit service as deploy stages see it ([`StageAuditor`]): the pipeline's policy and
//! the catalogue, planned and judged exactly as `gonogo audit` plans and judges.

use std::sync::Arc;

use gonogo_core::Facts;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::engine::AuditPlan;
use gonogo_core::engine::{PlanError, RegionFacts};
use gonogo_core::exit_codes;
use gonogo_core::judged::Verdict;
use gonogo_core::policy::Policy;
use gonogo_core::registry::Selection;
use gonogo_core::runner::RunOptions;
use gonogo_core::stage::{AuditScope, PlanAudit, StageAudit, StageAuditor, StageError};
use gonogo_reports::{Source, render_json};
use tokio_util::sync::CancellationToken;

use crate::account::AccountAudit;
use crate::hooks::RunHooks;
use crate::plan_verdict::TerraformInput;
use crate::planning::plan_selection;

/// Audits for the stages of one pipeline under its policy.
pub struct PipelineAuditor {
    catalogue: Arc<Catalogue>,
    policy: Policy,
}

impl PipelineAuditor {
    /// An auditor under `policy` with the checks of `catalogue`.
    pub fn new(catalogue: Arc<Catalogue>, policy: Policy) -> Self {
        Self { catalogue, policy }
    }

    /// The audit of the checks `scope` selects under the pipeline's policy.
    fn plan(&self, scope: AuditScope<'_>) -> Result<AuditPlan, StageError> {
        let selection = Selection {
            categories: scope.categories.to_vec(),
            tags: scope.tags.to_vec(),
            ..Selection::default()
        };
        plan_selection(&self.catalogue, self.policy.clone(), &selection).map_err(|err| match err {
            PlanError::Empty => StageError::new("no check matches the stage's tags and categories"),
            other => StageError::new(other.to_string()),
        })
    }
}

#[async_trait::async_trait]
impl StageAuditor for PipelineAuditor {
    async fn audit(
        &self,
        facts: Arc<Facts>,
        scope: AuditScope<'_>,
        cancel: &CancellationToken,
    ) -> Result<StageAudit, StageError> {
        let plan = self.plan(scope)?;
        let options = RunOptions {
            cancel: cancel.clone(),
            ..RunOptions::default()
        };
        let today = facts.now().date_naive();
        let store = RegionFacts {
            region: facts.region().unwrap_or_default().to_owned(),
            facts,
        };
        let run = plan
            .run(std::slice::from_ref(&store), None, &options, None)
            .await;
        let evaluation = plan.evaluate(run, today, None);
        Ok(StageAudit {
            verdict: evaluation.verdict,
            score: evaluation.score,
            reasons: evaluation.reasons,
        })
    }

    async fn audit_plan(
        &self,
        facts: Arc<Facts>,
        plan_json: &std::path::Path,
        scope: AuditScope<'_>,
        cancel: &CancellationToken,
    ) -> Result<PlanAudit, StageError> {
        let input =
            TerraformInput::read(plan_json).map_err(|err| StageError::new(err.to_string()))?;
        let plan = self.plan(scope)?;
        let hooks = RunHooks {
            cancel: cancel.clone(),
            events: None,
        };
        let now = facts.now();
        let audit = AccountAudit {
            plan: &plan,
            options: RunOptions {
                cancel: cancel.clone(),
                ..RunOptions::default()
            },
            hooks: &hooks,
            now,
            baseline: None,
            incomplete_facts: false,
            terraform: Some(&input),
        };
        let store = RegionFacts {
            region: facts.region().unwrap_or_default().to_owned(),
            facts,
        };
        let (report, _) = audit.audit(vec![store], None, Source::Live).await;
        let headline = report
            .plan
            .as_ref()
            .map(gonogo_reports::PlanReport::headline)
            .unwrap_or_default();
        // An audit that could not finish judged nothing: it never lets the plan through.
        let incomplete = report.exit_code == exit_codes::INCOMPLETE;
        let mut reasons = report.reasons.clone();
        if incomplete {
            reasons.insert(0, "the audit of the plan is incomplete".to_owned());
        }
        Ok(PlanAudit {
            audit: StageAudit {
                verdict: if incomplete {
                    Verdict::NoGo
                } else {
                    report.verdict
                },
                score: report.score,
                reasons,
            },
            headline,
            report_json: render_json(&report),
        })
    }
}
