//! A resource-based policy, as the services that keep one beside a resource return it.

use serde::{Deserialize, Serialize};

/// One resource and its policy document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourcePolicy {
    /// The resource's name (a key's id for KMS).
    pub name: String,
    /// The resource's ARN.
    pub arn: String,
    /// The policy document (`None`: the resource has none).
    pub policy: Option<String>,
}
