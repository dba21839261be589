//! API-call accounting: how many requests an audit made, per service and operation, with
//! retries, error responses and throttling.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Counts for one operation of one service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OperationStats {
    /// Service (`SQS`, `IAM`, …).
    pub service: String,
    /// Operation (`ListQueues`, …).
    pub operation: String,
    /// Calls made (each may take several attempts).
    pub calls: u64,
    /// Attempts sent (calls plus retries).
    pub attempts: u64,
    /// Attempts answered with an HTTP error status.
    pub error_responses: u64,
    /// Attempts answered with a throttling status (429, or 400/503 with a throttling code).
    pub throttled: u64,
    /// Time spent in these calls, summed (calls overlap, so this can exceed the wall time).
    pub waiting_ms: u64,
}

/// The whole audit's API calls.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ApiStats {
    /// Calls made.
    pub calls: u64,
    /// Retries (attempts beyond the first).
    pub retries: u64,
    /// Attempts answered with an HTTP error status.
    pub error_responses: u64,
    /// Throttled attempts.
    pub throttled: u64,
    /// Time spent waiting on AWS, summed over calls.
    pub waiting_ms: u64,
    /// Time requests spent waiting on gonogo's own request budgets before they were sent,
    /// summed (they overlap, so this can exceed the wall time).
    #[serde(default)]
    pub budget_wait_ms: u64,
    /// Per service and operation, sorted.
    pub operations: Vec<OperationStats>,
}

impl ApiStats {
    /// Adds another audit's calls (another account of a fleet) to these.
    pub fn add(&mut self, other: &ApiStats) {
        self.calls += other.calls;
        self.retries += other.retries;
        self.error_responses += other.error_responses;
        self.throttled += other.throttled;
        self.waiting_ms += other.waiting_ms;
        self.budget_wait_ms += other.budget_wait_ms;
        for op in &other.operations {
            match self
                .operations
                .iter_mut()
                .find(|o| o.service == op.service && o.operation == op.operation)
            {
                Some(mine) => {
                    mine.calls += op.calls;
                    mine.attempts += op.attempts;
                    mine.error_responses += op.error_responses;
                    mine.throttled += op.throttled;
                    mine.waiting_ms += op.waiting_ms;
                }
                None => self.operations.push(op.clone()),
            }
        }
        self.operations
            .sort_by(|a, b| (&a.service, &a.operation).cmp(&(&b.service, &b.operation)));
    }
}

/// Concurrent-safe counters the SDK interceptor writes into.
#[derive(Debug, Default)]
pub struct ApiCounter {
    operations: Mutex<BTreeMap<(String, String), OperationStats>>,
    budget_wait_micros: std::sync::atomic::AtomicU64,
}

impl ApiCounter {
    fn with(&self, service: &str, operation: &str, update: impl FnOnce(&mut OperationStats)) {
        let mut operations = self
            .operations
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let entry = operations
            .entry((service.to_owned(), operation.to_owned()))
            .or_insert_with(|| OperationStats {
                service: service.to_owned(),
                operation: operation.to_owned(),
                ..OperationStats::default()
            });
        update(entry);
    }

    /// An attempt was sent.
    pub fn attempt(&self, service: &str, operation: &str) {
        self.with(service, operation, |s| s.attempts += 1);
    }

    /// An attempt was answered with this HTTP status.
    pub fn answered(&self, service: &str, operation: &str, status: u16, throttled: bool) {
        self.with(service, operation, |s| {
            if status >= 400 {
                s.error_responses += 1;
            }
            if throttled {
                s.throttled += 1;
            }
        });
    }

    /// A call finished after `took`.
    pub fn call(&self, service: &str, operation: &str, took: Duration) {
        self.with(service, operation, |s| {
            s.calls += 1;
            s.waiting_ms += u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        });
    }

    /// A request waited `waited` on a request budget before it was sent.
    pub fn budget_wait(&self, waited: Duration) {
        // Summed in microseconds: many waits of a few milliseconds each would lose most of
        // themselves to rounding in milliseconds.
        let micros = u64::try_from(waited.as_micros()).unwrap_or(u64::MAX);
        self.budget_wait_micros
            .fetch_add(micros, std::sync::atomic::Ordering::Relaxed);
    }

    /// The totals so far.
    pub fn snapshot(&self) -> ApiStats {
        let operations: Vec<OperationStats> = self
            .operations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        ApiStats {
            calls: operations.iter().map(|o| o.calls).sum(),
            retries: operations
                .iter()
                .map(|o| o.attempts.saturating_sub(o.calls))
                .sum(),
            error_responses: operations.iter().map(|o| o.error_responses).sum(),
            throttled: operations.iter().map(|o| o.throttled).sum(),
            waiting_ms: operations.iter().map(|o| o.waiting_ms).sum(),
            budget_wait_ms: self
                .budget_wait_micros
                .load(std::sync::atomic::Ordering::Relaxed)
                / 1000,
            operations,
        }
    }
}
