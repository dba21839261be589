//! Lambda: every function's configuration, from one paginated listing, and each function's
//! resource policy (a fact of its own: Lambda has no batch policy read).

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::{CallerIdentity, ResourcePolicy};

/// Policies read at once.
const POLICY_CALL_CONCURRENCY: usize = 8;

/// One function's configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionConfiguration {
    /// Function name.
    pub name: String,
    /// Function ARN.
    pub arn: String,
    /// `python3.12`, `nodejs20.x`, … (`None` for a container image).
    pub runtime: Option<String>,
    /// `Zip` or `Image`.
    pub package_type: Option<String>,
    /// Where failed asynchronous events go (an SQS queue or SNS topic ARN).
    pub dead_letter_target: Option<String>,
}

/// Every function in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LambdaConfigurations {
    /// The functions.
    pub functions: Vec<FunctionConfiguration>,
}

#[async_trait]
impl Fact for LambdaConfigurations {
    const NAME: &'static str = "Lambda function configurations";
    const KEY: &'static str = "lambda.configurations";
    const CALLS: &'static [ApiCall] = api_calls!("Lambda", "lambda": ListFunctions);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let listed: Vec<_> = crate::aws_client!(aws_sdk_lambda, *config)
            .list_functions()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut functions: Vec<FunctionConfiguration> = listed
            .iter()
            .map(|f| FunctionConfiguration {
                name: f.function_name().unwrap_or_default().to_owned(),
                arn: f.function_arn().unwrap_or_default().to_owned(),
                runtime: f.runtime().map(|r| r.as_str().to_owned()),
                package_type: f.package_type().map(|p| p.as_str().to_owned()),
                dead_letter_target: f
                    .dead_letter_config()
                    .and_then(|d| d.target_arn())
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            })
            .collect();
        functions.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { functions })
    }
}

/// The resource policy of each function, in the order of [`LambdaConfigurations`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LambdaPolicies {
    /// The policies.
    pub policies: Vec<ResourcePolicy>,
}

#[async_trait]
impl Fact for LambdaPolicies {
    const NAME: &'static str = "Lambda resource policies";
    const KEY: &'static str = "lambda.policies";
    const CALLS: &'static [ApiCall] = api_calls!("Lambda", "lambda": GetPolicy);
    const NEEDS: &'static [&'static FactInfo] = &[&LambdaConfigurations::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let functions = facts.get::<LambdaConfigurations>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_lambda, *config);
        let named: Vec<(String, String)> = functions
            .functions
            .iter()
            .map(|function| (function.name.clone(), function.arn.clone()))
            .collect();
        let policies = futures::stream::iter(named)
            .map(|(name, arn)| {
                let client = client.clone();
                async move {
                    let policy = |policy: Option<&str>| ResourcePolicy {
                        name: name.clone(),
                        arn: arn.clone(),
                        policy: policy.filter(|p| !p.is_empty()).map(str::to_owned),
                    };
                    match client.get_policy().function_name(&arn).send().await {
                        Ok(out) => Ok(policy(out.policy())),
                        // A function with no policy, or one deleted since the listing.
                        Err(err)
                            if err
                                .as_service_error()
                                .is_some_and(|e| e.is_resource_not_found_exception()) =>
                        {
                            Ok(policy(None))
                        }
                        Err(err) => Err(sdk_error(&Self::INFO, err)),
                    }
                }
            })
            .buffered(POLICY_CALL_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Self { policies })
    }
}

/// Where each function sends the asynchronous events it fails, from the event invoke
/// configuration of its unqualified version (one read per function: Lambda has no
/// account-wide listing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LambdaFailureDestinations {
    /// Function ARN → where its failed asynchronous events go; a function without an
    /// on-failure destination is absent.
    pub destinations: BTreeMap<String, String>,
}

#[async_trait]
impl Fact for LambdaFailureDestinations {
    const NAME: &'static str = "Lambda failure destinations";
    const KEY: &'static str = "lambda.failure-destinations";
    const CALLS: &'static [ApiCall] = api_calls!("Lambda", "lambda": GetFunctionEventInvokeConfig);
    const NEEDS: &'static [&'static FactInfo] = &[&LambdaConfigurations::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let functions = facts.get::<LambdaConfigurations>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_lambda, *config);
        let arns: Vec<String> = functions.functions.iter().map(|f| f.arn.clone()).collect();
        let destinations = futures::stream::iter(arns)
            .map(|arn| {
                let client = client.clone();
                async move {
                    let target = match client
                        .get_function_event_invoke_config()
                        .function_name(&arn)
                        .send()
                        .await
                    {
                        Ok(out) => out
                            .destination_config()
                            .and_then(|d| d.on_failure())
                            .and_then(|f| f.destination())
                            .filter(|d| !d.is_empty())
                            .map(str::to_owned),
                        // No configuration (or a function deleted since the listing).
                        Err(err)
                            if err
                                .as_service_error()
                                .is_some_and(|e| e.is_resource_not_found_exception()) =>
                        {
                            None
                        }
                        Err(err) => return Err(sdk_error(&Self::INFO, err)),
                    };
                    Ok(target.map(|target| (arn, target)))
                }
            })
            .buffer_unordered(POLICY_CALL_CONCURRENCY)
            .try_collect::<Vec<_>>()
            .await?;
        Ok(Self {
            destinations: destinations.into_iter().flatten().collect(),
        })
    }
}
