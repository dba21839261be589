//! Undoing a Terraform apply, and nothing else.
//!
//! What the apply did is read from its own event log (`<stage>-apply.log`, written line by
//! line as Terraform reported, so it survives a gonogo killed mid-run), never inferred from
//! the state alone: another apply between the plan and this one (a stale plan) leaves
//! resources in the state that this deploy did not create.
//!
//! - **Created** by this apply (a create started, the address not in the state before):
//!   destroyed by one saved `plan -destroy` targeted at exactly those addresses, checked to
//!   destroy nothing else (a resource that existed before and depends on one of them would
//!   go too: then nothing is destroyed and the rollback is incomplete, naming it), then
//!   applied. When the state held nothing before, that is the whole stack.
//! - **Updated, replaced or deleted** (the address was in the state before): Terraform
//!   cannot restore them from its state. The stage's `rollback` program runs (first, so
//!   that a re-apply of the known-good configuration can detach what is destroyed after
//!   it); without one the rollback is incomplete and names each address with what changed.
//! - A create under way when the apply stopped, absent from the state, may exist in AWS
//!   outside Terraform: named, for a person to check.

use std::collections::BTreeSet;

use gonogo_core::stage::{StageCtx, StageError};

use super::events::Applied;
use super::{Record, Terraform};
use crate::plan::ChangeKind;
use crate::stages::invocation::{Invocation, Output, pid_file};
use crate::stages::process;

/// Undoes what the apply of `record` did (see the module's documentation).
pub(super) async fn undo(
    stage: &Terraform,
    cx: &StageCtx,
    record: &Record,
) -> Result<Vec<String>, StageError> {
    let mut done = Vec::new();
    // What of the apply survived gonogo (killed mid-step) is stopped first: it holds the
    // state lock, and undoing beside it would race it.
    #[cfg(unix)]
    if let Some(how) = process::stop_survivor(&cx.run_dir, &pid_file(&cx.stage_name, "apply")).await
    {
        done.push(how);
    }
    if record.empty {
        done.push("nothing to undo: Terraform's plan was empty".to_owned());
        return Ok(done);
    }
    let log = cx.run_dir.join(format!("{}-apply.log", cx.stage_name));
    let text = match std::fs::read_to_string(&log) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            done.push("nothing to undo: the apply never started".to_owned());
            return Ok(done);
        }
        Err(err) => {
            return Err(StageError::new(format!(
                "{}: {err}: what the apply did is unknown; undo it by hand",
                log.display()
            )));
        }
    };
    let applied = Applied::read(text.lines());
    let before: BTreeSet<&str> = record.state_before.iter().map(String::as_str).collect();
    let mut created: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    for (address, action) in &applied.started {
        let list = if before.contains(address.as_str()) {
            &mut changed
        } else if action == "create" {
            &mut created
        } else {
            continue;
        };
        if !list.contains(address) {
            list.push(address.clone());
        }
    }

    let files = Terraform::files(cx)?;
    let mut left = Vec::new();
    if !changed.is_empty() {
        match &stage.rollback {
            Some(argv) => {
                let program = Invocation {
                    argv: argv.clone(),
                    ..stage.invocation(Vec::new())
                };
                let finished = program
                    .execute(cx, "rollback-command", Output::default())
                    .await?;
                if !finished.success {
                    return Err(StageError::new(format!(
                        "the rollback program `{}` exited with {}; not undone: {}",
                        argv.join(" "),
                        finished.status,
                        described(record, &changed)
                    )));
                }
                done.push(format!(
                    "ran `{}` for what Terraform cannot undo: {}",
                    argv.join(" "),
                    changed.join(", ")
                ));
            }
            None => left.push(format!(
                "{} (Terraform cannot restore a change from its state, and the stage has no `rollback` program)",
                described(record, &changed)
            )),
        }
    }

    let now: BTreeSet<String> = stage
        .state(
            cx,
            "rollback-state",
            &files.join("state-before-rollback.json"),
        )
        .await?
        .into_iter()
        .collect();
    let destroy: Vec<String> = created
        .iter()
        .filter(|address| now.contains(*address))
        .cloned()
        .collect();
    for address in created.iter().filter(|a| !now.contains(*a)) {
        if !applied.created(address) {
            left.push(format!(
                "{address}: its creation was under way when the apply stopped and it is not in Terraform's state; check whether it exists in AWS"
            ));
        }
    }
    if !destroy.is_empty() {
        let plan_file = files.join("rollback.tfplan");
        let plan_json = files.join("rollback-plan.json");
        let plan = stage
            .save_plan(
                cx,
                "rollback-plan",
                (&plan_file, &plan_json),
                Some(&destroy),
            )
            .await?;
        let others: Vec<&str> = plan
            .resource_changes
            .iter()
            .filter(|c| matches!(c.kind(), ChangeKind::Delete | ChangeKind::Replace))
            .map(|c| c.address.as_str())
            .filter(|address| !destroy.iter().any(|d| d == address))
            .collect();
        if others.is_empty() {
            stage
                .apply_saved(cx, "rollback-destroy", &plan_file)
                .await?;
            done.extend(
                destroy
                    .iter()
                    .map(|address| format!("destroyed {address} (created by this deploy)")),
            );
            if before.is_empty() {
                done.push(
                    "the state held nothing before this deploy: that was the whole stack"
                        .to_owned(),
                );
            }
        } else {
            left.insert(
                0,
                format!(
                    "nothing destroyed: destroying what this deploy created ({}) would also destroy {}, which it did not create and which depend on it; revert those first, then run `gonogo rollback` again",
                    destroy.join(", "),
                    others.join(", ")
                ),
            );
        }
    }
    if !left.is_empty() {
        let mut message = format!(
            "rollback incomplete. Left to a person: {}.",
            left.join("; ")
        );
        if !done.is_empty() {
            message.push_str(&format!(" Done: {}.", done.join("; ")));
        }
        return Err(StageError::new(message));
    }
    if done.is_empty() {
        done.push("nothing to undo: the apply changed nothing".to_owned());
    }
    Ok(done)
}

/// Each address with what the plan changed in it.
fn described(record: &Record, addresses: &[String]) -> String {
    addresses
        .iter()
        .map(|address| {
            let verb = if record.summary.updates.contains(address) {
                "updated"
            } else if record.summary.replaces.contains(address) {
                "replaced"
            } else if record.summary.deletes.contains(address) {
                "deleted"
            } else {
                "changed"
            };
            format!("{verb} {}", record.summary.described(address))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
