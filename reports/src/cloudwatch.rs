//! What CloudWatch is sent (`--publish-metrics`): each account's posture as metric points.
//! The sending is a destination of the audit service.

use gonogo_core::Status;

use crate::model::Report;

/// One value to publish.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricPoint {
    /// Metric name (`Score`).
    pub name: &'static str,
    /// Dimensions, in order (`Account`, `Region`, …).
    pub dimensions: Vec<(&'static str, String)>,
    /// The value.
    pub value: f64,
    /// Unit: a count, or none (score, verdict).
    pub count: bool,
    /// When it was measured (seconds since the epoch).
    pub timestamp: i64,
}

/// The metrics of each account's report: `Score` and `Verdict`, `Checks` by status, and
/// `Checks` by category and status; with a baseline also `NewProblems` and
/// `ResolvedProblems`. Dimensions: `Account` and `Region` (the audited regions, joined by
/// commas when several), then `Category` and `Status`.
pub fn metric_points(accounts: &[Report]) -> Vec<MetricPoint> {
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
