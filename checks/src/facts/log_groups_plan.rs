//! The plan over CloudWatch Logs: `aws_cloudwatch_log_group` (retention and encryption).

use gonogo_core::Fact;

use super::{LogGroup, LogGroups};
use crate::plan::{Edit, FamilyOverlay};

const LOG_GROUP: &str = "aws_cloudwatch_log_group";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: LogGroups::KEY,
        resource_types: &[LOG_GROUP],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut LogGroups, edit: &Edit<'_>) {
    for planned in edit.of_type(LOG_GROUP) {
        if let Some(name) = planned.before_str("name") {
            facts.groups.retain(|group| group.name != name);
        }
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        facts.groups.push(LogGroup {
            name: edit.name(planned, planned.after_str("name")),
            // 0 (or not written) keeps events forever, as AWS reports no retention.
            retention_days: edit
                .int(planned, &arn, "retention_in_days")
                .filter(|days| *days > 0),
            kms_key: edit.reference(planned, &arn, "kms_key_id"),
            arn,
        });
    }
    facts.groups.sort_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_log_group_keeps_its_retention() {
        let groups = created::<LogGroups>(serde_json::json!({"groups": []})).await;
        assert_eq!(groups.groups[0].name, "trail");
        assert_eq!(groups.groups[0].retention_days, Some(365));
        assert_eq!(
            groups.groups[0].kms_key.as_deref(),
            Some("aws_kms_key.data"),
            "encrypted with the key the plan creates, its ARN known only after apply"
        );
    }
}
