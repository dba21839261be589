//! The plan as a fact: what checks about the change itself read (the plan's deletions and
//! replacements). An audit without `--plan` holds no plan, and those checks are not
//! applicable.

use async_trait::async_trait;
use gonogo_core::{ApiCall, Fact, FactError, Facts};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::planned::PlannedChanges;

/// One planned change, as the checks of the change read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedChange {
    /// Its address.
    pub address: String,
    /// Its type.
    pub resource_type: String,
    /// What it does: `create`, `update`, `delete` or `replace`.
    pub kind: String,
    /// For a replace, the attributes that force it (`hash_key`, `engine_version`).
    pub replace_paths: Vec<String>,
    /// The live resource's id or ARN, as the state has it (for a delete or replace).
    pub existing: Option<String>,
}

/// The plan given with `--plan`, or none.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TerraformChanges {
    /// The plan's changes; `None` when the audit has no plan.
    pub plan: Option<Vec<PlannedChange>>,
}

impl TerraformChanges {
    /// The fact of these planned changes.
    pub fn of(changes: &PlannedChanges) -> Self {
        let plan = changes
            .changes
            .iter()
            .map(|planned| PlannedChange {
                address: planned.address().to_owned(),
                resource_type: planned.resource_type().to_owned(),
                kind: planned.kind.name().to_owned(),
                replace_paths: planned.change.replace_paths.iter().map(path_name).collect(),
                existing: ["arn", "id"]
                    .iter()
                    .find_map(|key| planned.before_str(key))
                    .map(str::to_owned),
            })
            .collect();
        Self { plan: Some(plan) }
    }
}

/// `["server_side_encryption", 0, "kms_key_arn"]` → `server_side_encryption[0].kms_key_arn`.
fn path_name(path: &Value) -> String {
    let mut name = String::new();
    for step in path.as_array().into_iter().flatten() {
        match step {
            Value::Number(index) => name.push_str(&format!("[{index}]")),
            Value::String(key) if name.is_empty() => name.push_str(key),
            Value::String(key) => {
                name.push('.');
                name.push_str(key);
            }
            _ => {}
        }
    }
    name
}

#[async_trait]
impl Fact for TerraformChanges {
    const NAME: &'static str = "Terraform plan";
    const KEY: &'static str = "terraform.plan";
    const CALLS: &'static [ApiCall] = &[];
    const GIVEN: bool = true;

    /// No plan: an audit with `--plan` provides the fact before it runs.
    async fn collect(_: &Facts) -> Result<Self, FactError> {
        Ok(Self::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_paths_read_as_attribute_paths() {
        assert_eq!(path_name(&serde_json::json!(["hash_key"])), "hash_key");
        assert_eq!(
            path_name(&serde_json::json!([
                "server_side_encryption",
                0,
                "kms_key_arn"
            ])),
            "server_side_encryption[0].kms_key_arn"
        );
    }
}
