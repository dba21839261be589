//! Check parameters: a check's declared defaults overlaid with its policy table.

use std::collections::BTreeMap;

use crate::check::{CheckMeta, ParamKind, ParamMeta};
use crate::outcome::CheckError;

/// The resolved parameters of one check in one audit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParamValues {
    values: BTreeMap<String, toml::Value>,
}

impl ParamValues {
    /// Defaults of `meta`, overridden by `overrides` (already validated against the metadata).
    pub fn resolve(
        meta: &CheckMeta,
        overrides: Option<&BTreeMap<String, toml::Value>>,
    ) -> Result<Self, String> {
        let mut values = BTreeMap::new();
        for param in meta.params {
            if let Some(value) = parse_default(param)? {
                values.insert(param.name.to_owned(), value);
            }
        }
        for (name, value) in overrides.into_iter().flatten() {
            values.insert(name.clone(), value.clone());
        }
        Ok(Self { values })
    }

    /// A value that must be set (by default or policy).
    pub fn get<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, CheckError> {
        self.get_opt(name)?
            .ok_or_else(|| CheckError::Failed(format!("parameter `{name}` is not set")))
    }

    /// A value that may be unset.
    pub fn get_opt<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, CheckError> {
        self.values
            .get(name)
            .map(|value| {
                value.clone().try_into().map_err(|err| {
                    CheckError::Failed(format!("parameter `{name}` has the wrong type: {err}"))
                })
            })
            .transpose()
    }
}

/// Parses a parameter's declared TOML default; `None` when it has none.
pub fn parse_default(param: &ParamMeta) -> Result<Option<toml::Value>, String> {
    if param.default.is_empty() {
        return Ok(None);
    }
    let table: toml::Table = toml::from_str(&format!("v = {}", param.default))
        .map_err(|err| format!("default of `{}` is not TOML: {}", param.name, err.message()))?;
    let value = table
        .get("v")
        .cloned()
        .ok_or_else(|| format!("default of `{}` is empty", param.name))?;
    coerce(param.kind, value)
        .map_err(|err| format!("default of `{}`: {err}", param.name))
        .map(Some)
}

/// Checks a value against a parameter kind, widening integers to floats where a number is
/// expected.
pub fn coerce(kind: ParamKind, value: toml::Value) -> Result<toml::Value, String> {
    use toml::Value;
    match (kind, value) {
        (ParamKind::Float, Value::Integer(i)) => Ok(Value::Float(i as f64)),
        (ParamKind::Float, v @ Value::Float(_))
        | (ParamKind::Integer, v @ Value::Integer(_))
        | (ParamKind::String, v @ Value::String(_))
        | (ParamKind::Bool, v @ Value::Boolean(_)) => Ok(v),
        (ParamKind::StringList, Value::Array(items)) if items.iter().all(|i| i.is_str()) => {
            Ok(Value::Array(items))
        }
        (kind, other) => Err(format!(
            "expected {}, found {}",
            kind.as_str(),
            other.type_str()
        )),
    }
}
