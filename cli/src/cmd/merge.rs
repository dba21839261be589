//! `gonogo merge REPORT.json...`: the reports of separate runs as one report, printed and
//! written like an audit's: an account's region shards as that account's multi-region
//! report, accounts (and account shards) as one fleet. Exits with the merged code.

use anyhow::Context;
use gonogo_audit::merge::{merge_report_files, report_paths};
use gonogo_audit::{Destination, deliver};
use gonogo_core::catalogue::Catalogue;
use gonogo_core::exit_codes;
use tokio_util::sync::CancellationToken;

use crate::args::MergeArgs;
use crate::interrupt;
use crate::output::{self, Rendering};

pub(crate) async fn run(args: MergeArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    // A signal stops the merge before anything is written: a partial fleet report would
    // read as the whole fleet.
    let stop = CancellationToken::new();
    let signals = interrupt::cancel_on_signal(stop.clone(), "the merge")
        .context("failed to install the signal handlers")?;
    if let Err(err) = output::check_paths(&args.output, None, &[]) {
        eprintln!("error: {err:#}");
        return Ok(exit_codes::INCOMPLETE);
    }
    let merged = report_paths(&args.reports)
        .map_err(|err| err.to_string())
        .and_then(|paths| {
            merge_report_files(&catalogue.frameworks, &paths).map_err(|err| err.to_string())
        });
    let fleet = match merged {
        Ok(fleet) => fleet,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    if stop.is_cancelled() {
        eprintln!("error: interrupted: nothing written");
        return Ok(exit_codes::INCOMPLETE);
    }
    let rendering = Rendering {
        anchor: output::DEFAULT_ANCHOR.to_owned(),
        checks: &catalogue.checks,
    };
    let written = output::write_reports(&args.output, &fleet, None, &rendering);
    signals.abort();
    output::print_report(&args.output, &fleet, &rendering)?;
    let mut exit_code = fleet.exit_code;
    if written.report_failures() {
        exit_code = exit_codes::INCOMPLETE;
    }
    let destinations: Vec<Destination> = args
        .notify_sqs
        .iter()
        .map(|queue_url| Destination::Sqs {
            queue_url: queue_url.clone(),
        })
        .collect();
    let audited = gonogo_audit::Audited::merged(fleet);
    for err in deliver(
        &destinations,
        &args.aws.to_options(),
        &audited,
        &written.files,
    )
    .await
    {
        eprintln!("error: {err}");
        exit_code = exit_codes::INCOMPLETE;
    }
    Ok(exit_code)
}
