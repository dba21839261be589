//! The deploy pipeline: stages in order, the journal written around every step, and on a
//! failure the completed stages rolled back in reverse.

use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::catalogue::StageKinds;
use crate::exit_codes;
use crate::journal::{
    JOURNAL_VERSION, Journal, JournalDir, JournalError, RunState, StageRecord, StageState,
};
use crate::policy::StageSpec;
use crate::span::ConfigError;
use crate::stage::{GateDecision, Stage, StageCtx};

/// One stage of a pipeline, built.
pub struct PipelineStage {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// Its parameters (journaled, to rebuild it for `gonogo rollback`).
    pub params: toml::Table,
    /// The stage.
    pub stage: Box<dyn Stage>,
}

/// Builds each stage of `specs` from its kind's registration: an unknown kind or parameters
/// its kind refuses is an error at the place the stage is declared (the policy's file, line
/// and column, or the journal a rollback reads).
pub fn build_stages(
    specs: &[StageSpec],
    kinds: &StageKinds,
) -> Result<Vec<PipelineStage>, ConfigError> {
    specs
        .iter()
        .map(|spec| {
            let at = |message: String| match &spec.declared_at {
                Some(place) => place.error(message),
                None => ConfigError {
                    origin: format!("stage `{}`", spec.name),
                    position: None,
                    message,
                },
            };
            let Some(registration) = kinds.get(spec.kind.as_str()) else {
                let known: Vec<&str> = kinds.keys().copied().collect();
                return Err(at(format!(
                    "unknown stage kind `{}`{} (expected one of: {})",
                    spec.kind,
                    crate::suggest::did_you_mean(&spec.kind, known.iter().copied()),
                    known.join(", ")
                )));
            };
            let stage = (registration.build)(&spec.params).map_err(|message| {
                at(format!("stage `{}` ({}): {message}", spec.name, spec.kind))
            })?;
            Ok(PipelineStage {
                name: spec.name.clone(),
                kind: spec.kind.clone(),
                params: spec.params.clone(),
                stage,
            })
        })
        .collect()
}

/// The exit code a finished run's state maps to.
pub fn exit_code(state: RunState) -> i32 {
    match state {
        RunState::Deployed | RunState::DryRun => exit_codes::GO,
        RunState::Stopped | RunState::DryRunFailed => exit_codes::NO_GO,
        RunState::RolledBack => exit_codes::ROLLED_BACK,
        RunState::RollbackIncomplete | RunState::Running => exit_codes::ROLLBACK_INCOMPLETE,
    }
}

/// The exit code of `gonogo rollback` once it has run: 0 when everything it had to undo is
/// undone (or there was nothing to undo), [`crate::exit_codes::ROLLBACK_INCOMPLETE`] otherwise.
pub fn rollback_exit_code(state: RunState) -> i32 {
    match state {
        RunState::RolledBack
        | RunState::Deployed
        | RunState::Stopped
        | RunState::DryRun
        | RunState::DryRunFailed => exit_codes::GO,
        RunState::RollbackIncomplete | RunState::Running => exit_codes::ROLLBACK_INCOMPLETE,
    }
}

/// Called with a stage's record each time it changes state: the live view.
pub type OnStep<'a> = &'a (dyn Fn(&StageRecord) + Sync);

/// A run to start.
pub struct RunStart {
    /// Its id.
    pub run_id: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Plan only.
    pub dry_run: bool,
}

/// Runs `stages` (or, with `dry_run`, only plans them), journaling every step in `dir`.
pub async fn deploy(
    stages: Vec<PipelineStage>,
    cx: &StageCtx,
    dir: &JournalDir,
    start: RunStart,
    on_step: OnStep<'_>,
) -> Result<Journal, JournalError> {
    let RunStart {
        run_id,
        started_at,
        dry_run,
    } = start;
    let mut journal = Journal {
        journal_version: JOURNAL_VERSION,
        run_id,
        started_at,
        state: if dry_run {
            RunState::DryRun
        } else {
            RunState::Running
        },
        accepted_risks: Vec::new(),
        stages: stages
            .iter()
            .map(|s| StageRecord {
                name: s.name.clone(),
                kind: s.kind.clone(),
                params: s.params.clone(),
                state: StageState::Pending,
                plan: None,
                outcome: None,
                error: None,
                rollback: Vec::new(),
                rollback_error: None,
                duration_ms: 0,
            })
            .collect(),
    };
    dir.write(&journal)?;

    let mut failed = false;
    let mut changed_anything = false;
    for (index, stage) in stages.iter().enumerate() {
        let cx = &for_stage(cx, &stage.name);
        let started = Instant::now();
        journal.stages[index].state = StageState::Planned;
        on_step(&journal.stages[index]);
        let plan = match stage.stage.plan(cx).await {
            Ok(plan) => plan,
            Err(err) => {
                fail(&mut journal, index, err.0, started);
                failed = true;
                break;
            }
        };
        journal.stages[index].plan = Some(plan.clone());
        journal.stages[index].state = StageState::Planned;
        match &plan.gate {
            // Judged while planning: nothing of this stage has run yet.
            Some(GateDecision::Stop { reasons }) => {
                // The stage never applied: nothing of it to undo. After an earlier stage's
                // change, the stop is a failed deploy and that change is undone.
                journal.stages[index].state = StageState::Stopped;
                journal.stages[index].error = Some(reasons.join("; "));
                journal.stages[index].duration_ms = millis(started);
                on_step(&journal.stages[index]);
                if dry_run || changed_anything {
                    failed = true;
                    break;
                }
                journal.state = RunState::Stopped;
                dir.write(&journal)?;
                return Ok(journal);
            }
            Some(GateDecision::Proceed { accepted_risks }) => {
                journal
                    .accepted_risks
                    .extend(accepted_risks.iter().cloned());
            }
            None => {}
        }
        if dry_run {
            journal.stages[index].duration_ms = millis(started);
            dir.write(&journal)?;
            continue;
        }
        // The undo record is on disk before anything changes.
        journal.stages[index].state = StageState::Applying;
        dir.write(&journal)?;
        on_step(&journal.stages[index]);
        if cx.cancel.is_cancelled() {
            fail(&mut journal, index, "interrupted".to_owned(), started);
            failed = true;
            break;
        }
        match stage.stage.apply(cx, &plan).await {
            Ok(outcome) => {
                let gate = outcome.gate.clone();
                let changes = !outcome.changed.is_empty();
                journal.stages[index].outcome = Some(outcome);
                journal.stages[index].duration_ms = millis(started);
                match gate {
                    Some(GateDecision::Stop { reasons }) if !changed_anything => {
                        journal.stages[index].state = StageState::Stopped;
                        journal.stages[index].error = Some(reasons.join("; "));
                        journal.state = RunState::Stopped;
                        dir.write(&journal)?;
                        on_step(&journal.stages[index]);
                        return Ok(journal);
                    }
                    Some(GateDecision::Stop { reasons }) => {
                        // A gate after changes is a failed validation: undo them.
                        journal.stages[index].state = StageState::Failed;
                        journal.stages[index].error = Some(reasons.join("; "));
                        failed = true;
                        dir.write(&journal)?;
                        break;
                    }
                    Some(GateDecision::Proceed { accepted_risks }) => {
                        journal.accepted_risks.extend(accepted_risks);
                    }
                    None => {}
                }
                changed_anything |= changes;
                journal.stages[index].state = StageState::Applied;
                dir.write(&journal)?;
                on_step(&journal.stages[index]);
            }
            Err(err) => {
                fail(&mut journal, index, err.0, started);
                failed = true;
                dir.write(&journal)?;
                on_step(&journal.stages[index]);
                break;
            }
        }
    }

    if dry_run {
        if failed {
            journal.state = RunState::DryRunFailed;
        }
        dir.write(&journal)?;
        return Ok(journal);
    }
    if failed {
        roll_back(&stages, &mut journal, cx, dir, on_step).await?;
    } else {
        journal.state = RunState::Deployed;
        dir.write(&journal)?;
    }
    Ok(journal)
}

/// Undoes, in reverse order, every stage of `journal` that may have changed something,
/// journaling each step; the run ends `rolled-back` or `rollback-incomplete`. The rollback
/// runs to its end whatever the deploy's token says: the signal that stopped the deploy (or
/// a second one) does not abandon it.
pub async fn roll_back(
    stages: &[PipelineStage],
    journal: &mut Journal,
    cx: &StageCtx,
    dir: &JournalDir,
    on_step: OnStep<'_>,
) -> Result<(), JournalError> {
    let cx = &StageCtx {
        cancel: tokio_util::sync::CancellationToken::new(),
        ..cx.clone()
    };
    let mut complete = true;
    for index in (0..journal.stages.len()).rev() {
        let record = &journal.stages[index];
        if !record.state.needs_rollback() {
            continue;
        }
        let Some(undo) = record.plan.as_ref().map(|p| p.undo.clone()) else {
            continue;
        };
        let Some(stage) = stages.iter().find(|s| s.name == record.name) else {
            complete = false;
            journal.stages[index].rollback_error =
                Some("stage missing from the pipeline".to_owned());
            continue;
        };
        match stage
            .stage
            .rollback(&for_stage(cx, &stage.name), &undo)
            .await
        {
            Ok(done) => {
                journal.stages[index].state = StageState::RolledBack;
                journal.stages[index].rollback = done;
                journal.stages[index].rollback_error = None;
            }
            Err(err) => {
                complete = false;
                journal.stages[index].state = StageState::RollbackFailed;
                journal.stages[index].rollback_error = Some(err.0);
            }
        }
        dir.write(journal)?;
        on_step(&journal.stages[index]);
    }
    journal.state = if complete {
        RunState::RolledBack
    } else {
        RunState::RollbackIncomplete
    };
    dir.write(journal)?;
    Ok(())
}

fn for_stage(cx: &StageCtx, name: &str) -> StageCtx {
    StageCtx {
        stage_name: name.to_owned(),
        ..cx.clone()
    }
}

fn fail(journal: &mut Journal, index: usize, error: String, started: Instant) {
    journal.stages[index].state = StageState::Failed;
    journal.stages[index].error = Some(error);
    journal.stages[index].duration_ms = millis(started);
}

fn millis(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
