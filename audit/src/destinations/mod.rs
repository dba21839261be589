//! Where an audit's outcome goes besides the terminal and the report files: CloudWatch
//! metrics, an SQS notification, a Prometheus Pushgateway and AWS Security Hub. One list,
//! one error type; every destination asked for is tried, and each failure is returned (the
//! CLI exits 3 on any: nothing is dropped silently).

mod cloudwatch;
mod hub_import;
mod publish;
mod pushgateway;
mod security_hub;
mod sqs;

pub use cloudwatch::{MAX_METRICS_PER_REQUEST, put_metrics, put_metrics_with};
pub use hub_import::{
    ASFF_SCHEMA_VERSION, ImportOutcome, MAX_FINDINGS_PER_IMPORT, import_findings,
    import_findings_with,
};
pub use pushgateway::{PUSH_JOB, push_metrics};
pub use sqs::{send_summary, send_summary_with};

use chrono::Utc;
use gonogo_checks::aws::{AwsOptions, load_sdk_config};
use gonogo_core::{ApiCall, api_calls};

use crate::error::DeliveryError;
use crate::service::Audited;

/// One place an audit's outcome is sent.
#[derive(Clone, Debug, PartialEq)]
pub enum Destination {
    /// Score, verdict and counts as CloudWatch metrics under this namespace.
    CloudWatch {
        /// The namespace (`gonogo` by default).
        namespace: String,
    },
    /// A JSON notification (verdict, score, new failures, report files) to this SQS queue.
    Sqs {
        /// The queue URL.
        queue_url: String,
    },
    /// Each account's metrics pushed to this Prometheus Pushgateway (`http://host:9091`).
    Pushgateway {
        /// Its URL.
        url: String,
    },
    /// The findings imported into Security Hub in each audited account and region, with the
    /// credentials each account was audited with.
    SecurityHub,
}

impl Destination {
    /// How errors name it.
    fn label(&self) -> &'static str {
        match self {
            Destination::CloudWatch { .. } => "CloudWatch",
            Destination::Sqs { .. } => "SQS",
            Destination::Pushgateway { .. } => "Pushgateway",
            Destination::SecurityHub => "Security Hub",
        }
    }
}

/// Sends `audited` to each destination in turn. CloudWatch and SQS are reached with the
/// credentials `aws` resolves to; `files` are the report files written, which the SQS
/// notification names.
pub async fn deliver(
    destinations: &[Destination],
    aws: &AwsOptions,
    audited: &Audited,
    files: &[String],
) -> Vec<DeliveryError> {
    let mut errors = Vec::new();
    let mut config = None;
    for destination in destinations {
        let failed = |message: String| DeliveryError {
            destination: destination.label().to_owned(),
            message,
        };
        let needs_config = matches!(
            destination,
            Destination::CloudWatch { .. } | Destination::Sqs { .. }
        );
        if needs_config && config.is_none() {
            match load_sdk_config(aws).await {
                Ok(loaded) => config = Some(loaded),
                Err(err) => {
                    errors.push(failed(err.to_string()));
                    continue;
                }
            }
        }
        let result = match (destination, &config) {
            (Destination::CloudWatch { namespace }, Some(config)) => {
                publish::publish_metrics(config, namespace, &audited.accounts).await
            }
            (Destination::Sqs { queue_url }, Some(config)) => {
                publish::notify(config, queue_url, &audited.report, files.to_vec()).await
            }
            (Destination::Pushgateway { url }, _) => {
                publish::push_to_gateway(url, &audited.accounts).await
            }
            (Destination::SecurityHub, _) => {
                let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                let accounts: Vec<_> = audited
                    .accounts
                    .iter()
                    .filter_map(|report| {
                        let session = audited.sessions.get(report.target.account_id.as_deref()?)?;
                        Some((report.clone(), session.clone()))
                    })
                    .collect();
                errors.extend(
                    security_hub::export(&accounts, &now)
                        .await
                        .into_iter()
                        .map(&failed),
                );
                Ok(())
            }
            (_, None) => Ok(()),
        };
        if let Err(message) = result {
            errors.push(failed(message));
        }
    }
    errors
}

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
