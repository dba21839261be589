//! The plan over Secrets Manager: `aws_secretsmanager_secret`, its rotation
//! (`aws_secretsmanager_secret_rotation`) and its policy (`aws_secretsmanager_secret_policy`),
//! joined to their secret.

use gonogo_core::Fact;

use super::resource_policy_plan::{self, PolicyResources};
use super::{Secret, SecretPolicies, Secrets};
use crate::plan::values::{block, int, string};
use crate::plan::{Edit, FamilyOverlay, Planned};

const SECRET: &str = "aws_secretsmanager_secret";
const ROTATION: &str = "aws_secretsmanager_secret_rotation";
const POLICY: &str = "aws_secretsmanager_secret_policy";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: Secrets::KEY,
        resource_types: &[SECRET, ROTATION],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_secrets),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: SecretPolicies::KEY,
        resource_types: &[SECRET, POLICY],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_policies),
    }
}

/// The secret's name and ARN as findings name it.
fn secret_names(planned: &Planned, edit: &Edit<'_>) -> (String, String) {
    (
        edit.name(planned, planned.after_str("name")),
        edit.name(planned, planned.after_str("arn")),
    )
}

/// The secret a satellite's `secret_id` (an ARN or name) points at.
fn secret_of<'s>(
    secrets: &'s mut [Secret],
    planned: &Planned,
    argument: &str,
    edit: &Edit<'_>,
) -> Option<&'s mut Secret> {
    let id = edit.parent(planned, argument, "arn")?;
    secrets
        .iter_mut()
        .find(|secret| secret.arn == id || secret.name == id)
}

fn apply_secrets(facts: &mut Secrets, edit: &Edit<'_>) {
    for planned in edit.of_type(SECRET) {
        let live = planned
            .before_str("arn")
            .and_then(|arn| facts.secrets.iter().position(|s| s.arn == arn))
            .map(|at| facts.secrets.remove(at));
        if !planned.remains() {
            continue;
        }
        let (name, arn) = secret_names(planned, edit);
        let secret = match live {
            Some(live) if !planned.removes() => Secret { name, arn, ..live },
            _ => Secret {
                name,
                arn,
                rotation_enabled: false,
                rotation_days: None,
                rotation_schedule: None,
                last_rotated: None,
                next_rotation: None,
                created: Some(edit.now()),
            },
        };
        facts.secrets.push(secret);
    }
    for planned in edit.of_type(ROTATION) {
        let Some(secret) = secret_of(&mut facts.secrets, planned, "secret_id", edit) else {
            continue;
        };
        if !planned.remains() {
            secret.rotation_enabled = false;
            continue;
        }
        let rules = block(&planned.change.after, "rotation_rules");
        secret.rotation_enabled = true;
        secret.rotation_days = rules
            .and_then(|rules| int(rules, "automatically_after_days"))
            .map(i64::from);
        secret.rotation_schedule = rules.and_then(|rules| string(rules, "schedule_expression"));
    }
    facts.secrets.sort_by(|a, b| a.name.cmp(&b.name));
}

fn apply_policies(facts: &mut SecretPolicies, edit: &Edit<'_>) {
    resource_policy_plan::apply(
        &mut facts.policies,
        edit,
        &PolicyResources {
            owner: SECRET,
            names: secret_names,
            policy: POLICY,
            joined_by: ("secret_arn", "arn"),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_secret_rotates_and_takes_its_policy() {
        let secrets = created::<Secrets>(serde_json::json!({"secrets": []})).await;
        let db = &secrets.secrets[0];
        assert!(db.rotation_enabled);
        assert_eq!(db.rotation_days, Some(30));
        assert_eq!(db.created, Some(crate::testing::now()));
        let policies = created::<SecretPolicies>(serde_json::json!({"policies": []})).await;
        assert!(
            policies.policies[0]
                .policy
                .as_deref()
                .is_some_and(|p| p.contains("GetSecretValue"))
        );
    }
}
