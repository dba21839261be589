//! One program of a stage, run as an argv list (never through a shell): its output streamed
//! to stderr and written, line by line as it comes, to `<run dir>/<stage>-<step>.log`, so
//! that what a program reported before gonogo died is still there for `gonogo rollback`.
//!
//! The program never outlives gonogo: it runs in a process group of its own, which gonogo
//! kills on every way out of the step (done, failed, timed out, interrupted, panicked); on
//! Linux the kernel kills it when gonogo itself is killed (`PR_SET_PDEATHSIG`); and its
//! process id is written in the run's journal directory, so that `gonogo rollback` stops
//! whatever of it survived before undoing.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use gonogo_core::stage::{StageCtx, StageError};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

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

/// Where a step's output goes besides its log.
#[derive(Clone, Copy, Default)]
pub(crate) struct Output<'a> {
    /// Standard output goes whole to this file instead, readable by its owner only (a
    /// document the stage reads, such as `terraform show -json`); standard error still goes
    /// to the log.
    pub stdout_to: Option<&'a Path>,
    /// How a line is shown on stderr (`None`: not shown); every line is shown as it is when
    /// not given.
    pub show: Option<fn(&str) -> Option<String>>,
}

/// A program that ran to its end.
#[derive(Debug)]
pub(crate) struct Finished {
    /// Whether it exited with 0.
    pub success: bool,
    /// How it exited, in words.
    pub status: String,
    /// Its output lines (standard output unless sent to a file, and standard error).
    pub lines: Vec<String>,
}

impl Finished {
    /// The last lines, as the journal keeps them.
    pub(crate) fn kept(&self) -> String {
        self.lines[self.lines.len().saturating_sub(OUTPUT_LINES_KEPT)..].join("\n")
    }
}

impl Invocation {
    /// Runs the program (see [`Invocation::execute`]); a non-zero exit is an error too.
    /// Returns the last lines of its output.
    pub(crate) async fn run(&self, cx: &StageCtx, step: &str) -> Result<String, StageError> {
        let finished = self.execute(cx, step, Output::default()).await?;
        if finished.success {
            Ok(finished.kept())
        } else {
            Err(StageError::new(format!(
                "`{}` exited with {}",
                self.argv.join(" "),
                finished.status
            )))
        }
    }

    /// Runs the program to its end; its output is streamed to stderr prefixed with the
    /// stage's name and written to `<run dir>/<stage>-<step>.log` as it comes. A program that
    /// cannot start, a timeout or a cancelled run is an error; how it exited is the caller's
    /// to judge.
    pub(crate) async fn execute(
        &self,
        cx: &StageCtx,
        step: &str,
        output: Output<'_>,
    ) -> Result<Finished, StageError> {
        let label = cx.stage_name.as_str();
        let Some((program, args)) = self.argv.split_first() else {
            return Err(StageError::new("empty argv"));
        };
        let shown = self.argv.join(" ");
        let stdout = match output.stdout_to {
            Some(path) => Stdio::from(private_file(path).map_err(|err| {
                StageError::new(format!("failed to create {}: {err}", path.display()))
            })?),
            None => Stdio::piped(),
        };
        let mut command = tokio::process::Command::new(program);
        command
            .args(args)
            .envs(&self.env)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        #[cfg(unix)]
        process::isolate(&mut command);
        let _ = std::fs::create_dir_all(&cx.run_dir);
        let log_path = cx.run_dir.join(format!("{label}-{step}.log"));
        let log = File::create(&log_path).map_err(|err| {
            StageError::new(format!("failed to create {}: {err}", log_path.display()))
        })?;
        let mut child = command
            .spawn()
            .map_err(|err| StageError::new(format!("failed to start `{shown}`: {err}")))?;
        // From here on, every way out of this function stops what the program started.
        let _group = child
            .id()
            .map(|pid| process::Group::started(pid, &cx.run_dir, &pid_file(label, step)));
        let sink = Arc::new(Mutex::new(Sink {
            lines: Vec::new(),
            log,
        }));
        let show = output.show.unwrap_or(|line| Some(line.to_owned()));
        let readers = [
            child.stdout.take().map(|out| {
                tokio::spawn(collect_lines(
                    out,
                    label.to_owned(),
                    show,
                    Arc::clone(&sink),
                ))
            }),
            child.stderr.take().map(|err| {
                tokio::spawn(collect_lines(
                    err,
                    label.to_owned(),
                    show,
                    Arc::clone(&sink),
                ))
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
        let lines = std::mem::take(&mut sink.lock().unwrap_or_else(PoisonError::into_inner).lines);
        Ok(Finished {
            success: status.success(),
            status: status.to_string(),
            lines,
        })
    }
}

/// A new (or emptied) file only its owner can read: a plan's or a state's JSON holds the
/// values Terraform marks sensitive, in clear.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Where a step's lines go: kept in memory, and appended to its log file as they come.
struct Sink {
    lines: Vec<String>,
    log: File,
}

/// The file in the run's journal directory that holds the process id of a stage's step while
/// it runs.
pub(crate) fn pid_file(stage: &str, step: &str) -> String {
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
    show: fn(&str) -> Option<String>,
    sink: Arc<Mutex<Sink>>,
) {
    let mut reader = BufReader::new(stream).lines();
    while let Ok(Some(line)) = reader.next_line().await {
        if let Some(shown) = show(&line) {
            eprintln!("  [{label}] {shown}");
        }
        let mut sink = sink.lock().unwrap_or_else(PoisonError::into_inner);
        // A log that cannot be written loses the file, not the run: the lines are kept.
        let _ = writeln!(sink.log, "{line}");
        sink.lines.push(line);
    }
}
