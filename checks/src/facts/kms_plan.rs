//! The plan over KMS: `aws_kms_key` (its state, spec, rotation and policy) and
//! `aws_kms_key_policy`, joined to its key.

use gonogo_core::Fact;

use super::resource_policy_plan::{self, PolicyResources};
use super::{KmsKey, KmsKeyPolicies, KmsKeys};
use crate::plan::{Edit, FamilyOverlay, Planned};

const KEY: &str = "aws_kms_key";
const KEY_POLICY: &str = "aws_kms_key_policy";

/// The spec of a key that does not say: symmetric, the one whose material KMS rotates.
const SYMMETRIC: &str = "SYMMETRIC_DEFAULT";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: KmsKeys::KEY,
        resource_types: &[KEY],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_keys),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: KmsKeyPolicies::KEY,
        resource_types: &[KEY, KEY_POLICY],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_policies),
    }
}

/// The key's id and ARN as findings name it.
fn key_names(planned: &Planned, edit: &Edit<'_>) -> (String, String) {
    (
        edit.name(planned, planned.after_str("key_id")),
        edit.name(planned, planned.after_str("arn")),
    )
}

fn apply_keys(facts: &mut KmsKeys, edit: &Edit<'_>) {
    for planned in edit.of_type(KEY) {
        let existing = planned
            .before_str("key_id")
            .and_then(|id| facts.keys.iter().position(|key| key.id == id));
        if let Some(at) = existing {
            if planned.removes() {
                // A destroyed key is scheduled for deletion, not gone: KMS keeps it for the
                // waiting period.
                facts.keys[at].state = "PendingDeletion".to_owned();
            } else {
                facts.keys.remove(at);
            }
        }
        if !planned.remains() {
            continue;
        }
        let (id, arn) = key_names(planned, edit);
        let enabled = edit.bool(planned, &arn, "is_enabled").unwrap_or(true);
        let spec = planned
            .after_str("customer_master_key_spec")
            .unwrap_or(SYMMETRIC)
            .to_owned();
        let rotatable = enabled && spec == SYMMETRIC;
        facts.keys.push(KmsKey {
            state: if enabled { "Enabled" } else { "Disabled" }.to_owned(),
            rotation_enabled: rotatable.then(|| {
                // Not written: off, AWS's default.
                edit.bool(planned, &arn, "enable_key_rotation")
                    .unwrap_or(false)
            }),
            rotatable,
            spec,
            id,
            arn,
        });
    }
    facts.keys.sort_by(|a, b| a.id.cmp(&b.id));
}

fn apply_policies(facts: &mut KmsKeyPolicies, edit: &Edit<'_>) {
    resource_policy_plan::apply(
        &mut facts.policies,
        edit,
        &PolicyResources {
            owner: KEY,
            names: key_names,
            policy: KEY_POLICY,
            joined_by: ("key_id", "key_id"),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_key_rotates_and_takes_its_policy() {
        let keys = created::<KmsKeys>(serde_json::json!({"keys": []})).await;
        let data = &keys.keys[0];
        assert_eq!(data.id, "aws_kms_key.data");
        assert!(data.rotatable);
        assert_eq!(data.rotation_enabled, Some(true));
        let policies = created::<KmsKeyPolicies>(serde_json::json!({"policies": []})).await;
        assert!(
            policies.policies[0]
                .policy
                .as_deref()
                .is_some_and(|p| p.contains("kms:*"))
        );
    }
}
