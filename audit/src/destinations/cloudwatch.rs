//! Posture metrics through CloudWatch PutMetricData, batched within the API's limits.

use aws_config::SdkConfig;
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};
use aws_smithy_types::DateTime;
use gonogo_reports::MetricPoint;

use gonogo_checks::aws::{describe, find_call};

/// Most metric data one PutMetricData request carries (the API's limit is 1,000 per
/// request, and 1 MB; 1,000 small gonogo data points stay far under the size limit).
pub const MAX_METRICS_PER_REQUEST: usize = 1000;

/// Publishes the points to `namespace` with the configuration's credentials and region.
pub async fn put_metrics(
    config: &SdkConfig,
    namespace: &str,
    points: &[MetricPoint],
) -> Result<usize, String> {
    put_metrics_with(&aws_sdk_cloudwatch::Client::new(config), namespace, points).await
}

/// [`put_metrics`] through a given client; returns how many requests it took.
pub async fn put_metrics_with(
    client: &aws_sdk_cloudwatch::Client,
    namespace: &str,
    points: &[MetricPoint],
) -> Result<usize, String> {
    let mut requests = 0;
    for batch in points.chunks(MAX_METRICS_PER_REQUEST) {
        let data: Vec<MetricDatum> = batch.iter().map(datum).collect();
        client
            .put_metric_data()
            .namespace(namespace)
            .set_metric_data(Some(data))
            .send()
            .await
            .map_err(|err| {
                format!(
                    "could not publish metrics to CloudWatch namespace {namespace}: {}",
                    describe(&err, |s, o| find_call(super::METRIC_CALLS, s, o))
                )
            })?;
        requests += 1;
    }
    Ok(requests)
}

fn datum(point: &MetricPoint) -> MetricDatum {
    let dimensions = point
        .dimensions
        .iter()
        .map(|(name, value)| Dimension::builder().name(*name).value(value).build())
        .collect();
    MetricDatum::builder()
        .metric_name(point.name)
        .set_dimensions(Some(dimensions))
        .value(point.value)
        .unit(if point.count {
            StandardUnit::Count
        } else {
            StandardUnit::None
        })
        .timestamp(DateTime::from_secs(point.timestamp))
        .build()
}

#[cfg(test)]
mod tests {
    //! Batching is shown with `aws-smithy-mocks` counting requests; publishing and reading
    //! back runs against moto in `tests/`.

    use aws_sdk_cloudwatch::operation::put_metric_data::PutMetricDataOutput;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    fn points(n: usize) -> Vec<MetricPoint> {
        (0..n)
            .map(|i| MetricPoint {
                name: "Checks",
                dimensions: vec![("Account", format!("{i:012}"))],
                value: 1.0,
                count: true,
                timestamp: 1_700_000_000,
            })
            .collect()
    }

    #[tokio::test]
    async fn batches_never_exceed_the_api_limit() {
        let put = mock!(aws_sdk_cloudwatch::Client::put_metric_data)
            .match_requests(|r| r.metric_data().len() <= MAX_METRICS_PER_REQUEST)
            .then_output(|| PutMetricDataOutput::builder().build());
        let client = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, [&put]);
        let requests = put_metrics_with(&client, "gonogo", &points(2500))
            .await
            .unwrap();
        assert_eq!(requests, 3);
        assert_eq!(put.num_calls(), 3);
    }

    #[tokio::test]
    async fn a_failed_put_is_an_error() {
        let put = mock!(aws_sdk_cloudwatch::Client::put_metric_data).then_http_response(|| {
            aws_smithy_runtime_api::http::Response::new(
                aws_smithy_runtime_api::http::StatusCode::try_from(500).unwrap(),
                aws_smithy_types::body::SdkBody::from("boom"),
            )
        });
        let client = mock_client!(aws_sdk_cloudwatch, [&put]);
        let err = put_metrics_with(&client, "gonogo", &points(1))
            .await
            .unwrap_err();
        assert!(err.starts_with("could not publish metrics"), "{err}");
    }
}
