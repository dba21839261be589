//! The plan over Elastic Load Balancing v2: `aws_lb` (its type, scheme and the attributes
//! the checks read) and `aws_lb_listener` (protocol, port, TLS policy, default actions),
//! joined to its load balancer. `aws_alb` and `aws_alb_listener` are the same resources.

use std::collections::BTreeMap;

use gonogo_core::Fact;
use serde_json::Value;

use super::{Listener, ListenerAction, Listeners, LoadBalancer, LoadBalancers};
use crate::plan::values::{block, boolean, string};
use crate::plan::{Edit, FamilyOverlay, Planned};

const BALANCERS: &[&str] = &["aws_lb", "aws_alb"];
const LISTENERS: &[&str] = &["aws_lb_listener", "aws_alb_listener"];

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: LoadBalancers::KEY,
        resource_types: BALANCERS,
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_balancers),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: Listeners::KEY,
        resource_types: &["aws_lb", "aws_alb", "aws_lb_listener", "aws_alb_listener"],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_listeners),
    }
}

/// Terraform's arguments and the attributes they set.
const ATTRIBUTES: [(&str, &str); 2] = [
    ("enable_deletion_protection", "deletion_protection.enabled"),
    (
        "drop_invalid_header_fields",
        "routing.http.drop_invalid_header_fields.enabled",
    ),
];

fn apply_balancers(facts: &mut LoadBalancers, edit: &Edit<'_>) {
    for resource_type in BALANCERS {
        for planned in edit.of_type(resource_type) {
            if let Some(arn) = planned.before_str("arn") {
                facts.load_balancers.retain(|lb| lb.arn != arn);
            }
            if planned.remains() {
                facts.load_balancers.push(balancer(planned, edit));
            }
        }
    }
    facts.load_balancers.sort_by(|a, b| a.name.cmp(&b.name));
}

fn balancer(planned: &Planned, edit: &Edit<'_>) -> LoadBalancer {
    let arn = edit.name(planned, planned.after_str("arn"));
    let mut attributes = BTreeMap::new();
    for (argument, attribute) in ATTRIBUTES {
        let on = edit.bool(planned, &arn, argument).unwrap_or(false);
        attributes.insert(attribute.to_owned(), on.to_string());
    }
    let logs = block(&planned.change.after, "access_logs")
        .and_then(|logs| boolean(logs, "enabled"))
        .unwrap_or(false);
    attributes.insert("access_logs.s3.enabled".to_owned(), logs.to_string());
    LoadBalancer {
        name: planned
            .after_str("name")
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        kind: planned
            .after_str("load_balancer_type")
            .unwrap_or("application")
            .to_owned(),
        scheme: Some(
            if planned.after_bool("internal") == Some(true) {
                "internal"
            } else {
                "internet-facing"
            }
            .to_owned(),
        ),
        attributes,
        arn,
    }
}

fn apply_listeners(facts: &mut Listeners, edit: &Edit<'_>) {
    for resource_type in BALANCERS {
        for planned in edit.of_type(resource_type).filter(|p| p.removes()) {
            if let Some(name) = planned.before_str("name") {
                facts.listeners.retain(|l| l.load_balancer != name);
            }
        }
    }
    let balancers = edit.as_is::<LoadBalancers>();
    for resource_type in LISTENERS {
        for planned in edit.of_type(resource_type) {
            if let Some(arn) = planned.before_str("arn") {
                facts.listeners.retain(|l| l.arn != arn);
            }
            if !planned.remains() {
                continue;
            }
            // The load balancer by name: a planned one's, or an existing one's from its ARN.
            let Some(parent) = edit.parent(planned, "load_balancer_arn", "name") else {
                continue;
            };
            let load_balancer = balancers
                .as_ref()
                .and_then(|b| b.load_balancers.iter().find(|lb| lb.arn == parent))
                .map_or(parent, |lb| lb.name.clone());
            let arn = edit.name(planned, planned.after_str("arn"));
            facts.listeners.push(Listener {
                load_balancer,
                protocol: planned.after_str("protocol").unwrap_or("HTTP").to_owned(),
                port: planned
                    .after("port")
                    .and_then(Value::as_i64)
                    .and_then(|p| i32::try_from(p).ok()),
                ssl_policy: edit.string(planned, &arn, "ssl_policy"),
                default_actions: planned
                    .after("default_action")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|action| ListenerAction {
                        kind: string(action, "type").unwrap_or_default(),
                        redirect_protocol: block(action, "redirect")
                            .and_then(|r| string(r, "protocol")),
                    })
                    .collect(),
                arn,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_load_balancer_and_its_listener() {
        let balancers = created::<LoadBalancers>(serde_json::json!({"load_balancers": []})).await;
        let web = &balancers.load_balancers[0];
        assert!(web.is_on("deletion_protection.enabled"));
        assert!(!web.is_on("routing.http.drop_invalid_header_fields.enabled"));
        let listeners =
            created::<Listeners>(serde_json::json!({"listeners": [], "ssl_policies": {}})).await;
        let http = &listeners.listeners[0];
        assert_eq!(http.load_balancer, "web");
        assert_eq!(http.port, Some(80));
        assert_eq!(
            http.default_actions[0].redirect_protocol.as_deref(),
            Some("HTTPS")
        );
    }
}
