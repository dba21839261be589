//! Sending an audit's outcome out: posture metrics to CloudWatch, a summary to SQS.
//!
//! A failure here is returned, never swallowed: the binary reports it and exits 3.

mod metrics;
mod notify;

pub use metrics::{MAX_METRICS_PER_REQUEST, MetricPoint, put_metrics, put_metrics_with};
pub use notify::{send_summary, send_summary_with};

use gonogo_core::ApiCall;
use gonogo_core::api_calls;

/// What `--publish-metrics` calls, with the scanner's credentials.
pub const METRIC_CALLS: &[ApiCall] = api_calls!("CloudWatch", "cloudwatch": PutMetricData);

/// What `--notify-sqs` calls, with the scanner's credentials.
pub const NOTIFY_CALLS: &[ApiCall] = api_calls!("SQS", "sqs": SendMessage);
