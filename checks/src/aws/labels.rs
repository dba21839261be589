//! The SDK interceptor that labels every response with what was asked of whom: the call
//! (`SQS GetQueueAttributes`), the host it went to, and the caller's ARN once known. An error
//! built from the response can then say "access denied: sqs:GetQueueAttributes is not allowed
//! for arn:…" or "HTTP 503 from proxy.corp for SQS ListQueues: not an AWS response" without
//! the call sites passing any of it.

use std::sync::{Arc, OnceLock};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// Response header: `<Service> <Operation>`.
pub(crate) const CALL_HEADER: &str = "x-gonogo-call";
/// Response header: the host the request went to.
pub(crate) const HOST_HEADER: &str = "x-gonogo-host";
/// Response header: the caller's ARN, once the caller identity is known.
pub(crate) const PRINCIPAL_HEADER: &str = "x-gonogo-principal";

/// Labels the responses of every client it is added to.
#[derive(Clone, Debug, Default)]
pub struct CallLabels {
    /// The caller's ARN, set once the caller identity is collected.
    pub principal: Arc<OnceLock<String>>,
}

#[derive(Debug, Clone)]
struct RequestHost(String);

impl Storable for RequestHost {
    type Storer = StoreReplace<Self>;
}

impl Intercept for CallLabels {
    fn name(&self) -> &'static str {
        "gonogo-call-labels"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let host = host_of(context.request().uri()).to_owned();
        cfg.interceptor_state().store_put(RequestHost(host));
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let call = call_of(cfg);
        let host = cfg.load::<RequestHost>().map(|h| h.0.clone());
        let headers = context.response_mut().headers_mut();
        if let Some(call) = call {
            headers.insert(CALL_HEADER, call);
        }
        if let Some(host) = host {
            headers.insert(HOST_HEADER, host);
        }
        if let Some(principal) = self.principal.get() {
            headers.insert(PRINCIPAL_HEADER, principal.clone());
        }
        Ok(())
    }
}

/// The call a request is of, `<Service> <Operation>` (`SQS GetQueueAttributes`), from the
/// operation's metadata.
pub(crate) fn call_of(cfg: &ConfigBag) -> Option<String> {
    cfg.load::<Metadata>()
        .map(|m| format!("{} {}", m.service(), m.name()))
}

/// The host (and port) of a URI: `https://sqs.us-east-1.amazonaws.com/` is
/// `sqs.us-east-1.amazonaws.com`.
fn host_of(uri: &str) -> &str {
    let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_between_the_scheme_and_the_path() {
        assert_eq!(
            host_of("https://sqs.us-east-1.amazonaws.com/?Action=ListQueues"),
            "sqs.us-east-1.amazonaws.com"
        );
        assert_eq!(host_of("http://127.0.0.1:5000/"), "127.0.0.1:5000");
        assert_eq!(host_of("http://127.0.0.1:5000"), "127.0.0.1:5000");
    }
}
