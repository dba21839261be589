//! Ctrl-C: cancel the audit's token, so the runner keeps what finished and stops the rest.

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Installs the Ctrl-C handler now (before any check starts, so an early Ctrl-C is never the
/// default "kill the process") and cancels `cancel` when it fires.
pub(crate) fn cancel_on_ctrl_c(cancel: CancellationToken) -> std::io::Result<JoinHandle<()>> {
    #[cfg(unix)]
    let mut interrupts = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(tokio::spawn(async move {
        #[cfg(unix)]
        let fired = interrupts.recv().await.is_some();
        #[cfg(not(unix))]
        let fired = tokio::signal::ctrl_c().await.is_ok();
        if fired {
            eprintln!("interrupted: stopping the audit");
            cancel.cancel();
        }
    }))
}
