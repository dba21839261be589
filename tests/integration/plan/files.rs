//! What `--plan` refuses, exit 3 with a message that says what to do: a binary plan, JSON
//! that is not a plan, a plan of another format version, a fleet, a baseline.

use gonogo_tests::{Gonogo, demo_snapshot};

fn refused(gonogo: &Gonogo, args: &[&str]) -> String {
    let out = gonogo.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    stderr
}

fn audit_with_plan<'a>(plan: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["audit", "--quiet", "--plan", plan];
    args.extend_from_slice(more);
    args
}

#[test]
fn a_binary_plan_says_to_run_terraform_show_json() {
    let gonogo = Gonogo::new(None);
    // What `terraform plan -out` writes: a zip archive.
    let path = gonogo.dir().join("tfplan");
    std::fs::write(&path, b"PK\x03\x04\x14\x00\x00\x00\x08\x00tfplan").unwrap();
    let snapshot = demo_snapshot();
    let stderr = refused(
        &gonogo,
        &audit_with_plan(
            path.to_str().unwrap(),
            &["--snapshot", snapshot.to_str().unwrap()],
        ),
    );
    assert!(
        stderr.contains(
            "is a binary plan file, not its JSON: run `terraform show -json tfplan > plan.json`"
        ),
        "{stderr}"
    );
}

#[test]
fn json_that_is_not_a_plan_and_another_format_are_refused() {
    let gonogo = Gonogo::new(None);
    let snapshot = demo_snapshot();
    let snapshot = snapshot.to_str().unwrap();
    let state = gonogo.file(
        "state.json",
        r#"{"format_version": "1.0", "terraform_version": "1.11.4", "values": {}}"#,
    );
    let stderr = refused(
        &gonogo,
        &audit_with_plan(state.to_str().unwrap(), &["--snapshot", snapshot]),
    );
    assert!(
        stderr.contains("is not a Terraform plan in JSON"),
        "{stderr}"
    );

    let future = gonogo.file(
        "future.json",
        r#"{"format_version": "2.0", "planned_values": {}, "resource_changes": []}"#,
    );
    let stderr = refused(
        &gonogo,
        &audit_with_plan(future.to_str().unwrap(), &["--snapshot", snapshot]),
    );
    assert!(stderr.contains("format version 2.0"), "{stderr}");
}

#[test]
fn a_plan_is_for_one_account() {
    let gonogo = Gonogo::new(None);
    let plan = gonogo.file(
        "plan.json",
        r#"{"format_version": "1.2", "planned_values": {}, "resource_changes": []}"#,
    );
    let accounts = gonogo.file(
        "accounts.toml",
        "[[accounts]]\nid = \"111111111111\"\nrole_arn = \"arn:aws:iam::111111111111:role/audit\"\n",
    );
    let stderr = refused(
        &gonogo,
        &audit_with_plan(
            plan.to_str().unwrap(),
            &["--accounts", accounts.to_str().unwrap()],
        ),
    );
    assert!(stderr.contains("a plan is for one account"), "{stderr}");
    let stderr = refused(
        &gonogo,
        &audit_with_plan(plan.to_str().unwrap(), &["--organization"]),
    );
    assert!(stderr.contains("a plan is for one account"), "{stderr}");
}
