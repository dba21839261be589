//! The plan over IAM: customer-managed policies (`aws_iam_policy`) and what attaches
//! policies (`aws_iam_role_policy_attachment`, `aws_iam_user_policy_attachment`,
//! `aws_iam_group_policy_attachment`, `aws_iam_policy_attachment`), users' inline policies
//! (`aws_iam_user_policy`), and the account's password policy
//! (`aws_iam_account_password_policy`).

use gonogo_core::Fact;
use serde_json::Value;

use super::PasswordPolicySettings;
use super::{AttachedPolicies, IamUserPolicies, ManagedPolicy, PasswordPolicy};
use crate::plan::values::strings;
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const POLICY: &str = "aws_iam_policy";
const ATTACHMENTS: &[&str] = &[
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
];
const USER_ATTACHMENT: &str = "aws_iam_user_policy_attachment";
const USER_POLICY: &str = "aws_iam_user_policy";
const PASSWORD_POLICY: &str = "aws_iam_account_password_policy";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: AttachedPolicies::KEY,
        resource_types: &[
            POLICY,
            "aws_iam_role_policy_attachment",
            "aws_iam_user_policy_attachment",
            "aws_iam_group_policy_attachment",
            "aws_iam_policy_attachment",
        ],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_policies),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: IamUserPolicies::KEY,
        resource_types: &[USER_ATTACHMENT, USER_POLICY, "aws_iam_policy_attachment"],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_user_policies),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: PasswordPolicy::KEY,
        resource_types: &[PASSWORD_POLICY],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply_password_policy),
    }
}

/// How many principals an attachment resource attaches its policy to.
fn principals(values: &Value) -> i32 {
    let listed = ["users", "roles", "groups"]
        .iter()
        .map(|key| strings(values, key).len())
        .sum::<usize>();
    if values.get("users").is_some() || values.get("roles").is_some() {
        i32::try_from(listed).unwrap_or(i32::MAX)
    } else {
        1
    }
}

/// The policy an attachment attaches: its ARN, or, while that is known only after apply, the
/// name given to the policy resource it refers to.
fn attached_policy(planned: &Planned, edit: &Edit<'_>) -> Option<String> {
    edit.parent(planned, "policy_arn", "arn")
}

fn apply_policies(facts: &mut AttachedPolicies, edit: &Edit<'_>) {
    // Policies the plan writes, by name in findings: their documents as planned.
    for planned in edit.of_type(POLICY) {
        let before = planned.before_str("arn");
        let live = before.and_then(|arn| facts.policies.iter().position(|p| p.arn == arn));
        let live = live.map(|at| facts.policies.remove(at));
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let attachments = live
            .filter(|_| !planned.removes())
            .map_or(0, |p| p.attachments);
        facts.policies.push(ManagedPolicy {
            name: planned
                .after_str("name")
                .map_or_else(|| planned.address().to_owned(), str::to_owned),
            document: document(planned, &arn, edit),
            arn,
            attachments,
        });
    }
    for resource_type in ATTACHMENTS {
        for planned in edit.of_type(resource_type) {
            if let Some(arn) = planned.before_str("policy_arn") {
                attach(facts, arn, -principals(&planned.change.before), edit);
            }
            if planned.remains()
                && let Some(arn) = attached_policy(planned, edit)
            {
                attach(facts, &arn, principals(&planned.change.after), edit);
            }
        }
    }
    // The fact lists attached policies only.
    facts.policies.retain(|p| p.attachments > 0);
    facts.policies.sort_by(|a, b| a.arn.cmp(&b.arn));
}

/// The policy document as planned; one known only after apply is, in the high audit, one
/// that allows everything.
fn document(planned: &Planned, arn: &str, edit: &Edit<'_>) -> Value {
    match planned.after_str("policy") {
        Some(text) => serde_json::from_str(text).unwrap_or(Value::Null),
        None => {
            edit.record_unknown(arn, "policy");
            unknown_document(edit)
        }
    }
}

/// A document the account as it is does not show (an AWS-managed policy attached for the
/// first time), filled both ways.
fn unknown_document(edit: &Edit<'_>) -> Value {
    match edit.fill() {
        Fill::Low => serde_json::json!({"Version": "2012-10-17", "Statement": []}),
        Fill::High => serde_json::json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}
        ]}),
    }
}

/// Counts `delta` attachments of the policy `arn`; a policy the account does not show yet
/// (an AWS-managed one attached for the first time) enters with its document unknown.
fn attach(facts: &mut AttachedPolicies, arn: &str, delta: i32, edit: &Edit<'_>) {
    match facts.policies.iter_mut().find(|p| p.arn == arn) {
        Some(policy) => policy.attachments += delta,
        None if delta > 0 => {
            edit.record_unknown(arn, "policy");
            facts.policies.push(ManagedPolicy {
                name: arn.rsplit('/').next().unwrap_or(arn).to_owned(),
                arn: arn.to_owned(),
                attachments: delta,
                document: unknown_document(edit),
            });
        }
        None => {}
    }
}

fn apply_user_policies(facts: &mut IamUserPolicies, edit: &Edit<'_>) {
    let policy_name = |arn: &str| arn.rsplit('/').next().unwrap_or(arn).to_owned();
    for resource_type in [USER_ATTACHMENT, "aws_iam_policy_attachment"] {
        for planned in edit.of_type(resource_type) {
            let users = |values: &Value| -> Vec<String> {
                let mut users = strings(values, "users");
                users.extend(
                    values
                        .get("user")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                );
                users
            };
            if let Some(arn) = planned.before_str("policy_arn") {
                let name = policy_name(arn);
                for user in facts
                    .users
                    .iter_mut()
                    .filter(|u| users(&planned.change.before).contains(&u.name))
                {
                    user.attached.retain(|p| *p != name);
                }
            }
            if !planned.remains() {
                continue;
            }
            let Some(arn) = attached_policy(planned, edit) else {
                continue;
            };
            let name = policy_name(&arn);
            for user in facts
                .users
                .iter_mut()
                .filter(|u| users(&planned.change.after).contains(&u.name))
            {
                user.attached.push(name.clone());
            }
        }
    }
    for planned in edit.of_type(USER_POLICY) {
        let (Some(user), Some(name)) = (
            planned
                .after_str("user")
                .or_else(|| planned.before_str("user")),
            planned
                .after_str("name")
                .or_else(|| planned.before_str("name")),
        ) else {
            continue;
        };
        if let Some(entry) = facts.users.iter_mut().find(|u| u.name == user) {
            entry.inline.retain(|p| p != name);
            if planned.remains() {
                entry.inline.push(name.to_owned());
            }
        }
    }
}

fn apply_password_policy(fact: &mut PasswordPolicy, edit: &Edit<'_>) {
    for planned in edit.of_type(PASSWORD_POLICY) {
        if !planned.remains() {
            fact.0 = None;
            continue;
        }
        let name = edit.name(planned, None);
        let flag = |attribute| edit.bool(planned, &name, attribute).unwrap_or(false);
        fact.0 = Some(PasswordPolicySettings {
            // IAM's minimum when the plan does not say.
            minimum_length: edit
                .int(planned, &name, "minimum_password_length")
                .unwrap_or(6),
            require_uppercase: flag("require_uppercase_characters"),
            require_lowercase: flag("require_lowercase_characters"),
            require_numbers: flag("require_numbers"),
            require_symbols: flag("require_symbols"),
            reuse_prevention: edit
                .int(planned, &name, "password_reuse_prevention")
                .filter(|n| *n > 0),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::{created, every_family, planned};

    #[tokio::test]
    async fn attached_policies_and_the_password_policy() {
        let empty = || serde_json::json!({"policies": []});
        let (low, _) = planned::<AttachedPolicies>(&every_family(), empty(), &[], Fill::Low).await;
        let (high, _) =
            planned::<AttachedPolicies>(&every_family(), empty(), &[], Fill::High).await;
        let everything = low
            .policies
            .iter()
            .find(|p| p.name == "everything")
            .unwrap();
        assert_eq!(everything.attachments, 1);
        assert_eq!(everything.document["Statement"][0]["Action"], "*");
        let support = |facts: &AttachedPolicies| {
            facts.aws_managed("AWSSupportAccess").unwrap().document["Statement"].clone()
        };
        assert_ne!(
            support(&low),
            support(&high),
            "an AWS-managed policy's document is not in the plan"
        );
        let password = created::<PasswordPolicy>(serde_json::json!(null)).await;
        let settings = password.0.as_ref().unwrap();
        assert_eq!(settings.minimum_length, 14);
        assert_eq!(settings.reuse_prevention, Some(24));
    }
}
