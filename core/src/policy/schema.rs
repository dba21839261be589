//! The policy file's JSON Schema (`gonogo schema policy`): generated from the types the
//! parser reads, then made exact with what the registry knows, so an editor with a TOML
//! language server completes and validates check ids, their parameters and framework ids.

use serde_json::{Map, Value, json};

use super::parse::RawPolicy;
use crate::catalogue::Catalogue;
use crate::meta::{CheckMeta, ParamKind, Severity};
use crate::params::parse_default;

/// The JSON Schema (draft 2020-12) of a policy file for the catalogue's checks and
/// frameworks.
pub fn policy_schema(catalogue: &Catalogue) -> Value {
    let registry = &catalogue.checks;
    let mut schema = schemars::schema_for!(RawPolicy).to_value();
    let ids: Vec<Value> = registry.iter().map(|r| json!(r.meta.id)).collect();
    let checks: Map<String, Value> = registry
        .iter()
        .map(|r| (r.meta.id.to_owned(), check_schema(r.meta)))
        .collect();
    if let Some(properties) = schema.get_mut("properties") {
        properties["checks"] = json!({
            "description": "Per-check settings: `enabled`, `severity` and the check's parameters.",
            "type": "object",
            "properties": checks,
            "additionalProperties": false,
        });
        let known: Vec<Value> = catalogue.frameworks.iter().map(|f| json!(f.id)).collect();
        properties["frameworks"]["items"] = json!({ "enum": known });
    }
    if let Some(waiver) = schema.pointer_mut("/$defs/RawWaiver/properties/check") {
        waiver["enum"] = Value::Array(ids);
    }
    schema
}

/// One check's table: `enabled`, `severity`, and each parameter with its type, doc and
/// default; nothing else.
fn check_schema(meta: &CheckMeta) -> Value {
    let severities: Vec<Value> = Severity::ALL.iter().map(|s| json!(s.to_string())).collect();
    let mut properties = Map::new();
    properties.insert(
        "enabled".to_owned(),
        json!({ "type": "boolean", "description": "Run the check (default true)." }),
    );
    properties.insert(
        "severity".to_owned(),
        json!({
            "enum": severities,
            "description": format!("The check's severity (default {}).", meta.severity),
        }),
    );
    for param in meta.params {
        let mut property = match param.kind {
            ParamKind::Integer => json!({ "type": "integer" }),
            ParamKind::Float => json!({ "type": "number" }),
            ParamKind::String => json!({ "type": "string" }),
            ParamKind::StringList => json!({ "type": "array", "items": { "type": "string" } }),
            ParamKind::Bool => json!({ "type": "boolean" }),
        };
        property["description"] = json!(param.doc);
        if let Some(range) = param.range() {
            property["minimum"] = json!(range.min);
            if range.max.is_finite() {
                property["maximum"] = json!(range.max);
            }
        }
        if let Ok(Some(default)) = parse_default(param)
            && let Ok(default) = serde_json::to_value(default)
        {
            property["default"] = default;
        }
        properties.insert(param.name.to_owned(), property);
    }
    json!({
        "description": meta.title,
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}
