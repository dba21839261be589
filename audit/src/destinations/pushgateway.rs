//! Posture metrics to a Prometheus Pushgateway: one PUT per account, job `gonogo`, grouped
//! by account, which replaces that group's metrics of the previous run.

use std::time::Duration;

/// The job the metrics are pushed under.
pub const PUSH_JOB: &str = "gonogo";
/// How long one push may take.
const PUSH_TIMEOUT: Duration = Duration::from_secs(30);

/// PUTs `body` (text exposition format, `content_type`) to the Pushgateway at `gateway`
/// (`http://host:9091`) as the group `job="gonogo", account="ACCOUNT"`.
pub async fn push_metrics(
    gateway: &str,
    account: &str,
    body: String,
    content_type: &str,
) -> Result<(), String> {
    if account.is_empty() || !account.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "cannot push metrics for account `{account}`: not an account id"
        ));
    }
    let url = format!(
        "{}/metrics/job/{PUSH_JOB}/account/{account}",
        gateway.trim_end_matches('/')
    );
    let client = reqwest::Client::builder()
        .timeout(PUSH_TIMEOUT)
        .build()
        .map_err(|err| format!("could not set up the Pushgateway client: {err}"))?;
    let response = client
        .put(&url)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .map_err(|err| format!("could not push metrics to {url}: {err}"))?;
    let status = response.status();
    if !status.is_success() {
        let text = response.text().await.unwrap_or_default();
        return Err(format!(
            "the Pushgateway refused the metrics at {url}: {status} {}",
            text.trim()
        ));
    }
    Ok(())
}
