//! Network ACLs with their entries.

use async_trait::async_trait;
use aws_sdk_ec2::types::RuleAction;
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use super::{covers, ec2_arn};
use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// One numbered entry of a network ACL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AclEntry {
    /// Evaluation order: lowest first, the first match decides.
    pub rule_number: i32,
    /// Outbound (`true`) or inbound.
    pub egress: bool,
    /// A protocol number (`6` TCP, `17` UDP) or `-1` (all).
    pub protocol: String,
    /// `true` allows, `false` denies.
    pub allow: bool,
    /// IPv4 or IPv6 source (`0.0.0.0/0`, `::/0`, …).
    pub cidr: Option<String>,
    /// First port (`None`: all).
    pub from_port: Option<i32>,
    /// Last port (`None`: all).
    pub to_port: Option<i32>,
}

impl AclEntry {
    /// Matches inbound TCP on `port` from `cidr` exactly.
    fn matches_inbound_tcp(&self, cidr: &str, port: u16) -> bool {
        !self.egress
            && self.cidr.as_deref() == Some(cidr)
            && match self.protocol.as_str() {
                "-1" => true,
                "6" | "tcp" => covers(self.from_port, self.to_port, port),
                _ => false,
            }
    }
}

/// One network ACL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcl {
    /// `acl-…`.
    pub id: String,
    /// ACL ARN.
    pub arn: String,
    /// The VPC.
    pub vpc_id: String,
    /// The VPC's default ACL.
    pub is_default: bool,
    /// Entries, by rule number.
    pub entries: Vec<AclEntry>,
}

impl NetworkAcl {
    /// The entry that decides inbound TCP on `port` from all of `cidr` (`0.0.0.0/0`, `::/0`),
    /// when it allows it: entries are evaluated in rule-number order and the first match
    /// decides. An entry for a narrower range decides only for part of the internet, so it
    /// neither opens nor closes the port to all of it.
    pub fn admits_from_anywhere(&self, cidr: &str, port: u16) -> Option<&AclEntry> {
        self.entries
            .iter()
            .find(|entry| entry.matches_inbound_tcp(cidr, port))
            .filter(|entry| entry.allow)
    }
}

/// Every network ACL in the region, sorted by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcls {
    /// The ACLs.
    pub acls: Vec<NetworkAcl>,
}

#[async_trait]
impl Fact for NetworkAcls {
    const NAME: &'static str = "EC2 network ACLs";
    const KEY: &'static str = "ec2.network-acls";
    const CALLS: &'static [ApiCall] = api_calls!("EC2", "ec2": DescribeNetworkAcls);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let region = facts.region().unwrap_or_default();
        let listed: Vec<_> = crate::aws_client!(aws_sdk_ec2, *config)
            .describe_network_acls()
            .max_results(1000)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|err| sdk_error(&Self::INFO, err))?;
        let mut acls: Vec<NetworkAcl> = listed
            .iter()
            .map(|acl| {
                let id = acl.network_acl_id().unwrap_or_default().to_owned();
                let mut entries: Vec<AclEntry> = acl
                    .entries()
                    .iter()
                    .map(|entry| AclEntry {
                        rule_number: entry.rule_number().unwrap_or_default(),
                        egress: entry.egress().unwrap_or_default(),
                        protocol: entry.protocol().unwrap_or("-1").to_owned(),
                        // An entry that does not say denies nothing: read as allowing.
                        allow: entry.rule_action() != Some(&RuleAction::Deny),
                        cidr: entry
                            .cidr_block()
                            .or(entry.ipv6_cidr_block())
                            .map(str::to_owned),
                        from_port: entry.port_range().and_then(|range| range.from()),
                        to_port: entry.port_range().and_then(|range| range.to()),
                    })
                    .collect();
                entries.sort_by_key(|entry| entry.rule_number);
                NetworkAcl {
                    arn: ec2_arn(
                        region,
                        acl.owner_id().unwrap_or_default(),
                        "network-acl",
                        &id,
                    ),
                    id,
                    vpc_id: acl.vpc_id().unwrap_or_default().to_owned(),
                    is_default: acl.is_default().unwrap_or_default(),
                    entries,
                }
            })
            .collect();
        acls.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Self { acls })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        rule_number: i32,
        protocol: &str,
        allow: bool,
        cidr: &str,
        ports: Option<(i32, i32)>,
    ) -> AclEntry {
        AclEntry {
            rule_number,
            egress: false,
            protocol: protocol.to_owned(),
            allow,
            cidr: Some(cidr.to_owned()),
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
        }
    }

    fn acl(entries: Vec<AclEntry>) -> NetworkAcl {
        NetworkAcl {
            id: "acl-1".into(),
            arn: "arn".into(),
            vpc_id: "vpc-1".into(),
            is_default: false,
            entries,
        }
    }

    #[test]
    fn the_first_entry_for_the_whole_internet_decides() {
        let open = acl(vec![entry(100, "-1", true, "0.0.0.0/0", None)]);
        assert_eq!(
            open.admits_from_anywhere("0.0.0.0/0", 22)
                .map(|e| e.rule_number),
            Some(100)
        );
        let closed = acl(vec![
            entry(10, "6", false, "0.0.0.0/0", Some((22, 22))),
            entry(100, "-1", true, "0.0.0.0/0", None),
        ]);
        assert!(closed.admits_from_anywhere("0.0.0.0/0", 22).is_none());
        assert!(closed.admits_from_anywhere("0.0.0.0/0", 3389).is_some());
    }

    #[test]
    fn narrower_ranges_and_other_protocols_neither_open_nor_close() {
        let acl = acl(vec![
            entry(5, "6", false, "10.0.0.0/8", Some((22, 22))),
            entry(6, "17", true, "0.0.0.0/0", Some((22, 22))),
            entry(7, "6", true, "1.2.3.4/32", Some((22, 22))),
        ]);
        assert!(acl.admits_from_anywhere("0.0.0.0/0", 22).is_none());
        let with_allow = {
            let mut a = acl.clone();
            a.entries
                .push(entry(8, "6", true, "0.0.0.0/0", Some((0, 1024))));
            a
        };
        assert_eq!(
            with_allow
                .admits_from_anywhere("0.0.0.0/0", 22)
                .map(|e| e.rule_number),
            Some(8)
        );
        assert!(with_allow.admits_from_anywhere("::/0", 22).is_none());
    }
}
