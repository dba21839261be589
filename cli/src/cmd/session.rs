//! What `audit` and `snapshot` share: the plan from the arguments, a live facts store, and the
//! engine's runs with Ctrl-C and progress.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use gonogo_checks::aws::{AwsConfig, AwsOptions, load_sdk_config};
use gonogo_checks::probes::HttpProbes;
use gonogo_core::Facts;
use gonogo_core::engine::{AccountRun, AuditPlan, RegionFacts};
use gonogo_core::framework::{Frameworks, Profile};
use gonogo_core::policy::{Policy, PolicyError};
use gonogo_core::registry::{Registry, Selection};
use gonogo_core::runner::{Event, RunOptions};
use gonogo_reports::{AccountFrameworkView, FrameworkReport, Report};
use indicatif::ProgressBar;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::args::{AwsArgs, RunArgs};
use crate::{interrupt, progress};

/// Loads the policy and plans the selected checks (the registered ones and the policy's
/// probes) with the audit engine; `Ok(Err(_))` is a policy error (exit 3).
pub(crate) fn plan(args: &RunArgs) -> anyhow::Result<Result<AuditPlan, PolicyError>> {
    let registry = Registry::load()?;
    let policy = match load_policy(args.select.policy.as_deref(), &registry) {
        Ok(policy) => policy,
        Err(err) => return Ok(Err(err)),
    };
    let selection = args.select.selection(Frameworks::load()?)?;
    Ok(Ok(plan_selection(&registry, policy, &selection)?))
}

/// The framework views of `report` for each `(framework id, profile)`: every requirement's
/// status from the report's checks. For a fleet, `parts` are what it was made of (account
/// reports, or fleet reports as given), each account's own view coming from its own checks.
pub(crate) fn framework_views(
    named: &[(String, Option<Profile>)],
    report: &Report,
    parts: &[Report],
) -> anyhow::Result<Vec<FrameworkReport>> {
    if named.is_empty() {
        return Ok(Vec::new());
    }
    let frameworks = Frameworks::load()?;
    named
        .iter()
        .map(|(id, profile)| {
            let framework = frameworks
                .get(id)
                .with_context(|| format!("unknown framework `{id}` (see `gonogo frameworks`)"))?;
            let mut view = FrameworkReport::new(
                framework,
                *profile,
                &report.checks,
                report.target.all_regions(),
            );
            if !report.accounts.is_empty() {
                view.accounts = parts
                    .iter()
                    .flat_map(|part| match part.accounts.len() {
                        0 | 1 => vec![AccountFrameworkView::of(framework, *profile, part)],
                        _ => part
                            .frameworks
                            .iter()
                            .find(|f| f.id == *id && f.profile == *profile)
                            .map(|f| f.accounts.clone())
                            .unwrap_or_default(),
                    })
                    .collect();
                view.accounts
                    .sort_by(|a, b| a.account_id.cmp(&b.account_id));
            }
            Ok(view)
        })
        .collect()
}

/// The engine's plan of `selection` under `policy`, with the policy's probes.
pub(crate) fn plan_selection(
    registry: &Registry,
    policy: Policy,
    selection: &Selection,
) -> Result<AuditPlan, gonogo_core::engine::PlanError> {
    AuditPlan::new(registry, policy, selection, Some(Arc::new(HttpProbes)))
}

pub(crate) fn load_policy(path: Option<&Path>, registry: &Registry) -> Result<Policy, PolicyError> {
    let default_path = PathBuf::from("gonogo.toml");
    match path {
        Some(path) => Policy::load(path, registry),
        None if default_path.is_file() => Policy::load(&default_path, registry),
        None => Ok(Policy::default()),
    }
}

/// A live facts store over the AWS configuration `options` resolve to, in its region, its
/// requests held to `max_rps` a second when given (besides each service's budget).
pub(crate) async fn live_facts(
    options: &AwsOptions,
    now: DateTime<Utc>,
    max_rps: Option<f64>,
) -> anyhow::Result<RegionFacts> {
    let config = load_sdk_config(options).await?;
    let region = config.region().map(ToString::to_string).unwrap_or_default();
    let facts = Arc::new(Facts::new(now).in_region(region.clone()));
    facts.insert_resource(AwsConfig::with_max_rps(config, max_rps));
    Ok(RegionFacts { region, facts })
}

/// The command-line AWS overrides.
pub(crate) fn aws_options(args: &AwsArgs) -> AwsOptions {
    AwsOptions {
        region: args.region.clone(),
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
        call_timeout: None,
    }
}

/// The command-line AWS overrides, each API call bounded by the audit's `--timeout` (retries
/// included): a check waits no longer than that on any call.
pub(crate) fn audit_aws_options(aws: &AwsArgs, run: &RunArgs) -> AwsOptions {
    AwsOptions {
        call_timeout: Some(Duration::from_secs(run.timeout)),
        ..aws_options(aws)
    }
}

/// What every run of one audit shares (several runs for several regions and accounts): the
/// runner options, one Ctrl-C handler that cancels them all, one progress bar.
pub(crate) struct Runs {
    options: RunOptions,
    events: Option<mpsc::UnboundedSender<Event>>,
    bar: Option<(JoinHandle<()>, ProgressBar)>,
    ctrl_c: JoinHandle<()>,
}

impl Runs {
    /// Installs the Ctrl-C handler and, on a terminal, the progress bar.
    pub(crate) fn start(args: &RunArgs) -> anyhow::Result<Self> {
        let cancel = CancellationToken::new();
        let ctrl_c = interrupt::cancel_on_signal(cancel.clone(), "the audit")
            .context("failed to install the signal handlers")?;
        let show_progress = !args.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
        let (events, bar) = if show_progress {
            let (tx, handle, bar) = progress::spawn(0);
            (Some(tx), Some((handle, bar)))
        } else {
            (None, None)
        };
        Ok(Self {
            options: RunOptions {
                concurrency: usize::from(args.concurrency),
                timeout: Duration::from_secs(args.timeout),
                cancel,
            },
            events,
            bar,
            ctrl_c,
        })
    }

    /// Runs the plan for one account over its region stores ([`AuditPlan::run`]).
    pub(crate) async fn run(
        &self,
        plan: &AuditPlan,
        stores: &[RegionFacts],
        account: Option<String>,
    ) -> AccountRun {
        if let Some((_, bar)) = &self.bar {
            bar.inc_length(plan.runs_for(stores.len()) as u64);
        }
        plan.run(stores, account, &self.options, self.events.clone())
            .await
    }

    /// Completes when the audit is interrupted (Ctrl-C, SIGTERM, SIGHUP).
    pub(crate) async fn cancelled(&self) {
        self.options.cancel.cancelled().await;
    }

    /// Clears the bar and removes the Ctrl-C handler.
    pub(crate) async fn finish(self) {
        drop(self.events);
        if let Some((handle, _)) = self.bar {
            let _ = handle.await;
        }
        self.ctrl_c.abort();
    }
}

/// The audit's clock: `--now`/`GONOGO_NOW` when given, else `default`.
pub(crate) fn audit_clock(
    text: Option<&str>,
    default: DateTime<Utc>,
) -> anyhow::Result<DateTime<Utc>> {
    let Some(text) = text else { return Ok(default) };
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("GONOGO_NOW/--now `{text}` is neither RFC 3339 nor YYYY-MM-DD"))?;
    Ok(date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}
