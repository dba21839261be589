//! Reading IAM and resource policy documents: statements and their string-or-list fields.

use serde_json::Value;

/// The statements of a policy document (`Statement` may be one object or a list).
pub(crate) fn statements(document: &Value) -> Vec<&Value> {
    match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    }
}

/// Whether a string-or-list field contains `wanted` exactly.
pub(crate) fn contains(field: Option<&Value>, wanted: &str) -> bool {
    match field {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(wanted)),
        _ => false,
    }
}

/// Whether a statement allows.
pub(crate) fn allows(statement: &Value) -> bool {
    statement.get("Effect").and_then(Value::as_str) == Some("Allow")
}
