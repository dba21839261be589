//! EC2: the network (security groups, network ACLs, VPCs and their flow logs, peering routes,
//! VPC endpoints), instances' metadata options and profiles, and EBS encryption by default.
//! Each fact is one or two paginated listings per region.

mod ebs;
mod ebs_plan;
mod instances;
mod instances_plan;
mod network_acls;
mod network_acls_plan;
mod peering_routes;
mod security_groups;
mod security_groups_plan;
mod vpc_endpoints;
mod vpcs;
mod vpcs_plan;

pub use ebs::EbsEncryptionByDefault;
pub use instances::{Ec2Instance, Ec2Instances};
pub use network_acls::{AclEntry, NetworkAcl, NetworkAcls};
pub use peering_routes::{PeeringRoute, PeeringRoutes};
pub use security_groups::{SecurityGroup, SecurityGroupRule, SecurityGroups};
pub use vpc_endpoints::{VpcEndpoint, VpcEndpoints};
pub use vpcs::{FlowLog, Vpc, VpcFlowLogs};

/// The ARN of an EC2 resource (`security-group/sg-…`, `vpc/vpc-…`), which most EC2 listings
/// do not return.
fn ec2_arn(region: &str, owner: &str, kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{owner}:{kind}/{id}")
}

/// A port range that covers `port`: `None` bounds (all ports) cover everything.
fn covers(from: Option<i32>, to: Option<i32>, port: u16) -> bool {
    let port = i32::from(port);
    from.is_none_or(|from| from <= port) && to.is_none_or(|to| port <= to)
}
