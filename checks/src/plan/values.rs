//! Reading attribute values of a plan's `before` and `after` objects (and of their nested
//! blocks), for the families' edits.

use serde_json::Value;

/// A string attribute, when present and not empty.
pub fn string(values: &Value, key: &str) -> Option<String> {
    values
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A list of strings (absent: empty).
pub fn strings(values: &Value, key: &str) -> Vec<String> {
    values
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// A 32-bit integer attribute, when present.
pub fn int(values: &Value, key: &str) -> Option<i32> {
    values
        .get(key)
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok())
}

/// A boolean attribute, when present.
pub fn boolean(values: &Value, key: &str) -> Option<bool> {
    values.get(key).and_then(Value::as_bool)
}

/// The first object of a nested block (`server_side_encryption[0]`), when present.
pub fn block<'v>(values: &'v Value, key: &str) -> Option<&'v Value> {
    values.get(key).and_then(Value::as_array)?.first()
}
