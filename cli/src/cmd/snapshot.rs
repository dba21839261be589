//! `gonogo snapshot --out FILE`: collect what the selected checks need and write it down.
//! Interrupted (SIGINT, SIGTERM, SIGHUP), it writes what it collected, marked incomplete,
//! and exits 3.

use anyhow::Context;
use chrono::Utc;
use gonogo_audit::planning::{audit_clock, plan};
use gonogo_audit::record_snapshot;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::exit_codes;
use gonogo_reports::write_file;

use crate::args::SnapshotArgs;
use crate::cmd::session::Session;

pub(crate) async fn run(args: SnapshotArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    let plan = match plan(&args.run.select.to_request(), catalogue) {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    if let Err(err) = gonogo_reports::check_output_paths(&[("--out", &args.out)]) {
        eprintln!("error: {err}");
        return Ok(exit_codes::INCOMPLETE);
    }
    let now = audit_clock(args.run.now.as_deref(), Utc::now())?;
    let checks = plan.checks().len();
    let session = Session::start(args.run.quiet)?;
    let snapshot = record_snapshot(
        &plan,
        &args.run.to_settings(),
        &args.aws.to_options(),
        now,
        session.hooks(),
    )
    .await;
    session.finish().await;
    let snapshot = snapshot?;
    let incomplete = snapshot.incomplete;
    write_file(&args.out, snapshot.to_json().as_bytes())
        .with_context(|| format!("failed to write snapshot {}", args.out.display()))?;
    eprintln!(
        "wrote {} facts to {}: it serves {} of the {checks} selected checks{}",
        snapshot.facts.len(),
        args.out.display(),
        snapshot.checks.len(),
        if incomplete {
            " (interrupted: incomplete)"
        } else {
            ""
        }
    );
    Ok(if incomplete {
        exit_codes::INCOMPLETE
    } else {
        0
    })
}
