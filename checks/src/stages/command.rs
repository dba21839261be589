//! The `command` stage: a program run as an argv list (never through a shell), with its own
//! rollback argv; output streamed to stderr and kept in the run's journal directory (see
//! [`super::invocation`] for how the program is kept from outliving gonogo).

use std::collections::BTreeMap;
use std::path::PathBuf;

use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::{Deserialize, Serialize};

use super::common::params;
use super::invocation::{Invocation, pid_file};
use super::process;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandParams {
    argv: Vec<String>,
    /// The program that undoes it; `[]` says there is nothing to undo. Left out, a run of
    /// the stage cannot be undone, and a rollback that reaches it is incomplete.
    rollback: Option<Vec<String>>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    dir: Option<PathBuf>,
    #[serde(default = "default_timeout")]
    timeout_seconds: u64,
}

fn default_timeout() -> u64 {
    600
}

/// How a command stage is undone: what its journaled undo record holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Undo {
    /// Run this program.
    Run(Invocation),
    /// `rollback = []`: the stage declared that there is nothing to undo.
    Nothing,
    /// No `rollback`: what it did cannot be undone by gonogo.
    NoRollbackCommand,
}

impl Undo {
    /// The undo record of a journal: `null` in journals written before there was a choice
    /// is a stage without a rollback command.
    fn from_record(record: &serde_json::Value) -> Result<Self, StageError> {
        if record.is_null() {
            return Ok(Undo::NoRollbackCommand);
        }
        if let Ok(invocation) = serde_json::from_value::<Invocation>(record.clone()) {
            return Ok(Undo::Run(invocation));
        }
        serde_json::from_value(record.clone())
            .map_err(|err| StageError::new(format!("bad undo record: {err}")))
    }
}

/// Runs a program; undoes with its `rollback` program.
#[derive(Debug)]
struct CommandStage {
    apply: Invocation,
    undo: Undo,
}

impl CommandStage {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let p: CommandParams = params(table)?;
        if p.argv.is_empty() {
            return Err(StageError::new(
                "`argv` is a non-empty list: the program, then its arguments",
            ));
        }
        let invocation = |argv: Vec<String>| Invocation {
            argv,
            env: p.env.clone(),
            dir: p.dir.clone(),
            timeout_seconds: p.timeout_seconds,
        };
        let undo = match p.rollback.clone() {
            None => Undo::NoRollbackCommand,
            Some(argv) if argv.is_empty() => Undo::Nothing,
            Some(argv) => Undo::Run(invocation(argv)),
        };
        Ok(Box::new(CommandStage {
            undo,
            apply: invocation(p.argv.clone()),
        }))
    }
}

declare_stage!(kind: "command", summary: "runs a program (argv list, env, dir, timeout) with its own rollback program", build: CommandStage::build);

#[async_trait]
impl Stage for CommandStage {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        let program = self.apply.argv.first().map(String::as_str).unwrap_or("");
        let path = self.apply.env.get("PATH").map(String::as_str);
        if !process::is_runnable(program, self.apply.dir.as_deref(), path) {
            return Err(StageError::new(format!(
                "`{program}` is not a program that can be run here (not found, or not executable)"
            )));
        }
        let undo = match &self.undo {
            Undo::Run(invocation) => serde_json::to_value(invocation),
            other => serde_json::to_value(other),
        }
        .map_err(|err| StageError::new(err.to_string()))?;
        Ok(StagePlan {
            changes: vec![format!("run `{}`", self.apply.argv.join(" "))],
            undo,
            gate: None,
        })
    }

    async fn apply(&self, cx: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        let output = self.apply.run(cx, "apply").await?;
        Ok(StageOutcome {
            changed: vec![format!("ran `{}`", self.apply.argv.join(" "))],
            output,
            gate: None,
        })
    }

    async fn rollback(
        &self,
        cx: &StageCtx,
        undo: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        let undo = Undo::from_record(undo)?;
        // Whatever of the program survived gonogo (killed mid-step) is stopped first: undoing
        // beside a running deploy would race it.
        let mut done = Vec::new();
        #[cfg(unix)]
        if let Some(how) =
            process::stop_survivor(&cx.run_dir, &pid_file(&cx.stage_name, "apply")).await
        {
            done.push(how);
        }
        match undo {
            Undo::NoRollbackCommand => Err(StageError::new(
                "not undone: no rollback command (declare `rollback = []` if there is nothing to undo)",
            )),
            Undo::Nothing => {
                done.push("nothing to undo (rollback = [])".to_owned());
                Ok(done)
            }
            Undo::Run(invocation) => {
                invocation.run(cx, "rollback").await?;
                done.push(format!("ran `{}`", invocation.argv.join(" ")));
                Ok(done)
            }
        }
    }
}
