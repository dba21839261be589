//! One account's audit: its regions' runs (regional checks in each, global checks once),
//! combined, judged against the policy and the baseline, as one report.

use std::sync::Arc;

use aws_config::{Region, SdkConfig};
use chrono::{DateTime, Utc};
use gonogo_checks::aws::AwsConfig;
use gonogo_checks::facts::CallerIdentity;
use gonogo_core::Facts;
use gonogo_core::baseline::{Baseline, Coverage};
use gonogo_core::check::Scope;
use gonogo_core::outcome::GLOBAL_REGION;
use gonogo_core::regions::{RegionRun, combine};
use gonogo_core::stats::ApiStats;
use gonogo_core::verdict::{BaselineScope, evaluate_against};
use gonogo_reports::{BaselineReport, Report, RunInfo, Source, Target};

use crate::cmd::session::{Plan, Runs};

/// What every account's audit shares.
pub(crate) struct AccountAudit<'a> {
    /// The policy and the planned checks.
    pub plan: &'a Plan,
    /// The runner, Ctrl-C and progress.
    pub runs: &'a Runs,
    /// The audit's clock.
    pub now: DateTime<Utc>,
    /// The previous audit's problems, and where they came from.
    pub baseline: Option<(&'a Baseline, String)>,
}

/// One region's facts store.
pub(crate) struct RegionFacts {
    /// The region (regional checks look there).
    pub region: String,
    /// Its facts.
    pub facts: Arc<Facts>,
}

/// Live facts stores for `sdk`'s account, one per region, each counting its API calls.
pub(crate) fn live_stores(
    sdk: &SdkConfig,
    regions: &[String],
    now: DateTime<Utc>,
) -> Vec<RegionFacts> {
    regions
        .iter()
        .map(|region| {
            let facts = Arc::new(Facts::new(now).in_region(region.clone()));
            let config = sdk.to_builder().region(Region::new(region.clone())).build();
            facts.insert_resource(AwsConfig::new(config));
            RegionFacts {
                region: region.clone(),
                facts,
            }
        })
        .collect()
}

impl AccountAudit<'_> {
    /// Audits one account over its region stores (the first also runs the global checks)
    /// and returns its report and the API calls it made. `account_id` is read from the
    /// caller identity when not given.
    pub(crate) async fn audit(
        &self,
        stores: Vec<RegionFacts>,
        account_id: Option<String>,
        source: Source,
    ) -> (Report, ApiStats) {
        let started_at = Utc::now();
        let runs = stores.iter().enumerate().map(|(i, store)| {
            store.facts.insert_resource(self.plan.probes.clone());
            let checks = self
                .plan
                .checks
                .iter()
                .filter(|c| i == 0 || c.meta.scope == Scope::Regional)
                .cloned()
                .collect();
            self.runs.run(checks, Arc::clone(&store.facts))
        });
        let reports = futures::future::join_all(runs).await;
        let interrupted = reports.iter().any(|r| r.interrupted);

        let account_id = match (account_id, stores.first()) {
            (Some(id), _) => Some(id),
            (None, Some(first)) if source == Source::Live && !interrupted => first
                .facts
                .get::<CallerIdentity>()
                .await
                .ok()
                .map(|id| id.account_id.clone()),
            _ => None,
        };
        let regions: Vec<String> = stores.iter().map(|s| s.region.clone()).collect();
        let mut stats = ApiStats::default();
        for store in &stores {
            if let Some(config) = store.facts.resource::<AwsConfig>() {
                stats.add(&config.stats.0.snapshot());
            }
        }
        let region_runs = regions
            .iter()
            .cloned()
            .zip(reports)
            .map(|(region, report)| RegionRun { region, report })
            .collect();
        let combined = combine(region_runs, account_id.as_deref());

        let coverage = Coverage {
            account: account_id.clone(),
            regions: regions
                .iter()
                .cloned()
                .chain([GLOBAL_REGION.to_owned()])
                .collect(),
        };
        let scope = self.baseline.as_ref().map(|(baseline, _)| BaselineScope {
            baseline,
            coverage: &coverage,
        });
        let evaluation =
            evaluate_against(&self.plan.policy, combined, self.now.date_naive(), scope);
        let mut report = Report::new(
            &evaluation,
            RunInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                started_at,
                finished_at: Utc::now(),
                target: Target::audited(account_id, regions, source),
            },
        );
        report.baseline = match (&evaluation.baseline, &self.baseline) {
            (Some(diff), Some((_, source))) => Some(BaselineReport {
                source: source.clone(),
                new: diff.new,
                unchanged: diff.unchanged,
                resolved: diff.resolved.clone(),
            }),
            _ => None,
        };
        (report, stats)
    }
}
