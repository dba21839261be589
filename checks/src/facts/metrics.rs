//! Reading metric series through GetMetricData: many series per call, every page.

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use aws_smithy_types::DateTime as SmithyDateTime;
use chrono::{DateTime, Utc};
use gonogo_core::{FactError, FactInfo};

use crate::aws::sdk_error;

/// Queries per GetMetricData call (the API allows 500; fewer keeps each answer within its
/// datapoint limit for a day of 5-minute points).
const QUERIES_PER_CALL: usize = 250;

/// One series to read: a metric with one dimension, a statistic and a period.
pub(crate) struct SeriesQuery<'a> {
    /// Namespace.
    pub namespace: &'a str,
    /// Metric name.
    pub metric: &'a str,
    /// The one dimension's name.
    pub dimension: &'a str,
    /// Its value.
    pub value: &'a str,
    /// `Average`, `Sum`, …
    pub stat: &'a str,
    /// Seconds.
    pub period: i32,
}

/// Timestamped values, oldest first.
pub type Series = Vec<(DateTime<Utc>, f64)>;

/// Reads every series between `start` and `end`, in the order of `queries`.
pub(crate) async fn read_series(
    client: &aws_sdk_cloudwatch::Client,
    queries: &[SeriesQuery<'_>],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    fact: &'static FactInfo,
) -> Result<Vec<Series>, FactError> {
    let mut series: Vec<Series> = vec![Vec::new(); queries.len()];
    for (chunk_index, chunk) in queries.chunks(QUERIES_PER_CALL).enumerate() {
        let offset = chunk_index * QUERIES_PER_CALL;
        let data_queries: Vec<MetricDataQuery> = chunk
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let metric = Metric::builder()
                    .namespace(q.namespace)
                    .metric_name(q.metric)
                    .dimensions(
                        Dimension::builder()
                            .name(q.dimension)
                            .value(q.value)
                            .build(),
                    )
                    .build();
                MetricDataQuery::builder()
                    .id(format!("q{}", offset + i))
                    .metric_stat(
                        MetricStat::builder()
                            .metric(metric)
                            .period(q.period)
                            .stat(q.stat)
                            .build(),
                    )
                    .return_data(true)
                    .build()
            })
            .collect();
        let mut pages = client
            .get_metric_data()
            .set_metric_data_queries(Some(data_queries))
            .start_time(SmithyDateTime::from_secs(start.timestamp()))
            .end_time(SmithyDateTime::from_secs(end.timestamp()))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|err| sdk_error(fact, err))?;
            for result in page.metric_data_results() {
                let index = result
                    .id()
                    .and_then(|id| id.strip_prefix('q'))
                    .and_then(|i| i.parse::<usize>().ok());
                let Some(points) = index.and_then(|i| series.get_mut(i)) else {
                    continue;
                };
                for (ts, value) in result.timestamps().iter().zip(result.values()) {
                    if let Some(ts) = DateTime::from_timestamp(ts.secs(), 0) {
                        points.push((ts, *value));
                    }
                }
            }
        }
    }
    for points in &mut series {
        points.sort_by_key(|(ts, _)| *ts);
    }
    Ok(series)
}
