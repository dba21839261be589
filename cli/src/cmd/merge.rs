//! `gonogo merge REPORT.json...`: the reports of separate runs as one report, printed and
//! written like an audit's: an account's region shards as that account's multi-region
//! report, accounts (and account shards) as one fleet. Exits with the merged code.

use std::path::PathBuf;

use anyhow::Context;
use gonogo_core::exit_codes;
use gonogo_core::input::{MAX_DOCUMENT_BYTES, read_text};
use gonogo_reports::Report;
use tokio_util::sync::CancellationToken;

use crate::args::MergeArgs;
use crate::cmd::session;
use crate::{interrupt, output, publish};

pub(crate) async fn run(args: MergeArgs) -> anyhow::Result<i32> {
    // A signal stops the merge before anything is written: a partial fleet report would
    // read as the whole fleet.
    let stop = CancellationToken::new();
    let signals = interrupt::cancel_on_signal(stop.clone(), "the merge")
        .context("failed to install the signal handlers")?;
    if let Err(err) = output::check_paths(&args.output, None, &[]) {
        eprintln!("error: {err:#}");
        return Ok(exit_codes::INCOMPLETE);
    }
    let paths = match report_paths(&args.reports) {
        Ok(paths) => paths,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    let mut reports = Vec::with_capacity(paths.len());
    for path in &paths {
        let parsed = read_text(path, MAX_DOCUMENT_BYTES)
            .map_err(|err| err.to_string())
            .and_then(|text| Report::from_json(&text));
        match parsed {
            Ok(report) => reports.push((path.display().to_string(), report)),
            Err(err) => {
                eprintln!("error: {}: {err}", path.display());
                return Ok(exit_codes::INCOMPLETE);
            }
        }
    }
    // The framework views asked for in the reports, derived again from the merged checks.
    let mut named: Vec<(String, Option<gonogo_core::framework::Profile>)> = Vec::new();
    for (_, report) in &reports {
        for view in &report.frameworks {
            let entry = (view.id.clone(), view.profile);
            if !named.contains(&entry) {
                named.push(entry);
            }
        }
    }
    let fleet = match gonogo_reports::merge_labelled_with_parts(reports) {
        Ok((mut fleet, parts)) => {
            fleet.frameworks = session::framework_views(&named, &fleet, &parts)?;
            fleet
        }
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    if stop.is_cancelled() {
        eprintln!("error: interrupted: nothing written");
        return Ok(exit_codes::INCOMPLETE);
    }
    let written = output::write_reports(&args.output, &fleet, None, output::DEFAULT_ANCHOR);
    signals.abort();
    output::print_report(&args.output, &fleet, output::DEFAULT_ANCHOR)?;
    let mut exit_code = fleet.exit_code;
    if written.report_failures() {
        exit_code = exit_codes::INCOMPLETE;
    }
    let sent = publish::send_outcome(
        &args.aws,
        None,
        args.notify_sqs.as_deref(),
        &fleet,
        &[],
        written.files,
    )
    .await;
    if let Err(err) = sent {
        eprintln!("error: {err}");
        return Ok(exit_codes::INCOMPLETE);
    }
    Ok(exit_code)
}

/// The files to merge: each argument, or every `*.json` in a directory argument, sorted.
fn report_paths(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            paths.push(arg.clone());
            continue;
        }
        let entries = std::fs::read_dir(arg).map_err(|err| format!("{}: {err}", arg.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        if found.is_empty() {
            return Err(format!(
                "{}: no *.json report in the directory",
                arg.display()
            ));
        }
        found.sort();
        paths.extend(found);
    }
    Ok(paths)
}
