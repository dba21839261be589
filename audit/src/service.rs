//! One audit, from request to report: plan, baseline and targets first (so a mistake costs a
//! second, not the audit), then the stores, each account's audit with bounded fan-out, the
//! merge of a fleet, and the framework views.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use aws_config::SdkConfig;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use gonogo_checks::aws::load_sdk_config;
use gonogo_checks::fleet::{AccountTarget, assume_role};
use gonogo_core::Facts;
use gonogo_core::baseline::Baseline;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::document_kind::DocumentKind;
use gonogo_core::engine::{AuditPlan, RegionFacts};
use gonogo_core::framework::Profile;
use gonogo_core::input::{MAX_DOCUMENT_BYTES, read_text};
use gonogo_core::runner::RunOptions;
use gonogo_core::snapshot::Snapshot;
use gonogo_core::stats::ApiStats;
use gonogo_reports::{Report, RunInfo, Source, Target};

use crate::account::{AccountAudit, live_stores};
use crate::error::AuditError;
use crate::hooks::RunHooks;
use crate::plan_verdict::TerraformInput;
use crate::planning::{audit_clock, plan};
use crate::request::{AuditRequest, FactSource, Shard, Targets};
use crate::targets::{self, organization};
use crate::views::framework_views;

/// What an audit produced: the report, the per-account reports it was merged from (for
/// metrics and Security Hub), the API calls, and the credentials each account was reached
/// with.
pub struct Audited {
    /// The report: one account's, or the fleet's.
    pub report: Report,
    /// Each account's report.
    pub accounts: Vec<Report>,
    /// The API calls made.
    pub stats: ApiStats,
    /// The credentials each audited account was reached with, by account id.
    pub sessions: BTreeMap<String, SdkConfig>,
    /// What the caller should tell the user (a snapshot that cannot serve every check).
    pub warnings: Vec<String>,
}

impl Audited {
    /// A report merged from earlier runs (`gonogo merge`): what the destinations are sent,
    /// with no account reports, calls or credentials of its own.
    pub fn merged(report: Report) -> Self {
        Self {
            report,
            accounts: Vec::new(),
            stats: ApiStats::default(),
            sessions: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The audit of one account.
    fn one(report: Report, stats: ApiStats) -> Self {
        Self {
            accounts: vec![report.clone()],
            report,
            stats,
            sessions: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }
}

/// An audit whose policy, plan, baseline, shard and listed accounts are read and valid:
/// everything that can be wrong with the request is known before any AWS call.
pub struct PreparedAudit<'c> {
    catalogue: &'c Catalogue,
    request: AuditRequest,
    plan: AuditPlan,
    baseline: Option<(Baseline, String)>,
    shard: Option<Shard>,
    listed: Option<Vec<AccountTarget>>,
    terraform: Option<TerraformInput>,
}

impl<'c> PreparedAudit<'c> {
    /// Reads the policy, plans the checks, reads the baseline, resolves the shard and reads
    /// the accounts file.
    pub fn prepare(catalogue: &'c Catalogue, request: AuditRequest) -> Result<Self, AuditError> {
        let plan = plan(&request.checks, catalogue)?;
        let baseline = match &request.baseline {
            Some(path) => {
                let report = load_report(path).map_err(|message| AuditError::Baseline {
                    path: path.display().to_string(),
                    message,
                })?;
                Some((report.as_baseline(), path.display().to_string()))
            }
            None => None,
        };
        let shard = match &request.shard {
            Some(shard) => Some(shard.resolve().map_err(AuditError::Targets)?),
            None => None,
        };
        let listed = targets::listed(&request.targets, shard)?;
        let terraform = match &request.plan {
            Some(path) => Some(terraform_input(path, &request)?),
            None => None,
        };
        Ok(Self {
            catalogue,
            request,
            plan,
            baseline,
            shard,
            listed,
            terraform,
        })
    }

    /// The planned checks and the policy.
    pub fn plan(&self) -> &AuditPlan {
        &self.plan
    }

    /// This run's shard index, when the accounts are sharded (`{shard}` in report paths).
    pub fn shard_index(&self) -> Option<usize> {
        self.shard.map(|shard| shard.index)
    }

    /// The request cap: the request's, else the policy's `max_requests_per_second`.
    pub fn max_rps(&self) -> Option<f64> {
        self.request
            .run
            .max_rps
            .or(self.plan.policy().max_requests_per_second)
    }

    /// Runs the audit: one account, a fleet or an organization, live or from a snapshot,
    /// with the report's framework views (the request's and the policy's).
    pub async fn run(self, hooks: &RunHooks) -> Result<Audited, AuditError> {
        let now = audit_clock(self.request.run.now.as_deref(), Utc::now())?;
        let max_rps = self.max_rps();
        let audit = AccountAudit {
            plan: &self.plan,
            options: RunOptions {
                concurrency: self.request.run.concurrency,
                timeout: self.request.run.timeout,
                cancel: hooks.cancel.clone(),
            },
            hooks,
            now,
            baseline: self
                .baseline
                .as_ref()
                .map(|(b, source)| (b, source.clone())),
            incomplete_facts: false,
            terraform: self.terraform.as_ref(),
        };
        let mut audited = match &self.request.source {
            FactSource::Snapshot(path) => {
                audit_snapshot(audit, path, self.request.run.now.as_deref()).await?
            }
            FactSource::Live(options) => {
                let options = gonogo_checks::aws::AwsOptions {
                    call_timeout: Some(self.request.run.timeout),
                    ..options.clone()
                };
                let base = load_sdk_config(&options).await?;
                let mut not_audited = Vec::new();
                let listed = match (&self.listed, &self.request.targets) {
                    (None, Targets::Organization(scope)) => {
                        let discovered = organization::discover(&base, scope)
                            .await
                            .map_err(|err| AuditError::Targets(format!("--organization: {err}")))?;
                        if discovered.targets.is_empty() {
                            return Err(AuditError::Targets(
                                "--organization: no ACTIVE account of the organization is in scope"
                                    .to_owned(),
                            ));
                        }
                        not_audited = discovered.not_audited;
                        Some(targets::shard_of(discovered.targets, self.shard))
                    }
                    (listed, _) => listed.clone(),
                };
                let mut audited = match listed {
                    None => {
                        let regions = targets::regions_of(&self.request.regions, &base)
                            .await
                            .map_err(AuditError::Targets)?;
                        let stores = live_stores(&base, &regions, now, max_rps);
                        let (report, stats) = audit.audit(stores, None, Source::Live).await;
                        let mut audited = Audited::one(report, stats);
                        if let Some(account) = &audited.report.target.account_id {
                            audited.sessions.insert(account.clone(), base.clone());
                        }
                        audited
                    }
                    Some(targets) => {
                        audit_fleet(
                            &audit,
                            &self.request.regions,
                            self.request.account_concurrency,
                            &base,
                            targets,
                            max_rps,
                        )
                        .await?
                    }
                };
                audited.report.not_audited = not_audited;
                audited
            }
        };
        // The request's frameworks and the policy's, each once.
        let mut named: Vec<(String, Option<Profile>)> = Vec::new();
        for id in self
            .request
            .checks
            .frameworks
            .iter()
            .chain(&self.plan.policy().frameworks)
        {
            if !named.iter().any(|(known, _)| known == id) {
                named.push((id.clone(), self.request.checks.framework_profile));
            }
        }
        audited.report.frameworks = framework_views(
            &self.catalogue.frameworks,
            &named,
            &audited.report,
            &audited.accounts,
        )?;
        Ok(audited)
    }
}

/// The plan file of a request that can have one: one account (not a fleet), compared with
/// itself without the plan (not with a baseline report).
fn terraform_input(path: &Path, request: &AuditRequest) -> Result<TerraformInput, AuditError> {
    let refuse = |why: &str| Err(AuditError::TerraformPlan(why.to_owned()));
    match request.targets {
        Targets::AccountsFile(_) => return refuse("with --accounts: a plan is for one account"),
        Targets::Organization(_) => {
            return refuse("with --organization: a plan is for one account");
        }
        Targets::CurrentAccount | Targets::Role { .. } => {}
    }
    if request.baseline.is_some() {
        return refuse(
            "with --baseline: a plan is compared with the account without it, not with a report",
        );
    }
    TerraformInput::read(path)
}

/// Audits a snapshot's facts (one account, one region); its clock is the snapshot's unless
/// `now` says otherwise.
async fn audit_snapshot(
    mut audit: AccountAudit<'_>,
    path: &Path,
    now: Option<&str>,
) -> Result<Audited, AuditError> {
    let snapshot = Snapshot::load(path)?;
    let unserved: Vec<&str> = audit
        .plan
        .checks()
        .iter()
        .filter(|check| !snapshot.serves(check.meta))
        .map(|check| check.meta.id)
        .collect();
    let warning = (!unserved.is_empty()).then(|| {
        format!(
            "{} cannot serve {} of the {} selected checks (their facts were not recorded), so \
             they are errors: {}; record it with `gonogo snapshot` without --check",
            path.display(),
            unserved.len(),
            audit.plan.checks().len(),
            unserved.join(", ")
        )
    });
    audit.now = audit_clock(now, snapshot.taken_at)?;
    audit.incomplete_facts = snapshot.incomplete;
    let region = snapshot
        .region
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let store = RegionFacts {
        facts: Arc::new(Facts::replay(audit.now, snapshot.facts).in_region(region.clone())),
        region,
    };
    let (mut report, stats) = audit
        .audit(vec![store], snapshot.account_id.clone(), Source::Snapshot)
        .await;
    if snapshot.region.is_none() {
        report.target.region = None;
    }
    let mut audited = Audited::one(report, stats);
    audited.warnings.extend(warning);
    Ok(audited)
}

/// Audits each target account (assumed role) concurrently, at most `concurrency` at once,
/// and merges their reports. An account whose role cannot be assumed is that account's
/// error.
async fn audit_fleet(
    audit: &AccountAudit<'_>,
    regions: &[String],
    concurrency: usize,
    base: &SdkConfig,
    targets: Vec<AccountTarget>,
    max_rps: Option<f64>,
) -> Result<Audited, AuditError> {
    let results: Vec<(Report, ApiStats, Option<SdkConfig>)> = futures::stream::iter(targets)
        .map(|target| async move {
            let started_at = Utc::now();
            let audited = async {
                let sdk = assume_role(base, &target)
                    .await
                    .map_err(|err| err.to_string())?;
                let regions = targets::regions_of(regions, &sdk).await?;
                let stores = live_stores(&sdk, &regions, audit.now, max_rps);
                let (report, stats) = audit
                    .audit(stores, Some(target.account_id.clone()), Source::Live)
                    .await;
                Ok::<_, String>((report, stats, sdk))
            }
            .await;
            match audited {
                Ok((mut report, stats, sdk)) => {
                    report.name_account(target.name.clone());
                    (report, stats, Some(sdk))
                }
                Err(error) => {
                    let report = Report::not_audited(
                        not_audited_info(&target, started_at),
                        target.name.clone(),
                        error,
                    );
                    (report, ApiStats::default(), None)
                }
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let mut stats = ApiStats::default();
    let mut accounts = Vec::with_capacity(results.len());
    let mut sessions = BTreeMap::new();
    for (report, account_stats, sdk) in results {
        stats.add(&account_stats);
        if let (Some(sdk), Some(account)) = (sdk, &report.target.account_id) {
            sessions.insert(account.clone(), sdk);
        }
        accounts.push(report);
    }
    accounts.sort_by(|a, b| a.target.account_id.cmp(&b.target.account_id));
    let report = gonogo_reports::merge(accounts.clone()).map_err(AuditError::FleetMerge)?;
    Ok(Audited {
        report,
        accounts,
        stats,
        sessions,
        warnings: Vec::new(),
    })
}

/// The run of an account that was not audited.
fn not_audited_info(target: &AccountTarget, started_at: DateTime<Utc>) -> RunInfo {
    RunInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at,
        finished_at: Utc::now(),
        target: Target {
            account_id: Some(target.account_id.clone()),
            region: None,
            regions: Vec::new(),
            source: Source::Live,
        },
    }
}

/// A JSON report read from `path`.
pub fn load_report(path: &Path) -> Result<Report, String> {
    let text = read_text(path, MAX_DOCUMENT_BYTES).map_err(|err| err.to_string())?;
    Report::from_json(&text).map_err(|err| {
        gonogo_core::document_kind::wrong_kind(&text, DocumentKind::Report)
            .unwrap_or_else(|| err.to_string())
    })
}
