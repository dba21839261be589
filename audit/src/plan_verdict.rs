//! The plan verdict (`gonogo audit --plan`): the account as a Terraform plan leaves it,
//! judged by the same checks over the same facts with the plan's changes laid over them, and
//! compared with the account as it is.
//!
//! One collection serves three audits: the account as it is (the base stores), and the
//! account as it will be twice, once with each [`Fill`] of the values the plan knows only
//! after apply. The two agree on every finding judged on known values; where they differ,
//! the finding depends on an unknown value and says so ([`PlanOverlay::annotate`]).

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use gonogo_checks::plan::{
    ChangeKind, Fill, PlanOverlay, PlannedChanges, TerraformChanges, TerraformPlan,
};
use gonogo_core::Facts;
use gonogo_core::engine::{AccountRun, AuditPlan, RegionFacts};
use gonogo_core::input::{MAX_DOCUMENT_BYTES, read_bytes};
use gonogo_core::runner::RunOptions;
use gonogo_core::verdict::Evaluation;
use gonogo_reports::{NotEvaluatedChange, PlanReport, Report, ResolvedProblem, RunInfo};

use crate::error::AuditError;

/// A plan file, read and checked before any AWS call.
pub(crate) struct TerraformInput {
    /// The file, as given.
    pub source: String,
    /// The plan.
    pub plan: TerraformPlan,
}

impl TerraformInput {
    /// Reads the plan at `path`: a binary plan, another format version or JSON that is not
    /// a plan is an error that says what to run.
    pub fn read(path: &Path) -> Result<Self, AuditError> {
        let source = path.display().to_string();
        let bytes = read_bytes(path, MAX_DOCUMENT_BYTES)
            .map_err(|err| AuditError::TerraformPlan(format!("{source}: {err}")))?;
        let plan = TerraformPlan::parse(&bytes, &source)
            .map_err(|err| AuditError::TerraformPlan(err.to_string()))?;
        Ok(Self { source, plan })
    }
}

/// What the plan verdict decided: the evaluation of the account as it will be (its findings
/// marked against the account as it is), and the report's `plan` block.
pub(crate) struct PlanVerdict {
    /// The account as it will be, judged.
    pub evaluation: Evaluation,
    /// The `plan` block.
    pub plan: PlanReport,
}

/// Everything the three audits share.
pub(crate) struct ChangeAudit<'a> {
    /// The policy and the checks.
    pub plan: &'a AuditPlan,
    /// The runner's options.
    pub options: &'a RunOptions,
    /// The audit's clock.
    pub now: DateTime<Utc>,
}

impl ChangeAudit<'_> {
    /// Judges the account as `input` leaves it, over `stores` (whose facts `base`, the run
    /// of the account as it is, collected).
    pub async fn judge(
        &self,
        input: &TerraformInput,
        base: AccountRun,
        stores: &[RegionFacts],
        info: RunInfo,
    ) -> PlanVerdict {
        let audited_region = stores.first().map_or("", |s| s.region.as_str());
        let changes = Arc::new(PlannedChanges::new(&input.plan, audited_region));
        let low = Arc::new(PlanOverlay::new(Arc::clone(&changes), Fill::Low, self.now));
        let high = Arc::new(PlanOverlay::new(Arc::clone(&changes), Fill::High, self.now));
        let account = base.account.clone();
        let mut planned = self
            .plan
            .run(
                &overlaid(stores, &low, &changes),
                account.clone(),
                self.options,
                None,
            )
            .await;
        let other = self
            .plan
            .run(
                &overlaid(stores, &high, &changes),
                account,
                self.options,
                None,
            )
            .await;
        low.annotate(&mut planned.report, &other.report);
        planned.report.interrupted |= base.report.interrupted || other.report.interrupted;

        let regions = base.regions.clone();
        let today: NaiveDate = self.now.date_naive();
        let before = self.plan.evaluate(base, today, None);
        let before_report = Report::new(&before, info);
        let evaluation = self
            .plan
            .evaluate_change(planned, today, &before_report.as_baseline());
        let diff = evaluation.baseline.clone().unwrap_or_default();
        let plan = PlanReport {
            source: input.source.clone(),
            format_version: changes.format_version.clone(),
            terraform_version: changes.terraform_version.clone(),
            create: changes.count(ChangeKind::Create),
            update: changes.count(ChangeKind::Update),
            delete: changes.count(ChangeKind::Delete),
            replace: changes.count(ChangeKind::Replace),
            verdict: before.verdict,
            score: before.score,
            new: diff.new,
            unchanged: diff.unchanged,
            resolved: diff.resolved.iter().map(ResolvedProblem::from).collect(),
            not_evaluated: low
                .not_evaluated(&regions)
                .into_iter()
                .map(|change| NotEvaluatedChange {
                    address: change.address,
                    resource_type: change.resource_type,
                    actions: change
                        .actions
                        .iter()
                        .map(|action| action.name().to_owned())
                        .collect(),
                    reason: change.reason,
                })
                .collect(),
        };
        PlanVerdict { evaluation, plan }
    }
}

/// The stores of the account as it will be: each base store read through `overlay`, holding
/// the plan itself for the checks about the change.
fn overlaid(
    stores: &[RegionFacts],
    overlay: &Arc<PlanOverlay>,
    changes: &PlannedChanges,
) -> Vec<RegionFacts> {
    stores
        .iter()
        .map(|store| {
            let editor: Arc<dyn gonogo_core::FactEditor> = Arc::clone(overlay) as _;
            let facts = Facts::overlaid(Arc::clone(&store.facts), editor);
            facts.provide(TerraformChanges::of(changes));
            RegionFacts {
                region: store.region.clone(),
                facts: Arc::new(facts),
            }
        })
        .collect()
}
