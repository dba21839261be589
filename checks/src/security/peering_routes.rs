//! Flags routes through VPC peering connections wider than they need to be (CIS 6.6).

use ipnet::IpNet;

use crate::facts::{PeeringRoute, PeeringRoutes};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every route through a VPC peering connection leads to part of the peer VPC only. A
    /// route to the internet's whole range or to more than the peer VPC fails; a route to the
    /// peer's whole address block warns, since it opens every subnet on the other side.
    /// ## Why it matters
    /// Peering joins two networks; a route wider than the subnets that need to talk exposes
    /// everything in the peer to everything here.
    /// ## Remediation
    /// Replace the route with routes to the subnets that need it:
    /// `aws ec2 replace-route --route-table-id RTB --destination-cidr-block 10.1.2.0/24 …`.
    pub struct PeeringLeastAccess;
    id: "security.vpc-peering-routes",
    title: "Peering routes reach only what they need",
    category: Security,
    severity: Medium,
    facts: [PeeringRoutes],
}

#[async_trait]
impl Check for PeeringLeastAccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let peering = cx.fact::<PeeringRoutes>().await?;
        let findings = peering.routes.iter().map(judge_route).collect();
        Ok(cx.judge("peering routes", findings))
    }
}

fn judge_route(route: &PeeringRoute) -> Finding {
    let resource = &route.route_table_arn;
    let to = |what: &str| {
        format!(
            "{} routes {what} through {}",
            route.route_table_id, route.peering_id
        )
    };
    let Some(destination) = route.destination.as_deref() else {
        return Finding::fail(resource, to("a prefix list (unread)"));
    };
    let Ok(destination) = destination.parse::<IpNet>() else {
        return Finding::fail(resource, to(&format!("{destination} (unreadable)")));
    };
    if destination.prefix_len() == 0 {
        return Finding::fail(resource, to(&format!("every address ({destination})")));
    }
    let peers: Vec<IpNet> = route
        .peer_cidrs
        .iter()
        .filter_map(|cidr| cidr.parse().ok())
        .collect();
    if peers.is_empty() {
        return Finding::fail(
            resource,
            to(&format!(
                "{destination} to a peer whose address blocks are unknown"
            )),
        );
    }
    if let Some(peer) = peers.iter().find(|peer| destination == **peer) {
        return Finding::warn(resource, to(&format!("the whole of the peer VPC's {peer}")));
    }
    if peers.iter().any(|peer| destination.contains(peer)) {
        return Finding::fail(
            resource,
            to(&format!("{destination}, more than the peer VPC")),
        );
    }
    if peers.iter().any(|peer| peer.contains(&destination)) {
        return Finding::pass(
            resource,
            to(&format!("{destination}, part of the peer VPC")),
        );
    }
    Finding::fail(
        resource,
        to(&format!("{destination}, outside the peer VPC's blocks")),
    )
}

#[cfg(test)]
mod tests {
    use gonogo_core::Status;

    use super::*;

    fn route(destination: &str) -> PeeringRoute {
        PeeringRoute {
            route_table_id: "rtb-1".to_owned(),
            route_table_arn: "arn:aws:ec2:us-east-1:1:route-table/rtb-1".to_owned(),
            peering_id: "pcx-1".to_owned(),
            destination: Some(destination.to_owned()),
            peer_cidrs: vec!["10.1.0.0/16".to_owned()],
        }
    }

    #[test]
    fn a_subnet_of_the_peer_passes_the_whole_peer_warns_and_wider_fails() {
        assert_eq!(judge_route(&route("10.1.2.0/24")).status, Status::Pass);
        assert_eq!(judge_route(&route("10.1.0.0/16")).status, Status::Warn);
        assert_eq!(judge_route(&route("10.0.0.0/8")).status, Status::Fail);
        assert_eq!(judge_route(&route("0.0.0.0/0")).status, Status::Fail);
        assert_eq!(judge_route(&route("192.168.0.0/24")).status, Status::Fail);
    }
}
