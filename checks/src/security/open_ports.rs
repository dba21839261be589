//! Security groups open to the whole internet on sensitive ports: one table, one check per
//! row (CIS 6.1.2, 6.3 and 6.4).

use crate::facts::{SecurityGroup, SecurityGroups};
use crate::prelude::*;

/// SSH and RDP.
const ADMIN_PORTS: &[u16] = &[22, 3389];
/// NetBIOS session and SMB (CIFS).
const CIFS_PORTS: &[u16] = &[139, 445];

/// One row of the table: which sources and ports make a group fail.
struct Exposure {
    /// Sources that stand for the whole internet.
    sources: &'static [&'static str],
    /// Ports that must not be reachable from them.
    ports: &'static [u16],
}

const ADMIN_IPV4: Exposure = Exposure {
    sources: &["0.0.0.0/0"],
    ports: ADMIN_PORTS,
};
const ADMIN_IPV6: Exposure = Exposure {
    sources: &["::/0"],
    ports: ADMIN_PORTS,
};
const CIFS: Exposure = Exposure {
    sources: &["0.0.0.0/0", "::/0"],
    ports: CIFS_PORTS,
};

impl Exposure {
    /// The group's finding: which ports it opens to which sources, if any.
    fn finding(&self, group: &SecurityGroup) -> Finding {
        let mut open: Vec<String> = Vec::new();
        for rule in &group.ingress {
            for source in self
                .sources
                .iter()
                .filter(|source| rule.admits_from(source))
            {
                for port in self.ports.iter().filter(|port| rule.admits_tcp(**port)) {
                    let opening = format!("{port} from {source}");
                    if !open.contains(&opening) {
                        open.push(opening);
                    }
                }
            }
        }
        let name = format!("{} ({})", group.id, group.name);
        if open.is_empty() {
            let ports: Vec<String> = self.ports.iter().map(u16::to_string).collect();
            Finding::pass(
                &group.arn,
                format!(
                    "{name} keeps {} closed to {}",
                    ports.join(", "),
                    self.sources.join(" and ")
                ),
            )
        } else {
            Finding::fail(&group.arn, format!("{name} opens {}", open.join(", ")))
        }
    }

    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let groups = cx.fact::<SecurityGroups>().await?;
        let findings = groups
            .groups
            .iter()
            .map(|group| self.finding(group))
            .collect();
        Ok(cx.judge("security groups", findings))
    }
}

declare_check! {
    /// ## What it checks
    /// No security group admits SSH (22) or RDP (3389) from `0.0.0.0/0`, by a TCP rule whose
    /// range covers the port or by an all-traffic rule.
    /// ## Why it matters
    /// Remote administration ports open to the internet are scanned within minutes and are the
    /// first thing brute-forced.
    /// ## Remediation
    /// Revoke the rule (`aws ec2 revoke-security-group-ingress`) and reach instances through
    /// Session Manager, a bastion or a VPN range instead.
    pub struct SgAdminPortsIpv4;
    id: "security.sg-admin-ports-ipv4",
    title: "No security group opens SSH or RDP to 0.0.0.0/0",
    category: Security,
    severity: High,
    facts: [SecurityGroups],
    tags: ["network"],
}

#[async_trait]
impl Check for SgAdminPortsIpv4 {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        ADMIN_IPV4.run(cx).await
    }
}

declare_check! {
    /// ## What it checks
    /// No security group admits SSH (22) or RDP (3389) from `::/0`, the whole IPv6 internet.
    /// ## Why it matters
    /// An IPv6 rule opens the port as widely as `0.0.0.0/0` does, and is easier to miss.
    /// ## Remediation
    /// Revoke the `::/0` rule and reach instances through Session Manager or a known range.
    pub struct SgAdminPortsIpv6;
    id: "security.sg-admin-ports-ipv6",
    title: "No security group opens SSH or RDP to ::/0",
    category: Security,
    severity: High,
    facts: [SecurityGroups],
    tags: ["network"],
}

#[async_trait]
impl Check for SgAdminPortsIpv6 {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        ADMIN_IPV6.run(cx).await
    }
}

declare_check! {
    /// ## What it checks
    /// No security group admits CIFS/SMB (TCP 139 or 445) from `0.0.0.0/0` or `::/0`.
    /// ## Why it matters
    /// File-sharing ports exposed to the internet are how worms such as WannaCry spread.
    /// ## Remediation
    /// Revoke the rule; share files over a VPN or within the VPC only.
    pub struct SgCifs;
    id: "security.sg-cifs",
    title: "No security group opens CIFS to the internet",
    category: Security,
    severity: High,
    facts: [SecurityGroups],
    tags: ["network"],
}

#[async_trait]
impl Check for SgCifs {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        CIFS.run(cx).await
    }
}
