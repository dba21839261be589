//! The audit service as deploy stages see it ([`StageAuditor`]): the pipeline's policy and
//! the catalogue, planned and judged exactly as `gonogo audit` plans and judges.

use std::sync::Arc;

use gonogo_core::Facts;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::engine::{PlanError, RegionFacts};
use gonogo_core::meta::Category;
use gonogo_core::policy::Policy;
use gonogo_core::registry::Selection;
use gonogo_core::runner::RunOptions;
use gonogo_core::stage::{StageAudit, StageAuditor, StageError};
use tokio_util::sync::CancellationToken;

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
}

#[async_trait::async_trait]
impl StageAuditor for PipelineAuditor {
    async fn audit(
        &self,
        facts: Arc<Facts>,
        tags: &[String],
        categories: &[Category],
        cancel: &CancellationToken,
    ) -> Result<StageAudit, StageError> {
        let selection = Selection {
            categories: categories.to_vec(),
            tags: tags.to_vec(),
            ..Selection::default()
        };
        let plan =
            plan_selection(&self.catalogue, self.policy.clone(), &selection).map_err(|err| {
                match err {
                    PlanError::Empty => {
                        StageError::new("no check matches the stage's tags and categories")
                    }
                    other => StageError::new(other.to_string()),
                }
            })?;
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
}
