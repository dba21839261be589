//! The routes that lead through VPC peering connections, with the peer VPC's address blocks.

use async_trait::async_trait;
use futures::TryFutureExt;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use super::ec2_arn;
use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One route whose target is a peering connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeeringRoute {
    /// `rtb-…`.
    pub route_table_id: String,
    /// The route table's ARN.
    pub route_table_arn: String,
    /// `pcx-…`.
    pub peering_id: String,
    /// The destination (`10.1.0.0/24`, `::/0`, …); `None` for a prefix-list destination.
    pub destination: Option<String>,
    /// The address blocks of the VPC on the other side (empty: the connection is not listed).
    pub peer_cidrs: Vec<String>,
}

/// Every route through a peering connection in the region, sorted by route table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeeringRoutes {
    /// The routes.
    pub routes: Vec<PeeringRoute>,
}

#[async_trait]
impl Fact for PeeringRoutes {
    const NAME: &'static str = "VPC peering routes";
    const KEY: &'static str = "ec2.peering-routes";
    const CALLS: &'static [ApiCall] =
        api_calls!("EC2", "ec2": DescribeRouteTables, DescribeVpcPeeringConnections);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let region = facts.region().unwrap_or_default();
        let client = crate::aws_client!(aws_sdk_ec2, *config);
        let tables = client
            .describe_route_tables()
            .max_results(100)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .map_err(|err| sdk_error(&Self::INFO, err));
        let peerings = client
            .describe_vpc_peering_connections()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .map_err(|err| sdk_error(&Self::INFO, err));
        let (tables, peerings) = futures::try_join!(tables, peerings)?;
        let peer_cidrs = |peering_id: &str, vpc_id: &str| -> Vec<String> {
            let Some(peering) = peerings
                .iter()
                .find(|p| p.vpc_peering_connection_id() == Some(peering_id))
            else {
                return Vec::new();
            };
            // The peer is whichever side this route table's VPC is not.
            let peer = match peering.requester_vpc_info() {
                Some(requester) if requester.vpc_id() != Some(vpc_id) => Some(requester),
                _ => peering.accepter_vpc_info(),
            };
            peer.map(|info| {
                let v4 = info.cidr_block_set().iter().filter_map(|b| b.cidr_block());
                let v6 = info
                    .ipv6_cidr_block_set()
                    .iter()
                    .filter_map(|b| b.ipv6_cidr_block());
                let mut blocks: Vec<String> = v4.chain(v6).map(str::to_owned).collect();
                if blocks.is_empty() {
                    blocks.extend(info.cidr_block().map(str::to_owned));
                }
                blocks
            })
            .unwrap_or_default()
        };
        let mut routes: Vec<PeeringRoute> = tables
            .iter()
            .flat_map(|table| {
                let table_id = table.route_table_id().unwrap_or_default();
                let vpc_id = table.vpc_id().unwrap_or_default();
                let arn = ec2_arn(
                    region,
                    table.owner_id().unwrap_or_default(),
                    "route-table",
                    table_id,
                );
                table.routes().iter().filter_map(move |route| {
                    let peering_id = route.vpc_peering_connection_id()?;
                    Some(PeeringRoute {
                        route_table_id: table_id.to_owned(),
                        route_table_arn: arn.clone(),
                        peering_id: peering_id.to_owned(),
                        destination: route
                            .destination_cidr_block()
                            .or(route.destination_ipv6_cidr_block())
                            .map(str::to_owned),
                        peer_cidrs: peer_cidrs(peering_id, vpc_id),
                    })
                })
            })
            .collect();
        routes.sort_by(|a, b| {
            (&a.route_table_id, &a.destination).cmp(&(&b.route_table_id, &b.destination))
        });
        Ok(Self { routes })
    }
}
