//! Sending an audit's outcome out: posture metrics to CloudWatch or a Pushgateway, a summary
//! to SQS, findings to Security Hub.
//!
//! A failure here is returned, never swallowed: the binary reports it and exits 3.

mod metrics;
mod notify;
mod pushgateway;
mod security_hub;

pub use metrics::{MAX_METRICS_PER_REQUEST, MetricPoint, put_metrics, put_metrics_with};
pub use notify::{send_summary, send_summary_with};
pub use pushgateway::{PUSH_JOB, push_metrics};
pub use security_hub::{
    ASFF_SCHEMA_VERSION, HubCompliance, HubFinding, ImportOutcome, MAX_FINDINGS_PER_IMPORT,
    import_findings, import_findings_with,
};

use gonogo_core::ApiCall;
use gonogo_core::api_calls;

/// What `--publish-metrics` calls, with the scanner's credentials.
pub const METRIC_CALLS: &[ApiCall] = api_calls!("CloudWatch", "cloudwatch": PutMetricData);

/// What `--notify-sqs` calls, with the scanner's credentials.
pub const NOTIFY_CALLS: &[ApiCall] = api_calls!("SQS", "sqs": SendMessage);

/// What `--security-hub` calls in each audited account and region, with the credentials the
/// account was audited with.
pub const SECURITY_HUB_CALLS: &[ApiCall] = api_calls!(
    "SecurityHub",
    "securityhub": DescribeHub,
    GetFindings,
    BatchImportFindings
);
