//! `gonogo audit`: policy → selection → concurrent run → verdict → reports → exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use gonogo_checks::aws::{AwsConfig, AwsOptions, load_sdk_config};
use gonogo_checks::facts::CallerIdentity;
use gonogo_core::Facts;
use gonogo_core::params::ParamValues;
use gonogo_core::policy::Policy;
use gonogo_core::registry::{Registry, Selection};
use gonogo_core::runner::{self, PlannedCheck, RunOptions};
use gonogo_core::verdict::{self, EXIT_INCOMPLETE};
use gonogo_reports::{Report, RunInfo, Source, TableOptions, Target};
use tokio_util::sync::CancellationToken;

use crate::args::{AuditArgs, AwsArgs, ColorChoice, Format};
use crate::{interrupt, progress};

/// Width of the table when stdout is not a terminal (comfy-table cannot measure a pipe).
const PIPED_TABLE_WIDTH: u16 = 120;

pub(crate) async fn run(args: AuditArgs) -> anyhow::Result<i32> {
    let registry = Registry::load()?;
    let policy = match load_policy(args.policy.as_deref(), &registry) {
        Ok(policy) => policy,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(EXIT_INCOMPLETE);
        }
    };
    let selection = Selection {
        ids: args.check.clone(),
        categories: args.category.clone(),
        tags: args.tag.clone(),
    };
    let mut planned = Vec::new();
    for registration in registry.select(&selection)? {
        let id = registration.meta.id;
        if !policy.is_enabled(id) && !selection.names(id) {
            continue;
        }
        let params = ParamValues::resolve(registration.meta, policy.params_of(id))
            .map_err(|err| anyhow::anyhow!("check {id}: {err}"))?;
        planned.push(PlannedCheck {
            registration,
            params,
        });
    }
    if planned.is_empty() {
        bail!("no check matches the selection");
    }

    let now = audit_clock(args.now.as_deref())?;
    let sdk_config = load_sdk_config(&aws_options(&args.aws)).await?;
    let region = sdk_config.region().map(ToString::to_string);
    let facts = Arc::new(Facts::new(now));
    facts.provide(AwsConfig(sdk_config));

    let cancel = CancellationToken::new();
    let ctrl_c = interrupt::cancel_on_ctrl_c(cancel.clone())
        .context("failed to install the Ctrl-C handler")?;
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let (events, bar) = if show_progress {
        let (tx, handle) = progress::spawn(planned.len());
        (Some(tx), Some(handle))
    } else {
        (None, None)
    };
    let options = RunOptions {
        concurrency: usize::from(args.concurrency),
        timeout: Duration::from_secs(args.timeout),
        cancel: cancel.clone(),
    };
    let started_at = Utc::now();
    let run = runner::run(planned, Arc::clone(&facts), options, events).await;
    if let Some(bar) = bar {
        let _ = bar.await;
    }
    let interrupted = run.interrupted;
    let evaluation = verdict::evaluate(&policy, run, now.date_naive());
    let account_id = if interrupted {
        None
    } else {
        facts
            .get::<CallerIdentity>()
            .await
            .ok()
            .map(|id| id.account_id.clone())
    };
    ctrl_c.abort();
    let report = Report::new(
        &evaluation,
        RunInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            started_at,
            finished_at: Utc::now(),
            target: Target {
                account_id,
                region,
                source: Source::Live,
            },
        },
    );

    write_reports(&args, &report)?;
    let stdout = match args.format {
        Format::Table => gonogo_reports::render_table(&report, table_options(args.color)),
        Format::Json => gonogo_reports::render_json(&report),
        Format::Junit => gonogo_reports::render_junit(&report)?,
        Format::Markdown => gonogo_reports::render_markdown(&report),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(stdout.as_bytes())?;
    out.flush()?;
    Ok(report.exit_code)
}

/// The command-line AWS overrides.
pub(crate) fn aws_options(args: &AwsArgs) -> AwsOptions {
    AwsOptions {
        region: args.region.clone(),
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
    }
}

fn load_policy(
    path: Option<&Path>,
    registry: &Registry,
) -> Result<Policy, gonogo_core::policy::PolicyError> {
    let default_path = PathBuf::from("gonogo.toml");
    match path {
        Some(path) => Policy::load(path, registry),
        None if default_path.is_file() => Policy::load(&default_path, registry),
        None => Ok(Policy::default()),
    }
}

fn audit_clock(text: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    let Some(text) = text else {
        return Ok(Utc::now());
    };
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("GONOGO_NOW/--now `{text}` is neither RFC 3339 nor YYYY-MM-DD"))?;
    Ok(date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}

fn table_options(color: ColorChoice) -> TableOptions {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    TableOptions {
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        },
        width: (!tty).then_some(PIPED_TABLE_WIDTH),
    }
}

fn write_reports(args: &AuditArgs, report: &Report) -> anyhow::Result<()> {
    let write = |path: &Path, contents: String| {
        gonogo_reports::write_atomic(path, contents.as_bytes())
            .with_context(|| format!("failed to write report {}", path.display()))
    };
    if let Some(path) = &args.json {
        write(path, gonogo_reports::render_json(report))?;
    }
    if let Some(path) = &args.junit {
        write(path, gonogo_reports::render_junit(report)?)?;
    }
    if let Some(path) = &args.markdown {
        write(path, gonogo_reports::render_markdown(report))?;
    }
    Ok(())
}
