//! EventBridge: the region's event buses, each with its resource policy, from one listing.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One event bus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventBus {
    /// Bus name (`default` for the account's own).
    pub name: String,
    /// Bus ARN.
    pub arn: String,
    /// The bus's resource policy (`None`: none).
    pub policy: Option<String>,
}

/// Every event bus in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventBuses {
    /// The buses.
    pub buses: Vec<EventBus>,
}

#[async_trait]
impl Fact for EventBuses {
    const NAME: &'static str = "EventBridge event buses";
    const KEY: &'static str = "events.buses";
    const CALLS: &'static [ApiCall] = api_calls!("EventBridge", "events": ListEventBuses);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_eventbridge, *config)).await
    }
}

impl EventBuses {
    /// Lists the buses through `client`, page by page (the SDK has no paginator for it).
    pub async fn from_client(client: &aws_sdk_eventbridge::Client) -> Result<Self, FactError> {
        let mut buses = Vec::new();
        let mut next_token: Option<String> = None;
        loop {
            let page = client
                .list_event_buses()
                .limit(100)
                .set_next_token(next_token.take())
                .send()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            buses.extend(page.event_buses().iter().map(|bus| EventBus {
                name: bus.name().unwrap_or_default().to_owned(),
                arn: bus.arn().unwrap_or_default().to_owned(),
                policy: bus.policy().filter(|p| !p.is_empty()).map(str::to_owned),
            }));
            match page.next_token() {
                Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
                _ => break,
            }
        }
        buses.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { buses })
    }
}
