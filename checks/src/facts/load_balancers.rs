//! Elastic Load Balancing (v2): the region's load balancers with their attributes.

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// Attribute reads at once (ELB has no batch read of attributes).
const ATTRIBUTE_CONCURRENCY: usize = 8;

/// One load balancer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancer {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// `application`, `network` or `gateway`.
    pub kind: String,
    /// `internet-facing` or `internal`.
    pub scheme: Option<String>,
    /// Its attributes (`access_logs.s3.enabled`, `deletion_protection.enabled`, …) as ELB
    /// returns them; an attribute ELB leaves out is absent.
    pub attributes: BTreeMap<String, String>,
}

impl LoadBalancer {
    /// Whether the boolean attribute `key` is `true`. DescribeLoadBalancerAttributes returns
    /// every attribute of the load balancer's type, so one that is absent has its documented
    /// default, which is `false` for every flag gonogo reads.
    pub fn is_on(&self, key: &str) -> bool {
        self.attributes
            .get(key)
            .is_some_and(|value| value == "true")
    }
}

/// Every application, network and gateway load balancer in the region, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancers {
    /// The load balancers.
    pub load_balancers: Vec<LoadBalancer>,
}

#[async_trait]
impl Fact for LoadBalancers {
    const NAME: &'static str = "load balancers";
    const KEY: &'static str = "elbv2.load-balancers";
    const CALLS: &'static [ApiCall] = api_calls!(
        "Elastic Load Balancing v2",
        "elasticloadbalancing": DescribeLoadBalancers,
        DescribeLoadBalancerAttributes
    );
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_elasticloadbalancingv2, *config);
        let listed: Vec<_> = client
            .describe_load_balancers()
            .page_size(400)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut load_balancers: Vec<LoadBalancer> = futures::stream::iter(listed)
            .map(|lb| {
                let client = client.clone();
                async move {
                    let arn = lb.load_balancer_arn().unwrap_or_default().to_owned();
                    let out = client
                        .describe_load_balancer_attributes()
                        .load_balancer_arn(&arn)
                        .send()
                        .await
                        .map_err(|err| sdk_error(&Self::INFO, err))?;
                    Ok::<_, FactError>(LoadBalancer {
                        name: lb.load_balancer_name().unwrap_or_default().to_owned(),
                        kind: lb
                            .r#type()
                            .map(|kind| kind.as_str().to_owned())
                            .unwrap_or_default(),
                        scheme: lb.scheme().map(|scheme| scheme.as_str().to_owned()),
                        attributes: out
                            .attributes()
                            .iter()
                            .filter_map(|a| Some((a.key()?.to_owned(), a.value()?.to_owned())))
                            .collect(),
                        arn,
                    })
                }
            })
            .buffer_unordered(ATTRIBUTE_CONCURRENCY)
            .try_collect()
            .await?;
        load_balancers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { load_balancers })
    }
}
