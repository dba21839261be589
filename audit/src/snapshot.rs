//! Recording a snapshot: run the planned checks live once and keep every fact they collected,
//! so that `gonogo audit --snapshot` can judge it later without the network.

use chrono::{DateTime, Utc};
use gonogo_checks::aws::AwsOptions;
use gonogo_checks::facts::CallerIdentity;
use gonogo_core::Status;
use gonogo_core::engine::AuditPlan;
use gonogo_core::runner::RunOptions;
use gonogo_core::snapshot::{SNAPSHOT_VERSION, Snapshot};

use crate::account::live_facts;
use crate::error::AuditError;
use crate::hooks::RunHooks;
use crate::request::RunSettings;

/// Runs `plan` over the account `aws` resolves to and returns the facts it collected, with
/// the checks they can serve. Interrupted, the snapshot holds what was collected, marked
/// incomplete.
pub async fn record_snapshot(
    plan: &AuditPlan,
    run: &RunSettings,
    aws: &AwsOptions,
    now: DateTime<Utc>,
    hooks: &RunHooks,
) -> Result<Snapshot, AuditError> {
    let options = AwsOptions {
        call_timeout: Some(run.timeout),
        ..aws.clone()
    };
    let max_rps = run.max_rps.or(plan.policy().max_requests_per_second);
    let store = live_facts(&options, now, max_rps).await?;
    let run_options = RunOptions {
        concurrency: run.concurrency,
        timeout: run.timeout,
        cancel: hooks.cancel.clone(),
    };
    let run = plan
        .run(
            std::slice::from_ref(&store),
            None,
            &run_options,
            hooks.events.clone(),
        )
        .await;
    let incomplete = run.report.interrupted;
    let facts = store.facts;
    // Interrupted, ask for nothing new: a call in flight was abandoned, another would hang.
    let identity = if incomplete {
        facts.collected::<CallerIdentity>()
    } else {
        facts.get::<CallerIdentity>().await.ok()
    };
    let mut snapshot = Snapshot {
        snapshot_version: SNAPSHOT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        taken_at: now,
        account_id: identity.map(|id| id.account_id.clone()),
        region: Some(store.region).filter(|r| !r.is_empty()),
        facts: facts.recorded(),
        checks: Vec::new(),
        incomplete,
    };
    // What it can serve: the selected checks whose every fact it holds, and those that came
    // to a verdict on the facts they asked for (a check that found nothing to judge never
    // asks for the rest), which a replay of the same facts reaches again. An interrupted
    // recording vouches only for the facts it holds.
    let judged: Vec<&str> = run
        .report
        .results
        .iter()
        .filter(|result| !incomplete && result.outcome.status != Status::Error)
        .map(|result| result.meta.id)
        .collect();
    snapshot.checks = plan
        .checks()
        .iter()
        .filter(|check| judged.contains(&check.meta.id) || snapshot.serves(check.meta))
        .map(|check| check.meta.id.to_owned())
        .collect();
    Ok(snapshot)
}
