//! What the commands that run checks share on the terminal: one Ctrl-C handler that cancels
//! the whole run, and one progress bar, both reaching the audit service through its hooks.

use anyhow::Context;
use gonogo_audit::RunHooks;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::{interrupt, progress};

/// The signal handler and progress bar of one run.
pub(crate) struct Session {
    hooks: RunHooks,
    bar: Option<JoinHandle<()>>,
    ctrl_c: JoinHandle<()>,
}

impl Session {
    /// Installs the Ctrl-C handler and, on a terminal unless `quiet`, the progress bar.
    pub(crate) fn start(quiet: bool) -> anyhow::Result<Self> {
        let cancel = CancellationToken::new();
        let ctrl_c = interrupt::cancel_on_signal(cancel.clone(), "the audit")
            .context("failed to install the signal handlers")?;
        let show_progress = !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
        let (events, bar) = if show_progress {
            let (tx, handle) = progress::spawn();
            (Some(tx), Some(handle))
        } else {
            (None, None)
        };
        Ok(Self {
            hooks: RunHooks { cancel, events },
            bar,
            ctrl_c,
        })
    }

    /// The hooks to give the audit.
    pub(crate) fn hooks(&self) -> &RunHooks {
        &self.hooks
    }

    /// Clears the bar and removes the Ctrl-C handler.
    pub(crate) async fn finish(self) {
        drop(self.hooks);
        if let Some(handle) = self.bar {
            let _ = handle.await;
        }
        self.ctrl_c.abort();
    }
}
