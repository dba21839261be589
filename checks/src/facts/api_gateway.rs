//! API Gateway: every stage of the region's REST APIs (`apigateway`) and HTTP and WebSocket
//! APIs (`apigatewayv2`), with its throttling limits and access log destination. Stages are
//! read per API: neither service lists them account-wide.

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// APIs whose stages are read at once.
const STAGE_CALL_CONCURRENCY: usize = 8;

/// The method-settings key of a REST stage's own (all-methods) settings.
const ALL_METHODS: &str = "*/*";

/// A stage's throttling limits.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Throttling {
    /// Steady requests per second.
    pub rate_limit: f64,
    /// Burst size.
    pub burst_limit: i32,
}

/// One stage of one API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiStage {
    /// The API's id.
    pub api_id: String,
    /// The API's name.
    pub api_name: String,
    /// `REST`, `HTTP` or `WEBSOCKET`.
    pub protocol: String,
    /// Stage name.
    pub stage: String,
    /// The stage's ARN.
    pub arn: String,
    /// Its stage-wide throttling (a REST stage's `*/*` method settings, an HTTP or WebSocket
    /// stage's default route settings), when both limits are set.
    pub throttling: Option<Throttling>,
    /// Where its access logs go, when they are on.
    pub access_log_destination: Option<String>,
}

impl ApiStage {
    /// `api-name/stage`, as findings name a stage.
    pub fn label(&self) -> String {
        format!("{}/{}", self.api_name, self.stage)
    }
}

/// Every stage of every API in the region, sorted by API name and stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiStages {
    /// The stages.
    pub stages: Vec<ApiStage>,
}

#[async_trait]
impl Fact for ApiStages {
    const NAME: &'static str = "API Gateway stages";
    const KEY: &'static str = "apigateway.stages";
    // API Gateway authorizes its management API by HTTP verb on the resource path.
    const CALLS: &'static [ApiCall] = &[
        ApiCall::new("API Gateway", "GetRestApis", "apigateway:GET"),
        ApiCall::new("API Gateway", "GetStages", "apigateway:GET"),
        ApiCall::new("ApiGatewayV2", "GetApis", "apigateway:GET"),
        ApiCall::new("ApiGatewayV2", "GetStages", "apigateway:GET"),
    ];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let region = facts.region().unwrap_or_default().to_owned();
        let rest = crate::aws_client!(aws_sdk_apigateway, *config);
        let http = crate::aws_client!(aws_sdk_apigatewayv2, *config);
        let (rest, http) =
            futures::try_join!(rest_stages(&rest, &region), http_stages(&http, &region))?;
        let mut stages: Vec<ApiStage> = rest.into_iter().chain(http).collect();
        stages.sort_by(|a, b| {
            (&a.api_name, &a.api_id, &a.stage).cmp(&(&b.api_name, &b.api_id, &b.stage))
        });
        Ok(Self { stages })
    }
}

/// The stages of every REST API.
async fn rest_stages(
    client: &aws_sdk_apigateway::Client,
    region: &str,
) -> Result<Vec<ApiStage>, FactError> {
    let apis: Vec<(String, String)> = client
        .get_rest_apis()
        .limit(500)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| sdk_error(&ApiStages::INFO, err))?
        .iter()
        .map(|api| {
            (
                api.id().unwrap_or_default().to_owned(),
                api.name().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let per_api: Vec<Vec<ApiStage>> = futures::stream::iter(apis)
        .map(|(api_id, api_name)| async move {
            let out = client
                .get_stages()
                .rest_api_id(&api_id)
                .send()
                .await
                .map_err(|err| sdk_error(&ApiStages::INFO, err))?;
            Ok::<_, FactError>(
                out.item()
                    .iter()
                    .map(|stage| {
                        let name = stage.stage_name().unwrap_or_default().to_owned();
                        let all = stage.method_settings().and_then(|m| m.get(ALL_METHODS));
                        ApiStage {
                            arn: format!(
                                "arn:aws:apigateway:{region}::/restapis/{api_id}/stages/{name}"
                            ),
                            api_id: api_id.clone(),
                            api_name: api_name.clone(),
                            protocol: "REST".to_owned(),
                            throttling: all
                                .filter(|s| {
                                    s.throttling_rate_limit() > 0.0
                                        && s.throttling_burst_limit() > 0
                                })
                                .map(|s| Throttling {
                                    rate_limit: s.throttling_rate_limit(),
                                    burst_limit: s.throttling_burst_limit(),
                                }),
                            access_log_destination: log_destination(
                                stage
                                    .access_log_settings()
                                    .and_then(|a| a.destination_arn()),
                            ),
                            stage: name,
                        }
                    })
                    .collect(),
            )
        })
        .buffer_unordered(STAGE_CALL_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(per_api.into_iter().flatten().collect())
}

/// The stages of every HTTP and WebSocket API.
async fn http_stages(
    client: &aws_sdk_apigatewayv2::Client,
    region: &str,
) -> Result<Vec<ApiStage>, FactError> {
    let mut apis = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .get_apis()
            .max_results("500")
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|err| sdk_error(&ApiStages::INFO, err))?;
        apis.extend(page.items().iter().map(|api| {
            (
                api.api_id().unwrap_or_default().to_owned(),
                api.name().unwrap_or_default().to_owned(),
                api.protocol_type()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
            )
        }));
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_owned()),
            _ => break,
        }
    }
    let per_api: Vec<Vec<ApiStage>> = futures::stream::iter(apis)
        .map(|(api_id, api_name, protocol)| async move {
            let mut stages = Vec::new();
            let mut token: Option<String> = None;
            loop {
                let page = client
                    .get_stages()
                    .api_id(&api_id)
                    .max_results("500")
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|err| sdk_error(&ApiStages::INFO, err))?;
                stages.extend(page.items().iter().map(|stage| {
                    let name = stage.stage_name().unwrap_or_default().to_owned();
                    let defaults = stage.default_route_settings();
                    ApiStage {
                        arn: format!("arn:aws:apigateway:{region}::/apis/{api_id}/stages/{name}"),
                        api_id: api_id.clone(),
                        api_name: api_name.clone(),
                        protocol: protocol.clone(),
                        throttling: defaults
                            .and_then(|d| d.throttling_rate_limit().zip(d.throttling_burst_limit()))
                            .filter(|(rate, burst)| *rate > 0.0 && *burst > 0)
                            .map(|(rate_limit, burst_limit)| Throttling {
                                rate_limit,
                                burst_limit,
                            }),
                        access_log_destination: log_destination(
                            stage
                                .access_log_settings()
                                .and_then(|a| a.destination_arn()),
                        ),
                        stage: name,
                    }
                }));
                match page.next_token() {
                    Some(next) if !next.is_empty() => token = Some(next.to_owned()),
                    _ => break,
                }
            }
            Ok::<_, FactError>(stages)
        })
        .buffer_unordered(STAGE_CALL_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(per_api.into_iter().flatten().collect())
}

/// A stage's access log destination; API Gateway answers an empty one for "none".
fn log_destination(arn: Option<&str>) -> Option<String> {
    arn.filter(|d| !d.is_empty()).map(str::to_owned)
}
