//! IAM: the TLS server certificates stored in IAM, from one paginated listing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error, utc};
use crate::facts::CallerIdentity;

/// One server certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerCertificate {
    /// Certificate name.
    pub name: String,
    /// Certificate ARN.
    pub arn: String,
    /// When it expires (`None`: IAM did not say).
    pub expires: Option<DateTime<Utc>>,
}

/// Every server certificate in IAM, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerCertificates {
    /// The certificates.
    pub certificates: Vec<ServerCertificate>,
}

#[async_trait]
impl Fact for ServerCertificates {
    const NAME: &'static str = "IAM server certificates";
    const KEY: &'static str = "iam.server-certificates";
    const CALLS: &'static [ApiCall] = api_calls!("IAM", "iam": ListServerCertificates);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_iam, *config)).await
    }
}

impl ServerCertificates {
    /// Lists the certificates through `client`.
    pub async fn from_client(client: &aws_sdk_iam::Client) -> Result<Self, FactError> {
        let listed: Vec<_> = client
            .list_server_certificates()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut certificates: Vec<ServerCertificate> = listed
            .iter()
            .map(|cert| ServerCertificate {
                name: cert.server_certificate_name().to_owned(),
                arn: cert.arn().to_owned(),
                expires: cert.expiration().and_then(utc),
            })
            .collect();
        certificates.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { certificates })
    }
}
