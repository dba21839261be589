//! IAM Access Analyzer: the region's analyzers, from one paginated listing.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One analyzer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analyzer {
    /// Analyzer name.
    pub name: String,
    /// Analyzer ARN.
    pub arn: String,
    /// `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, …
    pub kind: String,
    /// `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`.
    pub status: String,
}

impl Analyzer {
    /// An active analyzer of external access (the account's or the organization's), which is
    /// what the benchmark asks for; unused-access analyzers answer another question.
    pub fn watches_external_access(&self) -> bool {
        self.status == "ACTIVE" && matches!(self.kind.as_str(), "ACCOUNT" | "ORGANIZATION")
    }
}

/// Every analyzer in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessAnalyzers {
    /// The analyzers.
    pub analyzers: Vec<Analyzer>,
}

#[async_trait]
impl Fact for AccessAnalyzers {
    const NAME: &'static str = "IAM Access Analyzer analyzers";
    const KEY: &'static str = "accessanalyzer.analyzers";
    const CALLS: &'static [ApiCall] =
        api_calls!("AccessAnalyzer", "access-analyzer": ListAnalyzers);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_accessanalyzer, *config)).await
    }
}

impl AccessAnalyzers {
    /// Lists the analyzers through `client`.
    pub async fn from_client(client: &aws_sdk_accessanalyzer::Client) -> Result<Self, FactError> {
        let listed: Vec<_> = client
            .list_analyzers()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut analyzers: Vec<Analyzer> = listed
            .iter()
            .map(|analyzer| Analyzer {
                name: analyzer.name().to_owned(),
                arn: analyzer.arn().to_owned(),
                kind: analyzer.r#type().as_str().to_owned(),
                status: analyzer.status().as_str().to_owned(),
            })
            .collect();
        analyzers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { analyzers })
    }
}
