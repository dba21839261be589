//! Lambda: the functions of [`LambdaConfigurations`], with their Errors and Invocations over the last day.

use crate::facts::LambdaConfigurations;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::sdk_config;
use crate::facts::metrics::{SeriesQuery, read_series};

/// Minutes of metric history collected: the longest window a check may sum over.
pub const LAMBDA_HISTORY_MINUTES: i64 = 24 * 60;

/// One function with its recent Errors and Invocations (5-minute sums).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LambdaFunction {
    /// Function name.
    pub name: String,
    /// Function ARN.
    pub arn: String,
    /// `Errors` sums, oldest first.
    pub errors: Vec<(DateTime<Utc>, f64)>,
    /// `Invocations` sums, oldest first.
    pub invocations: Vec<(DateTime<Utc>, f64)>,
}

impl LambdaFunction {
    /// Errors since `since`.
    pub fn errors_since(&self, since: DateTime<Utc>) -> f64 {
        sum_since(&self.errors, since)
    }

    /// Invocations since `since`.
    pub fn invocations_since(&self, since: DateTime<Utc>) -> f64 {
        sum_since(&self.invocations, since)
    }
}

fn sum_since(points: &[(DateTime<Utc>, f64)], since: DateTime<Utc>) -> f64 {
    let sum: f64 = points
        .iter()
        .filter(|(ts, _)| *ts >= since)
        .map(|(_, v)| v)
        .sum();
    // The empty sum is -0.0; adding 0.0 makes it 0.0, which prints as "0".
    sum + 0.0
}

/// Every function in the region with a day of its metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LambdaFunctions {
    /// Functions, sorted by name.
    pub functions: Vec<LambdaFunction>,
}

#[async_trait]
impl Fact for LambdaFunctions {
    const NAME: &'static str = "Lambda functions";
    const KEY: &'static str = "lambda.functions";
    const CALLS: &'static [ApiCall] = &[ApiCall::new(
        "CloudWatch",
        "GetMetricData",
        "cloudwatch:GetMetricData",
    )];
    const NEEDS: &'static [&'static FactInfo] = &[&LambdaConfigurations::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let listed = facts.get::<LambdaConfigurations>().await?;
        let functions: Vec<(String, String)> = listed
            .functions
            .iter()
            .map(|f| (f.name.clone(), f.arn.clone()))
            .collect();
        let queries: Vec<SeriesQuery<'_>> = ["Errors", "Invocations"]
            .into_iter()
            .flat_map(|metric| {
                functions.iter().map(move |(function, _)| SeriesQuery {
                    namespace: "AWS/Lambda",
                    metric,
                    dimension: "FunctionName",
                    value: function,
                    stat: "Sum",
                    period: 300,
                })
            })
            .collect();
        let end = facts.now();
        let start = end - Duration::minutes(LAMBDA_HISTORY_MINUTES);
        let client = crate::aws_client!(aws_sdk_cloudwatch, *config);
        let mut series = read_series(&client, &queries, start, end, &Self::INFO).await?;
        let invocations = series.split_off(functions.len());
        let functions = functions
            .into_iter()
            .zip(series.into_iter().zip(invocations))
            .map(|((name, arn), (errors, invocations))| LambdaFunction {
                name,
                arn,
                errors,
                invocations,
            })
            .collect();
        Ok(Self { functions })
    }
}
