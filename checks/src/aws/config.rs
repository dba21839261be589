//! Loading the SDK configuration: the one place an `SdkConfig` is built.

use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use gonogo_core::{FactError, Facts};

use crate::aws::{BudgetTag, CallLabels, EndpointResolver, RequestBudget, StatsInterceptor};
use crate::facts::CallerIdentity;

/// Command-line overrides of the standard AWS configuration chain.
#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    /// `--region`; else `AWS_REGION`, the profile, …
    pub region: Option<String>,
    /// `--profile`; else `AWS_PROFILE` or `default`.
    pub profile: Option<String>,
    /// `--endpoint-url`; else `AWS_ENDPOINT_URL` (moto, LocalStack).
    pub endpoint_url: Option<String>,
    /// `--timeout`: the longest one API call may take, retries included, when shorter than
    /// the default (50 s). A fact that times out fails once for every check that reads it.
    pub call_timeout: Option<Duration>,
}

/// The longest one API call may take, retries included, unless `--timeout` is shorter.
const CALL_TIMEOUT: Duration = Duration::from_secs(50);
/// The longest an answer may take once a request is sent. No timeout is set on a whole
/// attempt: an attempt includes the wait on the request budget, which is not AWS being slow.
const READ_TIMEOUT: Duration = Duration::from_secs(20);
/// The longest a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// The configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No region anywhere in the chain.
    #[error("no AWS region configured: pass --region or set AWS_REGION")]
    NoRegion,
    /// A region that is none of AWS's (from `--region`, `AWS_REGION` or the profile).
    #[error("{0}")]
    NotARegion(String),
}

/// Loads the SDK configuration through the standard chain (env, profiles, SSO, process
/// credentials), with one rustls/ring HTTPS client, bounded timeouts and standard retries
/// (which back off on throttling).
pub async fn load_sdk_config(options: &AwsOptions) -> Result<SdkConfig, ConfigError> {
    let http_client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_with_resolver(EndpointResolver);
    let call = options
        .call_timeout
        .map_or(CALL_TIMEOUT, |t| t.min(CALL_TIMEOUT));
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(call))
        .read_timeout(READ_TIMEOUT.min(call))
        .operation_timeout(call)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client)
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(3));
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(endpoint) = &options.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    let config = loader.load().await;
    match config.region() {
        None => Err(ConfigError::NoRegion),
        Some(region) => {
            gonogo_core::region_names::check_region(region.as_ref())
                .map_err(ConfigError::NotARegion)?;
            Ok(config)
        }
    }
}

/// The SDK configuration of a live audit: a resource of the facts store (not a fact: it is
/// not part of a snapshot), inserted by the binary before checks run. Every client is built
/// from it with [`aws_client!`](crate::aws_client), so every call is counted.
#[derive(Clone, Debug)]
pub struct AwsConfig {
    /// The SDK configuration.
    pub sdk: SdkConfig,
    /// Counts the calls of every client built from this configuration.
    pub stats: StatsInterceptor,
    /// Labels every response with its call, host and principal, for readable errors.
    pub labels: CallLabels,
    /// Tags every request for the request budget its HTTP client waits on.
    pub budget_tag: BudgetTag,
}

impl AwsConfig {
    /// A configuration whose clients count their calls into a new counter and wait on the
    /// default request budgets ([`RequestBudget`]) of one account and region.
    pub fn new(sdk: SdkConfig) -> Self {
        Self::with_max_rps(sdk, None)
    }

    /// [`AwsConfig::new`], all its requests together also held to `max_rps` a second.
    pub fn with_max_rps(sdk: SdkConfig, max_rps: Option<f64>) -> Self {
        let stats = StatsInterceptor::default();
        let budget = Arc::new(RequestBudget::new(max_rps, Arc::clone(&stats.0)));
        let sdk = match sdk.http_client() {
            Some(client) => sdk.to_builder().http_client(budget.wrap(client)).build(),
            None => sdk,
        };
        Self {
            sdk,
            stats,
            labels: CallLabels::default(),
            budget_tag: BudgetTag,
        }
    }
}

/// A client of `$sdk` (an `aws_sdk_*` crate) from an [`AwsConfig`], with the call counter;
/// with `region: R`, for region `R` instead of the configuration's (a bucket's, a trail's
/// home, a log group's).
#[macro_export]
macro_rules! aws_client {
    ($sdk:ident, $config:expr, region: $region:expr) => {{
        let config: &$crate::aws::AwsConfig = &$config;
        $sdk::Client::from_conf(
            $sdk::config::Builder::from(&config.sdk)
                .interceptor(config.stats.clone())
                .interceptor(config.labels.clone())
                .interceptor(config.budget_tag.clone())
                .region($sdk::config::Region::new(::std::string::String::from(
                    $region,
                )))
                .build(),
        )
    }};
    ($sdk:ident, $config:expr) => {{
        let config: &$crate::aws::AwsConfig = &$config;
        $sdk::Client::from_conf(
            $sdk::config::Builder::from(&config.sdk)
                .interceptor(config.stats.clone())
                .interceptor(config.labels.clone())
                .interceptor(config.budget_tag.clone())
                .build(),
        )
    }};
}

/// The SDK configuration for a collector, once the credentials are known to work. When they do
/// not, the fact is unavailable ("no valid credentials") and its checks are skipped, leaving the
/// one credentials check to fail instead of a wall of errors.
pub async fn sdk_config(facts: &Facts, fact: &'static str) -> Result<Arc<AwsConfig>, FactError> {
    let config = facts
        .resource::<AwsConfig>()
        .ok_or_else(|| FactError::unavailable(fact, "no AWS configuration"))?;
    let identity = facts
        .get::<CallerIdentity>()
        .await
        .map_err(|_| FactError::unavailable(fact, "no valid credentials"))?;
    // The principal an access-denied error names.
    let _already = config.labels.principal.set(identity.arn.clone());
    Ok(config)
}
