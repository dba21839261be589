//! The plan over network ACLs: `aws_network_acl` and `aws_default_network_acl` (inline
//! `ingress` and `egress` blocks) and `aws_network_acl_rule`, joined to its ACL.

use gonogo_core::Fact;
use serde_json::Value;

use super::{AclEntry, NetworkAcl, NetworkAcls};
use crate::plan::values::{boolean, int, string};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const ACL: &str = "aws_network_acl";
const DEFAULT_ACL: &str = "aws_default_network_acl";
const RULE: &str = "aws_network_acl_rule";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: NetworkAcls::KEY,
        resource_types: &[ACL, DEFAULT_ACL, RULE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut NetworkAcls, edit: &Edit<'_>) {
    for planned in edit.of_type(ACL) {
        let live = planned
            .before_str("id")
            .and_then(|id| facts.acls.iter().position(|acl| acl.id == id))
            .map(|at| facts.acls.remove(at));
        if planned.remains() {
            let arn = edit.name(planned, planned.after_str("arn"));
            let acl = NetworkAcl {
                id: edit.name(planned, planned.after_str("id")),
                vpc_id: planned.after_str("vpc_id").unwrap_or_default().to_owned(),
                is_default: false,
                entries: inline_entries(planned, live.as_ref(), &arn, edit),
                arn,
            };
            facts.acls.push(acl);
        }
    }
    // The default ACL is adopted, never created or deleted: its entries become the plan's.
    for planned in edit.of_type(DEFAULT_ACL) {
        let id = planned
            .after_str("default_network_acl_id")
            .or_else(|| planned.before_str("default_network_acl_id"));
        let Some(at) = id.and_then(|id| facts.acls.iter().position(|acl| acl.id == id)) else {
            continue;
        };
        if planned.remains() {
            let arn = facts.acls[at].arn.clone();
            edit.name(planned, Some(&arn));
            let entries = inline_entries(planned, Some(&facts.acls[at]), &arn, edit);
            facts.acls[at].entries = entries;
        }
    }
    for planned in edit.of_type(RULE) {
        apply_rule(facts, planned, edit);
    }
    for acl in &mut facts.acls {
        acl.entries
            .sort_by_key(|entry| (entry.egress, entry.rule_number));
    }
    facts.acls.sort_by(|a, b| a.id.cmp(&b.id));
}

/// The entries written inline; a live ACL keeps its own where the plan computes them.
fn inline_entries(
    planned: &Planned,
    live: Option<&NetworkAcl>,
    arn: &str,
    edit: &Edit<'_>,
) -> Vec<AclEntry> {
    let mut entries = Vec::new();
    for (attribute, egress) in [("ingress", false), ("egress", true)] {
        match planned.after(attribute).and_then(Value::as_array) {
            Some(written) => {
                let unknown = edit.unknown(planned, arn, attribute);
                entries.extend(
                    written
                        .iter()
                        .map(|entry| inline_entry(entry, egress, unknown, edit)),
                );
            }
            None => entries.extend(
                live.into_iter()
                    .flat_map(|acl| acl.entries.iter())
                    .filter(|entry| entry.egress == egress)
                    .cloned(),
            ),
        }
    }
    entries
}

fn inline_entry(values: &Value, egress: bool, unknown: bool, edit: &Edit<'_>) -> AclEntry {
    AclEntry {
        rule_number: int(values, "rule_no").unwrap_or_default(),
        egress,
        protocol: string(values, "protocol").unwrap_or_else(|| "-1".to_owned()),
        allow: string(values, "action").as_deref() != Some("deny"),
        cidr: cidr(values, unknown, edit),
        from_port: int(values, "from_port"),
        to_port: int(values, "to_port"),
    }
}

/// The entry's range; one known only after apply is, in the high audit, the whole internet.
fn cidr(values: &Value, unknown: bool, edit: &Edit<'_>) -> Option<String> {
    string(values, "cidr_block")
        .or_else(|| string(values, "ipv6_cidr_block"))
        .or_else(|| (unknown && edit.fill() == Fill::High).then(|| "0.0.0.0/0".to_owned()))
}

fn rule_entry(values: &Value, unknown: bool, edit: &Edit<'_>) -> AclEntry {
    AclEntry {
        rule_number: int(values, "rule_number").unwrap_or_default(),
        egress: boolean(values, "egress").unwrap_or(false),
        protocol: string(values, "protocol").unwrap_or_else(|| "-1".to_owned()),
        allow: string(values, "rule_action").as_deref() != Some("deny"),
        cidr: cidr(values, unknown, edit),
        from_port: int(values, "from_port"),
        to_port: int(values, "to_port"),
    }
}

/// A rule resource: taken out of its ACL as it was, put in as it will be.
fn apply_rule(facts: &mut NetworkAcls, planned: &Planned, edit: &Edit<'_>) {
    let before = &planned.change.before;
    if let Some(acl) = planned
        .before_str("network_acl_id")
        .and_then(|id| facts.acls.iter_mut().find(|acl| acl.id == id))
    {
        let old = rule_entry(before, false, edit);
        acl.entries
            .retain(|entry| (entry.egress, entry.rule_number) != (old.egress, old.rule_number));
    }
    if !planned.remains() {
        return;
    }
    let Some(acl_id) = edit.parent(planned, "network_acl_id", "id") else {
        return;
    };
    let Some(acl) = facts.acls.iter_mut().find(|acl| acl.id == acl_id) else {
        return;
    };
    let unknown = ["cidr_block", "ipv6_cidr_block"]
        .iter()
        .any(|attribute| edit.unknown(planned, &acl.arn, attribute));
    acl.entries
        .push(rule_entry(&planned.change.after, unknown, edit));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn inline_entries_and_rule_resources_reach_their_acl() {
        let acls = created::<NetworkAcls>(serde_json::json!({"acls": []})).await;
        let open = &acls.acls[0];
        assert_eq!(open.id, "aws_network_acl.open");
        assert!(open.admits_from_anywhere("0.0.0.0/0", 22).is_some());
        assert!(
            open.admits_from_anywhere("0.0.0.0/0", 3389).is_some(),
            "aws_network_acl_rule joins its ACL: {open:?}"
        );
    }
}
