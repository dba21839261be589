//! `gonogo audit`: the arguments as an audit request, one call to the audit service, then
//! the table and the report files, and the outcome sent where it was asked to go.

use gonogo_audit::{AuditRequest, Destination, PreparedAudit, deliver};
use gonogo_core::catalogue::Catalogue;
use gonogo_core::exit_codes;

use crate::args::AuditArgs;
use crate::cmd::session::Session;
use crate::output::{self, Rendering};

pub(crate) async fn run(args: AuditArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    let request: AuditRequest = args.to_request();
    let prepared = match PreparedAudit::prepare(catalogue, request) {
        Ok(prepared) => prepared,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    // Every file it will write is checked now: a mistake costs a second, not the audit.
    let metrics_file: Vec<(&str, &std::path::Path)> = args
        .prometheus_file
        .as_deref()
        .map(|path| ("--prometheus-file", path))
        .into_iter()
        .collect();
    let shard = prepared.shard_index();
    if let Err(err) = output::check_paths(&args.output, shard, &metrics_file) {
        eprintln!("error: {err:#}");
        return Ok(exit_codes::INCOMPLETE);
    }
    let session = Session::start(args.run.quiet)?;
    let audited = prepared.run(session.hooks()).await;
    session.finish().await;
    let mut audited = match audited {
        Ok(audited) => audited,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    for warning in &audited.warnings {
        eprintln!("warning: {warning}");
    }
    if args.stats {
        eprint!(
            "{}",
            gonogo_reports::render_stats(&audited.stats, audited.report.duration_ms)
        );
        audited.report.stats = Some((&audited.stats).into());
    }
    let rendering = Rendering {
        anchor: output::sarif_anchor(args.run.select.policy.as_deref()),
        checks: &catalogue.checks,
    };
    let mut written = output::write_reports(&args.output, &audited.report, shard, &rendering);
    if let Some(path) = &args.prometheus_file {
        written.record(path, output::write_prometheus_file(path, &audited.accounts));
    }
    output::print_report(&args.output, &audited.report, &rendering)?;

    let mut exit_code = audited.report.exit_code;
    if written.report_failures() {
        exit_code = exit_codes::INCOMPLETE;
    }
    for err in deliver(
        &destinations(&args),
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

/// Where the flags ask the outcome to go, in the order it is sent.
fn destinations(args: &AuditArgs) -> Vec<Destination> {
    let mut destinations = Vec::new();
    if let Some(namespace) = &args.publish_metrics {
        destinations.push(Destination::CloudWatch {
            namespace: namespace.clone(),
        });
    }
    if let Some(queue_url) = &args.notify_sqs {
        destinations.push(Destination::Sqs {
            queue_url: queue_url.clone(),
        });
    }
    if let Some(url) = &args.pushgateway {
        destinations.push(Destination::Pushgateway { url: url.clone() });
    }
    if args.security_hub {
        destinations.push(Destination::SecurityHub);
    }
    destinations
}
