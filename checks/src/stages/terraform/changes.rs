//! What a plan changes, in words a person can act on: each address by what happens to it,
//! and for a resource that existed before, which attributes change, before → after.
//! Sensitive values are never shown, only that they change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::plan::{ChangeKind, ResourceChange, TerraformPlan};

/// Attribute changes listed per address; the rest are counted.
const ATTRIBUTES_SHOWN: usize = 12;

/// Characters of a value shown; longer ones are cut.
const VALUE_CHARS: usize = 80;

/// A plan's changes by address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct PlanSummary {
    /// Created.
    pub creates: Vec<String>,
    /// Updated in place.
    pub updates: Vec<String>,
    /// Deleted.
    pub deletes: Vec<String>,
    /// Deleted and created again.
    pub replaces: Vec<String>,
    /// For each address updated, deleted or replaced, what changes: what a person reverts
    /// when Terraform cannot.
    pub changes: BTreeMap<String, Vec<String>>,
}

impl PlanSummary {
    /// The summary of `plan`.
    pub(crate) fn of(plan: &TerraformPlan) -> Self {
        let mut summary = Self::default();
        for change in &plan.resource_changes {
            let address = change.address.clone();
            let list = match change.kind() {
                ChangeKind::None => continue,
                ChangeKind::Create => {
                    summary.creates.push(address);
                    continue;
                }
                ChangeKind::Update => &mut summary.updates,
                ChangeKind::Delete => &mut summary.deletes,
                ChangeKind::Replace => &mut summary.replaces,
            };
            list.push(address.clone());
            summary.changes.insert(address, attribute_changes(change));
        }
        summary
    }

    /// One line per change, creates first: what a dry run prints.
    pub(crate) fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .creates
            .iter()
            .map(|address| format!("create {address}"))
            .collect();
        for (verb, addresses) in [
            ("update", &self.updates),
            ("replace", &self.replaces),
            ("delete", &self.deletes),
        ] {
            lines.extend(
                addresses
                    .iter()
                    .map(|address| format!("{verb} {}", self.described(address))),
            );
        }
        lines
    }

    /// The address with what changes in it: `aws_dynamodb_table.a (point_in_time_recovery[0].enabled: false → true)`.
    pub(crate) fn described(&self, address: &str) -> String {
        match self.changes.get(address) {
            Some(changes) if !changes.is_empty() => format!("{address} ({})", changes.join("; ")),
            _ => address.to_owned(),
        }
    }

    /// Whether nothing is created, updated, deleted or replaced.
    pub(crate) fn is_empty(&self) -> bool {
        self.creates.is_empty()
            && self.updates.is_empty()
            && self.deletes.is_empty()
            && self.replaces.is_empty()
    }
}

/// What the change does to the resource's attributes, one line each (`path: before →
/// after`), at most [`ATTRIBUTES_SHOWN`] and then how many more; a delete names the
/// resource's id.
pub(crate) fn attribute_changes(change: &ResourceChange) -> Vec<String> {
    if change.kind() == ChangeKind::Delete {
        return match (&change.before["id"], &change.before_sensitive["id"]) {
            (Value::String(id), sensitive) if sensitive != &Value::Bool(true) => {
                vec![format!("id {id}")]
            }
            _ => Vec::new(),
        };
    }
    let mut before = BTreeMap::new();
    leaves(
        &change.before,
        &change.before_sensitive,
        &Value::Null,
        String::new(),
        &mut before,
    );
    let mut after = BTreeMap::new();
    leaves(
        &change.after,
        &change.after_sensitive,
        &change.after_unknown,
        String::new(),
        &mut after,
    );
    let mut paths: Vec<&String> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    let mut lines: Vec<String> = paths
        .into_iter()
        .filter_map(|path| {
            let was = before.get(path);
            let will = after.get(path);
            let unchanged = match (was, will) {
                (Some(Leaf::Value(a, _)), Some(Leaf::Value(b, _))) => a == b,
                (None, None) => true,
                _ => false,
            };
            (!unchanged).then(|| format!("{path}: {} → {}", shown(was), shown(will)))
        })
        .collect();
    if lines.len() > ATTRIBUTES_SHOWN {
        let more = lines.len() - ATTRIBUTES_SHOWN;
        lines.truncate(ATTRIBUTES_SHOWN);
        lines.push(format!("and {more} more attributes"));
    }
    if change.kind() == ChangeKind::Replace {
        let forced: Vec<String> = change.replace_paths.iter().map(path_of).collect();
        lines.insert(
            0,
            format!(
                "a new resource, forced by {}",
                if forced.is_empty() {
                    "the configuration".to_owned()
                } else {
                    forced.join(", ")
                }
            ),
        );
    }
    lines
}

/// A value at the end of an attribute path.
#[derive(Debug, PartialEq)]
enum Leaf {
    /// Known: the value, and whether it is sensitive.
    Value(Value, bool),
    /// Known only after apply.
    Unknown,
}

fn shown(leaf: Option<&Leaf>) -> String {
    match leaf {
        None | Some(Leaf::Value(Value::Null, false)) => "(none)".to_owned(),
        Some(Leaf::Unknown) => "(known after apply)".to_owned(),
        Some(Leaf::Value(_, true)) => "(sensitive)".to_owned(),
        Some(Leaf::Value(value, false)) => {
            let text = value.to_string();
            if text.chars().count() > VALUE_CHARS {
                let cut: String = text.chars().take(VALUE_CHARS).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

/// Every leaf of `value` by path (`a.b[0].c`), with its sensitivity (a `true` in
/// `sensitive` at the path or above it) and unknowns (a `true` in `unknown`).
fn leaves(
    value: &Value,
    sensitive: &Value,
    unknown: &Value,
    path: String,
    into: &mut BTreeMap<String, Leaf>,
) {
    if unknown == &Value::Bool(true) {
        into.insert(path, Leaf::Unknown);
        return;
    }
    if sensitive == &Value::Bool(true) {
        into.insert(path, Leaf::Value(value.clone(), true));
        return;
    }
    let child = |mask: &Value, key: &Value| match (mask, key) {
        (Value::Object(map), Value::String(key)) => map.get(key).cloned().unwrap_or(Value::Null),
        (Value::Array(items), Value::Number(n)) => n
            .as_u64()
            .and_then(|i| items.get(usize::try_from(i).ok()?))
            .cloned()
            .unwrap_or(Value::Null),
        _ => Value::Null,
    };
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // Unknown attributes are absent from `after`: they are leaves too.
            if let Value::Object(unknowns) = unknown {
                keys.extend(unknowns.keys().filter(|k| !map.contains_key(*k)));
            }
            for key in keys {
                let index = Value::String(key.clone());
                let item = map.get(key).cloned().unwrap_or(Value::Null);
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                leaves(
                    &item,
                    &child(sensitive, &index),
                    &child(unknown, &index),
                    path,
                    into,
                );
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let index = Value::from(i);
                leaves(
                    item,
                    &child(sensitive, &index),
                    &child(unknown, &index),
                    format!("{path}[{i}]"),
                    into,
                );
            }
        }
        other => {
            into.insert(path, Leaf::Value(other.clone(), false));
        }
    }
}

/// A replace path (`["point_in_time_recovery", 0, "enabled"]`) as `point_in_time_recovery[0].enabled`.
fn path_of(steps: &Value) -> String {
    let mut path = String::new();
    for step in steps.as_array().into_iter().flatten() {
        match step {
            Value::Number(n) => path.push_str(&format!("[{n}]")),
            Value::String(key) if path.is_empty() => path.push_str(key),
            Value::String(key) => {
                path.push('.');
                path.push_str(key);
            }
            other => path.push_str(&other.to_string()),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use serde_json::json;

    fn change(actions: &[Action], before: Value, after: Value) -> ResourceChange {
        ResourceChange {
            address: "aws_dynamodb_table.orders".to_owned(),
            resource_type: "aws_dynamodb_table".to_owned(),
            provider_name: "registry.terraform.io/hashicorp/aws".to_owned(),
            actions: actions.to_vec(),
            before,
            after,
            after_unknown: json!({}),
            replace_paths: vec![],
            before_sensitive: json!({}),
            after_sensitive: json!({}),
        }
    }

    #[test]
    fn an_update_names_each_attribute_that_changes_before_and_after() {
        let update = change(
            &[Action::Update],
            json!({"name": "orders", "point_in_time_recovery": [{"enabled": false}], "tags": {}}),
            json!({"name": "orders", "point_in_time_recovery": [{"enabled": true}], "tags": {"team": "pay"}}),
        );
        assert_eq!(
            attribute_changes(&update),
            [
                "point_in_time_recovery[0].enabled: false → true",
                "tags.team: (none) → \"pay\""
            ]
        );
    }

    #[test]
    fn sensitive_values_are_never_shown_and_unknown_ones_say_so() {
        let mut update = change(
            &[Action::Update],
            json!({"password": "hunter2", "arn": "arn:aws:x"}),
            json!({"password": "correct horse"}),
        );
        update.before_sensitive = json!({"password": true});
        update.after_sensitive = json!({"password": true});
        update.after_unknown = json!({"arn": true});
        let lines = attribute_changes(&update);
        assert_eq!(
            lines,
            [
                "arn: \"arn:aws:x\" → (known after apply)",
                "password: (sensitive) → (sensitive)"
            ]
        );
        assert!(!lines.concat().contains("hunter2"));
    }

    #[test]
    fn a_replace_says_what_forces_it_and_a_delete_names_the_id() {
        let mut replace = change(
            &[Action::Delete, Action::Create],
            json!({"hash_key": "id"}),
            json!({"hash_key": "pk"}),
        );
        replace.replace_paths = vec![json!(["hash_key"])];
        assert_eq!(
            attribute_changes(&replace),
            [
                "a new resource, forced by hash_key",
                "hash_key: \"id\" → \"pk\""
            ]
        );
        let delete = change(&[Action::Delete], json!({"id": "orders"}), Value::Null);
        assert_eq!(attribute_changes(&delete), ["id orders"]);
    }

    #[test]
    fn a_summary_sorts_addresses_by_what_happens_to_them() {
        let plan = TerraformPlan {
            format_version: "1.2".to_owned(),
            terraform_version: "1.11.4".to_owned(),
            resource_changes: vec![
                change(
                    &[Action::Update],
                    json!({"point_in_time_recovery": [{"enabled": false}]}),
                    json!({"point_in_time_recovery": [{"enabled": true}]}),
                ),
                ResourceChange {
                    address: "aws_dynamodb_table.carts".to_owned(),
                    ..change(&[Action::Create], Value::Null, json!({}))
                },
                ResourceChange {
                    address: "aws_sqs_queue.jobs".to_owned(),
                    ..change(&[Action::NoOp], json!({}), json!({}))
                },
            ],
            configuration: Value::Null,
            output_changes: 0,
            prior_resources: vec![],
        };
        let summary = PlanSummary::of(&plan);
        assert_eq!(summary.creates, ["aws_dynamodb_table.carts"]);
        assert_eq!(summary.updates, ["aws_dynamodb_table.orders"]);
        assert_eq!(
            summary.lines(),
            [
                "create aws_dynamodb_table.carts",
                "update aws_dynamodb_table.orders (point_in_time_recovery[0].enabled: false → true)"
            ]
        );
    }
}
