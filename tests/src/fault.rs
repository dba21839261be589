//! A fault proxy on 127.0.0.1 in front of moto: forwards every AWS request, except those a rule
//! picks, which get a throttling error (in the shape of the service's protocol), an HTTP error
//! status, a hung connection, or a truncated body.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// What a rule does to the requests it picks.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// The service's throttling error (HTTP 400, `Throttling` for query protocols,
    /// `ThrottlingException` for JSON ones).
    Throttle,
    /// This HTTP status with an empty body.
    Status(u16),
    /// Answer nothing for this long, then close.
    Hang(Duration),
    /// Forward, but cut the body in half and close the connection.
    Truncate,
    /// The query protocol's `AccessDenied` (HTTP 403), as STS answers an AssumeRole the
    /// caller may not make.
    AccessDenied,
}

/// Which requests a fault applies to.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Signing name of the service (`sqs`, `monitoring`, `iam`…); `None` for all.
    pub service: Option<&'static str>,
    /// Only requests continuing a listing (NextToken, ExclusiveStartTableName or Marker).
    pub paginating_only: bool,
    /// Only first attempts (`amz-sdk-request: attempt=1`), so that retries get through.
    pub first_attempts_only: bool,
    /// Only requests whose body contains this text (a role ARN, say).
    pub body_contains: Option<&'static str>,
    /// Every n-th matching request (1: all of them).
    pub every: u32,
    /// What to do.
    pub fault: Fault,
}

/// The proxy, stopped on drop.
pub struct FaultProxy {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    endpoint: String,
}

/// Services whose errors are XML in an `ErrorResponse` element: the query protocols, and
/// Route 53's REST-XML.
const ERROR_RESPONSE_SERVICES: [&str; 7] = [
    "iam",
    "sts",
    "monitoring",
    "rds",
    "sns",
    "elasticloadbalancing",
    "route53",
];

impl FaultProxy {
    /// Starts the proxy in front of `upstream` with these rules.
    pub fn start(upstream: String, rules: Vec<Rule>) -> Self {
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind the fault proxy"));
        let endpoint = format!("http://{}", server.server_addr());
        let worker = Arc::clone(&server);
        let counters: Arc<Vec<AtomicU32>> =
            Arc::new(rules.iter().map(|_| AtomicU32::new(0)).collect());
        let rules = Arc::new(rules);
        let thread = std::thread::spawn(move || {
            let client = reqwest::blocking::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("proxy client");
            for request in worker.incoming_requests() {
                let (client, upstream, rules, counters) = (
                    client.clone(),
                    upstream.clone(),
                    Arc::clone(&rules),
                    Arc::clone(&counters),
                );
                std::thread::spawn(move || handle(request, &client, &upstream, &rules, &counters));
            }
        });
        Self {
            server,
            thread: Some(thread),
            endpoint,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn header(request: &tiny_http::Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_owned())
}

/// The signing name in `Authorization: … Credential=KEY/DATE/REGION/SERVICE/aws4_request`.
fn service_of(request: &tiny_http::Request) -> String {
    header(request, "authorization")
        .and_then(|auth| auth.split("Credential=").nth(1).map(str::to_owned))
        .and_then(|scope| scope.split('/').nth(3).map(str::to_owned))
        .unwrap_or_default()
}

fn handle(
    mut request: tiny_http::Request,
    client: &reqwest::blocking::Client,
    upstream: &str,
    rules: &[Rule],
    counters: &[AtomicU32],
) {
    let mut body = Vec::new();
    let _ = request.as_reader().read_to_end(&mut body);
    let service = service_of(&request);
    let first_attempt = header(&request, "amz-sdk-request").is_none_or(|v| v.contains("attempt=1"));
    let text = String::from_utf8_lossy(&body).to_ascii_lowercase();
    let paginating = ["nexttoken", "exclusivestarttablename", "marker="]
        .iter()
        .any(|token| text.contains(token));
    let fault = rules.iter().zip(counters).find_map(|(rule, counter)| {
        let applies = rule.service.is_none_or(|s| s == service)
            && rule
                .body_contains
                .is_none_or(|needle| text.contains(&needle.to_ascii_lowercase()))
            && (!rule.paginating_only || paginating)
            && (!rule.first_attempts_only || first_attempt);
        (applies && counter.fetch_add(1, Ordering::SeqCst) % rule.every.max(1) == 0)
            .then_some(rule.fault)
    });
    let close = tiny_http::Header::from_bytes("Connection", "close").expect("header");
    match fault {
        Some(Fault::Throttle) => {
            let (content_type, text) = if service == "s3"
                && request.url().starts_with("/v20180820/")
            {
                // S3 Control: REST-XML wrapped in `ErrorResponse`.
                (
                    "application/xml",
                    "<ErrorResponse><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>".to_owned(),
                )
            } else if service == "s3" {
                // S3: a bare `Error` element.
                (
                    "application/xml",
                    "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>".to_owned(),
                )
            } else if service == "ec2" {
                // EC2's own query dialect: `Response/Errors/Error`, `RequestLimitExceeded`.
                (
                    "text/xml",
                    "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>".to_owned(),
                )
            } else if ERROR_RESPONSE_SERVICES.contains(&service.as_str()) {
                (
                    "text/xml",
                    "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>".to_owned(),
                )
            } else {
                (
                    "application/x-amz-json-1.1",
                    r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_owned(),
                )
            };
            let response = tiny_http::Response::from_string(text)
                .with_status_code(400)
                .with_header(
                    tiny_http::Header::from_bytes("Content-Type", content_type).expect("header"),
                )
                .with_header(
                    tiny_http::Header::from_bytes("x-amzn-query-error", "Throttling;Sender")
                        .expect("header"),
                );
            let _ = request.respond(response);
        }
        Some(Fault::AccessDenied) => {
            let text = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>";
            let response = tiny_http::Response::from_string(text)
                .with_status_code(403)
                .with_header(
                    tiny_http::Header::from_bytes("Content-Type", "text/xml").expect("header"),
                );
            let _ = request.respond(response);
        }
        Some(Fault::Status(status)) => {
            let _ = request.respond(tiny_http::Response::empty(status).with_header(close));
        }
        Some(Fault::Hang(duration)) => {
            std::thread::sleep(duration);
            drop(request);
        }
        forward_or_truncate => {
            let mut upstream_request = client.request(
                reqwest::Method::from_bytes(request.method().as_str().as_bytes())
                    .unwrap_or(reqwest::Method::GET),
                format!("{upstream}{}", request.url()),
            );
            for h in request.headers() {
                let name = h.field.as_str().as_str();
                if !name.eq_ignore_ascii_case("host")
                    && !name.eq_ignore_ascii_case("content-length")
                {
                    upstream_request = upstream_request.header(name, h.value.as_str());
                }
            }
            let Ok(response) = upstream_request.body(body).send() else {
                return;
            };
            let status = response.status().as_u16();
            let headers: Vec<tiny_http::Header> = response
                .headers()
                .iter()
                .filter(|(name, _)| {
                    !matches!(
                        name.as_str(),
                        "content-length" | "transfer-encoding" | "connection"
                    )
                })
                .filter_map(|(name, value)| {
                    tiny_http::Header::from_bytes(name.as_str(), value.as_bytes()).ok()
                })
                .collect();
            let bytes = response.bytes().map(|b| b.to_vec()).unwrap_or_default();
            let (data, declared) = match forward_or_truncate {
                Some(Fault::Truncate) => (bytes[..bytes.len() / 2].to_vec(), Some(bytes.len())),
                _ => (bytes.clone(), Some(bytes.len())),
            };
            let mut reply = tiny_http::Response::new(
                tiny_http::StatusCode(status),
                headers,
                std::io::Cursor::new(data),
                declared,
                None,
            );
            if matches!(forward_or_truncate, Some(Fault::Truncate)) {
                reply.add_header(close);
            }
            let _ = request.respond(reply);
        }
    }
}
