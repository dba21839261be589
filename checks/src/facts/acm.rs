//! ACM: the region's certificates, every key type and status, from one paginated
//! ListCertificates (its summaries carry status, key algorithm, expiry and use).

use async_trait::async_trait;
use aws_sdk_acm::types::{Filters, KeyAlgorithm};
use chrono::{DateTime, Utc};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error, utc};
use crate::facts::CallerIdentity;

/// One certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    /// Certificate ARN.
    pub arn: String,
    /// Its primary domain name.
    pub domain: String,
    /// `ISSUED`, `PENDING_VALIDATION`, `FAILED`, `EXPIRED`, `VALIDATION_TIMED_OUT`, …
    pub status: String,
    /// `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE`.
    pub kind: String,
    /// `RSA_2048`, `EC_prime256v1`, …
    pub key_algorithm: String,
    /// A load balancer, distribution or API uses it.
    pub in_use: bool,
    /// When it expires.
    pub not_after: Option<DateTime<Utc>>,
}

impl Certificate {
    /// The RSA key's size in bits; `None` for other key types.
    pub fn rsa_bits(&self) -> Option<u32> {
        self.key_algorithm.strip_prefix("RSA_")?.parse().ok()
    }
}

/// Every certificate in the region, sorted by domain and ARN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificates {
    /// The certificates.
    pub certificates: Vec<Certificate>,
}

#[async_trait]
impl Fact for Certificates {
    const NAME: &'static str = "ACM certificates";
    const KEY: &'static str = "acm.certificates";
    const CALLS: &'static [ApiCall] = api_calls!("ACM", "acm": ListCertificates);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        Self::from_client(&crate::aws_client!(aws_sdk_acm, *config)).await
    }
}

impl Certificates {
    /// Lists the certificates through `client`.
    pub async fn from_client(client: &aws_sdk_acm::Client) -> Result<Self, FactError> {
        // Without a key-type filter ListCertificates leaves out every key but RSA 1024 and
        // 2048: ask for them all.
        let every_key = KeyAlgorithm::values()
            .iter()
            .map(|name| KeyAlgorithm::from(*name))
            .collect();
        let listed: Vec<_> = client
            .list_certificates()
            .includes(Filters::builder().set_key_types(Some(every_key)).build())
            .max_items(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut certificates: Vec<Certificate> = listed
            .iter()
            .map(|c| Certificate {
                arn: c.certificate_arn().unwrap_or_default().to_owned(),
                domain: c.domain_name().unwrap_or_default().to_owned(),
                status: c
                    .status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                kind: c
                    .r#type()
                    .map(|t| t.as_str().to_owned())
                    .unwrap_or_default(),
                key_algorithm: c
                    .key_algorithm()
                    .map(|k| k.as_str().to_owned())
                    .unwrap_or_default(),
                in_use: c.in_use().unwrap_or(false),
                not_after: c.not_after().and_then(utc),
            })
            .collect();
        certificates.sort_by(|a, b| (&a.domain, &a.arn).cmp(&(&b.domain, &b.arn)));
        Ok(Self { certificates })
    }
}
