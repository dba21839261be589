//! Termination signals: Ctrl-C (SIGINT), SIGTERM (Kubernetes, systemd, AWS Batch stopping a
//! job) and SIGHUP all mean "stop": they cancel a token, so that the audit keeps what
//! finished and the deploy rolls back what changed. Later signals change nothing: a rollback
//! under way is not abandoned, and the process is not killed by a signal it handles.

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Installs the handlers now (before any check or stage starts, so an early signal is never
/// the default "kill the process") and cancels `cancel` on the first of them; `what` names
/// what is stopped ("the audit", "the deploy") in the message on stderr.
pub(crate) fn cancel_on_signal(
    cancel: CancellationToken,
    what: &'static str,
) -> std::io::Result<JoinHandle<()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        let mut hangup = signal(SignalKind::hangup())?;
        Ok(tokio::spawn(async move {
            loop {
                let name = tokio::select! {
                    Some(()) = interrupt.recv() => "SIGINT",
                    Some(()) = terminate.recv() => "SIGTERM",
                    Some(()) = hangup.recv() => "SIGHUP",
                    else => return,
                };
                if cancel.is_cancelled() {
                    eprintln!("{name} again: still stopping {what}");
                } else {
                    eprintln!("interrupted ({name}): stopping {what}");
                    cancel.cancel();
                }
            }
        }))
    }
    #[cfg(not(unix))]
    {
        Ok(tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                if !cancel.is_cancelled() {
                    eprintln!("interrupted: stopping {what}");
                    cancel.cancel();
                }
            }
        }))
    }
}
