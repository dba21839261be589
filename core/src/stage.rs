//! Deploy stages: plugins that change the account, each able to say what it would change, to
//! apply, and to undo from a record written before it changed anything.
//!
//! A stage registers itself with [`declare_stage!`](crate::declare_stage) (through
//! `inventory`, like checks). The pipeline runs stages in order, writes the journal around
//! every step, and on a failure rolls the completed stages back in reverse. A stage that
//! judges the account (an audit gate, validation, a watch) asks the audit service it is given
//! ([`StageCtx::auditor`]), so that it audits exactly as `gonogo audit` does.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::calls::StageCalls;
use crate::facts::Facts;
use crate::judged::Verdict;
use crate::meta::Category;

/// What a stage would change, read from the live state before anything changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StagePlan {
    /// One line per change ("enable TTL on sessions (attribute expires_at)").
    pub changes: Vec<String>,
    /// What undoing needs (previous settings), journaled before `apply` runs so that a crash
    /// mid-stage can still be undone.
    pub undo: serde_json::Value,
    /// A gate decided while planning (a Terraform plan judged before it is applied): `Stop`
    /// ends the run before `apply` (and a dry run says it would), `Proceed` records the
    /// accepted risks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateDecision>,
}

/// A gate's answer: go on, or stop the pipeline before anything changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum GateDecision {
    /// Go on; the accepted risks (CONDITIONAL reasons) are recorded.
    Proceed {
        /// Reasons accepted with `--accept-risks`.
        accepted_risks: Vec<String>,
    },
    /// Stop here.
    Stop {
        /// Why.
        reasons: Vec<String>,
    },
}

/// What applying produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StageOutcome {
    /// What changed, one line each.
    pub changed: Vec<String>,
    /// Output worth keeping (a command's stdout and stderr).
    pub output: String,
    /// For gates: go on or stop.
    pub gate: Option<GateDecision>,
}

/// Why a stage could not do its work.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct StageError(pub String);

impl StageError {
    /// A stage error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// What an audit asked for by a stage found: what a gate decides on.
#[derive(Clone, Debug, PartialEq)]
pub struct StageAudit {
    /// The verdict.
    pub verdict: Verdict,
    /// The weighted score, 0–100.
    pub score: f64,
    /// Why: what blocks first, then what conditions, then the score.
    pub reasons: Vec<String>,
}

/// What the audit of a Terraform plan found: the account as the plan leaves it, judged.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanAudit {
    /// The verdict on the account as it will be (problems the plan brings, unless the policy
    /// gates on every problem), its score and reasons.
    pub audit: StageAudit,
    /// One sentence: what the plan changes, brings and resolves, and the account's verdict
    /// before it.
    pub headline: String,
    /// The whole audit report, as `gonogo audit --plan --format json` prints it.
    pub report_json: String,
}

/// Which checks a stage's audit runs: those these tags and categories select (all of the
/// policy's selection when both are empty).
#[derive(Clone, Copy, Debug, Default)]
pub struct AuditScope<'a> {
    /// Check tags.
    pub tags: &'a [String],
    /// Check categories.
    pub categories: &'a [Category],
}

/// The audit service a stage judges the account with: the pipeline's policy and catalogue,
/// the same planning and judging as `gonogo audit`.
#[async_trait]
pub trait StageAuditor: Send + Sync {
    /// Audits `facts` with the checks (and the policy's probes) `scope` selects; cancelled
    /// with `cancel`.
    async fn audit(
        &self,
        facts: Arc<Facts>,
        scope: AuditScope<'_>,
        cancel: &CancellationToken,
    ) -> Result<StageAudit, StageError>;

    /// Audits the account as the Terraform plan at `plan_json` (what `terraform show -json`
    /// prints) leaves it, as `gonogo audit --plan` does; cancelled with `cancel`.
    async fn audit_plan(
        &self,
        facts: Arc<Facts>,
        plan_json: &std::path::Path,
        scope: AuditScope<'_>,
        cancel: &CancellationToken,
    ) -> Result<PlanAudit, StageError> {
        let _ = (facts, plan_json, scope, cancel);
        Err(StageError::new(
            "no audit service was given to this pipeline",
        ))
    }
}

impl StageAudit {
    /// The gate's answer to this audit: GO goes on; CONDITIONAL goes on when the risks are
    /// accepted (`--accept-risks`, or the stage's own `accept_conditional`), recording them,
    /// and stops otherwise; NO-GO stops.
    pub fn gate(&self, accept_risks: bool) -> GateDecision {
        match self.verdict {
            Verdict::Go => GateDecision::Proceed {
                accepted_risks: Vec::new(),
            },
            Verdict::Conditional if accept_risks => GateDecision::Proceed {
                accepted_risks: self.reasons.clone(),
            },
            Verdict::Conditional => GateDecision::Stop {
                reasons: std::iter::once(
                    "CONDITIONAL GO: pass --accept-risks to proceed".to_owned(),
                )
                .chain(self.reasons.iter().cloned())
                .collect(),
            },
            Verdict::NoGo => GateDecision::Stop {
                reasons: std::iter::once("NO-GO".to_owned())
                    .chain(self.reasons.iter().cloned())
                    .collect(),
            },
        }
    }
}

/// The auditor of a pipeline whose stages judge nothing (and of a stage's unit tests): a
/// stage that asks it for an audit fails.
pub struct NoAuditor;

#[async_trait]
impl StageAuditor for NoAuditor {
    async fn audit(
        &self,
        _: Arc<Facts>,
        _: AuditScope<'_>,
        _: &CancellationToken,
    ) -> Result<StageAudit, StageError> {
        Err(StageError::new(
            "no audit service was given to this pipeline",
        ))
    }
}

/// What a stage receives: the facts store (AWS configuration, the audit's facts), the audit
/// service, the pipeline options, and the cancellation token of the run.
#[derive(Clone)]
pub struct StageCtx {
    /// Facts and resources (the AWS configuration is a resource).
    pub facts: Arc<Facts>,
    /// Audits under the pipeline's policy, for gates and validation.
    pub auditor: Arc<dyn StageAuditor>,
    /// `--accept-risks` was given.
    pub accept_risks: bool,
    /// Cancelled when the run is interrupted.
    pub cancel: CancellationToken,
    /// Where the stage may keep files (output logs), inside the run's journal directory.
    pub run_dir: std::path::PathBuf,
    /// The name of the stage being run (set by the pipeline for each stage).
    pub stage_name: String,
}

/// A deploy or rollback plugin.
#[async_trait]
pub trait Stage: Send + Sync {
    /// What it would change, and the record needed to undo it, from the live state.
    async fn plan(&self, cx: &StageCtx) -> Result<StagePlan, StageError>;

    /// Makes the change. `plan` ran just before and its undo record is already journaled.
    async fn apply(&self, cx: &StageCtx, plan: &StagePlan) -> Result<StageOutcome, StageError>;

    /// Undoes the change from the journaled record. Running it twice is harmless.
    async fn rollback(
        &self,
        cx: &StageCtx,
        undo: &serde_json::Value,
    ) -> Result<Vec<String>, StageError>;
}

/// Builds a stage from its `[[stages]]` table (without `kind` and `name`).
pub type StageBuilder = fn(&toml::Table) -> Result<Box<dyn Stage>, StageError>;

/// What [`declare_stage!`](crate::declare_stage) submits to `inventory`.
pub struct StageRegistration {
    /// The `kind` in `[[stages]]`.
    pub kind: &'static str,
    /// One line saying what it does.
    pub summary: &'static str,
    /// Builds it from its parameters.
    pub build: StageBuilder,
    /// The AWS calls its plan, apply and rollback make.
    pub calls: StageCalls,
}

inventory::collect!(StageRegistration);

/// Registers a stage kind: `declare_stage!(kind: "dynamodb-ttl", summary: "…", build:
/// DynamoDbTtl::from_params, calls: StageCalls { plan: …, apply: …, rollback: … });`. A
/// stage that calls no AWS API leaves out `calls`.
#[macro_export]
macro_rules! declare_stage {
    (kind: $kind:literal, summary: $summary:literal, build: $build:path $(, calls: $calls:expr)? $(,)?) => {
        $crate::inventory::submit! {
            $crate::stage::StageRegistration {
                kind: $kind,
                summary: $summary,
                build: $build,
                calls: $crate::__stage_calls!($($calls)?),
            }
        }
    };
}

/// The calls a [`declare_stage!`](crate::declare_stage) names, none when it names none.
#[doc(hidden)]
#[macro_export]
macro_rules! __stage_calls {
    () => {
        $crate::calls::StageCalls {
            plan: &[],
            apply: &[],
            rollback: &[],
            runs_checks: false,
        }
    };
    ($calls:expr) => {
        $calls
    };
}
