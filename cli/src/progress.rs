//! The progress bar: on stderr, only when stderr is a terminal. It names the check it has
//! waited on longest, so that a slow service is seen, not the last check started.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use gonogo_core::runner::Event;

/// How often the waiting time is redrawn.
const TICK: Duration = Duration::from_millis(500);

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
        let mut running = Running::default();
        let mut tick = tokio::time::interval(TICK);
        loop {
            tokio::select! {
                event = rx.recv() => match event {
                    Some(Event::Planned { runs }) => bar.inc_length(runs as u64),
                    Some(Event::Started { id }) => running.started(id, Instant::now()),
                    Some(Event::Finished { id, .. }) => {
                        running.finished(id);
                        bar.inc(1);
                    }
                    None => break,
                },
                _ = tick.tick() => {}
            }
            bar.set_message(running.waiting_on(Instant::now()).unwrap_or_default());
        }
        bar.finish_and_clear();
    });
    (tx, handle)
}

/// The checks running now, each with when it started (a check runs once per region and
/// account, so an id may be there more than once).
#[derive(Debug, Default)]
struct Running(Vec<(&'static str, Instant)>);

impl Running {
    fn started(&mut self, id: &'static str, at: Instant) {
        self.0.push((id, at));
    }

    /// The earliest run of `id` ends (runs of one id start in order and the longest-waited
    /// is what the bar names; which of them ended does not change the count).
    fn finished(&mut self, id: &str) {
        if let Some(index) = self.0.iter().position(|(running, _)| *running == id) {
            self.0.remove(index);
        }
    }

    /// "waiting on security.root-mfa (12 s)": the check waited on longest, once it has
    /// taken a second.
    fn waiting_on(&self, now: Instant) -> Option<String> {
        let (id, since) = self.0.iter().min_by_key(|(_, at)| *at)?;
        let waited = now.saturating_duration_since(*since).as_secs();
        let others = self.0.len() - 1;
        let more = if others > 0 {
            format!(", {others} more running")
        } else {
            String::new()
        };
        (waited >= 1).then(|| format!("waiting on {id} ({waited} s{more})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_names_the_check_waited_on_longest() {
        let start = Instant::now();
        let mut running = Running::default();
        running.started("monitoring.cloudtrail-enabled", start);
        running.started("security.root-mfa", start + Duration::from_secs(1));
        running.started("cost.budget-exists", start + Duration::from_secs(2));
        let now = start + Duration::from_secs(12);
        assert_eq!(
            running.waiting_on(now).as_deref(),
            Some("waiting on monitoring.cloudtrail-enabled (12 s, 2 more running)")
        );
        running.finished("monitoring.cloudtrail-enabled");
        assert_eq!(
            running.waiting_on(now).as_deref(),
            Some("waiting on security.root-mfa (11 s, 1 more running)"),
            "not the last check started"
        );
        running.finished("security.root-mfa");
        running.finished("cost.budget-exists");
        assert_eq!(running.waiting_on(now), None);
    }

    #[test]
    fn a_check_under_a_second_is_not_named() {
        let start = Instant::now();
        let mut running = Running::default();
        running.started("security.root-mfa", start);
        assert_eq!(running.waiting_on(start + Duration::from_millis(400)), None);
    }
}
