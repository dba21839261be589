//! The audit's summary as one SQS message, standard or FIFO.

use aws_config::SdkConfig;

use gonogo_checks::aws::{describe, find_call};

/// The message group of gonogo's messages on a FIFO queue: one group keeps them in order.
const FIFO_GROUP: &str = "gonogo";

/// Sends `body` to the queue with the configuration's credentials and region. A FIFO queue
/// (its URL ends in `.fifo`) gets a message group and `dedup_id` as the deduplication id, so
/// a retried send is delivered once. Returns the message id.
pub async fn send_summary(
    config: &SdkConfig,
    queue_url: &str,
    body: &str,
    dedup_id: &str,
) -> Result<String, String> {
    send_summary_with(&aws_sdk_sqs::Client::new(config), queue_url, body, dedup_id).await
}

/// [`send_summary`] through a given client.
pub async fn send_summary_with(
    client: &aws_sdk_sqs::Client,
    queue_url: &str,
    body: &str,
    dedup_id: &str,
) -> Result<String, String> {
    let mut send = client
        .send_message()
        .queue_url(queue_url)
        .message_body(body);
    if queue_url.ends_with(".fifo") {
        send = send
            .message_group_id(FIFO_GROUP)
            .message_deduplication_id(dedup_id);
    }
    let sent = send.send().await.map_err(|err| {
        format!(
            "could not send the summary to {queue_url}: {}",
            describe(&err, |s, o| find_call(super::NOTIFY_CALLS, s, o))
        )
    })?;
    Ok(sent.message_id().unwrap_or_default().to_owned())
}
