//! What the caller of an audit hears and controls while it runs: the runner's events (a
//! progress bar draws them) and a cancellation token (a signal handler cancels it). The
//! service itself prints nothing and installs no handler.

use gonogo_core::runner::Event;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// The hooks of one audit.
#[derive(Clone, Debug, Default)]
pub struct RunHooks {
    /// Cancelled, the audit stops: running checks are `error` (interrupted), none starts.
    pub cancel: CancellationToken,
    /// Where the runner's events go: each account's planned runs, each check started and
    /// finished.
    pub events: Option<mpsc::UnboundedSender<Event>>,
}
