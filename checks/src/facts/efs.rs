//! EFS: the region's file systems and whether they are encrypted at rest.

use async_trait::async_trait;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One file system.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileSystem {
    /// `fs-…`.
    pub id: String,
    /// File system ARN.
    pub arn: String,
    /// Encrypted at rest (`None`: not reported).
    pub encrypted: Option<bool>,
}

/// Every file system in the region, sorted by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EfsFileSystems {
    /// The file systems.
    pub file_systems: Vec<FileSystem>,
}

#[async_trait]
impl Fact for EfsFileSystems {
    const NAME: &'static str = "EFS file systems";
    const KEY: &'static str = "efs.file-systems";
    const CALLS: &'static [ApiCall] = api_calls!("EFS", "elasticfilesystem": DescribeFileSystems);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let listed: Vec<_> = crate::aws_client!(aws_sdk_efs, *config)
            .describe_file_systems()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut file_systems: Vec<FileSystem> = listed
            .iter()
            .map(|fs| FileSystem {
                id: fs.file_system_id().to_owned(),
                arn: fs.file_system_arn().unwrap_or_default().to_owned(),
                encrypted: fs.encrypted(),
            })
            .collect();
        file_systems.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { file_systems })
    }
}
