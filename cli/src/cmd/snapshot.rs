//! `gonogo snapshot --out FILE`: collect what the selected checks need and write it down.
//! Interrupted (SIGINT, SIGTERM, SIGHUP), it writes what it collected, marked incomplete,
//! and exits 3.

use anyhow::Context;
use chrono::Utc;
use gonogo_checks::facts::CallerIdentity;
use gonogo_core::exit_codes;
use gonogo_core::snapshot::{SNAPSHOT_VERSION, Snapshot};
use gonogo_reports::write_file;

use crate::args::SnapshotArgs;
use crate::cmd::session;

pub(crate) async fn run(args: SnapshotArgs) -> anyhow::Result<i32> {
    let plan = match session::plan(&args.run)? {
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
    let now = session::audit_clock(args.run.now.as_deref(), Utc::now())?;
    let store = session::live_facts(
        &session::audit_aws_options(&args.aws, &args.run),
        now,
        args.run.max_rps(plan.policy()),
    )
    .await?;
    let checks = plan.checks().len();
    let runs = session::Runs::start(&args.run)?;
    let run = runs.run(&plan, std::slice::from_ref(&store), None).await;
    runs.finish().await;
    let incomplete = run.report.interrupted;
    let facts = store.facts;
    // Interrupted, ask for nothing new: a call in flight was abandoned, another would hang.
    let identity = if incomplete {
        facts.collected::<CallerIdentity>()
    } else {
        facts.get::<CallerIdentity>().await.ok()
    };
    let account_id = identity.map(|id| id.account_id.clone());
    let mut snapshot = Snapshot {
        snapshot_version: SNAPSHOT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        taken_at: now,
        account_id,
        region: Some(store.region).filter(|r| !r.is_empty()),
        facts: facts.recorded(),
        checks: Vec::new(),
        incomplete,
    };
    // What it can serve: the selected checks whose every fact it holds.
    snapshot.checks = plan
        .checks()
        .iter()
        .filter(|check| snapshot.serves(check.meta))
        .map(|check| check.meta.id.to_owned())
        .collect();
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
