//! The progress bar: on stderr, only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use gonogo_core::runner::Event;

/// Consumes runner events and draws a bar of the checks, grown as each account's runs are
/// planned; returns the sender to give the audit, and the bar's task.
pub(crate) fn spawn() -> (mpsc::UnboundedSender<Event>, JoinHandle<()>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} checks  {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let handle = tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            match event {
                Event::Planned { runs } => bar.inc_length(runs as u64),
                Event::Started { id } => bar.set_message(id),
                Event::Finished { id, outcome, .. } => {
                    bar.inc(1);
                    bar.set_message(format!("{id}: {}", outcome.status));
                }
            }
        }
        bar.finish_and_clear();
    });
    (tx, handle)
}
