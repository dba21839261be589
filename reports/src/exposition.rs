//! Posture metrics in the Prometheus text exposition format (0.0.4): for node_exporter's
//! textfile collector (`--prometheus-file`) and a Pushgateway (`--pushgateway`).
//!
//! Every metric is a gauge of one run's state. Labels are the account, category, status and
//! severity: a bounded set, never a resource ARN.

use gonogo_core::{Severity, Status};
use prometheus::{Encoder, GaugeVec, Opts, Registry, TextEncoder};

use crate::model::Report;

/// The content type of what [`render_prometheus`] writes.
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Why the metrics could not be rendered (a metric defined twice: a bug, never input).
#[derive(Debug, thiserror::Error)]
#[error("could not render the Prometheus metrics: {0}")]
pub struct PrometheusError(#[from] prometheus::Error);

/// Whether the account is a label of each metric (a file with several accounts) or comes
/// from elsewhere (a Pushgateway push grouped by account).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountLabel {
    /// Each metric has `account`.
    Labelled,
    /// The metrics have no `account` label.
    Omitted,
}

/// The gauges, registered on their own registry.
struct Gauges {
    registry: Registry,
    score: GaugeVec,
    verdict: GaugeVec,
    exit_code: GaugeVec,
    checks: GaugeVec,
    findings: GaugeVec,
    new_problems: GaugeVec,
    resolved_problems: GaugeVec,
    last_run: GaugeVec,
    build_info: GaugeVec,
}

impl Gauges {
    fn new(account: AccountLabel) -> Result<Self, PrometheusError> {
        let registry = Registry::new();
        let with = |extra: &[&'static str]| -> Vec<&'static str> {
            let mut labels = Vec::new();
            if account == AccountLabel::Labelled {
                labels.push("account");
            }
            labels.extend_from_slice(extra);
            labels
        };
        let gauge =
            |name: &str, help: &str, labels: &[&str]| -> Result<GaugeVec, PrometheusError> {
                let gauge = GaugeVec::new(Opts::new(name, help), labels)?;
                registry.register(Box::new(gauge.clone()))?;
                Ok(gauge)
            };
        Ok(Self {
            score: gauge("gonogo_score", "Audit score, 0 to 100.", &with(&[]))?,
            verdict: gauge(
                "gonogo_verdict",
                "Verdict: 0 GO, 1 CONDITIONAL GO, 2 NO-GO.",
                &with(&[]),
            )?,
            exit_code: gauge(
                "gonogo_exit_code",
                "Exit code: 0 GO, 1 CONDITIONAL GO, 2 NO-GO, 3 not audited or incomplete.",
                &with(&[]),
            )?,
            checks: gauge(
                "gonogo_checks",
                "Checks by category and status.",
                &with(&["category", "status"]),
            )?,
            findings: gauge(
                "gonogo_findings",
                "Findings by the severity of their check and by status.",
                &with(&["severity", "status"]),
            )?,
            new_problems: gauge(
                "gonogo_new_problems",
                "Failing or warning findings not in the baseline (--baseline).",
                &with(&[]),
            )?,
            resolved_problems: gauge(
                "gonogo_resolved_problems",
                "Baseline problems that now pass or are gone (--baseline).",
                &with(&[]),
            )?,
            last_run: gauge(
                "gonogo_last_run_timestamp_seconds",
                "When the audit finished, in seconds since the epoch.",
                &with(&[]),
            )?,
            build_info: gauge(
                "gonogo_build_info",
                "The gonogo that ran: always 1.",
                &["version"],
            )?,
            registry,
        })
    }
}

/// The metrics of `accounts` (one report per account), in the text exposition format.
pub fn render_prometheus(
    accounts: &[Report],
    account_label: AccountLabel,
) -> Result<String, PrometheusError> {
    let gauges = Gauges::new(account_label)?;
    for report in accounts {
        let account = report.target.account_id.as_deref().unwrap_or("unknown");
        let labels = |extra: &[&str]| -> Vec<String> {
            let mut values = Vec::new();
            if account_label == AccountLabel::Labelled {
                values.push(account.to_owned());
            }
            values.extend(extra.iter().map(|v| (*v).to_owned()));
            values
        };
        let set = |gauge: &GaugeVec, extra: &[&str], value: f64| {
            let values = labels(extra);
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            gauge.with_label_values(&values).set(value);
        };
        set(&gauges.score, &[], report.score);
        // 0 GO, 1 CONDITIONAL GO, 2 NO-GO: the verdict's own exit code.
        set(&gauges.verdict, &[], f64::from(report.verdict.exit_code()));
        set(&gauges.exit_code, &[], f64::from(report.exit_code));
        if let Ok(finished) = chrono::DateTime::parse_from_rfc3339(&report.finished_at) {
            set(&gauges.last_run, &[], finished.timestamp() as f64);
        }
        for (category, status, n) in report.checks_by_category() {
            set(
                &gauges.checks,
                &[&category.to_string(), &status.to_string()],
                n as f64,
            );
        }
        for severity in Severity::ALL {
            let findings: Vec<_> = report
                .checks
                .iter()
                .filter(|c| c.severity == severity)
                .flat_map(|c| &c.findings)
                .collect();
            for status in [Status::Pass, Status::Warn, Status::Fail, Status::Waived] {
                let n = findings.iter().filter(|f| f.status == status).count();
                set(
                    &gauges.findings,
                    &[&severity.to_string(), &status.to_string()],
                    n as f64,
                );
            }
        }
        if let Some(baseline) = &report.baseline {
            set(&gauges.new_problems, &[], baseline.new as f64);
            set(
                &gauges.resolved_problems,
                &[],
                baseline.resolved.len() as f64,
            );
        }
    }
    let version = accounts
        .first()
        .map_or(env!("CARGO_PKG_VERSION"), |r| r.tool.version.as_str());
    gauges.build_info.with_label_values(&[version]).set(1.0);
    let mut out = Vec::new();
    TextEncoder::new().encode(&gauges.registry.gather(), &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
