//! `gonogo audit --plan`: real Terraform 1.11 with the real AWS provider plans against moto,
//! and the real binary judges the account as the plan leaves it. Each test that can apply
//! its plan applies the same saved plan afterwards and checks the prediction: the live audit
//! comes out as predicted, check by check.
//!
//! Where terraform or the provider mirror is missing, these tests print why and skip
//! (`.ci/run` says beforehand whether they will run).

mod files;
mod prediction;

use gonogo_tests::{AuditRun, Gonogo, MOTO_HAS_NO_API, Moto, Stack, Terraform};
use serde_json::Value;

/// moto, a stack against it, and `gonogo` pointed at it; `None` (with the reason printed)
/// where Terraform cannot run here.
pub fn terraform_account() -> Option<(Moto, Stack, Gonogo)> {
    let terraform = Terraform::for_tests("Terraform plan tests")?;
    let moto = Moto::start();
    let stack = terraform.stack(&moto.endpoint(), "us-east-1");
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    Some((moto, stack, gonogo))
}

/// `gonogo audit --plan PLAN` (and `args`) under the policy of checks moto can serve, with
/// `policy` added.
pub fn audit_plan(gonogo: &Gonogo, stack: &Stack, policy: &str, args: &[&str]) -> AuditRun {
    let plan = stack.dir().join("plan.json");
    let plan = plan.to_str().unwrap();
    let mut all = vec!["--plan", plan];
    all.extend_from_slice(args);
    // Top-level keys first: the checks' tables follow.
    gonogo.audit(Some(&format!("{policy}\n{MOTO_HAS_NO_API}")), &all)
}

/// Every finding of the report with its check id.
pub fn findings(report: &Value) -> Vec<(String, Value)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|check| {
            let id = check["id"].as_str().unwrap().to_owned();
            check["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |finding| (id.clone(), finding.clone()))
        })
        .collect()
}

const GROUP_OPEN_TO_SSH: &str = r#"
resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

#[test]
fn a_plan_that_opens_ssh_on_a_new_group_is_conditional_and_names_the_address() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write("main.tf", GROUP_OPEN_TO_SSH);
    stack.plan();
    let run = audit_plan(&gonogo, &stack, "", &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = run.report();
    assert_eq!(report["verdict"], "CONDITIONAL");
    assert_eq!(run.status("security.sg-admin-ports-ipv4"), "fail");
    let opened: Vec<&Value> = run.check("security.sg-admin-ports-ipv4")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail")
        .collect();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(opened[0]["address"], "aws_security_group.web");
    assert_eq!(
        opened[0]["resource"], "aws_security_group.web",
        "its id is known only after apply: named by its address"
    );
    assert_eq!(opened[0]["change"], "new");
    assert!(
        report["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("aws_security_group.web")),
        "the reasons name the address: {}",
        report["reasons"]
    );
    assert_eq!(report["plan"]["create"], 1);
    assert_eq!(report["plan"]["format_version"], "1.2");
    assert!(report["plan"]["new"].as_u64().unwrap() >= 1);

    prediction::assert_holds(&gonogo, &stack, &run);
}

#[test]
fn a_plan_that_removes_a_table_terraform_created_fails_plan_destroys_data() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write(
        "table.tf",
        r#"
resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
"#,
    );
    stack.apply();
    stack.remove("table.tf");
    stack.plan();
    let run = audit_plan(&gonogo, &stack, "", &[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.report()["verdict"], "NO-GO");
    let check = run.check("operations.plan-destroys-data");
    assert_eq!(check["status"], "fail");
    assert_eq!(check["severity"], "critical");
    let finding = &check["findings"][0];
    assert_eq!(finding["address"], "aws_dynamodb_table.sessions");
    assert_eq!(finding["change"], "new");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("would be deleted"),
        "{finding}"
    );
    assert_eq!(run.report()["plan"]["delete"], 1);

    // Accepted on purpose: a waiver by address.
    let waived = audit_plan(
        &gonogo,
        &stack,
        r#"
[[waivers]]
check = "operations.plan-destroys-data"
resource = "aws_dynamodb_table.sessions"
reason = "sessions moved to the new cluster"
owner = "platform"
expires = "2099-01-01"
"#,
        &[],
    );
    assert_eq!(waived.status("operations.plan-destroys-data"), "waived");
    assert_ne!(waived.code, 2, "{}", waived.stderr);

    prediction::assert_holds(&gonogo, &stack, &run);
}

#[test]
fn a_plan_that_turns_a_bucket_block_on_resolves_the_live_finding() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write(
        "bucket.tf",
        r#"
resource "aws_s3_bucket" "logs" {
  bucket = "plan-logs"
}
"#,
    );
    stack.apply();
    let live = gonogo.audit(Some(MOTO_HAS_NO_API), &[]);
    let bucket_block = |run: &AuditRun| -> Option<Value> {
        run.check("security.s3-public-access-block")["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["resource"] == "arn:aws:s3:::plan-logs")
            .cloned()
    };
    assert_eq!(bucket_block(&live).unwrap()["status"], "fail");

    stack.write(
        "block.tf",
        r#"
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
"#,
    );
    stack.plan();
    let run = audit_plan(&gonogo, &stack, "", &[]);
    let finding = bucket_block(&run).unwrap();
    assert_eq!(finding["status"], "pass", "{finding}");
    assert_eq!(finding["change"], "resolved");
    let resolved = run.report()["plan"]["resolved"].as_array().unwrap();
    assert!(
        resolved
            .iter()
            .any(|p| p["check"] == "security.s3-public-access-block"
                && p["resource"] == "arn:aws:s3:::plan-logs"),
        "{resolved:?}"
    );

    prediction::assert_holds(&gonogo, &stack, &run);
}

#[test]
fn a_plan_that_only_adds_tags_changes_no_verdict() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write("main.tf", GROUP_OPEN_TO_SSH);
    stack.apply();
    stack.write(
        "main.tf",
        &GROUP_OPEN_TO_SSH.replace(
            "  description = \"web servers\"\n",
            "  description = \"web servers\"\n  tags = { team = \"web\" }\n",
        ),
    );
    stack.plan();
    // Gating on every problem, the verdict is the account's before the change.
    let run = audit_plan(&gonogo, &stack, "gate_on = \"all\"", &[]);
    let report = run.report();
    assert_eq!(report["plan"]["update"], 1, "{}", report["plan"]);
    assert_eq!(report["verdict"], report["plan"]["verdict"]);
    assert_eq!(report["plan"]["new"], 0);
    assert_eq!(report["plan"]["resolved"], Value::Array(vec![]));
    let marked: Vec<_> = findings(report)
        .into_iter()
        .filter(|(_, f)| f["change"] == "new" || f["change"] == "resolved")
        .collect();
    assert!(marked.is_empty(), "{marked:?}");
    // The group's finding is the live one, marked unchanged and carrying its address.
    let group = run.check("security.sg-admin-ports-ipv4")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["address"] == "aws_security_group.web")
        .cloned()
        .unwrap();
    assert_eq!(group["change"], "unchanged");
    assert!(
        group["resource"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:ec2:")
    );
    assert!(
        report["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("(aws_security_group.web)")),
        "a resource the plan touches is named by its address too: {}",
        report["reasons"]
    );

    prediction::assert_holds(&gonogo, &stack, &run);
}

#[test]
fn a_snapshot_with_the_plan_judges_as_the_live_account_with_the_plan() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write("main.tf", GROUP_OPEN_TO_SSH);
    stack.plan();
    let snapshot = gonogo.dir().join("account.json");
    let out = gonogo.run(&["snapshot", "--quiet", "--out", snapshot.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let live = audit_plan(&gonogo, &stack, "", &[]);
    let offline = audit_plan(
        &gonogo,
        &stack,
        "",
        &["--snapshot", snapshot.to_str().unwrap()],
    );
    let judged = |run: &AuditRun| {
        let mut all: Vec<(String, Value, Value, Value, Value)> = findings(run.report())
            .into_iter()
            .map(|(id, f)| {
                (
                    id,
                    f["resource"].clone(),
                    f["status"].clone(),
                    f["change"].clone(),
                    f["address"].clone(),
                )
            })
            .collect();
        all.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        all
    };
    assert_eq!(judged(&live), judged(&offline));
    assert_eq!(live.report()["verdict"], offline.report()["verdict"]);
    assert_eq!(live.report()["plan"], offline.report()["plan"]);
}

#[test]
fn a_type_gonogo_does_not_model_is_listed_as_not_evaluated() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write(
        "main.tf",
        r#"
resource "aws_ssm_parameter" "greeting" {
  name  = "/app/greeting"
  type  = "String"
  value = "hello"
}
"#,
    );
    stack.plan();
    let run = audit_plan(&gonogo, &stack, "", &[]);
    let not_evaluated = &run.report()["plan"]["not_evaluated"];
    assert_eq!(
        not_evaluated,
        &serde_json::json!([{
            "address": "aws_ssm_parameter.greeting",
            "type": "aws_ssm_parameter",
            "actions": ["create"],
            "reason": "gonogo does not model this resource type"
        }])
    );
}

#[test]
fn the_prediction_holds_for_many_families_at_once() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write(
        "main.tf",
        r#"
resource "aws_kms_key" "data" {
  description         = "data"
  enable_key_rotation = false
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "app"
  retention_in_days = 7
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "open" {
  vpc_id = aws_vpc.main.id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 3389
    to_port    = 3389
    cidr_block = "0.0.0.0/0"
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_iam_policy" "everything" {
  name = "everything"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "everything" {
  role       = aws_iam_role.deployer.name
  policy_arn = aws_iam_policy.everything.arn
}

resource "aws_iam_account_password_policy" "weak" {
  minimum_password_length = 8
}

resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}
"#,
    );
    stack.plan();
    let run = audit_plan(&gonogo, &stack, "", &[]);
    // What the plan introduces, named by address where the id is not known yet.
    assert_eq!(run.status("security.admin-policies"), "fail");
    assert_eq!(run.status("security.nacl-admin-ports"), "fail");
    assert_eq!(run.status("security.kms-rotation"), "fail");
    assert_eq!(run.status("security.ebs-default-encryption"), "pass");
    let admin = &run.check("security.admin-policies")["findings"][0];
    assert_eq!(admin["address"], "aws_iam_policy.everything");
    assert_eq!(admin["change"], "new");
    prediction::assert_holds(&gonogo, &stack, &run);
}

#[test]
fn a_plan_audit_makes_the_calls_a_plain_audit_makes() {
    let Some((_moto, stack, gonogo)) = terraform_account() else {
        return;
    };
    stack.write("main.tf", GROUP_OPEN_TO_SSH);
    stack.plan();
    let calls = |run: &AuditRun| -> Vec<String> {
        let mut calls: Vec<String> = run.report()["stats"]["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| format!("{} {} {}", o["service"], o["operation"], o["calls"]))
            .collect();
        calls.sort();
        calls
    };
    // The first audit of an account asks IAM to generate its credential report, and polls;
    // the next ones find it made. Both audits compared here come after one.
    gonogo.audit(Some(MOTO_HAS_NO_API), &[]);
    let plain = gonogo.audit(Some(MOTO_HAS_NO_API), &["--stats"]);
    let planned = audit_plan(&gonogo, &stack, "", &["--stats"]);
    assert!(planned.report()["plan"].is_object());
    assert_eq!(
        calls(&planned),
        calls(&plain),
        "the account as it will be is judged over the facts of the account as it is"
    );
}
