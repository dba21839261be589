//! The plan over Lambda: `aws_lambda_function` (runtime, package type, dead-letter queue; a
//! new function has no metrics yet) and `aws_lambda_permission` (its resource policy), joined
//! to its function.

use gonogo_core::Fact;

use super::{
    FunctionConfiguration, LambdaConfigurations, LambdaFunction, LambdaFunctions, LambdaPolicies,
    ResourcePolicy,
};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const FUNCTION: &str = "aws_lambda_function";
const PERMISSION: &str = "aws_lambda_permission";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: LambdaFunctions::KEY,
        resource_types: &[FUNCTION],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_functions),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: LambdaConfigurations::KEY,
        resource_types: &[FUNCTION],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_configurations),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: LambdaPolicies::KEY,
        resource_types: &[FUNCTION, PERMISSION],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_policies),
    }
}

/// The function's name and ARN as findings name it.
fn function_names(planned: &Planned, edit: &Edit<'_>) -> (String, String) {
    (
        planned
            .after_str("function_name")
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        edit.name(planned, planned.after_str("arn")),
    )
}

fn apply_functions(facts: &mut LambdaFunctions, edit: &Edit<'_>) {
    for planned in edit.of_type(FUNCTION) {
        let live = planned
            .before_str("arn")
            .and_then(|arn| facts.functions.iter().position(|f| f.arn == arn))
            .map(|at| facts.functions.remove(at));
        if !planned.remains() {
            continue;
        }
        let (name, arn) = function_names(planned, edit);
        // A new function (or a replaced one) starts without metrics; an updated one keeps its
        // history.
        let (errors, invocations) = match live.filter(|_| !planned.removes()) {
            Some(live) => (live.errors, live.invocations),
            None => (Vec::new(), Vec::new()),
        };
        facts.functions.push(LambdaFunction {
            name,
            arn,
            errors,
            invocations,
        });
    }
    facts.functions.sort_by(|a, b| a.name.cmp(&b.name));
}

fn apply_configurations(facts: &mut LambdaConfigurations, edit: &Edit<'_>) {
    for planned in edit.of_type(FUNCTION) {
        if let Some(arn) = planned.before_str("arn") {
            facts.functions.retain(|f| f.arn != arn);
        }
        if !planned.remains() {
            continue;
        }
        let (name, arn) = function_names(planned, edit);
        let dead_letter = edit.reference(planned, &arn, "dead_letter_config.target_arn");
        facts.functions.push(FunctionConfiguration {
            name,
            runtime: edit.string(planned, &arn, "runtime"),
            package_type: planned
                .after_str("package_type")
                .map(str::to_owned)
                .or(Some("Zip".to_owned())),
            dead_letter_target: dead_letter,
            arn,
        });
    }
    facts.functions.sort_by(|a, b| a.name.cmp(&b.name));
}

fn apply_policies(facts: &mut LambdaPolicies, edit: &Edit<'_>) {
    for planned in edit.of_type(FUNCTION) {
        if let Some(arn) = planned.before_str("arn") {
            facts.policies.retain(|p| p.arn != arn);
        }
        if planned.remains() {
            let (name, arn) = function_names(planned, edit);
            // A function is created without a resource policy; permissions add to it.
            facts.policies.push(ResourcePolicy {
                name,
                arn,
                policy: None,
            });
        }
    }
    for planned in edit.of_type(PERMISSION) {
        let Some(function) = edit.parent(planned, "function_name", "function_name") else {
            continue;
        };
        let Some(entry) = facts
            .policies
            .iter_mut()
            .find(|p| p.name == function || p.arn == function)
        else {
            continue;
        };
        if planned.remains() {
            let statement = permission_statement(planned, &entry.arn, edit);
            entry.policy = Some(add_statement(entry.policy.as_deref(), statement));
        } else {
            // Which statements remain is for the function's policy to say after apply.
            edit.record_unknown(&entry.arn, "policy");
            if edit.fill() == Fill::Low {
                entry.policy = None;
            }
        }
    }
}

/// The statement a permission adds: its principal, its action, and its conditions on the
/// source account or ARN (a principal other than an account, without either, is public).
fn permission_statement(
    planned: &Planned,
    function_arn: &str,
    edit: &Edit<'_>,
) -> serde_json::Value {
    let principal = edit
        .string(planned, function_arn, "principal")
        .unwrap_or_else(|| "*".to_owned());
    let mut condition = serde_json::Map::new();
    if let Some(account) = planned.after_str("source_account") {
        condition.insert(
            "StringEquals".to_owned(),
            serde_json::json!({"AWS:SourceAccount": account}),
        );
    }
    if let Some(arn) = planned.after_str("source_arn") {
        condition.insert(
            "ArnLike".to_owned(),
            serde_json::json!({"AWS:SourceArn": arn}),
        );
    } else if planned.is_unknown("source_arn") {
        condition.insert(
            "ArnLike".to_owned(),
            serde_json::json!({"AWS:SourceArn": crate::plan::KNOWN_AFTER_APPLY}),
        );
    }
    let principal = if principal.contains('.') {
        serde_json::json!({"Service": principal})
    } else {
        serde_json::json!({"AWS": principal})
    };
    let mut statement = serde_json::json!({
        "Sid": planned.after_str("statement_id").unwrap_or_default(),
        "Effect": "Allow",
        "Principal": principal,
        "Action": planned.after_str("action").unwrap_or("lambda:InvokeFunction"),
        "Resource": function_arn,
    });
    if !condition.is_empty() {
        statement["Condition"] = serde_json::Value::Object(condition);
    }
    statement
}

/// The policy document with one more statement.
fn add_statement(policy: Option<&str>, statement: serde_json::Value) -> String {
    let mut document = policy
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .unwrap_or_else(|| serde_json::json!({"Version": "2012-10-17", "Statement": []}));
    if let Some(statements) = document
        .get_mut("Statement")
        .and_then(serde_json::Value::as_array_mut)
    {
        statements.push(statement);
    }
    document.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_function_takes_its_runtime_and_its_permission() {
        let functions = created::<LambdaConfigurations>(serde_json::json!({"functions": []})).await;
        assert_eq!(functions.functions[0].runtime.as_deref(), Some("python3.8"));
        let metrics = created::<LambdaFunctions>(serde_json::json!({"functions": []})).await;
        assert!(metrics.functions[0].invocations.is_empty());
        let policies = created::<LambdaPolicies>(serde_json::json!({"policies": []})).await;
        let policy = policies.policies[0].policy.as_deref().unwrap();
        assert!(policy.contains("\"AWS\":\"*\""), "{policy}");
    }
}
