//! HTTP probes: send the requests once per audit (a fact, so snapshots replay them), then
//! judge each probe as the check `probe.<name>`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use gonogo_core::policy::HttpProbe;
use gonogo_core::{
    ApiCall, Check, CheckCtx, CheckError, CheckMeta, Fact, FactError, FactInfo, Facts, Finding,
    Outcome,
};
use serde::{Deserialize, Serialize};

/// The probes this audit runs: a resource of the facts store, inserted by the binary.
#[derive(Clone, Debug, Default)]
pub struct SelectedProbes(pub Vec<HttpProbe>);

/// What one probe saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeObservation {
    /// The status of each answered request, in order.
    pub statuses: Vec<u16>,
    /// Why the requests stopped early (connection refused, timeout), if they did.
    pub error: Option<String>,
}

/// Every selected probe's observation, by probe name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpProbeResults {
    /// Probe name to what it saw.
    pub by_probe: BTreeMap<String, ProbeObservation>,
}

#[async_trait]
impl Fact for HttpProbeResults {
    const NAME: &'static str = "HTTP probe results";
    const KEY: &'static str = "probes.http";
    // HTTP requests to the probed URLs only: no AWS API.
    const CALLS: &'static [ApiCall] = &[];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let probes = facts.resource::<SelectedProbes>().unwrap_or_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!("gonogo/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| {
                FactError::failed(
                    Self::NAME,
                    format!("failed to build the HTTP client: {err}"),
                )
            })?;
        let observations =
            futures::future::join_all(probes.0.iter().map(|probe| observe(&client, probe))).await;
        let by_probe = probes
            .0
            .iter()
            .map(|p| p.name.clone())
            .zip(observations)
            .collect();
        Ok(Self { by_probe })
    }
}

/// Sends a probe's requests back to back: one, or `rate_limit.requests`.
async fn observe(client: &reqwest::Client, probe: &HttpProbe) -> ProbeObservation {
    let count = probe.rate_limit.map_or(1, |r| r.requests);
    let method =
        reqwest::Method::from_bytes(probe.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut observation = ProbeObservation {
        statuses: Vec::new(),
        error: None,
    };
    for _ in 0..count {
        let sent = client
            .request(method.clone(), &probe.url)
            .timeout(probe.timeout)
            .send()
            .await;
        match sent {
            Ok(response) => observation.statuses.push(response.status().as_u16()),
            Err(err) => {
                observation.error = Some(error_chain(&err));
                break;
            }
        }
    }
    observation
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// One probe as a check.
pub struct HttpProbeCheck {
    probe: HttpProbe,
}

#[async_trait]
impl Check for HttpProbeCheck {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let results = cx.fact::<HttpProbeResults>().await?;
        let probe = &self.probe;
        let Some(seen) = results.by_probe.get(&probe.name) else {
            return Err(CheckError::Unavailable(format!(
                "probe {} was not run",
                probe.name
            )));
        };
        let target = format!("{} {}", probe.method, probe.url);
        let finding = match (probe.rate_limit, &seen.error) {
            (None, Some(error)) => Finding::fail(&probe.url, format!("{target} failed: {error}")),
            (None, None) => match seen.statuses.first() {
                Some(&status) if status == probe.expect_status => {
                    Finding::pass(&probe.url, format!("{target} answered {status}"))
                }
                Some(status) => Finding::fail(
                    &probe.url,
                    format!(
                        "{target} answered {status}, expected {}",
                        probe.expect_status
                    ),
                ),
                None => Finding::fail(&probe.url, format!("{target} got no answer")),
            },
            (Some(limit), error) => {
                let first_refused = seen.statuses.iter().position(|s| *s == 429).map(|i| i + 1);
                match first_refused {
                    Some(n) if n as u32 <= limit.limited_after => Finding::fail(
                        &probe.url,
                        format!(
                            "{target} answered 429 at request {n}, before the {} allowed",
                            limit.limited_after
                        ),
                    ),
                    Some(n) => Finding::pass(
                        &probe.url,
                        format!(
                            "{target} answered 429 from request {n} (limit after {})",
                            limit.limited_after
                        ),
                    ),
                    None => match error {
                        Some(error) => Finding::fail(
                            &probe.url,
                            format!(
                                "{target} failed after {} requests: {error}",
                                seen.statuses.len()
                            ),
                        ),
                        None => Finding::fail(
                            &probe.url,
                            format!(
                                "{target} never answered 429 in {} requests: no rate limit",
                                seen.statuses.len()
                            ),
                        ),
                    },
                }
            }
        };
        Ok(cx.judge("probes", vec![finding]))
    }
}

/// What every probe reads.
static PROBE_FACTS: [&FactInfo; 1] = [&HttpProbeResults::INFO];

/// The metadata and check of a probe. Probes come from the policy, once per process, so their
/// metadata is leaked to live as long as the registered checks' does.
pub fn probe_check(probe: &HttpProbe) -> (&'static CheckMeta, std::sync::Arc<dyn Check>) {
    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }
    let what = match probe.rate_limit {
        Some(limit) => format!(
            "{} {} answers 429 after {} of {} requests, not before",
            probe.method, probe.url, limit.limited_after, limit.requests
        ),
        None => format!(
            "{} {} answers {}",
            probe.method, probe.url, probe.expect_status
        ),
    };
    let meta = Box::leak(Box::new(CheckMeta {
        id: leak(probe.check_id()),
        title: leak(what.clone()),
        category: probe.category,
        severity: probe.severity,
        scope: gonogo_core::meta::Scope::Global,
        presence: gonogo_core::meta::Presence::Required,
        facts: &PROBE_FACTS,
        tags: &["probe"],
        params: &[],
        docs: leak(format!(
            "## What it checks\n{what}.\n## Why it matters\nDeclared in the policy as `[[probes.http]]` `{}`.\n## Remediation\nCheck the service behind {} and its configuration.\n",
            probe.name, probe.url
        )),
        file: "gonogo.toml",
        line: 0,
    }));
    (
        meta,
        std::sync::Arc::new(HttpProbeCheck {
            probe: probe.clone(),
        }),
    )
}
