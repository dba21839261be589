//! SDK errors in words a person can read, one short line each:
//!
//! - access denied names the IAM action (from the declarations) and the principal:
//!   `access denied: sqs:GetQueueAttributes is not allowed for arn:aws:iam::1…:user/auditor`;
//! - an answer that is not AWS's (a proxy's HTML page, an empty body, another content type):
//!   `HTTP 503 from proxy.corp:8080 for SQS ListQueues: not an AWS response`;
//! - a transport failure says what failed: connection refused, timed out, reset, TLS;
//! - any other AWS error: `SQS ListQueues: Throttling: Rate exceeded`.
//!
//! Never the SDK's `Debug` dump, "unhandled error" or a deserializer's "Error at offset 0".
//! The call, host and principal come from the labels [`CallLabels`](super::CallLabels) puts
//! on every response.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use gonogo_core::{ApiCall, FactError, FactInfo};

use super::labels::{CALL_HEADER, HOST_HEADER, PRINCIPAL_HEADER};

/// Error codes AWS answers a refused authorization with, across its protocols.
const DENIED_CODES: [&str; 6] = [
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "AuthorizationErrorException",
    "Forbidden",
];

/// A failed collection of `fact`, caused by an SDK error.
pub fn sdk_error<E>(fact: &'static FactInfo, err: SdkError<E, Response>) -> FactError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    FactError::failed(
        fact.name,
        describe(&err, |service, operation| fact.call(service, operation)),
    )
}

/// The one line for `err`; `declared` names the IAM action of a call (service, operation).
pub fn describe<E>(
    err: &SdkError<E, Response>,
    declared: impl Fn(&str, &str) -> Option<ApiCall>,
) -> String
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match err {
        SdkError::ConstructionFailure(_) => {
            format!("could not build the request: {}", cause_chain(err))
        }
        SdkError::TimeoutError(_) => "could not reach AWS: timed out".to_owned(),
        SdkError::DispatchFailure(failure) => transport(failure.is_timeout(), &cause_chain(err)),
        _ => match err.raw_response() {
            Some(raw) => answered(err, raw, declared),
            None => cause_chain(err),
        },
    }
}

/// One of the calls in `calls`, by service and operation.
pub fn find_call(calls: &[ApiCall], service: &str, operation: &str) -> Option<ApiCall> {
    calls.iter().find(|c| c.is(service, operation)).copied()
}

/// An error from an HTTP answer.
fn answered<E>(
    err: &SdkError<E, Response>,
    raw: &Response,
    declared: impl Fn(&str, &str) -> Option<ApiCall>,
) -> String
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let status = raw.status().as_u16();
    let header = |name: &str| raw.headers().get(name).map(str::to_owned);
    let call = header(CALL_HEADER).unwrap_or_else(|| "the AWS call".to_owned());
    // "S3 Control GetPublicAccessBlock": service names have spaces, operations none.
    let (service, operation) = call.rsplit_once(' ').unwrap_or((call.as_str(), ""));
    let host = header(HOST_HEADER).unwrap_or_else(|| "the endpoint".to_owned());
    if !from_aws(raw) {
        return format!("HTTP {status} from {host} for {call}: not an AWS response");
    }
    let code = err.code();
    let message = err.message().unwrap_or_default();
    if code.is_some_and(|c| DENIED_CODES.contains(&c)) || (status == 403 && code.is_none()) {
        let action = declared(service, operation)
            .map(|c| c.action.to_owned())
            .or_else(|| named_action(message))
            .unwrap_or_else(|| format!("{}:{operation}", service.to_lowercase()));
        let principal = header(PRINCIPAL_HEADER)
            .or_else(|| named_principal(message))
            .unwrap_or_else(|| "these credentials".to_owned());
        return format!("access denied: {action} is not allowed for {principal}");
    }
    match code {
        Some(code) if message.is_empty() => format!("{call}: {code}"),
        Some(code) => format!("{call}: {code}: {message}"),
        // An answer the SDK could not read: what it could not read is the cause.
        None => {
            let cause = std::error::Error::source(err)
                .map(cause_chain)
                .unwrap_or_else(|| "the answer names no error".to_owned());
            format!("HTTP {status} from {host} for {call}: {cause}")
        }
    }
}

/// Whether an answer is AWS's: AWS answers in XML, JSON or CBOR, and names its request.
fn from_aws(raw: &Response) -> bool {
    let headers = raw.headers();
    let typed = headers.get("content-type").is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        ["xml", "json", "cbor"].iter().any(|kind| t.contains(kind))
    });
    let named = ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"]
        .iter()
        .any(|h| headers.get(*h).is_some());
    let body = raw.body().bytes().unwrap_or_default();
    let html = body.trim_ascii_start().starts_with(b"<!") || body.starts_with(b"<html");
    (typed || named) && !html
}

/// `sqs:GetQueueAttributes` in "... is not authorized to perform: sqs:GetQueueAttributes on ...".
fn named_action(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("perform: ")?;
    rest.split_whitespace().next().map(str::to_owned)
}

/// `arn:aws:iam::…:user/x` in "User: arn:aws:iam::…:user/x is not authorized ...".
fn named_principal(message: &str) -> Option<String> {
    message
        .split_whitespace()
        .find(|word| word.starts_with("arn:"))
        .map(|arn| arn.trim_end_matches([',', '.', ';']).to_owned())
}

/// What failed on the way: refused, timed out, reset, TLS, name resolution.
fn transport(timed_out: bool, chain: &str) -> String {
    let lower = chain.to_lowercase();
    let what = if timed_out || lower.contains("timed out") || lower.contains("timeout") {
        "timed out"
    } else if lower.contains("refused") {
        "connection refused"
    } else if lower.contains("reset") || lower.contains("broken pipe") {
        "connection reset"
    } else if ["tls", "certificate", "handshake", "peer"]
        .iter()
        .any(|w| lower.contains(w))
    {
        "TLS failed"
    } else if ["dns", "resolve", "lookup", "name or service"]
        .iter()
        .any(|w| lower.contains(w))
    {
        "host not found"
    } else if lower.contains("credentials") || lower.contains("sso") {
        return credentials_problem(&lower, chain);
    } else {
        "could not connect"
    };
    format!("could not reach AWS: {what} ({chain})")
}

/// What is wrong with the credentials, in one sentence that says what to do: none were found
/// (and where they were looked for), or the SSO session expired; else the SDK's words.
fn credentials_problem(lower: &str, chain: &str) -> String {
    if lower.contains("sso") && (lower.contains("expired") || lower.contains("refresh")) {
        return "the SSO session has expired: run `aws sso login` (with the profile gonogo uses)"
            .to_owned();
    }
    let none_found = [
        "no providers in chain",
        "provider was not enabled",
        "imds",
        "could not find",
        "not loaded",
    ]
    .iter()
    .any(|sign| lower.contains(sign));
    if none_found {
        return "no AWS credentials found (looked in the environment, the shared config and credentials files for the profile, SSO, the container and the instance role): set AWS_PROFILE or pass --profile, run `aws configure` or `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".to_owned();
    }
    format!("no usable credentials: {chain}")
}

/// The `Display` texts of an error and its sources, repeated texts once, joined by `: `.
pub fn cause_chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(err) = next {
        let text = err.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        next = err.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    //! The messages of each class, pinned. The HTTP answers come from `aws-smithy-mocks`
    //! (through the real client, interceptors and deserializers); the transport failures
    //! from loopback: a port nobody listens on, a listener that never answers.

    use std::net::TcpListener;
    use std::time::Duration;

    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use aws_smithy_types::body::SdkBody;
    use gonogo_core::Fact;

    use super::*;
    use crate::aws::CallLabels;
    use crate::facts::SqsQueues;

    fn http(status: u16, content_type: Option<&str>, body: &'static str) -> Response {
        let mut response = Response::new(
            status.try_into().unwrap(),
            SdkBody::from(body.as_bytes().to_vec()),
        );
        if let Some(content_type) = content_type {
            response
                .headers_mut()
                .insert("content-type", content_type.to_owned());
        }
        response
    }

    /// What SqsQueues's collection would say of this answer to ListQueues.
    async fn said_of(answer: fn() -> Response) -> String {
        let rule = mock!(aws_sdk_sqs::Client::list_queues).then_http_response(answer);
        let labels = CallLabels::default();
        labels
            .principal
            .set("arn:aws:iam::123456789012:user/auditor".to_owned())
            .unwrap();
        let client = mock_client!(aws_sdk_sqs, RuleMode::Sequential, [&rule], |c| c
            .interceptor(labels.clone()));
        let err = client.list_queues().send().await.unwrap_err();
        sdk_error(&SqsQueues::INFO, err).to_string()
    }

    #[tokio::test]
    async fn access_denied_names_the_declared_action_and_the_principal() {
        let said = said_of(|| {
            http(
                400,
                Some("application/x-amz-json-1.0"),
                r#"{"__type":"com.amazonaws.sqs#AccessDenied","message":"not authorized"}"#,
            )
        })
        .await;
        assert_eq!(
            said,
            "failed to collect SQS queues: access denied: sqs:ListQueues is not allowed for arn:aws:iam::123456789012:user/auditor"
        );
    }

    #[tokio::test]
    async fn a_proxy_page_an_empty_body_or_another_type_is_not_an_aws_response() {
        let page = said_of(|| {
            http(
                503,
                Some("text/html"),
                "<!DOCTYPE html><h1>Bad gateway</h1>",
            )
        })
        .await;
        let empty = said_of(|| http(500, None, "")).await;
        let plain = said_of(|| http(200, Some("text/plain"), "hello")).await;
        for said in [&page, &empty, &plain] {
            assert!(!said.contains("unhandled error"), "{said}");
            assert!(!said.contains("Error at offset"), "{said}");
        }
        assert_eq!(
            page,
            "failed to collect SQS queues: HTTP 503 from sqs.us-east-1.amazonaws.com for SQS ListQueues: not an AWS response"
        );
        assert_eq!(
            empty,
            "failed to collect SQS queues: HTTP 500 from sqs.us-east-1.amazonaws.com for SQS ListQueues: not an AWS response"
        );
        assert_eq!(
            plain,
            "failed to collect SQS queues: HTTP 200 from sqs.us-east-1.amazonaws.com for SQS ListQueues: not an AWS response"
        );
    }

    #[tokio::test]
    async fn another_aws_error_says_its_code_and_message() {
        let said = said_of(|| {
            http(
                400,
                Some("application/x-amz-json-1.0"),
                r#"{"__type":"com.amazonaws.sqs#RequestThrottled","message":"Rate exceeded"}"#,
            )
        })
        .await;
        assert_eq!(
            said,
            "failed to collect SQS queues: SQS ListQueues: RequestThrottled: Rate exceeded"
        );
    }

    /// A real SQS client against `endpoint`, with no retries and short timeouts.
    async fn reach(endpoint: String) -> String {
        let config = aws_sdk_sqs::Config::builder()
            .behavior_version(aws_sdk_sqs::config::BehaviorVersion::latest())
            .region(aws_sdk_sqs::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(aws_sdk_sqs::config::Credentials::for_tests())
            .retry_config(aws_sdk_sqs::config::retry::RetryConfig::disabled())
            .timeout_config(
                aws_smithy_types::timeout::TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(300))
                    .connect_timeout(Duration::from_millis(300))
                    .build(),
            )
            .http_client(
                aws_smithy_http_client::Builder::new()
                    .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                        aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                    ))
                    .build_https(),
            )
            .build();
        let err = aws_sdk_sqs::Client::from_conf(config)
            .list_queues()
            .send()
            .await
            .unwrap_err();
        describe(&err, |_, _| None)
    }

    #[tokio::test]
    async fn a_refused_connection_and_a_silent_server_say_what_failed() {
        let free = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = free.local_addr().unwrap().port();
        drop(free);
        let refused = reach(format!("http://127.0.0.1:{port}")).await;
        assert!(
            refused.starts_with("could not reach AWS: connection refused ("),
            "{refused}"
        );
        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let hung = reach(format!("http://{}", silent.local_addr().unwrap())).await;
        assert_eq!(hung, "could not reach AWS: timed out");
    }

    #[test]
    fn credential_problems_say_what_to_do() {
        let expired = "an error occurred while loading credentials: the SSO session has expired or is invalid: refresh token failed";
        assert_eq!(
            credentials_problem(&expired.to_lowercase(), expired),
            "the SSO session has expired: run `aws sso login` (with the profile gonogo uses)"
        );
        let none =
            "the credential provider was not enabled: no providers in chain provided credentials";
        assert!(
            credentials_problem(&none.to_lowercase(), none)
                .starts_with("no AWS credentials found (looked in the environment,")
        );
        let other = "credentials rejected by the signer";
        assert_eq!(
            credentials_problem(&other.to_lowercase(), other),
            "no usable credentials: credentials rejected by the signer"
        );
    }
}
