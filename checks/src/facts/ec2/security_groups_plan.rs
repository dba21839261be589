//! The plan over security groups: `aws_security_group` (inline rules) and the rule
//! resources, `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule` /
//! `_egress_rule`, joined to their group.

use gonogo_core::Fact;
use serde_json::Value;

use super::{SecurityGroup, SecurityGroupRule, SecurityGroups};
use crate::plan::values::{int as port, string, strings};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const GROUP: &str = "aws_security_group";
const RULE: &str = "aws_security_group_rule";
const INGRESS_RULE: &str = "aws_vpc_security_group_ingress_rule";
const EGRESS_RULE: &str = "aws_vpc_security_group_egress_rule";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: SecurityGroups::KEY,
        resource_types: &[GROUP, RULE, INGRESS_RULE, EGRESS_RULE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut SecurityGroups, edit: &Edit<'_>) {
    for planned in edit.of_type(GROUP) {
        let live = planned
            .before_str("id")
            .and_then(|id| facts.groups.iter().position(|g| g.id == id))
            .map(|at| facts.groups.remove(at));
        if planned.remains() {
            facts.groups.push(group(planned, live.as_ref(), edit));
        }
    }
    for (resource_type, direction) in [
        (RULE, None),
        (INGRESS_RULE, Some(Direction::Ingress)),
        (EGRESS_RULE, Some(Direction::Egress)),
    ] {
        for planned in edit.of_type(resource_type) {
            apply_rule(facts, planned, direction, edit);
        }
    }
}

fn group(planned: &Planned, live: Option<&SecurityGroup>, edit: &Edit<'_>) -> SecurityGroup {
    let id = edit.name(planned, planned.after_str("id"));
    let arn = edit.name(planned, planned.after_str("arn"));
    // Rules not written inline are computed: a new group starts with none (Terraform removes
    // the default egress rule; the rule resources add theirs), an existing one keeps its own.
    let rules = |attribute: &str, live_rules: Option<&Vec<SecurityGroupRule>>| match planned
        .after(attribute)
        .and_then(Value::as_array)
    {
        Some(inline) => {
            let unknown = edit.unknown(planned, &arn, attribute);
            inline
                .iter()
                .map(|rule| with_unknown_sources(inline_rule(rule), unknown, edit))
                .collect()
        }
        None => live_rules.cloned().unwrap_or_default(),
    };
    SecurityGroup {
        name: planned
            .after_str("name")
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        vpc_id: planned
            .after_str("vpc_id")
            .map(str::to_owned)
            .or_else(|| live.and_then(|g| g.vpc_id.clone())),
        ingress: rules("ingress", live.map(|g| &g.ingress)),
        egress: rules("egress", live.map(|g| &g.egress)),
        id,
        arn,
    }
}

fn inline_rule(rule: &Value) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: string(rule, "protocol").unwrap_or_else(|| "-1".to_owned()),
        from_port: port(rule, "from_port"),
        to_port: port(rule, "to_port"),
        ipv4: strings(rule, "cidr_blocks"),
        ipv6: strings(rule, "ipv6_cidr_blocks"),
    }
}

/// A rule whose sources are known only after apply admits, in the [`Fill::High`] audit, the
/// whole internet as well (and in the low one only the sources the plan knows).
fn with_unknown_sources(
    mut rule: SecurityGroupRule,
    unknown: bool,
    edit: &Edit<'_>,
) -> SecurityGroupRule {
    if unknown && edit.fill() == Fill::High {
        rule.ipv4.push("0.0.0.0/0".to_owned());
        rule.ipv6.push("::/0".to_owned());
    }
    rule
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Ingress,
    Egress,
}

/// A rule resource: taken out of its group as it was, put in as it will be.
fn apply_rule(
    facts: &mut SecurityGroups,
    planned: &Planned,
    direction: Option<Direction>,
    edit: &Edit<'_>,
) {
    let direction_of = |values: &Value| {
        direction.or_else(|| match values.get("type").and_then(Value::as_str) {
            Some("egress") => Some(Direction::Egress),
            Some("ingress") => Some(Direction::Ingress),
            _ => None,
        })
    };
    let before = &planned.change.before;
    if !before.is_null() {
        let group_id = before.get("security_group_id").and_then(Value::as_str);
        if let (Some(group), Some(direction)) = (
            group_id.and_then(|id| facts.groups.iter_mut().find(|g| g.id == id)),
            direction_of(before),
        ) {
            let old = rule_resource(before);
            let rules = rules_of(group, direction);
            if let Some(at) = rules.iter().position(|r| *r == old) {
                rules.remove(at);
            }
        }
    }
    if !planned.remains() {
        return;
    }
    let Some(direction) = direction_of(&planned.change.after) else {
        return;
    };
    let Some(group_id) = edit.parent(planned, "security_group_id", "id") else {
        return;
    };
    let Some(group) = facts.groups.iter_mut().find(|g| g.id == group_id) else {
        return;
    };
    let unknown = ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"]
        .iter()
        .any(|attribute| planned.is_unknown(attribute));
    if unknown {
        edit.record_unknown(&group.arn, direction_name(direction));
    }
    let rule = with_unknown_sources(rule_resource(&planned.change.after), unknown, edit);
    rules_of(group, direction).push(rule);
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    }
}

fn rules_of(group: &mut SecurityGroup, direction: Direction) -> &mut Vec<SecurityGroupRule> {
    match direction {
        Direction::Ingress => &mut group.ingress,
        Direction::Egress => &mut group.egress,
    }
}

/// A rule resource's values as a rule: `aws_security_group_rule` (`protocol`,
/// `cidr_blocks`) or the VPC rule resources (`ip_protocol`, `cidr_ipv4`).
fn rule_resource(values: &Value) -> SecurityGroupRule {
    let protocol = string(values, "protocol")
        .or_else(|| string(values, "ip_protocol"))
        .unwrap_or_else(|| "-1".to_owned());
    let mut ipv4 = strings(values, "cidr_blocks");
    ipv4.extend(string(values, "cidr_ipv4"));
    let mut ipv6 = strings(values, "ipv6_cidr_blocks");
    ipv6.extend(string(values, "cidr_ipv6"));
    SecurityGroupRule {
        protocol,
        from_port: port(values, "from_port"),
        to_port: port(values, "to_port"),
        ipv4,
        ipv6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn inline_rules_and_rule_resources_reach_their_group() {
        let groups = created::<SecurityGroups>(serde_json::json!({"groups": []})).await;
        let web = groups.groups.iter().find(|g| g.name == "web").unwrap();
        assert_eq!(
            web.id, "aws_security_group.web",
            "its id is known only after apply"
        );
        assert!(
            web.ingress
                .iter()
                .any(|r| r.admits_tcp(22) && r.admits_from("0.0.0.0/0"))
        );
        assert!(
            web.egress.is_empty(),
            "Terraform removes the default egress rule"
        );
        let db = groups.groups.iter().find(|g| g.name == "db").unwrap();
        assert!(
            db.ingress
                .iter()
                .any(|r| r.admits_tcp(3389) && r.admits_from("0.0.0.0/0")),
            "aws_security_group_rule joins its group through the configuration: {db:?}"
        );
        assert!(
            db.ingress
                .iter()
                .any(|r| r.admits_tcp(445) && r.admits_from("::/0")),
            "so does aws_vpc_security_group_ingress_rule: {db:?}"
        );
    }
}
