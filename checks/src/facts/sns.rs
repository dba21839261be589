//! SNS: every topic with all its attributes (its policy, its confirmed and pending
//! subscription counts, its encryption key).

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Topics described at once (SNS has no batch describe).
const ATTRIBUTE_FETCH_CONCURRENCY: usize = 8;

/// One topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Topic ARN.
    pub arn: String,
    /// Topic name (the ARN's last part).
    pub name: String,
    /// Every attribute (`Policy`, `SubscriptionsConfirmed`, `KmsMasterKeyId`, …).
    pub attributes: BTreeMap<String, String>,
}

impl Topic {
    /// An attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

/// Every topic in the region, sorted by ARN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnsTopics {
    /// The topics.
    pub topics: Vec<Topic>,
}

#[async_trait]
impl Fact for SnsTopics {
    const NAME: &'static str = "SNS topics";
    const KEY: &'static str = "sns.topics";
    const CALLS: &'static [ApiCall] = api_calls!("SNS", "sns": ListTopics, GetTopicAttributes);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_sns, *config);
        let listed: Vec<_> = client
            .list_topics()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let arns: Vec<String> = listed
            .iter()
            .filter_map(|topic| topic.topic_arn().map(str::to_owned))
            .collect();
        let described: Vec<Option<Topic>> = futures::stream::iter(arns)
            .map(|arn| {
                let client = client.clone();
                async move {
                    let out = match client.get_topic_attributes().topic_arn(&arn).send().await {
                        Ok(out) => out,
                        // Deleted between the listing and now: no longer part of the account.
                        Err(err)
                            if err
                                .as_service_error()
                                .is_some_and(|e| e.is_not_found_exception()) =>
                        {
                            return Ok(None);
                        }
                        Err(err) => return Err(sdk_error(&Self::INFO, err)),
                    };
                    Ok(Some(Topic {
                        name: arn.rsplit(':').next().unwrap_or_default().to_owned(),
                        attributes: out
                            .attributes()
                            .cloned()
                            .unwrap_or_default()
                            .into_iter()
                            .collect(),
                        arn,
                    }))
                }
            })
            .buffer_unordered(ATTRIBUTE_FETCH_CONCURRENCY)
            .try_collect()
            .await?;
        let mut topics: Vec<Topic> = described.into_iter().flatten().collect();
        topics.sort_by(|a, b| a.arn.cmp(&b.arn));
        Ok(Self { topics })
    }
}

/// The topics in the region with at least one confirmed subscription, from one paginated
/// ListSubscriptions (a pending subscription's ARN is `PendingConfirmation`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnsSubscriptions {
    /// Topic ARNs someone is subscribed to.
    pub subscribed_topics: BTreeSet<String>,
}

#[async_trait]
impl Fact for SnsSubscriptions {
    const NAME: &'static str = "SNS subscriptions";
    const KEY: &'static str = "sns.subscriptions";
    const CALLS: &'static [ApiCall] = api_calls!("SNS", "sns": ListSubscriptions);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_sns, *config)).await
    }
}

impl SnsSubscriptions {
    /// Lists the subscriptions through `client`.
    pub async fn from_client(client: &aws_sdk_sns::Client) -> Result<Self, FactError> {
        let subscriptions: Vec<_> = client
            .list_subscriptions()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        Ok(Self {
            subscribed_topics: subscriptions
                .iter()
                .filter(|s| {
                    s.subscription_arn()
                        .is_some_and(|arn| arn.starts_with("arn:"))
                })
                .filter_map(|s| s.topic_arn().map(str::to_owned))
                .collect(),
        })
    }
}
