//! Flags network ACLs that admit SSH or RDP from the whole internet (CIS 6.2).

use crate::facts::{NetworkAcl, NetworkAcls};
use crate::prelude::*;

/// SSH and RDP.
const ADMIN_PORTS: &[u16] = &[22, 3389];
/// The whole IPv4 and IPv6 internet.
const ANYWHERE: &[&str] = &["0.0.0.0/0", "::/0"];

declare_check! {
    /// ## What it checks
    /// No network ACL lets SSH (22) or RDP (3389) in from `0.0.0.0/0` or `::/0`. Entries are
    /// read as AWS evaluates them: in rule-number order, the first entry for the whole
    /// internet that covers the port decides, so a lower-numbered deny closes the port.
    /// ## Why it matters
    /// The ACL is the subnet's outer wall; a default ACL allows everything, which leaves
    /// every security group as the only line of defence.
    /// ## Remediation
    /// Add deny entries for TCP 22 and 3389 from `0.0.0.0/0` and `::/0` numbered below the
    /// allow entries (`aws ec2 create-network-acl-entry --rule-action deny …`).
    pub struct NaclAdminPorts;
    id: "security.nacl-admin-ports",
    title: "No network ACL admits SSH or RDP from the internet",
    category: Security,
    severity: Medium,
    facts: [NetworkAcls],
    tags: ["network"],
}

fn finding(acl: &NetworkAcl) -> Finding {
    let open: Vec<String> = ANYWHERE
        .iter()
        .flat_map(|source| {
            ADMIN_PORTS.iter().filter_map(move |port| {
                acl.admits_from_anywhere(source, *port)
                    .map(|entry| format!("{port} from {source} (rule {})", entry.rule_number))
            })
        })
        .collect();
    let name = if acl.is_default {
        format!("{} (default ACL of {})", acl.id, acl.vpc_id)
    } else {
        acl.id.clone()
    };
    if open.is_empty() {
        Finding::pass(
            &acl.arn,
            format!("{name} admits neither SSH nor RDP from the internet"),
        )
    } else {
        Finding::fail(&acl.arn, format!("{name} admits {}", open.join(", ")))
    }
}

#[async_trait]
impl Check for NaclAdminPorts {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let acls = cx.fact::<NetworkAcls>().await?;
        let findings = acls.acls.iter().map(finding).collect();
        Ok(cx.judge("network ACLs", findings))
    }
}
