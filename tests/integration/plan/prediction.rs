//! The prediction holds: after `terraform apply` of the same saved plan, the live audit's
//! statuses equal the predicted ones, check by check.

use gonogo_tests::{AuditRun, Gonogo, MOTO_HAS_NO_API, Stack};

/// What the plan verdict says only of the change, not of the account: no live audit has it.
const ABOUT_THE_CHANGE: &[&str] = &["operations.plan-destroys-data"];

/// Whether the check's result rests on a value known only after apply.
fn known_only_after_apply(check: &serde_json::Value) -> bool {
    let unknown = |message: &serde_json::Value| {
        message
            .as_str()
            .is_some_and(|m| m.contains("known only after apply"))
    };
    unknown(&check["message"])
        || check["findings"]
            .as_array()
            .is_some_and(|findings| findings.iter().any(|f| unknown(&f["message"])))
}

/// Applies the saved plan and asserts that the live audit's statuses are `predicted`'s, for
/// every check not about the change itself and not judged on a value known only after apply.
pub fn assert_holds(gonogo: &Gonogo, stack: &Stack, predicted: &AuditRun) {
    stack.apply_saved_plan();
    let live = gonogo.audit(Some(MOTO_HAS_NO_API), &[]);
    let mut compared = 0;
    let mut differ = Vec::new();
    for check in predicted.report()["checks"].as_array().unwrap() {
        let id = check["id"].as_str().unwrap();
        if ABOUT_THE_CHANGE.contains(&id) || known_only_after_apply(check) {
            continue;
        }
        compared += 1;
        let (was, is) = (check["status"].as_str().unwrap(), live.status(id));
        if was != is {
            differ.push(format!(
                "{id}: predicted {was} ({}), live {is} ({})",
                check["message"],
                live.check(id)["message"]
            ));
        }
    }
    assert!(compared > 100, "only {compared} checks compared");
    assert!(
        differ.is_empty(),
        "the prediction does not hold:\n{}",
        differ.join("\n")
    );
}
