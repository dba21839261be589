//! The SDK interceptor that counts every call, attempt, error response and throttle: API-call
//! accounting without counters sprinkled through the facts.

use std::sync::Arc;
use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use gonogo_core::stats::ApiCounter;

/// Counts the calls of every client it is added to.
#[derive(Clone, Debug, Default)]
pub struct StatsInterceptor(pub Arc<ApiCounter>);

#[derive(Debug, Clone)]
struct CallStarted(Instant);

impl Storable for CallStarted {
    type Storer = StoreReplace<Self>;
}

fn names(cfg: &ConfigBag) -> (String, String) {
    cfg.load::<Metadata>()
        .map(|m| (m.service().to_owned(), m.name().to_owned()))
        .unwrap_or_else(|| ("unknown".to_owned(), "unknown".to_owned()))
}

impl Intercept for StatsInterceptor {
    fn name(&self) -> &'static str {
        "gonogo-api-stats"
    }

    fn read_before_execution(
        &self,
        _: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state()
            .store_put(CallStarted(Instant::now()));
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = names(cfg);
        self.0.attempt(&service, &operation);
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(response) = context.response() {
            let status = response.status().as_u16();
            let body = response.body().bytes().unwrap_or_default();
            let throttled = status == 429 || (status >= 400 && is_throttling_body(body));
            let (service, operation) = names(cfg);
            self.0.answered(&service, &operation, status, throttled);
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        _: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let took = cfg
            .load::<CallStarted>()
            .map(|s| s.0.elapsed())
            .unwrap_or_default();
        let (service, operation) = names(cfg);
        self.0.call(&service, &operation, took);
        Ok(())
    }
}

/// Whether an error body carries one of AWS's throttling codes (query XML or JSON protocols).
fn is_throttling_body(body: &[u8]) -> bool {
    const CODES: [&str; 6] = [
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
        "SlowDown",
    ];
    let text = String::from_utf8_lossy(body);
    CODES.iter().any(|code| {
        text.contains(&format!("<Code>{code}</Code>"))
            || text.contains(&format!("\"{code}\""))
            || text.contains(&format!("#{code}\""))
    })
}
