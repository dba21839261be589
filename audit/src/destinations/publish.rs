//! Sending to CloudWatch (`--publish-metrics`), SQS (`--notify-sqs`) and a Pushgateway
//! (`--pushgateway`) what the reports crate builds from the reports.

use aws_config::SdkConfig;
use gonogo_reports::{
    AccountLabel, PROMETHEUS_CONTENT_TYPE, Report, dedup_id, metric_points, notification,
    render_prometheus,
};

use super::cloudwatch::put_metrics;
use super::pushgateway::push_metrics;
use super::sqs::send_summary;

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
