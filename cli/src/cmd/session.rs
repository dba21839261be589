//! What `audit` and `snapshot` share: the policy, the planned checks, a live facts store, and
//! one run of the checks with Ctrl-C and progress.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use gonogo_checks::aws::{AwsConfig, AwsOptions, load_sdk_config};
use gonogo_checks::probes::{SelectedProbes, probe_check};
use gonogo_core::Facts;
use gonogo_core::params::ParamValues;
use gonogo_core::policy::{Policy, PolicyError};
use gonogo_core::registry::{Registry, Selection};
use gonogo_core::runner::{self, Event, PlannedCheck, RunOptions, RunReport};
use indicatif::ProgressBar;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::args::{AwsArgs, RunArgs};
use crate::{interrupt, progress};

/// Check ids of HTTP probes start with this.
const PROBE_PREFIX: &str = "probe.";

/// The policy and the checks it selects, ready to run.
pub(crate) struct Plan {
    pub policy: Policy,
    pub checks: Vec<PlannedCheck>,
    /// The HTTP probes among them (a resource for the probe fact).
    pub probes: SelectedProbes,
}

/// Loads the policy and plans the selected checks; `Ok(Err(_))` is a policy error (exit 3).
pub(crate) fn plan(args: &RunArgs) -> anyhow::Result<Result<Plan, PolicyError>> {
    let registry = Registry::load()?;
    let policy = match load_policy(args.policy.as_deref(), &registry) {
        Ok(policy) => policy,
        Err(err) => return Ok(Err(err)),
    };
    // Probe ids (`probe.<name>`) come from the policy, not the registry.
    let (probe_ids, check_ids): (Vec<String>, Vec<String>) = args
        .check
        .iter()
        .cloned()
        .partition(|id| id.starts_with(PROBE_PREFIX));
    if let Some(unknown) = probe_ids
        .iter()
        .find(|id| !policy.probes.iter().any(|p| &p.check_id() == *id))
    {
        bail!("unknown probe `{unknown}`: no [[probes.http]] with that name in the policy");
    }
    let selection = Selection {
        ids: check_ids,
        categories: args.category.clone(),
        tags: args.tag.clone(),
    };
    let only_probes = !probe_ids.is_empty() && selection.ids.is_empty();
    let registered = if only_probes {
        Vec::new()
    } else {
        registry.select(&selection)?
    };
    let mut checks = Vec::new();
    let mut probes = SelectedProbes::default();
    // The same filters, with the probe ids among the named checks.
    let probe_selection = Selection {
        ids: args.check.clone(),
        ..selection.clone()
    };
    for probe in &policy.probes {
        let (meta, check) = probe_check(probe);
        if probe_selection.matches(meta) {
            probes.0.push(probe.clone());
            checks.push(PlannedCheck {
                meta,
                check,
                params: ParamValues::default(),
            });
        }
    }
    for registration in registered {
        let id = registration.meta.id;
        if !policy.is_enabled(id) && !selection.names(id) {
            continue;
        }
        let params = ParamValues::resolve(registration.meta, policy.params_of(id))
            .map_err(|err| anyhow::anyhow!("check {id}: {err}"))?;
        checks.push(PlannedCheck::registered(registration, params));
    }
    if checks.is_empty() {
        bail!("no check matches the selection");
    }
    checks.sort_by_key(|c| c.meta.id);
    Ok(Ok(Plan {
        policy,
        checks,
        probes,
    }))
}

pub(crate) fn load_policy(path: Option<&Path>, registry: &Registry) -> Result<Policy, PolicyError> {
    let default_path = PathBuf::from("gonogo.toml");
    match path {
        Some(path) => Policy::load(path, registry),
        None if default_path.is_file() => Policy::load(&default_path, registry),
        None => Ok(Policy::default()),
    }
}

/// A live facts store over the AWS configuration the arguments and environment resolve to.
pub(crate) async fn live_facts(
    aws: &AwsArgs,
    now: DateTime<Utc>,
) -> anyhow::Result<(Arc<Facts>, Option<String>)> {
    let config = load_sdk_config(&aws_options(aws)).await?;
    let region = config.region().map(ToString::to_string);
    let mut facts = Facts::new(now);
    if let Some(region) = &region {
        facts = facts.in_region(region.clone());
    }
    let facts = Arc::new(facts);
    facts.insert_resource(AwsConfig::new(config));
    Ok((facts, region))
}

/// The command-line AWS overrides.
pub(crate) fn aws_options(args: &AwsArgs) -> AwsOptions {
    AwsOptions {
        region: args.region.clone(),
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
    }
}

/// Runs the planned checks: bounded, with timeouts, Ctrl-C and (on a terminal) progress.
pub(crate) async fn execute(
    checks: Vec<PlannedCheck>,
    facts: Arc<Facts>,
    args: &RunArgs,
) -> anyhow::Result<RunReport> {
    let runs = Runs::start(args)?;
    let report = runs.run(checks, facts).await;
    runs.finish().await;
    Ok(report)
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
        let ctrl_c = interrupt::cancel_on_ctrl_c(cancel.clone())
            .context("failed to install the Ctrl-C handler")?;
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

    /// Runs one set of checks over one facts store.
    pub(crate) async fn run(&self, checks: Vec<PlannedCheck>, facts: Arc<Facts>) -> RunReport {
        if let Some((_, bar)) = &self.bar {
            bar.inc_length(checks.len() as u64);
        }
        runner::run(checks, facts, self.options.clone(), self.events.clone()).await
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
