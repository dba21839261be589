//! The progress bar: on stderr, only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use gonogo_core::runner::Event;

/// Consumes runner events and draws a bar of `total` checks (grown with `inc_length` as more
/// runs start); returns the sender to give the runner, and the bar.
pub(crate) fn spawn(total: usize) -> (mpsc::UnboundedSender<Event>, JoinHandle<()>, ProgressBar) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    let drawn = bar.clone();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} checks  {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let handle = tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            match event {
                Event::Started { id } => bar.set_message(id),
                Event::Finished { id, outcome, .. } => {
                    bar.inc(1);
                    bar.set_message(format!("{id}: {}", outcome.status));
                }
            }
        }
        bar.finish_and_clear();
    });
    (tx, handle, drawn)
}
