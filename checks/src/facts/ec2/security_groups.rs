//! Security groups with their inbound rules.

use async_trait::async_trait;
use aws_sdk_ec2::types::IpPermission;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use super::{covers, ec2_arn};
use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One rule: a protocol, a port range and the address ranges it admits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` (every protocol and port).
    pub protocol: String,
    /// First port (`None`: all).
    pub from_port: Option<i32>,
    /// Last port (`None`: all).
    pub to_port: Option<i32>,
    /// IPv4 ranges (`0.0.0.0/0`, …).
    pub ipv4: Vec<String>,
    /// IPv6 ranges (`::/0`, …).
    pub ipv6: Vec<String>,
}

impl SecurityGroupRule {
    /// Admits TCP on `port`: every protocol, or TCP with a range that covers it. With
    /// protocol `-1`, AWS ignores the ports.
    pub fn admits_tcp(&self, port: u16) -> bool {
        match self.protocol.as_str() {
            "-1" | "all" => true,
            "tcp" | "6" => covers(self.from_port, self.to_port, port),
            _ => false,
        }
    }

    /// Admits traffic from `cidr` exactly (`0.0.0.0/0`, `::/0`).
    pub fn admits_from(&self, cidr: &str) -> bool {
        self.ipv4
            .iter()
            .chain(&self.ipv6)
            .any(|range| range == cidr)
    }

    /// The number of permissions the rule stands for (one per source range, at least one).
    fn permissions(&self) -> usize {
        (self.ipv4.len() + self.ipv6.len()).max(1)
    }
}

/// One security group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroup {
    /// `sg-…`.
    pub id: String,
    /// Group name (`default` for a VPC's default group).
    pub name: String,
    /// Group ARN.
    pub arn: String,
    /// The VPC (`None`: EC2-Classic).
    pub vpc_id: Option<String>,
    /// Inbound rules.
    pub ingress: Vec<SecurityGroupRule>,
    /// Outbound rules.
    pub egress: Vec<SecurityGroupRule>,
}

impl SecurityGroup {
    /// A VPC's default group (which cannot be deleted, only emptied).
    pub fn is_default(&self) -> bool {
        self.name == "default"
    }

    /// Inbound and outbound permissions together.
    pub fn rule_count(&self) -> usize {
        self.ingress
            .iter()
            .chain(&self.egress)
            .map(SecurityGroupRule::permissions)
            .sum()
    }
}

/// Every security group in the region, sorted by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroups {
    /// The groups.
    pub groups: Vec<SecurityGroup>,
}

#[async_trait]
impl Fact for SecurityGroups {
    const NAME: &'static str = "EC2 security groups";
    const KEY: &'static str = "ec2.security-groups";
    const CALLS: &'static [ApiCall] = api_calls!("EC2", "ec2": DescribeSecurityGroups);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let region = facts.region().unwrap_or_default();
        let listed: Vec<_> = crate::aws_client!(aws_sdk_ec2, *config)
            .describe_security_groups()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut groups: Vec<SecurityGroup> = listed
            .iter()
            .map(|group| {
                let id = group.group_id().unwrap_or_default().to_owned();
                SecurityGroup {
                    arn: group.security_group_arn().map_or_else(
                        || {
                            ec2_arn(
                                region,
                                group.owner_id().unwrap_or_default(),
                                "security-group",
                                &id,
                            )
                        },
                        str::to_owned,
                    ),
                    id,
                    name: group.group_name().unwrap_or_default().to_owned(),
                    vpc_id: group.vpc_id().map(str::to_owned),
                    ingress: group.ip_permissions().iter().map(rule).collect(),
                    egress: group.ip_permissions_egress().iter().map(rule).collect(),
                }
            })
            .collect();
        groups.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { groups })
    }
}

fn rule(permission: &IpPermission) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: permission.ip_protocol().unwrap_or("-1").to_owned(),
        from_port: permission.from_port(),
        to_port: permission.to_port(),
        ipv4: permission
            .ip_ranges()
            .iter()
            .filter_map(|range| range.cidr_ip().map(str::to_owned))
            .collect(),
        ipv6: permission
            .ipv6_ranges()
            .iter()
            .filter_map(|range| range.cidr_ipv6().map(str::to_owned))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, ports: Option<(i32, i32)>) -> SecurityGroupRule {
        SecurityGroupRule {
            protocol: protocol.to_owned(),
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
            ipv4: vec!["0.0.0.0/0".into()],
            ipv6: vec![],
        }
    }

    #[test]
    fn tcp_ranges_and_all_traffic_admit_a_port() {
        assert!(rule("tcp", Some((20, 25))).admits_tcp(22));
        assert!(!rule("tcp", Some((23, 25))).admits_tcp(22));
        assert!(rule("6", Some((22, 22))).admits_tcp(22));
        assert!(!rule("udp", Some((0, 65535))).admits_tcp(22));
        // With every protocol, AWS reports ports -1 and ignores them.
        assert!(rule("-1", Some((-1, -1))).admits_tcp(3389));
        assert!(rule("tcp", None).admits_tcp(445));
    }

    #[test]
    fn sources_match_exactly() {
        let r = rule("tcp", Some((22, 22)));
        assert!(r.admits_from("0.0.0.0/0"));
        assert!(!r.admits_from("::/0"));
    }
}
