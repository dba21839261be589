//! What SQS is sent (`--notify-sqs`): the verdict, the accounts, the new failures and the
//! report files, as one JSON message. The sending is a destination of the audit service.

use gonogo_core::judged::Verdict;
use gonogo_core::{Change, Status};
use serde::Serialize;

use crate::model::Report;

/// Most new failures listed in a notification (SQS messages are at most 256 KiB).
const MAX_LISTED_FAILURES: usize = 100;
/// Longest message quoted per failure.
const MAX_MESSAGE_CHARS: usize = 300;

/// The notification sent to SQS: the verdict, the accounts, the new failures, the report files.
#[derive(Debug, Serialize)]
pub struct Notification<'a> {
    tool: &'static str,
    verdict: Verdict,
    exit_code: i32,
    score: f64,
    started_at: &'a str,
    accounts: Vec<AccountLine>,
    reasons: &'a [String],
    /// Failing or warning problems that are new since the baseline; without a baseline,
    /// every failing or warning problem.
    new_failures: Vec<FailureLine>,
    new_failures_total: usize,
    /// Where the reports were written.
    reports: Vec<String>,
}

#[derive(Debug, Serialize)]
struct AccountLine {
    account_id: Option<String>,
    name: Option<String>,
    verdict: Verdict,
    score: f64,
}

#[derive(Debug, Serialize)]
struct FailureLine {
    check: String,
    status: Status,
    resource: String,
    account: Option<String>,
    region: Option<String>,
    message: String,
}

/// The notification of `report`, naming the report files written.
pub fn notification<'a>(report: &'a Report, files: Vec<String>) -> Notification<'a> {
    let is_new = |change: Option<Change>| report.baseline.is_none() || change == Some(Change::New);
    let mut failures: Vec<FailureLine> = report
        .problem_findings()
        .filter(|(_, f)| is_new(f.change))
        .map(|(check, f)| FailureLine {
            check: check.id.clone(),
            status: f.status,
            resource: f.resource.clone(),
            account: f.account.clone(),
            region: f.region.clone(),
            message: f.message.chars().take(MAX_MESSAGE_CHARS).collect(),
        })
        .collect();
    // Checks that fail or warn without a failing finding (no password policy, no budget).
    failures.extend(
        report
            .checks
            .iter()
            .filter(|c| matches!(c.status, Status::Fail | Status::Warn))
            .filter(|c| !c.findings.iter().any(|f| f.is_problem()) && is_new(c.change))
            .map(|c| FailureLine {
                check: c.id.clone(),
                status: c.status,
                resource: String::new(),
                account: report.target.account_id.clone(),
                region: None,
                message: c.message.chars().take(MAX_MESSAGE_CHARS).collect(),
            }),
    );
    let total = failures.len();
    Notification {
        tool: "gonogo",
        verdict: report.verdict,
        exit_code: report.exit_code,
        score: report.score,
        started_at: &report.started_at,
        accounts: report
            .account_reports()
            .into_iter()
            .map(|a| AccountLine {
                account_id: a.account_id,
                name: a.name,
                verdict: a.verdict,
                score: a.score,
            })
            .collect(),
        reasons: &report.reasons,
        new_failures: failures.into_iter().take(MAX_LISTED_FAILURES).collect(),
        new_failures_total: total,
        reports: files,
    }
}

/// A deduplication id for a FIFO queue: the same run's summary is delivered once.
pub fn dedup_id(report: &Report) -> String {
    let id: String = format!("gonogo-{}-{}", report.started_at, report.score)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.:".contains(*c))
        .take(128)
        .collect();
    id
}
