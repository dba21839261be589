//! Elastic Load Balancing v2: each load balancer's listeners, and the TLS versions of every
//! security policy (one DescribeSSLPolicies call for all of them).

use std::collections::BTreeMap;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::LoadBalancers;

/// Load balancers whose listeners are read at once.
const LISTENER_CONCURRENCY: usize = 8;

/// A listener's default action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListenerAction {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, …
    pub kind: String,
    /// For a redirect, the protocol it sends to (`HTTPS`, or `#{protocol}` to keep it).
    pub redirect_protocol: Option<String>,
}

/// One listener.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listener {
    /// Listener ARN.
    pub arn: String,
    /// Its load balancer's name.
    pub load_balancer: String,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, …
    pub protocol: String,
    /// The port it listens on.
    pub port: Option<i32>,
    /// Its security policy (HTTPS and TLS listeners).
    pub ssl_policy: Option<String>,
    /// Its default actions, in order.
    pub default_actions: Vec<ListenerAction>,
}

impl Listener {
    /// `load-balancer:port`, as findings name a listener.
    pub fn label(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.load_balancer),
            None => self.load_balancer.clone(),
        }
    }
}

/// Every listener of every load balancer in the region, and each security policy's TLS
/// versions (`TLSv1.2`, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listeners {
    /// Listeners, sorted by load balancer and port.
    pub listeners: Vec<Listener>,
    /// Security policy name → the protocols it allows.
    pub ssl_policies: BTreeMap<String, Vec<String>>,
}

#[async_trait]
impl Fact for Listeners {
    const NAME: &'static str = "load balancer listeners";
    const KEY: &'static str = "elbv2.listeners";
    const CALLS: &'static [ApiCall] = api_calls!(
        "Elastic Load Balancing v2",
        "elasticloadbalancing": DescribeListeners,
        DescribeSSLPolicies
    );
    const NEEDS: &'static [&'static FactInfo] = &[&LoadBalancers::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let balancers = facts.get::<LoadBalancers>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_elasticloadbalancingv2, *config);
        let named: Vec<(String, String)> = balancers
            .load_balancers
            .iter()
            .map(|lb| (lb.name.clone(), lb.arn.clone()))
            .collect();
        let per_balancer: Vec<Vec<Listener>> = futures::stream::iter(named)
            .map(|(name, arn)| {
                let client = client.clone();
                async move {
                    let listed: Vec<_> = client
                        .describe_listeners()
                        .load_balancer_arn(&arn)
                        .into_paginator()
                        .items()
                        .send()
                        .try_collect()
                        .await
                        .map_err(|err| sdk_error(&Self::INFO, err))?;
                    Ok::<_, FactError>(
                        listed
                            .iter()
                            .map(|l| Listener {
                                arn: l.listener_arn().unwrap_or_default().to_owned(),
                                load_balancer: name.clone(),
                                protocol: l
                                    .protocol()
                                    .map(|p| p.as_str().to_owned())
                                    .unwrap_or_default(),
                                port: l.port(),
                                ssl_policy: l.ssl_policy().map(str::to_owned),
                                default_actions: l
                                    .default_actions()
                                    .iter()
                                    .map(|a| ListenerAction {
                                        kind: a
                                            .r#type()
                                            .map(|t| t.as_str().to_owned())
                                            .unwrap_or_default(),
                                        redirect_protocol: a
                                            .redirect_config()
                                            .and_then(|r| r.protocol())
                                            .map(str::to_owned),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    )
                }
            })
            .buffer_unordered(LISTENER_CONCURRENCY)
            .try_collect()
            .await?;
        let mut listeners: Vec<Listener> = per_balancer.into_iter().flatten().collect();
        listeners.sort_by(|a, b| (&a.load_balancer, a.port).cmp(&(&b.load_balancer, b.port)));
        let ssl_policies = if listeners.iter().any(|l| l.ssl_policy.is_some()) {
            let mut policies = BTreeMap::new();
            let mut marker: Option<String> = None;
            loop {
                let page = client
                    .describe_ssl_policies()
                    .set_marker(marker.take())
                    .send()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                for policy in page.ssl_policies() {
                    if let Some(name) = policy.name() {
                        policies.insert(name.to_owned(), policy.ssl_protocols().to_vec());
                    }
                }
                match page.next_marker() {
                    Some(next) if !next.is_empty() => marker = Some(next.to_owned()),
                    _ => break,
                }
            }
            policies
        } else {
            BTreeMap::new()
        };
        Ok(Self {
            listeners,
            ssl_policies,
        })
    }
}
