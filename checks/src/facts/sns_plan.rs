//! The plan over SNS: `aws_sns_topic` (encryption, policy), `aws_sns_topic_policy` and
//! `aws_sns_topic_subscription`, joined to their topic.

use gonogo_core::Fact;

use super::{SnsSubscriptions, SnsTopics, Topic};
use crate::plan::{Edit, FamilyOverlay, Fill};

const TOPIC: &str = "aws_sns_topic";
const TOPIC_POLICY: &str = "aws_sns_topic_policy";
const SUBSCRIPTION: &str = "aws_sns_topic_subscription";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: SnsTopics::KEY,
        resource_types: &[TOPIC, TOPIC_POLICY],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_topics),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: SnsSubscriptions::KEY,
        resource_types: &[TOPIC, SUBSCRIPTION],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_subscriptions),
    }
}

fn apply_topics(facts: &mut SnsTopics, edit: &Edit<'_>) {
    for planned in edit.of_type(TOPIC) {
        let live = planned
            .before_str("arn")
            .and_then(|arn| facts.topics.iter().position(|t| t.arn == arn))
            .map(|at| facts.topics.remove(at));
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let mut attributes = live.map(|t| t.attributes).unwrap_or_default();
        match edit.reference(planned, &arn, "kms_master_key_id") {
            Some(key) => attributes.insert("KmsMasterKeyId".to_owned(), key),
            None => attributes.remove("KmsMasterKeyId"),
        };
        // The policy is computed when not written: a new topic gets SNS's default (the
        // owner's own), a live one keeps its own.
        if let Some(policy) = planned.after_str("policy") {
            attributes.insert("Policy".to_owned(), policy.to_owned());
        }
        facts.topics.push(Topic {
            name: planned
                .after_str("name")
                .map_or_else(|| planned.address().to_owned(), str::to_owned),
            arn,
            attributes,
        });
    }
    for planned in edit.of_type(TOPIC_POLICY) {
        let Some(arn) = edit.parent(planned, "arn", "arn") else {
            continue;
        };
        let Some(topic) = facts.topics.iter_mut().find(|t| t.arn == arn) else {
            continue;
        };
        let policy = if planned.remains() {
            edit.string(planned, &arn, "policy")
        } else {
            None
        };
        match policy {
            Some(policy) => topic.attributes.insert("Policy".to_owned(), policy),
            None => topic.attributes.remove("Policy"),
        };
    }
    facts.topics.sort_by(|a, b| a.name.cmp(&b.name));
}

fn apply_subscriptions(facts: &mut SnsSubscriptions, edit: &Edit<'_>) {
    for planned in edit.of_type(TOPIC) {
        if planned.removes()
            && let Some(arn) = planned.before_str("arn")
        {
            facts.subscribed_topics.remove(arn);
        }
    }
    for planned in edit.of_type(SUBSCRIPTION) {
        if planned.remains() {
            if let Some(topic) = edit.parent(planned, "topic_arn", "arn") {
                facts.subscribed_topics.insert(topic);
            }
        } else if let Some(topic) = planned.before_str("topic_arn") {
            // Whether the topic keeps another subscription the plan cannot say: it is known
            // only after apply.
            edit.record_unknown(topic, "subscriptions");
            if edit.fill() == Fill::Low {
                facts.subscribed_topics.remove(topic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_topic_takes_its_policy_and_subscription() {
        let topics = created::<SnsTopics>(serde_json::json!({"topics": []})).await;
        let alerts = &topics.topics[0];
        assert_eq!(alerts.arn, "aws_sns_topic.alerts");
        assert_eq!(alerts.attribute("KmsMasterKeyId"), Some("alias/aws/sns"));
        assert!(
            alerts
                .attribute("Policy")
                .is_some_and(|p| p.contains("sns:Publish"))
        );
        let subscribed =
            created::<SnsSubscriptions>(serde_json::json!({"subscribed_topics": []})).await;
        assert!(
            subscribed
                .subscribed_topics
                .contains("aws_sns_topic.alerts")
        );
    }
}
