//! Sending an audit's outcome out: posture metrics to CloudWatch, a summary to SQS.
//!
//! A failure here is returned, never swallowed: the binary reports it and exits 3.

mod metrics;
mod notify;

pub use metrics::{MAX_METRICS_PER_REQUEST, MetricPoint, put_metrics, put_metrics_with};
pub use notify::{send_summary, send_summary_with};
