//! Whether a resource policy lets everyone in (CIS 2.21, and the public-access checks of
//! each service).
//!
//! A statement opens the resource to everyone when it allows, names every principal
//! (`"Principal": "*"`, `{"AWS": "*"}`, or an `Allow` with `NotPrincipal`), and no condition
//! limits who may call. The benchmark's wording is "without a condition"; a condition that
//! says nothing about the caller (`aws:SecureTransport`, say) does not make a policy private,
//! so only these limit it: a key that names an account, organization, principal, source
//! resource, network or service, compared by a positive operator (not `…Not…`, not
//! `…IfExists`, not `ForAllValues:`, which all hold when the key is absent or different), to
//! values that are not wildcards.

use serde_json::Value;

use super::policy_document::{allows, contains, statements};

/// Condition keys that limit who may call, lowercased (condition keys are case-insensitive).
const LIMITING_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:userid",
    "aws:username",
    "kms:calleraccount",
];

/// Values that match everything.
const WILDCARDS: &[&str] = &["*", "0.0.0.0/0", "::/0"];

/// The statements of `document` that open the resource to everyone, by their `Sid` or, for
/// one without, their position (`#1` is the first).
pub(crate) fn public_statements(document: &Value) -> Vec<String> {
    statements(document)
        .into_iter()
        .enumerate()
        .filter(|(_, statement)| opens_to_everyone(statement))
        .map(
            |(at, statement)| match statement.get("Sid").and_then(Value::as_str) {
                Some(sid) if !sid.is_empty() => sid.to_owned(),
                _ => format!("#{}", at + 1),
            },
        )
        .collect()
}

/// Whether one statement lets everyone in.
fn opens_to_everyone(statement: &Value) -> bool {
    allows(statement) && names_everyone(statement) && !limited_by_condition(statement)
}

/// `"Principal": "*"`, a `*` among the AWS principals, or `NotPrincipal` (everyone but some).
fn names_everyone(statement: &Value) -> bool {
    if statement.get("NotPrincipal").is_some() {
        return true;
    }
    match statement.get("Principal") {
        Some(Value::String(principal)) => principal == "*",
        Some(principal @ Value::Object(_)) => {
            contains(principal.get("AWS"), "*") || contains(principal.get("CanonicalUser"), "*")
        }
        _ => false,
    }
}

/// Whether some condition limits the caller.
fn limited_by_condition(statement: &Value) -> bool {
    let Some(Value::Object(operators)) = statement.get("Condition") else {
        return false;
    };
    operators.iter().any(|(operator, comparisons)| {
        limiting_operator(operator)
            && comparisons.as_object().is_some_and(|keys| {
                keys.iter().any(|(key, values)| {
                    LIMITING_KEYS.contains(&key.to_ascii_lowercase().as_str()) && specific(values)
                })
            })
    })
}

/// A positive comparison that fails when the key is absent.
fn limiting_operator(operator: &str) -> bool {
    !(operator.contains("Not")
        || operator.ends_with("IfExists")
        || operator.starts_with("ForAllValues:")
        || operator == "Null")
}

/// Values, one or a list, none of which matches everything.
fn specific(values: &Value) -> bool {
    let is_specific = |value: &Value| {
        value
            .as_str()
            .is_some_and(|v| !v.is_empty() && !WILDCARDS.contains(&v))
    };
    match values {
        Value::Array(items) => !items.is_empty() && items.iter().all(is_specific),
        single => is_specific(single),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn public(statement: Value) -> bool {
        !public_statements(&json!({ "Statement": [statement] })).is_empty()
    }

    #[test]
    fn everyone_in_any_principal_form_is_public() {
        assert!(public(
            json!({"Effect": "Allow", "Principal": "*", "Action": "sqs:*"})
        ));
        assert!(public(
            json!({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::1:root", "*"]}})
        ));
        assert!(public(
            json!({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}})
        ));
    }

    #[test]
    fn named_principals_and_denials_are_not_public() {
        assert!(!public(
            json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}})
        ));
        assert!(!public(
            json!({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}})
        ));
        assert!(!public(json!({"Effect": "Deny", "Principal": "*"})));
    }

    #[test]
    fn only_a_condition_on_the_caller_limits_everyone() {
        let with = |condition: Value| {
            public(json!({"Effect": "Allow", "Principal": "*", "Condition": condition}))
        };
        assert!(!with(
            json!({"StringEquals": {"AWS:SourceOwner": "123456789012"}})
        ));
        assert!(!with(
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::logs"}})
        ));
        assert!(!with(
            json!({"StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}})
        ));
        // Conditions that leave the caller open.
        assert!(with(json!({})));
        assert!(with(json!({"Bool": {"aws:SecureTransport": "true"}})));
        assert!(with(json!({"StringNotEquals": {"aws:SourceAccount": "1"}})));
        assert!(with(
            json!({"StringEqualsIfExists": {"aws:SourceAccount": "1"}})
        ));
        assert!(with(json!({"StringLike": {"aws:PrincipalOrgID": "*"}})));
        assert!(with(json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})));
        assert!(with(
            json!({"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": ["o-a/"]}})
        ));
    }

    #[test]
    fn statements_are_named_by_sid_or_position() {
        let document = json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}},
            {"Effect": "Allow", "Principal": "*"},
            {"Sid": "Open", "Effect": "Allow", "Principal": "*"},
        ]});
        assert_eq!(public_statements(&document), ["#2", "Open"]);
    }
}
