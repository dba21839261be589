//! What CloudWatch (`--publish-metrics`), SQS (`--notify-sqs`) and a Pushgateway
//! (`--pushgateway`) are sent, built from the reports, and the sending.

use aws_config::SdkConfig;
use gonogo_checks::publish::{MetricPoint, push_metrics, put_metrics, send_summary};
use gonogo_core::judged::Verdict;
use gonogo_core::{Change, Status};
use gonogo_reports::{AccountLabel, PROMETHEUS_CONTENT_TYPE, Report, render_prometheus};
use serde::Serialize;

/// Most new failures listed in a notification (SQS messages are at most 256 KiB).
const MAX_LISTED_FAILURES: usize = 100;
/// Longest message quoted per failure.
const MAX_MESSAGE_CHARS: usize = 300;

/// The metrics of each account's report: `Score` and `Verdict`, `Checks` by status, and
/// `Checks` by category and status; with a baseline also `NewProblems` and
/// `ResolvedProblems`. Dimensions: `Account` and `Region` (the audited regions, joined by
/// commas when several), then `Category` and `Status`.
pub(crate) fn metric_points(accounts: &[Report]) -> Vec<MetricPoint> {
    let mut points = Vec::new();
    for report in accounts {
        let timestamp = chrono::DateTime::parse_from_rfc3339(&report.finished_at)
            .map(|t| t.timestamp())
            .unwrap_or_else(|_| chrono::Utc::now().timestamp());
        let account = report
            .target
            .account_id
            .clone()
            .unwrap_or_else(|| "unknown".to_owned());
        let regions = report.target.all_regions();
        let region = if regions.is_empty() {
            "unknown".to_owned()
        } else {
            regions.join(",")
        };
        let base = vec![("Account", account), ("Region", region)];
        let mut point = |name, extra: Vec<(&'static str, String)>, value: f64, count: bool| {
            let mut dimensions = base.clone();
            dimensions.extend(extra);
            points.push(MetricPoint {
                name,
                dimensions,
                value,
                count,
                timestamp,
            });
        };
        point("Score", vec![], report.score, false);
        // 0 GO, 1 CONDITIONAL GO, 2 NO-GO: the verdict's own exit code.
        point(
            "Verdict",
            vec![],
            f64::from(report.verdict.exit_code()),
            false,
        );
        for status in Status::ALL {
            let n = report.summary.count(status);
            point(
                "Checks",
                vec![("Status", status.to_string())],
                n as f64,
                true,
            );
        }
        for (category, status, n) in report.checks_by_category() {
            point(
                "Checks",
                vec![
                    ("Category", category.to_string()),
                    ("Status", status.to_string()),
                ],
                n as f64,
                true,
            );
        }
        if let Some(baseline) = &report.baseline {
            point("NewProblems", vec![], baseline.new as f64, true);
            point(
                "ResolvedProblems",
                vec![],
                baseline.resolved.len() as f64,
                true,
            );
        }
    }
    points
}

/// The notification sent to SQS: the verdict, the accounts, the new failures, the report files.
#[derive(Debug, Serialize)]
pub(crate) struct Notification<'a> {
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
pub(crate) fn notification<'a>(report: &'a Report, files: Vec<String>) -> Notification<'a> {
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
pub(crate) fn dedup_id(report: &Report) -> String {
    let id: String = format!("gonogo-{}-{}", report.started_at, report.score)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.:".contains(*c))
        .take(128)
        .collect();
    id
}

/// Publishes the metrics of `accounts` to CloudWatch under `namespace`, with `config`'s
/// credentials.
pub(super) async fn publish_metrics(
    config: &SdkConfig,
    namespace: &str,
    accounts: &[Report],
) -> Result<(), String> {
    let points = metric_points(accounts);
    let requests = put_metrics(config, namespace, &points).await?;
    tracing::info!(
        points = points.len(),
        requests,
        namespace,
        "published metrics"
    );
    Ok(())
}

/// Sends the notification of `report` (naming the report `files`) to the SQS queue.
pub(super) async fn notify(
    config: &SdkConfig,
    queue_url: &str,
    report: &Report,
    files: Vec<String>,
) -> Result<(), String> {
    let body = serde_json::to_string(&notification(report, files)).map_err(|e| e.to_string())?;
    let id = send_summary(config, queue_url, &body, &dedup_id(report)).await?;
    tracing::info!(message_id = id, queue_url, "sent the summary");
    Ok(())
}

/// Pushes each account's metrics to the Pushgateway as its own group (job `gonogo`,
/// `account` the grouping label); the first failure is the error.
pub(super) async fn push_to_gateway(gateway: &str, accounts: &[Report]) -> Result<(), String> {
    for report in accounts {
        let account = report.target.account_id.as_deref().unwrap_or("unknown");
        let body = render_prometheus(std::slice::from_ref(report), AccountLabel::Omitted)
            .map_err(|e| e.to_string())?;
        push_metrics(gateway, account, body, PROMETHEUS_CONTENT_TYPE).await?;
    }
    tracing::info!(gateway, groups = accounts.len(), "pushed metrics");
    Ok(())
}
