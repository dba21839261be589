//! `gonogo audit`: policy → selection → concurrent run (live or from a snapshot; one account,
//! a fleet or an organization; one region or many) → verdict → reports → metrics,
//! notification and Security Hub → exit code.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use aws_config::SdkConfig;
use chrono::Utc;
use futures::StreamExt;
use gonogo_checks::aws::load_sdk_config;
use gonogo_checks::fleet::{AccountTarget, assume_role, enabled_regions};
use gonogo_core::Facts;
use gonogo_core::engine::RegionFacts;
use gonogo_core::exit_codes;
use gonogo_core::snapshot::Snapshot;
use gonogo_core::stats::ApiStats;
use gonogo_reports::{Report, RunInfo, Source, Target};

use crate::args::{AuditArgs, FleetArgs};
use crate::cmd::session::{self, Runs};
use crate::fleet::account::{AccountAudit, live_stores};
use crate::fleet::{accounts_file, organization};
use crate::{output, publish, security_hub};

/// `--regions all`.
const ALL_REGIONS: &str = "all";

/// What an audit produced: the report to print, the per-account reports it was merged from
/// (for metrics), and the API calls.
struct Audited {
    report: Report,
    accounts: Vec<Report>,
    stats: ApiStats,
    /// The credentials each audited account was reached with, by account id.
    sessions: BTreeMap<String, SdkConfig>,
}

pub(crate) async fn run(args: AuditArgs) -> anyhow::Result<i32> {
    let plan = match session::plan(&args.run)? {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    let baseline = match &args.baseline {
        Some(path) => {
            let report =
                load_report(path).with_context(|| format!("baseline {}", path.display()))?;
            Some((report.as_baseline(), path.display().to_string()))
        }
        None => None,
    };
    let targets = fleet_targets(&args.fleet)?;
    // Every file it will write is checked now: a mistake costs a second, not the audit.
    let shard = match &args.fleet.shard {
        Some(shard) => Some(shard.resolve().map_err(anyhow::Error::msg)?.index),
        None => None,
    };
    let metrics_file: Vec<(&str, &Path)> = args
        .prometheus_file
        .as_deref()
        .map(|path| ("--prometheus-file", path))
        .into_iter()
        .collect();
    if let Err(err) = output::check_paths(&args.output, shard, &metrics_file) {
        eprintln!("error: {err:#}");
        return Ok(exit_codes::INCOMPLETE);
    }

    let max_rps = args.run.max_rps(plan.policy());
    let runs = Runs::start(&args.run)?;
    let audit = AccountAudit {
        plan: &plan,
        runs: &runs,
        now: session::audit_clock(args.run.now.as_deref(), Utc::now())?,
        baseline: baseline.as_ref().map(|(b, source)| (b, source.clone())),
        incomplete_facts: false,
    };
    let audited = match &args.snapshot {
        Some(path) => audit_snapshot(audit, path, args.run.now.as_deref()).await?,
        None => {
            let base = load_sdk_config(&session::audit_aws_options(&args.aws, &args.run)).await?;
            let mut not_audited = Vec::new();
            let targets = match targets {
                None if args.fleet.organization.organization => {
                    let discovered = organization::discover(&base, &args.fleet.organization)
                        .await
                        .context("--organization")?;
                    if discovered.targets.is_empty() {
                        anyhow::bail!(
                            "--organization: no ACTIVE account of the organization is in scope"
                        );
                    }
                    not_audited = discovered.not_audited;
                    Some(shard_of(discovered.targets, &args.fleet)?)
                }
                targets => targets,
            };
            let mut audited = match targets {
                None => {
                    let regions = regions_of(&args.fleet, &base)
                        .await
                        .map_err(anyhow::Error::msg)?;
                    let stores = live_stores(&base, &regions, audit.now, max_rps);
                    let (report, stats) = audit.audit(stores, None, Source::Live).await;
                    let mut audited = Audited::one(report, stats);
                    if let Some(account) = &audited.report.target.account_id {
                        audited.sessions.insert(account.clone(), base.clone());
                    }
                    audited
                }
                Some(targets) => audit_fleet(&audit, &args.fleet, &base, targets, max_rps).await?,
            };
            audited.report.not_audited = not_audited;
            audited
        }
    };
    runs.finish().await;

    let Audited {
        mut report,
        accounts,
        stats,
        sessions,
    } = audited;
    // `--framework` and the policy's `frameworks`, each once.
    let mut named: Vec<(String, Option<gonogo_core::framework::Profile>)> = Vec::new();
    for id in args
        .run
        .select
        .framework
        .iter()
        .chain(&plan.policy().frameworks)
    {
        if !named.iter().any(|(known, _)| known == id) {
            named.push((id.clone(), args.run.select.framework_profile));
        }
    }
    report.frameworks = session::framework_views(&named, &report, &accounts)?;
    if args.stats {
        eprint!(
            "{}",
            gonogo_reports::render_stats(&stats, report.duration_ms)
        );
        report.stats = Some(stats);
    }
    let anchor = output::sarif_anchor(args.run.select.policy.as_deref());
    let mut written = output::write_reports(&args.output, &report, shard, &anchor);
    if let Some(path) = &args.prometheus_file {
        written.record(path, publish::write_prometheus_file(path, &accounts));
    }
    output::print_report(&args.output, &report, &anchor)?;

    let mut exit_code = report.exit_code;
    if written.report_failures() {
        exit_code = exit_codes::INCOMPLETE;
    }
    let sent = publish::send_outcome(
        &args.aws,
        args.publish_metrics.as_deref(),
        args.notify_sqs.as_deref(),
        &report,
        &accounts,
        written.files,
    )
    .await;
    if let Err(err) = sent {
        eprintln!("error: {err}");
        exit_code = exit_codes::INCOMPLETE;
    }
    if let Some(gateway) = &args.pushgateway
        && let Err(err) = publish::push_to_gateway(gateway, &accounts).await
    {
        eprintln!("error: {err}");
        exit_code = exit_codes::INCOMPLETE;
    }
    if args.security_hub {
        let audited: Vec<(Report, SdkConfig)> = accounts
            .into_iter()
            .filter_map(|report| {
                let session = sessions.get(report.target.account_id.as_deref()?)?.clone();
                Some((report, session))
            })
            .collect();
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        for err in security_hub::export(&audited, &now).await {
            eprintln!("error: {err}");
            exit_code = exit_codes::INCOMPLETE;
        }
    }
    Ok(exit_code)
}

impl Audited {
    /// The audit of one account.
    fn one(report: Report, stats: ApiStats) -> Self {
        Self {
            accounts: vec![report.clone()],
            report,
            stats,
            sessions: BTreeMap::new(),
        }
    }
}

/// Audits a snapshot's facts (one account, one region); its clock is the snapshot's unless
/// `--now` says otherwise.
async fn audit_snapshot(
    mut audit: AccountAudit<'_>,
    path: &Path,
    now: Option<&str>,
) -> anyhow::Result<Audited> {
    let snapshot = Snapshot::load(path)?;
    let unserved: Vec<&str> = audit
        .plan
        .checks()
        .iter()
        .filter(|check| !snapshot.serves(check.meta))
        .map(|check| check.meta.id)
        .collect();
    if !unserved.is_empty() {
        eprintln!(
            "warning: {} cannot serve {} of the {} selected checks (their facts were not \
             recorded), so they are errors: {}; record it with `gonogo snapshot` without --check",
            path.display(),
            unserved.len(),
            audit.plan.checks().len(),
            unserved.join(", ")
        );
    }
    audit.now = session::audit_clock(now, snapshot.taken_at)?;
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
    Ok(Audited::one(report, stats))
}

/// Audits each target account (assumed role) concurrently, within the bound, and merges
/// their reports. An account whose role cannot be assumed is that account's error.
async fn audit_fleet(
    audit: &AccountAudit<'_>,
    fleet: &FleetArgs,
    base: &SdkConfig,
    targets: Vec<AccountTarget>,
    max_rps: Option<f64>,
) -> anyhow::Result<Audited> {
    let results: Vec<(Report, ApiStats, Option<SdkConfig>)> = futures::stream::iter(targets)
        .map(|target| async move {
            let started_at = Utc::now();
            let audited = async {
                let sdk = assume_role(base, &target).await?;
                let regions = regions_of(fleet, &sdk).await?;
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
                    let info = RunInfo {
                        version: env!("CARGO_PKG_VERSION").to_owned(),
                        started_at,
                        finished_at: Utc::now(),
                        target: Target {
                            account_id: Some(target.account_id.clone()),
                            region: None,
                            regions: Vec::new(),
                            source: Source::Live,
                        },
                    };
                    let report = Report::not_audited(info, target.name.clone(), error);
                    (report, ApiStats::default(), None)
                }
            }
        })
        .buffer_unordered(usize::from(fleet.account_concurrency))
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
    let report = gonogo_reports::merge(accounts.clone()).context("merging the accounts")?;
    Ok(Audited {
        report,
        accounts,
        stats,
        sessions,
    })
}

/// `--shard`'s share of `accounts`, or all of them.
fn shard_of(accounts: Vec<AccountTarget>, fleet: &FleetArgs) -> anyhow::Result<Vec<AccountTarget>> {
    Ok(match &fleet.shard {
        Some(shard) => accounts_file::shard(accounts, shard.resolve().map_err(anyhow::Error::msg)?),
        None => accounts,
    })
}

/// The accounts to assume into: from `--accounts` (one shard of it with `--shard`) or
/// `--role-arn`; `None` audits the account of the current credentials, or with
/// `--organization` the accounts the organization lists.
fn fleet_targets(fleet: &FleetArgs) -> anyhow::Result<Option<Vec<AccountTarget>>> {
    if let Some(path) = &fleet.accounts {
        return Ok(Some(shard_of(accounts_file::load(path)?, fleet)?));
    }
    if let Some(role_arn) = &fleet.role_arn {
        let account_id = accounts_file::role_account(role_arn)
            .with_context(|| {
                format!("--role-arn `{role_arn}` is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
            })?
            .to_owned();
        return Ok(Some(vec![AccountTarget {
            account_id,
            role_arn: Some(role_arn.clone()),
            external_id: fleet.external_id.clone(),
            name: None,
        }]));
    }
    Ok(None)
}

/// The regions to audit with `sdk`: `--regions`, every enabled one for `all`, else the
/// configuration's region.
async fn regions_of(fleet: &FleetArgs, sdk: &SdkConfig) -> Result<Vec<String>, String> {
    let asked: Vec<String> = fleet
        .regions
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if asked.iter().any(|r| r == ALL_REGIONS) {
        if asked.len() > 1 {
            return Err("--regions all cannot be combined with named regions".to_owned());
        }
        return enabled_regions(sdk).await;
    }
    if let Some(bad) = asked.iter().find(|r| {
        !r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }) {
        return Err(format!("`{bad}` is not a region name"));
    }
    if asked.is_empty() {
        return sdk
            .region()
            .map(|r| vec![r.to_string()])
            .ok_or_else(|| "no AWS region configured: pass --region or set AWS_REGION".to_owned());
    }
    let mut regions = asked;
    regions.dedup();
    Ok(regions)
}

fn load_report(path: &Path) -> anyhow::Result<Report> {
    let text = gonogo_core::input::read_text(path, gonogo_core::input::MAX_DOCUMENT_BYTES)?;
    Report::from_json(&text).map_err(anyhow::Error::msg)
}
