//! `gonogo audit`: policy → selection → concurrent run (live or from a snapshot) → verdict →
//! reports → exit code.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;
use gonogo_checks::aws::AwsConfig;
use gonogo_checks::facts::CallerIdentity;
use gonogo_core::Facts;
use gonogo_core::snapshot::Snapshot;
use gonogo_core::verdict::{self, EXIT_INCOMPLETE};
use gonogo_reports::{Report, RunInfo, Source, TableOptions, Target};

use crate::args::{AuditArgs, ColorChoice, Format};
use crate::cmd::session;

/// Width of the table when stdout is not a terminal (comfy-table cannot measure a pipe).
const PIPED_TABLE_WIDTH: u16 = 120;

pub(crate) async fn run(args: AuditArgs) -> anyhow::Result<i32> {
    let plan = match session::plan(&args.run)? {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(EXIT_INCOMPLETE);
        }
    };

    let (facts, mut target) = match &args.snapshot {
        Some(path) => {
            let snapshot = match Snapshot::load(path) {
                Ok(snapshot) => snapshot,
                Err(err) => {
                    eprintln!("error: {err}");
                    return Ok(EXIT_INCOMPLETE);
                }
            };
            let now = session::audit_clock(args.run.now.as_deref(), snapshot.taken_at)?;
            let target = Target {
                account_id: snapshot.account_id.clone(),
                region: snapshot.region.clone(),
                source: Source::Snapshot,
            };
            (Arc::new(Facts::replay(now, snapshot.facts)), target)
        }
        None => {
            let now = session::audit_clock(args.run.now.as_deref(), Utc::now())?;
            let (facts, region) = session::live_facts(&args.aws, now).await?;
            let target = Target {
                account_id: None,
                region,
                source: Source::Live,
            };
            (facts, target)
        }
    };

    facts.insert_resource(plan.probes);
    let started_at = Utc::now();
    let run = session::execute(plan.checks, Arc::clone(&facts), &args.run).await?;
    let interrupted = run.interrupted;
    let evaluation = verdict::evaluate(&plan.policy, run, facts.now().date_naive());
    if target.source == Source::Live && !interrupted {
        target.account_id = facts
            .get::<CallerIdentity>()
            .await
            .ok()
            .map(|id| id.account_id.clone());
    }
    let mut report = Report::new(
        &evaluation,
        RunInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            started_at,
            finished_at: Utc::now(),
            target,
        },
    );

    if args.stats {
        let stats = facts
            .resource::<AwsConfig>()
            .map(|c| c.stats.0.snapshot())
            .unwrap_or_default();
        eprint!(
            "{}",
            gonogo_reports::render_stats(&stats, report.duration_ms)
        );
        report.stats = Some(stats);
    }
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
