//! The plan over SQS: `aws_sqs_queue` (its encryption, policy and redrive policy) and
//! `aws_sqs_queue_policy`, joined to its queue.

use gonogo_core::Fact;

use super::{Queue, SqsQueues};
use crate::plan::{Edit, FamilyOverlay};

const QUEUE: &str = "aws_sqs_queue";
const QUEUE_POLICY: &str = "aws_sqs_queue_policy";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: SqsQueues::KEY,
        resource_types: &[QUEUE, QUEUE_POLICY],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

/// Terraform's arguments and the queue attributes they set, with whether a created queue
/// whose value is known only after apply has none (AWS sets no policy of its own; it does
/// choose the encryption).
const ATTRIBUTES: [(&str, &str, bool); 5] = [
    ("kms_master_key_id", "KmsMasterKeyId", false),
    ("sqs_managed_sse_enabled", "SqsManagedSseEnabled", false),
    ("policy", "Policy", true),
    ("redrive_policy", "RedrivePolicy", true),
    ("fifo_queue", "FifoQueue", false),
];

fn apply(facts: &mut SqsQueues, edit: &Edit<'_>) {
    for planned in edit.of_type(QUEUE) {
        let live = planned
            .before_str("url")
            .and_then(|url| facts.queues.iter().position(|q| q.url == url))
            .map(|at| facts.queues.remove(at));
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let created = live.is_none();
        let mut attributes = live.map(|q| q.attributes).unwrap_or_default();
        for (argument, attribute, none_when_created) in ATTRIBUTES {
            let value = match planned.change.after.get(argument) {
                Some(serde_json::Value::Bool(value)) => Some(value.to_string()),
                _ if created && none_when_created && planned.is_unknown(argument) => None,
                _ if argument == "sqs_managed_sse_enabled" => edit
                    .bool(planned, &arn, argument)
                    .map(|value| value.to_string()),
                _ if argument == "kms_master_key_id" => edit.reference(planned, &arn, argument),
                _ => edit.string(planned, &arn, argument),
            };
            match value {
                Some(value) => attributes.insert(attribute.to_owned(), value),
                None => attributes.remove(attribute),
            };
        }
        facts.queues.push(Queue {
            url: edit.name(planned, planned.after_str("url")),
            name: planned
                .after_str("name")
                .map_or_else(|| planned.address().to_owned(), str::to_owned),
            arn,
            attributes,
        });
    }
    for planned in edit.of_type(QUEUE_POLICY) {
        let url = edit.parent(planned, "queue_url", "url");
        let Some(queue) = url.and_then(|url| facts.queues.iter_mut().find(|q| q.url == url)) else {
            continue;
        };
        let policy = if planned.remains() {
            edit.string(planned, &queue.arn, "policy")
        } else {
            None
        };
        match policy {
            Some(policy) => queue.attributes.insert("Policy".to_owned(), policy),
            None => queue.attributes.remove("Policy"),
        };
    }
    facts.queues.sort_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_queue_takes_its_encryption_and_policy() {
        let queues = created::<SqsQueues>(serde_json::json!({"queues": []})).await;
        let jobs = &queues.queues[0];
        assert_eq!(jobs.name, "jobs");
        assert_eq!(jobs.url, "aws_sqs_queue.jobs");
        assert_eq!(jobs.attribute("SqsManagedSseEnabled"), Some("true"));
        assert!(
            jobs.attribute("Policy")
                .is_some_and(|p| p.contains("sqs:SendMessage")),
            "aws_sqs_queue_policy joins its queue: {jobs:?}"
        );
        assert_eq!(jobs.attribute("RedrivePolicy"), None);
    }
}
