//! The runner: selected checks, concurrently, each under a timeout, panics isolated.
//!
//! Results come back sorted by id whatever order tasks finish in. Progress goes out as
//! [`Event`]s on one channel to one consumer. Cancelling the token (Ctrl-C) stops the audit:
//! what finished is kept, what did not is an `error` and the run is marked interrupted.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::check::{Check, CheckCtx, CheckRegistration};
use crate::facts::Facts;
use crate::meta::CheckMeta;
use crate::outcome::Outcome;
use crate::params::ParamValues;

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Checks running at once.
    pub concurrency: usize,
    /// Longest a check may take.
    pub timeout: Duration,
    /// Cancelled on Ctrl-C.
    pub cancel: CancellationToken,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            concurrency: 16,
            timeout: Duration::from_secs(60),
            cancel: CancellationToken::new(),
        }
    }
}

/// One check ready to run; cloning it shares the check, to run it again over other facts
/// (another region or account).
#[derive(Clone)]
pub struct PlannedCheck {
    /// Its metadata.
    pub meta: &'static CheckMeta,
    /// The check itself.
    pub check: Arc<dyn Check>,
    /// Its resolved parameters.
    pub params: ParamValues,
}

impl PlannedCheck {
    /// A registered check, built, with its parameters.
    pub fn registered(registration: &'static CheckRegistration, params: ParamValues) -> Self {
        Self {
            meta: registration.meta,
            check: Arc::from((registration.build)()),
            params,
        }
    }
}

/// Progress, for reporters.
#[derive(Clone, Debug)]
pub enum Event {
    /// An account's run was planned: this many more check runs are coming (regional checks
    /// once per region, global ones once).
    Planned {
        /// How many.
        runs: usize,
    },
    /// A check got a slot and started.
    Started {
        /// Its id.
        id: &'static str,
    },
    /// A check finished.
    Finished {
        /// Its id.
        id: &'static str,
        /// Its outcome.
        outcome: Outcome,
        /// How long it took.
        duration: Duration,
    },
}

/// One finished (or abandoned) check.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Its metadata.
    pub meta: &'static CheckMeta,
    /// What it decided.
    pub outcome: Outcome,
    /// How long it ran.
    pub duration: Duration,
}

/// Everything one run produced.
#[derive(Debug)]
pub struct RunReport {
    /// Results, sorted by check id.
    pub results: Vec<RunResult>,
    /// Whether the run was cancelled before every check finished.
    pub interrupted: bool,
}

/// Runs the checks and returns their results sorted by id.
pub async fn run(
    checks: Vec<PlannedCheck>,
    facts: Arc<Facts>,
    options: RunOptions,
    events: Option<mpsc::UnboundedSender<Event>>,
) -> RunReport {
    let semaphore = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut pending: HashMap<tokio::task::Id, &'static CheckMeta> = HashMap::new();
    let mut results = Vec::with_capacity(checks.len());

    for planned in checks {
        let meta = planned.meta;
        let check = planned.check;
        let cx = CheckCtx::new(meta, Arc::clone(&facts), planned.params);
        let semaphore = Arc::clone(&semaphore);
        let events = events.clone();
        let timeout = options.timeout;
        let handle = tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            if let Some(tx) = &events {
                let _ = tx.send(Event::Started { id: meta.id });
            }
            let started = Instant::now();
            let outcome = match tokio::time::timeout(timeout, check.run(&cx)).await {
                Ok(Ok(outcome)) => outcome,
                Ok(Err(err)) => err.into(),
                Err(_) => Outcome::error(format!("timed out after {} s", timeout.as_secs_f64())),
            };
            let duration = started.elapsed();
            // Sent while the slot is still held, so progress never shows more than
            // `concurrency` checks running.
            if let Some(tx) = &events {
                let _ = tx.send(Event::Finished {
                    id: meta.id,
                    outcome: outcome.clone(),
                    duration,
                });
            }
            (outcome, duration)
        });
        pending.insert(handle.id(), meta);
    }

    let mut interrupted = false;
    loop {
        let joined = tokio::select! {
            biased;
            () = options.cancel.cancelled(), if !interrupted => {
                interrupted = true;
                tasks.abort_all();
                continue;
            }
            joined = tasks.join_next_with_id() => joined,
        };
        let Some(joined) = joined else { break };
        let (id, outcome, duration, reported) = match joined {
            Ok((id, (outcome, duration))) => (id, outcome, duration, true),
            Err(err) if err.is_panic() => {
                let id = err.id();
                let message = format!("panicked: {}", panic_message(err.into_panic()));
                (id, Outcome::error(message), Duration::ZERO, false)
            }
            Err(err) => {
                let outcome = Outcome::error("audit interrupted before this check finished");
                (err.id(), outcome, Duration::ZERO, false)
            }
        };
        let Some(meta) = pending.remove(&id) else {
            continue;
        };
        if let (false, Some(tx)) = (reported, &events) {
            let _ = tx.send(Event::Finished {
                id: meta.id,
                outcome: outcome.clone(),
                duration,
            });
        }
        results.push(RunResult {
            meta,
            outcome,
            duration,
        });
    }

    results.sort_by_key(|r| r.meta.id);
    RunReport {
        results,
        interrupted,
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}
