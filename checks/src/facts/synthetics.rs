//! CloudWatch Synthetics: the canaries that exist, whether or not they ever reported.

use crate::facts::CallerIdentity;
use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};

/// One canary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Canary {
    /// Canary name.
    pub name: String,
    /// `RUNNING`, `STOPPED`, `ERROR`, …
    pub state: String,
}

/// Every canary in the region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Canaries {
    /// Canaries, sorted by name.
    pub canaries: Vec<Canary>,
}

#[async_trait]
impl Fact for Canaries {
    const NAME: &'static str = "Synthetics canaries";
    const KEY: &'static str = "synthetics.canaries";
    const CALLS: &'static [ApiCall] = api_calls!("synthetics", "synthetics": DescribeCanaries);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_synthetics, *config)).await
    }
}

impl Canaries {
    /// Lists every canary through `client`.
    pub async fn from_client(client: &aws_sdk_synthetics::Client) -> Result<Self, FactError> {
        let pages: Vec<_> = client
            .describe_canaries()
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut canaries: Vec<Canary> = pages
            .iter()
            .flat_map(|page| page.canaries())
            .map(|c| Canary {
                name: c.name().unwrap_or_default().to_owned(),
                state: c
                    .status()
                    .and_then(|s| s.state())
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            })
            .collect();
        canaries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { canaries })
    }
}
