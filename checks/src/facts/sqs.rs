//! SQS: every queue with all its attributes.

use std::collections::BTreeMap;

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use aws_sdk_sqs::types::QueueAttributeName;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};

/// Queues described at once.
const ATTRIBUTE_FETCH_CONCURRENCY: usize = 8;

/// One queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    /// Queue URL.
    pub url: String,
    /// Queue name (last URL segment).
    pub name: String,
    /// Queue ARN.
    pub arn: String,
    /// Every attribute (`Policy`, `RedrivePolicy`, `SqsManagedSseEnabled`, …).
    pub attributes: BTreeMap<String, String>,
}

impl Queue {
    /// An attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

/// Every queue in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SqsQueues {
    /// The queues.
    pub queues: Vec<Queue>,
}

#[async_trait]
impl Fact for SqsQueues {
    const NAME: &'static str = "SQS queues";
    const KEY: &'static str = "sqs.queues";
    const CALLS: &'static [ApiCall] = api_calls!("SQS", "sqs": ListQueues, GetQueueAttributes);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_sqs, *config);
        let pages: Vec<_> = client
            .list_queues()
            .max_results(1000)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let urls: Vec<String> = pages
            .iter()
            .flat_map(|p| p.queue_urls().iter().cloned())
            .collect();
        let described: Vec<Option<Queue>> = futures::stream::iter(urls)
            .map(|url| {
                let client = client.clone();
                async move {
                    let out = client
                        .get_queue_attributes()
                        .queue_url(&url)
                        .attribute_names(QueueAttributeName::All)
                        .send()
                        .await;
                    let out = match out {
                        Ok(out) => out,
                        // Deleted between the listing and now: no longer part of the account.
                        Err(err)
                            if err
                                .as_service_error()
                                .is_some_and(|e| e.is_queue_does_not_exist()) =>
                        {
                            return Ok(None);
                        }
                        Err(err) => return Err(sdk_error(&Self::INFO, err)),
                    };
                    let attributes: BTreeMap<String, String> = out
                        .attributes()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
                        .collect();
                    Ok(Some(Queue {
                        name: url.rsplit('/').next().unwrap_or_default().to_owned(),
                        arn: attributes.get("QueueArn").cloned().unwrap_or_default(),
                        url,
                        attributes,
                    }))
                }
            })
            .buffer_unordered(ATTRIBUTE_FETCH_CONCURRENCY)
            .try_collect()
            .await?;
        let mut queues: Vec<Queue> = described.into_iter().flatten().collect();
        queues.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { queues })
    }
}
