//! The plan file: what `terraform show -json tfplan` prints, read and checked. A binary plan,
//! JSON of another format version or JSON that is not a plan is refused with a message that
//! says what to run instead.

use serde::Deserialize;
use serde_json::Value;

/// The plan format versions read: `1.x` (Terraform 0.12 and later, OpenTofu).
const FORMAT_MAJOR: &str = "1";

/// How to make the file gonogo reads.
const HOW_TO_MAKE_ONE: &str =
    "run `terraform show -json tfplan > plan.json` (or `tofu show -json`)";

/// Why a plan file cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanFileError {
    /// The binary plan `terraform plan -out` writes (a zip archive).
    #[error("{origin} is a binary plan file, not its JSON: {HOW_TO_MAKE_ONE}")]
    Binary {
        /// The file.
        origin: String,
    },
    /// Not JSON, or JSON that is not a plan.
    #[error("{origin} is not a Terraform plan in JSON ({why}): {HOW_TO_MAKE_ONE}")]
    NotAPlan {
        /// The file.
        origin: String,
        /// What is wrong with it.
        why: String,
    },
    /// A plan of a format version gonogo does not read.
    #[error(
        "{origin} is a plan of format version {found}; gonogo reads format version 1.x: {HOW_TO_MAKE_ONE} with Terraform 0.12 or later"
    )]
    FormatVersion {
        /// The file.
        origin: String,
        /// Its `format_version`.
        found: String,
    },
}

/// One action of a resource change, as the plan spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Nothing changes.
    NoOp,
    /// Created.
    Create,
    /// Read (a data source).
    Read,
    /// Updated in place.
    Update,
    /// Deleted.
    Delete,
}

impl Action {
    /// The action as the plan spells it (`no-op`, `create`, …).
    pub fn name(self) -> &'static str {
        match self {
            Action::NoOp => "no-op",
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// What a change does to its resource, from its actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// No change, or a data source read.
    None,
    /// Created.
    Create,
    /// Updated in place.
    Update,
    /// Deleted.
    Delete,
    /// Deleted and created again (either order).
    Replace,
}

/// One resource's planned change.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceChange {
    /// Its address (`module.net.aws_security_group.web`).
    pub address: String,
    /// Its type (`aws_security_group`).
    pub resource_type: String,
    /// The provider configuration (`registry.terraform.io/hashicorp/aws`).
    pub provider_name: String,
    /// The plan's actions.
    pub actions: Vec<Action>,
    /// Its values before the change (`null` when created).
    pub before: Value,
    /// Its values after the change (`null` when deleted); unknown values are absent here and
    /// `true` in `after_unknown`.
    pub after: Value,
    /// Which `after` values are known only after apply.
    pub after_unknown: Value,
    /// The attribute paths that force a replace.
    pub replace_paths: Vec<Value>,
    /// Which `before` values are sensitive (never to be shown).
    pub before_sensitive: Value,
    /// Which `after` values are sensitive (never to be shown).
    pub after_sensitive: Value,
}

impl ChangeKind {
    /// The word for it: `no-op`, `create`, `update`, `delete` or `replace`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::None => "no-op",
            ChangeKind::Create => "create",
            ChangeKind::Update => "update",
            ChangeKind::Delete => "delete",
            ChangeKind::Replace => "replace",
        }
    }
}

impl ResourceChange {
    /// What the change does.
    pub fn kind(&self) -> ChangeKind {
        let has = |action| self.actions.contains(&action);
        match (
            has(Action::Create),
            has(Action::Delete),
            has(Action::Update),
        ) {
            (true, true, _) => ChangeKind::Replace,
            (true, false, _) => ChangeKind::Create,
            (false, true, _) => ChangeKind::Delete,
            (false, false, true) => ChangeKind::Update,
            (false, false, false) => ChangeKind::None,
        }
    }
}

/// A plan: its versions and its managed resources' changes.
#[derive(Clone, Debug, PartialEq)]
pub struct TerraformPlan {
    /// `format_version` (`1.2`).
    pub format_version: String,
    /// The Terraform (or OpenTofu) version that wrote it.
    pub terraform_version: String,
    /// Each managed resource's change, in the plan's order (data sources left out).
    pub resource_changes: Vec<ResourceChange>,
    /// The configuration (references between resources, provider regions).
    pub configuration: Value,
    /// How many root outputs the plan changes.
    pub output_changes: usize,
    /// The managed resources of the state the plan was made against, by address: what
    /// existed before it.
    pub prior_resources: Vec<String>,
}

#[derive(Deserialize)]
struct RawPlan {
    format_version: String,
    #[serde(default)]
    terraform_version: String,
    #[serde(default)]
    resource_changes: Vec<RawChange>,
    #[serde(default)]
    configuration: Value,
    #[serde(default)]
    output_changes: serde_json::Map<String, Value>,
    #[serde(default)]
    prior_state: Value,
    // Only a plan has planned values: a state file (`terraform show -json` without a plan)
    // has the other fields too.
    planned_values: Value,
}

#[derive(Deserialize)]
struct RawChange {
    address: String,
    #[serde(default)]
    mode: String,
    #[serde(rename = "type")]
    resource_type: String,
    #[serde(default)]
    provider_name: String,
    change: RawChangeBody,
}

#[derive(Deserialize)]
struct RawChangeBody {
    actions: Vec<Action>,
    #[serde(default)]
    before: Value,
    #[serde(default)]
    after: Value,
    #[serde(default)]
    after_unknown: Value,
    #[serde(default)]
    replace_paths: Vec<Value>,
    #[serde(default)]
    before_sensitive: Value,
    #[serde(default)]
    after_sensitive: Value,
}

impl TerraformPlan {
    /// Reads the plan in `bytes`; `origin` names the file in errors.
    pub fn parse(bytes: &[u8], origin: &str) -> Result<Self, PlanFileError> {
        if bytes.starts_with(b"PK\x03\x04") {
            return Err(PlanFileError::Binary {
                origin: origin.to_owned(),
            });
        }
        let not_a_plan = |why: String| PlanFileError::NotAPlan {
            origin: origin.to_owned(),
            why,
        };
        let raw: RawPlan =
            serde_json::from_slice(bytes).map_err(|err| not_a_plan(err.to_string()))?;
        if raw.format_version.split('.').next() != Some(FORMAT_MAJOR) {
            return Err(PlanFileError::FormatVersion {
                origin: origin.to_owned(),
                found: raw.format_version,
            });
        }
        if raw.planned_values.is_null() {
            return Err(not_a_plan("it has no `planned_values`".to_owned()));
        }
        let resource_changes = raw
            .resource_changes
            .into_iter()
            .filter(|change| change.mode != "data")
            .map(|change| ResourceChange {
                address: change.address,
                resource_type: change.resource_type,
                provider_name: change.provider_name,
                actions: change.change.actions,
                before: change.change.before,
                after: change.change.after,
                after_unknown: change.change.after_unknown,
                replace_paths: change.change.replace_paths,
                before_sensitive: change.change.before_sensitive,
                after_sensitive: change.change.after_sensitive,
            })
            .collect();
        let output_changes = raw
            .output_changes
            .values()
            .filter(|change| {
                change["change"]["actions"]
                    .as_array()
                    .is_some_and(|actions| actions.iter().any(|a| a != "no-op"))
            })
            .count();
        let mut prior_resources = Vec::new();
        managed_addresses(
            &raw.prior_state["values"]["root_module"],
            &mut prior_resources,
        );
        Ok(Self {
            format_version: raw.format_version,
            terraform_version: raw.terraform_version,
            resource_changes,
            configuration: raw.configuration,
            output_changes,
            prior_resources,
        })
    }

    /// Whether applying it changes nothing: no resource and no output to change.
    pub fn is_empty(&self) -> bool {
        self.output_changes == 0
            && self
                .resource_changes
                .iter()
                .all(|change| change.kind() == ChangeKind::None)
    }
}

/// The managed resources' addresses of a module of a state (`values.root_module` of what
/// `terraform show -json` prints, or of a plan's `prior_state`), its child modules' included.
pub fn managed_addresses(module: &Value, into: &mut Vec<String>) {
    for resource in module["resources"].as_array().into_iter().flatten() {
        if resource["mode"] == "managed"
            && let Some(address) = resource["address"].as_str()
        {
            into.push(address.to_owned());
        }
    }
    for child in module["child_modules"].as_array().into_iter().flatten() {
        managed_addresses(child, into);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan as Terraform 1.11 writes it: a security group created, a table replaced, a data
    /// source read, a queue left alone.
    fn plan() -> String {
        serde_json::json!({
            "format_version": "1.2",
            "terraform_version": "1.11.4",
            "planned_values": {"root_module": {}},
            "resource_changes": [
                {
                    "address": "aws_security_group.web", "mode": "managed",
                    "type": "aws_security_group", "name": "web",
                    "provider_name": "registry.terraform.io/hashicorp/aws",
                    "change": {"actions": ["create"], "before": null,
                               "after": {"name": "web"}, "after_unknown": {"id": true}}
                },
                {
                    "address": "aws_dynamodb_table.sessions", "mode": "managed",
                    "type": "aws_dynamodb_table", "name": "sessions",
                    "provider_name": "registry.terraform.io/hashicorp/aws",
                    "change": {"actions": ["delete", "create"], "before": {"name": "sessions"},
                               "after": {"name": "sessions"}, "after_unknown": {},
                               "replace_paths": [["hash_key"]]}
                },
                {
                    "address": "data.aws_caller_identity.me", "mode": "data",
                    "type": "aws_caller_identity", "name": "me",
                    "provider_name": "registry.terraform.io/hashicorp/aws",
                    "change": {"actions": ["read"], "before": null, "after": {}}
                },
                {
                    "address": "aws_sqs_queue.jobs", "mode": "managed",
                    "type": "aws_sqs_queue", "name": "jobs",
                    "provider_name": "registry.terraform.io/hashicorp/aws",
                    "change": {"actions": ["no-op"], "before": {}, "after": {}}
                }
            ],
            "configuration": {"root_module": {}}
        })
        .to_string()
    }

    #[test]
    fn a_plan_lists_its_managed_changes_and_what_each_does() {
        let plan = TerraformPlan::parse(plan().as_bytes(), "plan.json").unwrap();
        assert_eq!(plan.format_version, "1.2");
        assert_eq!(plan.terraform_version, "1.11.4");
        let kinds: Vec<(&str, ChangeKind)> = plan
            .resource_changes
            .iter()
            .map(|c| (c.address.as_str(), c.kind()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("aws_security_group.web", ChangeKind::Create),
                ("aws_dynamodb_table.sessions", ChangeKind::Replace),
                ("aws_sqs_queue.jobs", ChangeKind::None),
            ]
        );
        assert_eq!(plan.resource_changes[1].replace_paths.len(), 1);
        assert_eq!(plan.resource_changes[0].after_unknown["id"], true);
    }

    #[test]
    fn the_prior_state_says_what_existed_and_an_empty_plan_is_seen() {
        let mut plan: Value = serde_json::from_str(&plan()).unwrap();
        plan["prior_state"] = serde_json::json!({"values": {"root_module": {
            "resources": [
                {"address": "aws_dynamodb_table.sessions", "mode": "managed"},
                {"address": "data.aws_caller_identity.me", "mode": "data"}
            ],
            "child_modules": [{"resources": [
                {"address": "module.net.aws_vpc.main", "mode": "managed"}
            ]}]
        }}});
        let parsed = TerraformPlan::parse(plan.to_string().as_bytes(), "plan.json").unwrap();
        assert_eq!(
            parsed.prior_resources,
            ["aws_dynamodb_table.sessions", "module.net.aws_vpc.main"]
        );
        assert!(!parsed.is_empty());

        let changes = plan["resource_changes"].as_array_mut().unwrap();
        changes.retain(|c| c["change"]["actions"][0] != "create" && c["mode"] == "managed");
        changes.retain(|c| c["change"]["actions"].as_array().unwrap().len() == 1);
        let no_op = TerraformPlan::parse(plan.to_string().as_bytes(), "plan.json").unwrap();
        assert!(no_op.is_empty(), "{:?}", no_op.resource_changes);
        plan["output_changes"] = serde_json::json!({"url": {"change": {"actions": ["update"]}}});
        let outputs = TerraformPlan::parse(plan.to_string().as_bytes(), "plan.json").unwrap();
        assert!(!outputs.is_empty(), "an output to change is a change");
    }

    #[test]
    fn a_binary_plan_says_what_to_run() {
        let err = TerraformPlan::parse(b"PK\x03\x04rest of a zip", "tfplan").unwrap_err();
        assert_eq!(
            err.to_string(),
            "tfplan is a binary plan file, not its JSON: run `terraform show -json tfplan > plan.json` (or `tofu show -json`)"
        );
    }

    #[test]
    fn json_that_is_not_a_plan_is_refused() {
        let state = r#"{"format_version": "1.0", "terraform_version": "1.11.4", "values": {}}"#;
        let err = TerraformPlan::parse(state.as_bytes(), "state.json").unwrap_err();
        assert!(
            matches!(&err, PlanFileError::NotAPlan { why, .. } if why.contains("planned_values")),
            "{err}"
        );
        let err = TerraformPlan::parse(b"not json", "x.json").unwrap_err();
        assert!(matches!(err, PlanFileError::NotAPlan { .. }), "{err}");
    }

    #[test]
    fn another_format_version_is_refused() {
        let future = plan().replace("\"1.2\"", "\"2.0\"");
        let err = TerraformPlan::parse(future.as_bytes(), "plan.json").unwrap_err();
        assert_eq!(
            err,
            PlanFileError::FormatVersion {
                origin: "plan.json".to_owned(),
                found: "2.0".to_owned()
            }
        );
    }
}
