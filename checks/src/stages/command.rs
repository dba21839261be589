//! The `command` stage: a program run as an argv list (never through a shell), with its own
//! rollback argv; output streamed to stderr and kept in the run's journal directory.
//!
//! The program never outlives gonogo: it runs in a process group of its own, which gonogo
//! kills on every way out of the step (done, failed, timed out, interrupted, panicked); on
//! Linux the kernel kills it when gonogo itself is killed (`PR_SET_PDEATHSIG`); and its
//! process id is written in the run's journal directory, so that `gonogo rollback` stops
//! whatever of it survived before undoing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use super::common::params;
use super::process;

/// Lines of output kept in the journal (the whole output is in the log file).
const OUTPUT_LINES_KEPT: usize = 200;

/// How long a stopped program has, after SIGTERM, to exit before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// How to run one program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Invocation {
    /// Program and arguments.
    pub argv: Vec<String>,
    /// Extra environment.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Working directory.
    pub dir: Option<PathBuf>,
    /// Longest it may run, in seconds.
    pub timeout_seconds: u64,
}

impl Invocation {
    /// Runs the program; its output is streamed to stderr prefixed with the stage's name,
    /// written to `<run dir>/<stage>-<step>.log`, and returned (last lines). A non-zero exit, a
    /// timeout or a cancelled run is an error.
    pub(crate) async fn run(&self, cx: &StageCtx, step: &str) -> Result<String, StageError> {
        let label = cx.stage_name.as_str();
        let Some((program, args)) = self.argv.split_first() else {
            return Err(StageError::new("empty argv"));
        };
        let mut command = tokio::process::Command::new(program);
        command
            .args(args)
            .envs(&self.env)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        #[cfg(unix)]
        process::isolate(&mut command);
        let shown = self.argv.join(" ");
        let mut child = command
            .spawn()
            .map_err(|err| StageError::new(format!("failed to start `{shown}`: {err}")))?;
        // From here on, every way out of this function stops what the program started.
        let _group = child
            .id()
            .map(|pid| process::Group::started(pid, &cx.run_dir, &pid_file(label, step)));
        let lines = Arc::new(Mutex::new(Vec::new()));
        let readers =
            [
                child.stdout.take().map(|out| {
                    tokio::spawn(collect_lines(out, label.to_owned(), Arc::clone(&lines)))
                }),
                child.stderr.take().map(|err| {
                    tokio::spawn(collect_lines(err, label.to_owned(), Arc::clone(&lines)))
                }),
            ];
        let status = tokio::select! {
            status = child.wait() => status.map_err(|err| StageError::new(format!("`{shown}`: {err}")))?,
            () = tokio::time::sleep(Duration::from_secs(self.timeout_seconds)) => {
                let _ = child.kill().await;
                return Err(StageError::new(format!("`{shown}` timed out after {} s", self.timeout_seconds)));
            }
            () = cx.cancel.cancelled() => {
                let how = stop(&mut child).await;
                return Err(StageError::new(format!("`{shown}` interrupted: {how}")));
            }
        };
        for reader in readers.into_iter().flatten() {
            let _ = reader.await;
        }
        let lines = std::mem::take(&mut *lines.lock().unwrap_or_else(PoisonError::into_inner));
        let _ = std::fs::create_dir_all(&cx.run_dir);
        let _ = std::fs::write(
            cx.run_dir.join(format!("{label}-{step}.log")),
            lines.join("\n") + "\n",
        );
        let kept = lines[lines.len().saturating_sub(OUTPUT_LINES_KEPT)..].join("\n");
        if status.success() {
            Ok(kept)
        } else {
            Err(StageError::new(format!("`{shown}` exited with {status}")))
        }
    }
}

/// The file in the run's journal directory that holds the process id of a stage's step while
/// it runs.
fn pid_file(stage: &str, step: &str) -> String {
    format!("{stage}-{step}.pid")
}

/// Stops a running program the way a scheduler stops a job: SIGTERM to its process group,
/// then SIGKILL if it has not exited after [`STOP_GRACE`]. Says which it took.
async fn stop(child: &mut tokio::process::Child) -> &'static str {
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        process::signal_group(pid, nix::sys::signal::Signal::SIGTERM);
        if let Ok(Ok(_)) = tokio::time::timeout(STOP_GRACE, child.wait()).await {
            return "stopped with SIGTERM";
        }
    }
    let _ = child.kill().await;
    "killed"
}

async fn collect_lines(
    stream: impl AsyncRead + Unpin,
    label: String,
    lines: Arc<Mutex<Vec<String>>>,
) {
    let mut reader = BufReader::new(stream).lines();
    while let Ok(Some(line)) = reader.next_line().await {
        eprintln!("  [{label}] {line}");
        lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

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
