//! HTTP probes: checks declared in the policy instead of written in Rust.
//!
//! ```toml
//! [[probes.http]]
//! name = "api-health"
//! url = "https://api.example.com/health"
//! expect_status = 200
//!
//! [[probes.http]]
//! name = "api-rate-limit"
//! url = "https://api.example.com/v1/orders"
//! rate_limit = { requests = 30, limited_after = 20 }   # 429 must appear after the first 20
//! ```

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::meta::{Category, Severity};

/// Most requests a rate-limit probe may send: probes are bounded by construction.
pub const MAX_PROBE_REQUESTS: u32 = 1000;
/// Longest a probe request may wait, in seconds.
pub const MAX_PROBE_TIMEOUT_SECS: f64 = 300.0;

/// A rate-limit expectation: of `requests` sent back to back, none of the first
/// `limited_after` is refused with 429, and at least one after them is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Requests to send.
    pub requests: u32,
    /// How many must get through before the limit applies.
    pub limited_after: u32,
}

/// One HTTP probe, validated; it runs as the check `probe.<name>`.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpProbe {
    /// Kebab-case name, unique among probes.
    pub name: String,
    /// `http://` or `https://` URL.
    pub url: String,
    /// HTTP method.
    pub method: String,
    /// Status a plain probe expects.
    pub expect_status: u16,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Severity of a failure.
    pub severity: Severity,
    /// Category it reports under.
    pub category: Category,
    /// When set, the probe checks a rate limit instead of one status.
    pub rate_limit: Option<RateLimit>,
}

impl HttpProbe {
    /// The check id, `probe.<name>`.
    pub fn check_id(&self) -> String {
        format!("probe.{}", self.name)
    }
}

/// HTTP probes.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProbes {
    /// Each an HTTP request whose answer is a check `probe.<name>`.
    #[serde(default)]
    pub http: Vec<RawHttpProbe>,
}

/// An HTTP probe.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHttpProbe {
    /// Kebab-case; the check is `probe.<name>`.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    name: Spanned<String>,
    /// What to request (http or https).
    #[schemars(with = "String")]
    url: Spanned<String>,
    /// The method (default GET).
    #[schemars(with = "Option<String>")]
    method: Option<Spanned<String>>,
    /// The status a plain probe expects (default 200).
    #[schemars(with = "Option<u16>")]
    expect_status: Option<Spanned<u16>>,
    /// Per-request timeout, in seconds (at most 300).
    #[schemars(with = "Option<f64>")]
    timeout_seconds: Option<Spanned<f64>>,
    /// The check's severity.
    severity: Option<Severity>,
    /// The check's category.
    category: Option<Category>,
    /// Check a rate limit instead of one status: of `requests` sent back to back, none of
    /// the first `limited_after` is refused with 429, and at least one after them is.
    #[schemars(with = "Option<RateLimit>")]
    rate_limit: Option<Spanned<RateLimit>>,
}

const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

impl RawHttpProbe {
    /// Validates one probe; an error carries the span of what is wrong.
    pub(super) fn validate(
        self,
        taken: &[HttpProbe],
    ) -> Result<HttpProbe, (std::ops::Range<usize>, String)> {
        let name = self.name.get_ref();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err((
                self.name.span(),
                "a probe name is kebab-case: lowercase letters, digits and `-`".to_owned(),
            ));
        }
        if taken.iter().any(|p| &p.name == name) {
            return Err((
                self.name.span(),
                format!("probe `{name}` is declared twice"),
            ));
        }
        let url = self.url.get_ref();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err((
                self.url.span(),
                "a probe url starts with http:// or https://".to_owned(),
            ));
        }
        let method = match &self.method {
            None => "GET".to_owned(),
            Some(m) if METHODS.contains(&m.get_ref().to_ascii_uppercase().as_str()) => {
                m.get_ref().to_ascii_uppercase()
            }
            Some(m) => {
                return Err((
                    m.span(),
                    format!("method must be one of {}", METHODS.join(", ")),
                ));
            }
        };
        let expect_status = match &self.expect_status {
            None => 200,
            Some(s) if (100..=599).contains(s.get_ref()) => *s.get_ref(),
            Some(s) => {
                return Err((
                    s.span(),
                    "expect_status must be an HTTP status (100-599)".to_owned(),
                ));
            }
        };
        let timeout = match &self.timeout_seconds {
            None => Duration::from_secs(10),
            Some(t) if *t.get_ref() > 0.0 && *t.get_ref() <= MAX_PROBE_TIMEOUT_SECS => {
                Duration::from_secs_f64(*t.get_ref())
            }
            Some(t) => {
                return Err((
                    t.span(),
                    format!("timeout_seconds must be above 0 and at most {MAX_PROBE_TIMEOUT_SECS}"),
                ));
            }
        };
        let rate_limit = match &self.rate_limit {
            None => None,
            Some(r) => {
                let limit = *r.get_ref();
                if limit.requests == 0
                    || limit.requests > MAX_PROBE_REQUESTS
                    || limit.limited_after >= limit.requests
                {
                    return Err((
                        r.span(),
                        format!(
                            "rate_limit needs 0 ≤ limited_after < requests ≤ {MAX_PROBE_REQUESTS}"
                        ),
                    ));
                }
                Some(limit)
            }
        };
        Ok(HttpProbe {
            name: self.name.into_inner(),
            url: self.url.into_inner(),
            method,
            expect_status,
            timeout,
            severity: self.severity.unwrap_or(Severity::High),
            category: self.category.unwrap_or(Category::Operations),
            rate_limit,
        })
    }
}
