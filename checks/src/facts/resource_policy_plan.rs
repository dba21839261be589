//! The plan over a service's resource policies, one list per service (KMS keys, secrets): the
//! resource's own `policy` argument, and the policy resource that sets it apart
//! (`aws_kms_key_policy`, `aws_secretsmanager_secret_policy`).

use super::ResourcePolicy;
use crate::plan::{Edit, Planned};

/// What tells one service's policies apart.
pub(super) struct PolicyResources {
    /// The resource that owns a policy (`aws_kms_key`).
    pub owner: &'static str,
    /// Its name and ARN as findings name them.
    pub names: fn(&Planned, &Edit<'_>) -> (String, String),
    /// The resource that sets an owner's policy (`aws_kms_key_policy`).
    pub policy: &'static str,
    /// The policy resource's argument naming its owner (`key_id`), and the owner's attribute
    /// it holds (`key_id`; an owner is found by that value, its name or its ARN).
    pub joined_by: (&'static str, &'static str),
}

/// Applies the owners' changes and their policy resources' to `policies`. The owner's own
/// `policy` is computed when not written: a new resource has none of its own (KMS's default
/// key policy opens nothing), a live one keeps its own.
pub(super) fn apply(policies: &mut Vec<ResourcePolicy>, edit: &Edit<'_>, kind: &PolicyResources) {
    for planned in edit.of_type(kind.owner) {
        let live = planned
            .before_str("arn")
            .and_then(|arn| policies.iter().position(|p| p.arn == arn))
            .map(|at| policies.remove(at));
        if !planned.remains() {
            continue;
        }
        let (name, arn) = (kind.names)(planned, edit);
        let policy = planned
            .after_str("policy")
            .map(str::to_owned)
            .or_else(|| live.and_then(|p| p.policy));
        policies.push(ResourcePolicy { name, arn, policy });
    }
    let (argument, owner_id) = kind.joined_by;
    for planned in edit.of_type(kind.policy) {
        let Some(id) = edit.parent(planned, argument, owner_id) else {
            continue;
        };
        let Some(entry) = policies.iter_mut().find(|p| p.arn == id || p.name == id) else {
            continue;
        };
        entry.policy = if planned.remains() {
            edit.string(planned, &entry.arn.clone(), "policy")
        } else {
            None
        };
    }
    policies.sort_by(|a, b| a.name.cmp(&b.name));
}
