//! The plan over EC2 instances: `aws_instance` (its metadata options and instance profile).

use gonogo_core::Fact;

use super::{Ec2Instance, Ec2Instances};
use crate::plan::{Edit, FamilyOverlay, Fill};

const INSTANCE: &str = "aws_instance";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: Ec2Instances::KEY,
        resource_types: &[INSTANCE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut Ec2Instances, edit: &Edit<'_>) {
    for planned in edit.of_type(INSTANCE) {
        if let Some(id) = planned.before_str("id") {
            facts.instances.retain(|instance| instance.id != id);
        }
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        // An option not written is computed (from the AMI's defaults): filled both ways.
        let option = |key: &str, on: &str| match edit.block_value(
            planned,
            &arn,
            &format!("metadata_options.{key}"),
        ) {
            Ok(value) => value.and_then(serde_json::Value::as_str).map(|v| v == on),
            Err(fill) => Some(fill == Fill::High),
        };
        facts.instances.push(Ec2Instance {
            id: edit.name(planned, planned.after_str("id")),
            state: "running".to_owned(),
            imds_tokens_required: option("http_tokens", "required"),
            imds_enabled: option("http_endpoint", "enabled"),
            instance_profile: edit.string(planned, &arn, "iam_instance_profile"),
            arn,
        });
    }
    facts.instances.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::{every_family, planned};

    #[tokio::test]
    async fn metadata_options_not_written_are_filled_both_ways() {
        let empty = || serde_json::json!({"instances": []});
        let (low, _) = planned::<Ec2Instances>(&every_family(), empty(), &[], Fill::Low).await;
        let (high, _) = planned::<Ec2Instances>(&every_family(), empty(), &[], Fill::High).await;
        let find = |facts: &Ec2Instances, id: &str| {
            facts.instances.iter().find(|i| i.id == id).unwrap().clone()
        };
        let web = find(&low, "aws_instance.web");
        assert_eq!(web.imds_tokens_required, Some(true));
        assert_eq!(web.imds_enabled, Some(true));
        assert_eq!(
            find(&low, "aws_instance.legacy").imds_tokens_required,
            Some(false)
        );
        assert_eq!(
            find(&high, "aws_instance.legacy").imds_tokens_required,
            Some(true)
        );
    }
}
