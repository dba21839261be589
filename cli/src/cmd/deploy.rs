//! `gonogo deploy` and `gonogo rollback`: the pipeline of stages, journaled, with rollback.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;
use gonogo_audit::planning::load_policy;
use gonogo_audit::{PipelineAuditor, live_facts};
use gonogo_core::catalogue::Catalogue;
use gonogo_core::exit_codes;
use gonogo_core::journal::{JournalDir, StageRecord, StageState, new_run_id};
use gonogo_core::pipeline::{self, RunStart, build_stages, exit_code};
use gonogo_core::policy::{Policy, StageSpec};
use gonogo_core::stage::StageCtx;
use gonogo_reports::{
    render_deploy_json, render_deploy_junit, render_deploy_markdown, render_deploy_table,
    write_file,
};
use tokio_util::sync::CancellationToken;

use crate::args::{DeployArgs, DeployFormat, RollbackArgs};
use crate::interrupt;

pub(crate) async fn run(args: DeployArgs, catalogue: Arc<Catalogue>) -> anyhow::Result<i32> {
    let policy = match load_policy(args.policy.as_deref(), &catalogue) {
        Ok(policy) => policy,
        Err(err) => return usage(err),
    };
    let specs = match &args.pipeline {
        None => policy.stages.clone(),
        Some(path) => match load_policy(Some(path), &catalogue) {
            Ok(pipeline) => pipeline.stages,
            Err(err) => return usage(err),
        },
    };
    if specs.is_empty() {
        return usage("no [[stages]] in the policy (or --pipeline file): nothing to deploy");
    }
    let stages = match build_stages(&specs, &catalogue.stages) {
        Ok(stages) => stages,
        Err(err) => return usage(err),
    };
    // The report files are checked before anything changes, as an audit's are.
    let outputs: Vec<(&str, &Path)> = report_files(&args)
        .into_iter()
        .map(|(flag, path, _)| (flag, path))
        .collect();
    if let Err(err) = gonogo_reports::check_output_paths(&outputs) {
        return usage(err);
    }
    let journals = match JournalDir::lock(&args.journal.journal) {
        Ok(journals) => journals,
        Err(err) => return usage(err),
    };
    let now = Utc::now();
    let run_id = new_run_id(now);
    let cx = context(
        &args.aws,
        &catalogue,
        policy,
        args.accept_risks,
        journals.run_dir(&run_id),
    )
    .await?;
    let quiet = args.quiet;
    let on_step = move |record: &StageRecord| {
        if !quiet {
            eprintln!("{}", step_line(record));
        }
    };
    let start = RunStart {
        run_id,
        started_at: now,
        dry_run: args.dry_run,
    };
    let journal = pipeline::deploy(stages, &cx, &journals, start, &on_step).await?;
    if args.dry_run {
        for stage in &journal.stages {
            eprint!("{}", dry_run_lines(stage));
        }
    }
    let exit = exit_code(journal.state);
    // A report that cannot be written does not stop the others, nor hide what the deploy did:
    // a deploy that failed keeps its exit (4 or 5); one that did not becomes 3.
    let mut unwritten = false;
    for (_, path, format) in report_files(&args) {
        let written = render(&journal, format, exit).and_then(|text| {
            write_file(path, text.as_bytes())
                .with_context(|| format!("failed to write report {}", path.display()))
        });
        if let Err(err) = written {
            eprintln!("error: {err:#}");
            unwritten = true;
        }
    }
    out!("{}", render(&journal, args.format, exit)?);
    Ok(if unwritten {
        exit.max(exit_codes::INCOMPLETE)
    } else {
        exit
    })
}

/// The deploy report files asked for: flag, path and format.
fn report_files(args: &DeployArgs) -> Vec<(&'static str, &Path, DeployFormat)> {
    [
        ("--json", &args.json, DeployFormat::Json),
        ("--junit", &args.junit, DeployFormat::Junit),
        ("--markdown", &args.markdown, DeployFormat::Markdown),
    ]
    .into_iter()
    .filter_map(|(flag, path, format)| Some((flag, path.as_deref()?, format)))
    .collect()
}

pub(crate) async fn rollback(args: RollbackArgs, catalogue: Arc<Catalogue>) -> anyhow::Result<i32> {
    let policy = match load_policy(args.policy.as_deref(), &catalogue) {
        Ok(policy) => policy,
        Err(err) => return usage(err),
    };
    let journals = match JournalDir::lock(&args.journal.journal) {
        Ok(journals) => journals,
        Err(err) => return usage(err),
    };
    let journal = match &args.run {
        Some(run) => Some(journals.read(run)?),
        None => journals.latest_unfinished()?,
    };
    let Some(mut journal) = journal else {
        eprintln!(
            "no unfinished run in {}: nothing to roll back",
            args.journal.journal.display()
        );
        return Ok(0);
    };
    if !journal.stages.iter().any(|s| s.state.needs_rollback()) {
        eprintln!("run {} has nothing left to roll back", journal.run_id);
        out!("{}", render(&journal, args.format, 0)?);
        return Ok(0);
    }
    let specs: Vec<StageSpec> = journal
        .stages
        .iter()
        .map(|s| StageSpec {
            name: s.name.clone(),
            kind: s.kind.clone(),
            params: s.params.clone(),
            declared_at: None,
        })
        .collect();
    let stages = build_stages(&specs, &catalogue.stages)?;
    let cx = context(
        &args.aws,
        &catalogue,
        policy,
        false,
        journals.run_dir(&journal.run_id),
    )
    .await?;
    let on_step = |record: &StageRecord| eprintln!("{}", step_line(record));
    pipeline::roll_back(&stages, &mut journal, &cx, &journals, &on_step).await?;
    let exit = pipeline::rollback_exit_code(journal.state);
    out!("{}", render(&journal, args.format, exit)?);
    Ok(exit)
}

/// What every stage of the run gets: live facts over the AWS configuration, the audit
/// service under the policy, the signal handler's token and the run's directory.
async fn context(
    aws: &crate::args::AwsArgs,
    catalogue: &Arc<Catalogue>,
    policy: Policy,
    accept_risks: bool,
    run_dir: std::path::PathBuf,
) -> anyhow::Result<StageCtx> {
    let facts = live_facts(
        &aws.to_options(),
        Utc::now(),
        policy.max_requests_per_second,
    )
    .await?
    .facts;
    let cancel = CancellationToken::new();
    // Ctrl-C cancels the running stage; the pipeline then rolls back what changed.
    let _handler = interrupt::cancel_on_signal(cancel.clone(), "the deploy")
        .context("failed to install the signal handlers")?;
    Ok(StageCtx {
        facts,
        auditor: Arc::new(PipelineAuditor::new(Arc::clone(catalogue), policy)),
        accept_risks,
        cancel,
        run_dir,
        stage_name: String::new(),
    })
}

/// What a dry run says of a stage: each change it would make, one per line, then why it
/// would stop.
fn dry_run_lines(stage: &StageRecord) -> String {
    let changes = stage
        .plan
        .as_ref()
        .map(|p| p.changes.clone())
        .unwrap_or_default();
    let mut text = format!("plan {} ({}):", stage.name, stage.kind);
    if changes.is_empty() && stage.error.is_none() {
        text.push_str(" no change");
    }
    text.push('\n');
    for change in &changes {
        text.push_str(&format!("  {change}\n"));
    }
    match (stage.state, &stage.error) {
        (StageState::Stopped, Some(reasons)) => {
            text.push_str(&format!("  WOULD STOP HERE: {reasons}\n"));
        }
        (_, Some(error)) => text.push_str(&format!("  PLAN FAILED: {error}\n")),
        _ => {}
    }
    text
}

fn step_line(record: &StageRecord) -> String {
    let detail = record
        .error
        .as_deref()
        .or(record.rollback_error.as_deref())
        .unwrap_or_default();
    let state = format!("{:?}", record.state).to_lowercase();
    format!(
        "▶ {} ({}): {state}{}",
        record.name,
        record.kind,
        if detail.is_empty() {
            String::new()
        } else {
            format!(": {detail}")
        }
    )
}

/// The run in `format`, saying `exit` (the deploy's or the rollback's exit code).
fn render(
    journal: &gonogo_core::journal::Journal,
    format: DeployFormat,
    exit: i32,
) -> anyhow::Result<String> {
    Ok(match format {
        DeployFormat::Table => render_deploy_table(journal, Some(120), exit),
        DeployFormat::Json => render_deploy_json(journal, exit),
        DeployFormat::Junit => render_deploy_junit(journal, exit)?,
        DeployFormat::Markdown => render_deploy_markdown(journal),
    })
}

fn usage(err: impl std::fmt::Display) -> anyhow::Result<i32> {
    eprintln!("error: {err}");
    Ok(exit_codes::INCOMPLETE)
}
