//! A stage's program as a process that cannot outlive gonogo: its own process group, killed
//! on every way out of a step; the kernel's parent-death signal on Linux; and a pid file in
//! the run's journal directory, for `gonogo rollback` to stop a survivor.

use std::path::{Path, PathBuf};

/// Whether `program` names something that can be run: a path to an executable file (relative
/// to `dir` when given), or a name found on `path` (the stage's own `PATH` when it sets one,
/// else gonogo's). A plan that cannot run its program fails before anything changes.
pub(crate) fn is_runnable(program: &str, dir: Option<&Path>, path: Option<&str>) -> bool {
    if program.is_empty() {
        return false;
    }
    if program.contains('/') {
        let path = match dir {
            Some(dir) if Path::new(program).is_relative() => dir.join(program),
            _ => PathBuf::from(program),
        };
        return is_executable(&path);
    }
    let paths = match path {
        Some(path) => Some(std::ffi::OsString::from(path)),
        None => std::env::var_os("PATH"),
    };
    paths
        .map(|paths| std::env::split_paths(&paths).any(|dir| is_executable(&dir.join(program))))
        .unwrap_or(false)
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(unix)]
pub(crate) use unix::{Group, isolate, signal_group, stop_survivor};

#[cfg(not(unix))]
pub(crate) use other::Group;

#[cfg(unix)]
mod unix {
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use nix::sys::signal::{Signal, kill, killpg};
    use nix::unistd::Pid;
    use serde::{Deserialize, Serialize};

    /// How long a survivor has, after SIGTERM, before its group is killed.
    const SURVIVOR_GRACE: Duration = Duration::from_secs(10);

    /// Puts the program in a process group of its own (so that stopping it stops what it
    /// started), and on Linux asks the kernel to kill it if gonogo dies first.
    pub(crate) fn isolate(command: &mut tokio::process::Command) {
        command.process_group(0);
        #[cfg(target_os = "linux")]
        {
            let parent = nix::unistd::getpid();
            // SAFETY: between fork and exec the closure only makes two system calls,
            // prctl(PR_SET_PDEATHSIG) and getppid, both async-signal-safe; it allocates
            // nothing and touches no lock.
            unsafe {
                command.pre_exec(move || {
                    nix::sys::prctl::set_pdeathsig(Some(Signal::SIGKILL))?;
                    // gonogo died before the signal was armed: do not start at all.
                    if nix::unistd::getppid() != parent {
                        return Err(std::io::Error::other("gonogo exited"));
                    }
                    Ok(())
                });
            }
        }
    }

    /// Sends `signal` to the process group `pid` leads.
    pub(crate) fn signal_group(pid: u32, signal: Signal) {
        if let Ok(pid) = i32::try_from(pid) {
            let _ = killpg(Pid::from_raw(pid), signal);
        }
    }

    /// What the pid file holds: the group's leader, and its start time, so that a pid the
    /// system has since given to another process is never signalled.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct PidRecord {
        pid: u32,
        start_ticks: Option<u64>,
    }

    /// A running step's process group: its pid file is written when it starts, and when it
    /// is dropped (every way out of the step) what is left of the group is killed and the
    /// file removed.
    pub(crate) struct Group {
        pid: u32,
        file: PathBuf,
    }

    impl Group {
        /// Records the started program `pid` in `<run_dir>/<file>`.
        pub(crate) fn started(pid: u32, run_dir: &Path, file: &str) -> Self {
            let file = run_dir.join(file);
            let record = PidRecord {
                pid,
                start_ticks: start_ticks(pid),
            };
            let _ = std::fs::create_dir_all(run_dir);
            if let Ok(text) = serde_json::to_string(&record) {
                let _ = std::fs::write(&file, text);
            }
            Self { pid, file }
        }
    }

    impl Drop for Group {
        fn drop(&mut self) {
            signal_group(self.pid, Signal::SIGKILL);
            let _ = std::fs::remove_file(&self.file);
        }
    }

    /// Stops what is left of a step whose gonogo died (its pid file is still there): SIGTERM
    /// to the group, SIGKILL after a grace period. Says what it did; `None` when nothing was
    /// running.
    pub(crate) async fn stop_survivor(run_dir: &Path, file: &str) -> Option<String> {
        let path = run_dir.join(file);
        let record: PidRecord = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
        let _ = std::fs::remove_file(&path);
        let pid = Pid::from_raw(i32::try_from(record.pid).ok()?);
        // A live leader that started at another time is another process under a reused pid:
        // leave it alone. (A group's id is not reused while the group has a member.)
        if kill(pid, None).is_ok() && start_ticks(record.pid) != record.start_ticks {
            return None;
        }
        // The group may outlive its leader: something it started is still in it.
        if !group_alive(pid) {
            return None;
        }
        let _ = killpg(pid, Signal::SIGTERM);
        let deadline = tokio::time::Instant::now() + SURVIVOR_GRACE;
        while group_alive(pid) && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let how = if group_alive(pid) {
            let _ = killpg(pid, Signal::SIGKILL);
            "killed"
        } else {
            "stopped"
        };
        Some(format!(
            "{how} process group {} left running by the interrupted deploy",
            record.pid
        ))
    }

    /// Whether the process group has a member that is not a zombie (a zombie answers
    /// signal 0, though nothing runs).
    fn group_alive(group: Pid) -> bool {
        #[cfg(target_os = "linux")]
        if let Ok(entries) = std::fs::read_dir("/proc") {
            return entries.flatten().any(|entry| {
                let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                    return false;
                };
                // "pid (comm) state ppid pgrp …"
                let Some((_, after)) = stat.rsplit_once(')') else {
                    return false;
                };
                let mut fields = after.split_whitespace();
                let state = fields.next();
                let pgrp = fields.nth(1).and_then(|p| p.parse::<i32>().ok());
                pgrp == Some(group.as_raw()) && state != Some("Z")
            });
        }
        killpg(group, None).is_ok()
    }

    /// When the process started, in clock ticks since boot (`/proc/<pid>/stat`, field 22).
    fn start_ticks(pid: u32) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid …": comm may hold spaces and parentheses.
        let (_, after) = stat.rsplit_once(')')?;
        after.split_whitespace().nth(19)?.parse().ok()
    }
}

#[cfg(not(unix))]
mod other {
    use std::path::Path;

    /// Nothing to track where there are no process groups.
    pub(crate) struct Group;

    impl Group {
        pub(crate) fn started(_pid: u32, _run_dir: &Path, _file: &str) -> Self {
            Group
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_on_path_or_by_path() {
        assert!(is_runnable("sh", None, None));
        assert!(!is_runnable("gonogo-no-such-program", None, None));
        assert!(!is_runnable("./nope", Some(Path::new("/")), None));
        assert!(!is_runnable("", None, None));
        assert!(
            !is_runnable("sh", None, Some("/nonexistent")),
            "the stage's own PATH"
        );
    }
}
