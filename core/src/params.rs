//! Check parameters: a check's declared defaults overlaid with its policy table.

use std::collections::BTreeMap;

use crate::meta::{CheckMeta, ParamKind, ParamMeta};
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
    accept(param, value)
        .map_err(|err| format!("default of `{}`: {err}", param.name))
        .map(Some)
}

/// A value for `param` as the check will read it: of its kind ([`coerce`]) and, for a number,
/// finite and within its range. `nan`, `inf` and a negative window are refused here, when the
/// policy is read, never left for the check to misjudge.
pub fn accept(param: &ParamMeta, value: toml::Value) -> Result<toml::Value, String> {
    let value = coerce(param.kind, value)?;
    let number = match &value {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    };
    if let (Some(number), Some(range)) = (number, param.range())
        && !range.contains(number)
    {
        let must = if range.max.is_finite() {
            format!("between {} and {}", range.min, range.max)
        } else {
            format!("a finite number ≥ {}", range.min)
        };
        return Err(format!("must be {must}, found {number}"));
    }
    Ok(value)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::ParamRange;

    fn param(kind: ParamKind, declared_range: Option<ParamRange>) -> ParamMeta {
        ParamMeta {
            name: "p",
            kind,
            declared_range,
            default: "",
            doc: "",
        }
    }

    #[test]
    fn numbers_are_finite_and_in_range() {
        let percent = param(
            ParamKind::Float,
            Some(ParamRange {
                min: 0.0,
                max: 100.0,
            }),
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.5, 100.5] {
            let err = accept(&percent, toml::Value::Float(bad)).unwrap_err();
            assert!(
                err.starts_with("must be between 0 and 100, found"),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            accept(&percent, toml::Value::Integer(95)),
            Ok(toml::Value::Float(95.0))
        );
        let count = param(ParamKind::Integer, None);
        assert_eq!(
            accept(&count, toml::Value::Integer(-1)),
            Err("must be a finite number ≥ 0, found -1".to_owned())
        );
        assert_eq!(
            accept(&count, toml::Value::Integer(0)),
            Ok(toml::Value::Integer(0))
        );
        let word = param(ParamKind::String, None);
        assert!(accept(&word, toml::Value::String("x".into())).is_ok());
    }
}
