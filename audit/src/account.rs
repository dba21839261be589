//! One account's audit through the engine: its regions' runs, combined, judged against the
//! policy and the baseline, as one report.

use std::sync::Arc;

use aws_config::{Region, SdkConfig};
use chrono::{DateTime, Utc};
use gonogo_checks::aws::{AwsConfig, AwsOptions, load_sdk_config};
use gonogo_checks::facts::CallerIdentity;
use gonogo_checks::plan::TerraformChanges;
use gonogo_core::Facts;
use gonogo_core::baseline::Baseline;
use gonogo_core::engine::{AuditPlan, RegionFacts};
use gonogo_core::runner::RunOptions;
use gonogo_core::stats::ApiStats;
use gonogo_reports::{BaselineReport, Report, ResolvedProblem, RunInfo, Source, Target};

use crate::hooks::RunHooks;
use crate::plan_verdict::{ChangeAudit, TerraformInput};

/// What every account's audit shares.
pub(crate) struct AccountAudit<'a> {
    /// The policy and the planned checks.
    pub plan: &'a AuditPlan,
    /// The runner's options (its cancellation token the caller's).
    pub options: RunOptions,
    /// Where runner events go, and the cancellation.
    pub hooks: &'a RunHooks,
    /// The audit's clock.
    pub now: DateTime<Utc>,
    /// The previous audit's problems, and where they came from.
    pub baseline: Option<(&'a Baseline, String)>,
    /// The facts were recorded by an interrupted snapshot: the audit is incomplete too.
    pub incomplete_facts: bool,
    /// A Terraform plan: the report judges the account as the plan leaves it.
    pub terraform: Option<&'a TerraformInput>,
}

/// Live facts stores for `sdk`'s account, one per region, each counting its API calls and
/// keeping to its request budgets (all services together to `max_rps` a second when given).
pub(crate) fn live_stores(
    sdk: &SdkConfig,
    regions: &[String],
    now: DateTime<Utc>,
    max_rps: Option<f64>,
) -> Vec<RegionFacts> {
    regions
        .iter()
        .map(|region| {
            let facts = Arc::new(Facts::new(now).in_region(region.clone()));
            let config = sdk.to_builder().region(Region::new(region.clone())).build();
            facts.insert_resource(AwsConfig::with_max_rps(config, max_rps));
            RegionFacts {
                region: region.clone(),
                facts,
            }
        })
        .collect()
}

/// A live facts store over the AWS configuration `options` resolve to, in its region, its
/// requests held to `max_rps` a second when given (besides each service's budget): what a
/// snapshot records and a deploy's stages read.
pub async fn live_facts(
    options: &AwsOptions,
    now: DateTime<Utc>,
    max_rps: Option<f64>,
) -> Result<RegionFacts, gonogo_checks::aws::ConfigError> {
    let config = load_sdk_config(options).await?;
    let region = config.region().map(ToString::to_string).unwrap_or_default();
    let facts = Arc::new(Facts::new(now).in_region(region.clone()));
    facts.insert_resource(AwsConfig::with_max_rps(config, max_rps));
    Ok(RegionFacts { region, facts })
}

impl AccountAudit<'_> {
    /// Audits one account over its region stores with the engine and returns its report and
    /// the API calls it made. `account_id` is read from the caller identity when not given.
    pub(crate) async fn audit(
        &self,
        stores: Vec<RegionFacts>,
        account_id: Option<String>,
        source: Source,
    ) -> (Report, ApiStats) {
        let started_at = Utc::now();
        // AWS that cannot be reached (or credentials it refuses) is an account not audited,
        // exit 3, as it is for an account of a fleet whose role cannot be assumed: not a wall
        // of skipped checks judged NO-GO.
        let needs_aws = self
            .plan
            .checks()
            .iter()
            .any(|c| c.meta.facts.iter().any(|f| calls_aws(f)));
        let unreachable = match stores.first() {
            Some(first) if source == Source::Live && needs_aws => tokio::select! {
                identity = first.facts.get::<CallerIdentity>() => identity.err(),
                // Interrupted meanwhile: the run below reports every check as interrupted.
                () = self.hooks.cancel.cancelled() => None,
            },
            _ => None,
        };
        if let Some(err) = unreachable {
            let regions = stores.iter().map(|s| s.region.clone()).collect();
            let info = RunInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                started_at,
                finished_at: Utc::now(),
                target: Target::audited(account_id, regions, source),
            };
            return (
                Report::not_audited(info, None, err.to_string()),
                call_stats(&stores),
            );
        }
        // Every store holds the plan or its absence: the checks about the change read it, and
        // a snapshot never recorded it.
        for store in &stores {
            store.facts.provide(TerraformChanges::default());
        }
        let mut run = self
            .plan
            .run(
                &stores,
                account_id,
                &self.options,
                self.hooks.events.clone(),
            )
            .await;
        run.report.interrupted |= self.incomplete_facts;
        if run.account.is_none()
            && source == Source::Live
            && !run.report.interrupted
            && let Some(first) = stores.first()
            && let Ok(identity) = first.facts.get::<CallerIdentity>().await
        {
            run.in_account(identity.account_id.clone());
        }
        let stats = call_stats(&stores);
        let target = Target::audited(run.account.clone(), run.regions.clone(), source);
        let info = |target| RunInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            started_at,
            finished_at: Utc::now(),
            target,
        };
        let (evaluation, plan) = match self.terraform {
            Some(input) => {
                let change = ChangeAudit {
                    plan: self.plan,
                    options: &self.options,
                    now: self.now,
                };
                let verdict = change
                    .judge(input, run, &stores, info(target.clone()))
                    .await;
                (verdict.evaluation, Some(verdict.plan))
            }
            None => {
                let evaluation = self.plan.evaluate(
                    run,
                    self.now.date_naive(),
                    self.baseline.as_ref().map(|(baseline, _)| *baseline),
                );
                (evaluation, None)
            }
        };
        let mut report = Report::new(&evaluation, info(target));
        report.plan = plan;
        report.baseline = match (&evaluation.baseline, &self.baseline) {
            (Some(diff), Some((_, source))) => Some(BaselineReport {
                source: source.clone(),
                new: diff.new,
                unchanged: diff.unchanged,
                resolved: diff.resolved.iter().map(ResolvedProblem::from).collect(),
            }),
            _ => None,
        };
        (report, stats)
    }
}

/// The API calls the stores' clients made.
fn call_stats(stores: &[RegionFacts]) -> ApiStats {
    let mut stats = ApiStats::default();
    for store in stores {
        if let Some(config) = store.facts.resource::<AwsConfig>() {
            stats.add(&config.stats.0.snapshot());
        }
    }
    stats
}

/// Whether collecting the fact calls AWS, itself or through the facts it needs.
fn calls_aws(fact: &gonogo_core::FactInfo) -> bool {
    !fact.calls.is_empty() || fact.needs.iter().any(|need| calls_aws(need))
}
