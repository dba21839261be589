//! The `terraform` stage end to end: the real `gonogo` binary runs real Terraform 1.11 with
//! the real AWS provider against moto; what is created, kept and destroyed is read from moto.
//!
//! Where terraform or the provider mirror is missing, these tests print why and skip
//! (`.ci/run` says beforehand whether they will run).

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::time::Duration;

use gonogo_tests::{Gonogo, MOTO_HAS_NO_API, Moto, Seeder, Stack, Terraform};
use serde_json::Value;

use super::pipeline::wait_for_stage_applying;

/// moto, a seeder on it, a Terraform stack against it, and `gonogo` able to run that
/// Terraform; `None` (with the reason printed) where Terraform cannot run here.
async fn terraform_deploy() -> Option<(Moto, Seeder, Stack, Gonogo)> {
    let terraform = Terraform::for_tests("Terraform deploy tests")?;
    let moto = Moto::start();
    let seed = Seeder::new(&moto).await;
    let stack = terraform.stack(&moto.endpoint(), "us-east-1");
    let mut gonogo = Gonogo::new(Some(moto.endpoint()));
    for (key, value) in stack.env() {
        gonogo = gonogo.env(key, &value);
    }
    Some((moto, seed, stack, gonogo))
}

/// The policy of a deploy: checks moto cannot serve switched off (Macie's answer cannot be
/// read from moto), then `stages`.
fn policy(stages: &str) -> String {
    format!("{MOTO_HAS_NO_API}\n[checks.\"security.macie-enabled\"]\nenabled = false\n\n{stages}")
}

/// The `terraform` stage on `stack` with `extra` parameters; the plan is judged by the
/// security checks (a table's PITR and TTL would make every plan here CONDITIONAL).
fn terraform_stage(stack: &Stack, extra: &str) -> String {
    format!(
        "[[stages]]\nkind = \"terraform\"\nname = \"infra\"\ndir = \"{}\"\ncategories = [\"security\"]\n{extra}\n",
        stack.dir().display()
    )
}

/// A `command` stage that fails and has nothing to undo: the smoke test after the change.
const FAILING_SMOKE_TEST: &str =
    "[[stages]]\nkind = \"command\"\nname = \"smoke\"\nargv = [\"false\"]\nrollback = []\n";

/// `gonogo deploy --format json --policy deploy.toml ARGS`: exit code, report, stderr.
fn deploy(gonogo: &Gonogo, policy: &str, args: &[&str]) -> (i32, Value, String) {
    let path = gonogo.file("deploy.toml", policy);
    let out = gonogo
        .command()
        .args(["deploy", "--format", "json", "--policy"])
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("deploy JSON ({err}): {stderr}"));
    (out.status.code().unwrap_or(-1), report, stderr)
}

/// The run's journal.
fn journal(gonogo: &Gonogo, report: &Value) -> Value {
    let path = gonogo
        .dir()
        .join(".gonogo/runs")
        .join(report["run_id"].as_str().unwrap())
        .join("journal.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A stage of the report by name.
fn stage<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no stage {name}: {report:#}"))
}

fn table(name: &str, pitr: &str) -> String {
    format!(
        r#"
resource "aws_dynamodb_table" "{name}" {{
  name         = "{name}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {{
    name = "id"
    type = "S"
  }}
  point_in_time_recovery {{
    enabled = {pitr}
  }}
}}
"#
    )
}

const GROUP: &str = r#"
resource "aws_security_group" "app" {
  name        = "app"
  description = "app servers"
}
"#;

const GROUP_OPEN_TO_SSH: &str = r#"
resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

/// The tables moto holds.
async fn tables(seed: &Seeder) -> BTreeSet<String> {
    seed.dynamodb
        .list_tables()
        .send()
        .await
        .unwrap()
        .table_names()
        .iter()
        .cloned()
        .collect()
}

/// The security groups moto holds, by name.
async fn groups(seed: &Seeder) -> BTreeSet<String> {
    seed.ec2
        .describe_security_groups()
        .send()
        .await
        .unwrap()
        .security_groups()
        .iter()
        .filter_map(|g| g.group_name().map(str::to_owned))
        .collect()
}

/// Whether the table's point-in-time recovery is on, read from moto.
async fn pitr(seed: &Seeder, table: &str) -> bool {
    let out = seed
        .dynamodb
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
        .unwrap();
    out.continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description())
        .and_then(|p| p.point_in_time_recovery_status())
        .is_some_and(|s| s.as_str() == "ENABLED")
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// The first go-live: the table `orders` and the group `app`, deployed by gonogo.
fn first_deploy(stack: &Stack, gonogo: &Gonogo) {
    stack.write("orders.tf", &table("orders", "false"));
    stack.write("app.tf", GROUP);
    let (code, report, stderr) = deploy(gonogo, &policy(&terraform_stage(stack, "")), &[]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    let changed: BTreeSet<&str> = stage(&report, "infra")["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        BTreeSet::from([
            "created aws_dynamodb_table.orders",
            "created aws_security_group.app"
        ])
    );
}

#[tokio::test]
async fn a_failed_later_deploy_destroys_only_the_table_it_created() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    first_deploy(&stack, &gonogo);
    assert_eq!(tables(&seed).await, set(&["orders"]));

    stack.write("carts.tf", &table("carts", "false"));
    let pipeline = format!("{}{FAILING_SMOKE_TEST}", terraform_stage(&stack, ""));
    let (code, report, stderr) = deploy(&gonogo, &policy(&pipeline), &[]);
    assert_eq!(code, 4, "{report:#}\n{stderr}");
    assert_eq!(report["state"], "rolled-back");
    let infra = stage(&report, "infra");
    assert_eq!(
        infra["changed"],
        serde_json::json!(["created aws_dynamodb_table.carts"])
    );
    assert_eq!(infra["status"], "rolled-back");
    assert_eq!(
        infra["rollback"],
        serde_json::json!(["destroyed aws_dynamodb_table.carts (created by this deploy)"]),
        "{report:#}"
    );
    assert_eq!(
        tables(&seed).await,
        set(&["orders"]),
        "the new table is gone"
    );
    assert!(
        groups(&seed).await.contains("app"),
        "the first deploy's group is kept"
    );

    let journal = journal(&gonogo, &report);
    let undo = &journal["stages"][0]["plan"]["undo"];
    assert_eq!(
        undo["creates"],
        serde_json::json!(["aws_dynamodb_table.carts"])
    );
    let before: BTreeSet<&str> = undo["state_before"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        before,
        BTreeSet::from(["aws_dynamodb_table.orders", "aws_security_group.app"]),
        "the journal says what the state held before the apply"
    );
    assert!(
        std::path::Path::new(undo["plan_file"].as_str().unwrap()).is_file(),
        "the saved plan that was applied is kept with the journal"
    );
    let outcome = journal["stages"][0]["outcome"]["output"].as_str().unwrap();
    assert!(
        outcome.contains("the state holds 3 resources now"),
        "and what it held after: {outcome}"
    );
}

#[tokio::test]
async fn an_update_terraform_cannot_undo_leaves_the_rollback_incomplete_and_names_it() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    first_deploy(&stack, &gonogo);

    stack.write("orders.tf", &table("orders", "true"));
    stack.write("carts.tf", &table("carts", "false"));
    let pipeline = format!("{}{FAILING_SMOKE_TEST}", terraform_stage(&stack, ""));
    let (code, report, stderr) = deploy(&gonogo, &policy(&pipeline), &[]);
    assert_eq!(code, 5, "{report:#}\n{stderr}");
    assert_eq!(report["state"], "rollback-incomplete");
    assert_eq!(
        tables(&seed).await,
        set(&["orders"]),
        "the new table is destroyed"
    );
    assert!(pitr(&seed, "orders").await, "the update is still there");
    let error = stage(&report, "infra")["rollback_error"].as_str().unwrap();
    assert!(
        error.contains(
            "updated aws_dynamodb_table.orders (point_in_time_recovery[0].enabled: false → true)"
        ),
        "the report names the table and the attribute: {error}"
    );
    assert!(
        error.contains("destroyed aws_dynamodb_table.carts"),
        "and what was undone: {error}"
    );
    let journal = journal(&gonogo, &report);
    assert_eq!(
        journal["stages"][0]["rollback_error"], error,
        "the journal too"
    );
}

#[tokio::test]
async fn a_rollback_program_undoes_the_update_and_the_rest_is_destroyed() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    stack.write(
        "variables.tf",
        "variable \"pitr\" {\n  type    = bool\n  default = false\n}\n",
    );
    stack.write("orders.tf", &table("orders", "var.pitr"));
    let (code, report, stderr) = deploy(&gonogo, &policy(&terraform_stage(&stack, "")), &[]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");

    stack.write("carts.tf", &table("carts", "false"));
    // The known-good configuration, applied again: PITR off as it was.
    let rollback = format!(
        "vars = {{ pitr = \"true\" }}\nrollback = [\"{}\", \"apply\", \"-input=false\", \"-auto-approve\", \"-var\", \"pitr=false\", \"-target=aws_dynamodb_table.orders\"]\n",
        stack.program().display()
    );
    let pipeline = format!("{}{FAILING_SMOKE_TEST}", terraform_stage(&stack, &rollback));
    let (code, report, stderr) = deploy(&gonogo, &policy(&pipeline), &[]);
    assert_eq!(code, 4, "{report:#}\n{stderr}");
    assert!(
        !pitr(&seed, "orders").await,
        "the rollback program restored it"
    );
    assert_eq!(tables(&seed).await, set(&["orders"]));
    let done = stage(&report, "infra")["rollback"].to_string();
    assert!(
        done.contains("for what Terraform cannot undo: aws_dynamodb_table.orders")
            && done.contains("destroyed aws_dynamodb_table.carts"),
        "{done}"
    );
}

#[tokio::test]
async fn a_plan_opening_ssh_stops_at_the_gate_unless_its_risks_are_accepted() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    stack.write("bastion.tf", GROUP_OPEN_TO_SSH);
    let pipeline = policy(&terraform_stage(&stack, ""));
    let (code, report, stderr) = deploy(&gonogo, &pipeline, &[]);
    assert_eq!(code, 2, "{report:#}\n{stderr}");
    assert_eq!(report["state"], "stopped");
    let infra = stage(&report, "infra");
    assert_eq!(infra["status"], "stopped");
    let reasons = infra["error"].as_str().unwrap();
    assert!(
        reasons.starts_with("CONDITIONAL GO: pass --accept-risks to proceed")
            && reasons.contains("security.sg-admin-ports-ipv4")
            && reasons.contains("aws_security_group.bastion"),
        "{reasons}"
    );
    assert!(
        !groups(&seed).await.contains("bastion"),
        "nothing was created"
    );
    assert!(
        !stack.dir().join("terraform.tfstate").exists()
            || !std::fs::read_to_string(stack.dir().join("terraform.tfstate"))
                .unwrap()
                .contains("bastion"),
        "nothing was applied"
    );

    let (code, _, stderr) = deploy(&gonogo, &pipeline, &["--dry-run"]);
    assert_eq!(code, 2, "a dry run says the deploy would stop: {stderr}");
    assert!(
        stderr.contains("  create aws_security_group.bastion\n")
            && stderr.contains("  WOULD STOP HERE: CONDITIONAL GO: pass --accept-risks to proceed"),
        "{stderr}"
    );
    let plan_json = gonogo
        .dir()
        .join(".gonogo/runs")
        .join(report["run_id"].as_str().unwrap())
        .join("infra/plan.json");
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&plan_json).unwrap().permissions()
        ) & 0o777,
        0o600,
        "a plan's JSON holds sensitive values in clear: its owner's only"
    );

    let (code, report, stderr) = deploy(&gonogo, &pipeline, &["--accept-risks"]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert!(groups(&seed).await.contains("bastion"));
    let journal = journal(&gonogo, &report);
    let accepted = journal["accepted_risks"].to_string();
    assert!(
        accepted.contains("security.sg-admin-ports-ipv4") && accepted.contains("bastion"),
        "the accepted reasons are journaled: {accepted}"
    );
    let audit = gonogo
        .dir()
        .join(".gonogo/runs")
        .join(report["run_id"].as_str().unwrap())
        .join("infra/plan-audit.json");
    let audit: Value = serde_json::from_str(&std::fs::read_to_string(audit).unwrap()).unwrap();
    assert_eq!(audit["verdict"], "CONDITIONAL");
    assert_eq!(audit["plan"]["create"], 1, "the plan's audit is kept whole");
}

#[tokio::test]
async fn a_plan_made_stale_by_another_apply_is_refused_and_nothing_of_it_is_applied() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    stack.write("orders.tf", &table("orders", "false"));
    stack.write("carts.tf", &table("carts", "false"));
    // Another pipeline applies (the table `carts`) between this deploy's plan and its apply.
    let wrapper = gonogo.file(
        "terraform-with-another-pipeline",
        "#!/bin/sh\nif [ \"$1\" = apply ] && [ ! -e \"$MARK\" ]; then\n  touch \"$MARK\"\n  \"$TERRAFORM\" apply -input=false -auto-approve -no-color -target=aws_dynamodb_table.carts >/dev/null 2>&1 || exit 99\nfi\nexec \"$TERRAFORM\" \"$@\"\n",
    );
    std::fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let mark = gonogo.dir().join("another-pipeline-applied");
    let gonogo = gonogo
        .env("TERRAFORM", &stack.program().display().to_string())
        .env("MARK", &mark.display().to_string());
    let binary = format!("binary = \"{}\"\n", wrapper.display());
    let (code, report, stderr) = deploy(&gonogo, &policy(&terraform_stage(&stack, &binary)), &[]);
    assert!(mark.exists(), "the other apply ran");
    assert_eq!(code, 4, "{report:#}\n{stderr}");
    let infra = stage(&report, "infra");
    let error = infra["error"].as_str().unwrap();
    assert!(error.contains("Saved plan is stale"), "{error}");
    assert_eq!(
        tables(&seed).await,
        set(&["carts"]),
        "the saved plan's `orders` was never applied, and the other pipeline's `carts` is not this deploy's to destroy"
    );
    assert_eq!(
        infra["rollback"],
        serde_json::json!(["nothing to undo: the apply changed nothing"])
    );
}

#[tokio::test]
async fn a_rollback_after_gonogo_is_killed_destroys_what_the_deploy_created_only() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    first_deploy(&stack, &gonogo);
    stack.write("carts.tf", &table("carts", "false"));
    let pipeline = format!(
        "{}[[stages]]\nkind = \"command\"\nname = \"migrate\"\nargv = [\"sleep\", \"120\"]\nrollback = []\n",
        terraform_stage(&stack, "")
    );
    let path = gonogo.file("deploy.toml", &policy(&pipeline));
    let mut child: Child = gonogo
        .command()
        .args(["deploy", "--quiet", "--policy"])
        .arg(&path)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_stage_applying(&gonogo.dir().join(".gonogo/runs"), "migrate");
    child.kill().unwrap(); // SIGKILL: no handler runs.
    child.wait().unwrap();
    assert_eq!(tables(&seed).await, set(&["carts", "orders"]));

    let out = gonogo
        .command()
        .args(["rollback", "--format", "json", "--policy"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["state"], "rolled-back");
    assert_eq!(tables(&seed).await, set(&["orders"]));
    assert!(groups(&seed).await.contains("app"));
}

#[tokio::test]
async fn a_dry_run_prints_the_plan_and_its_verdict_and_changes_nothing() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    first_deploy(&stack, &gonogo);
    stack.write("orders.tf", &table("orders", "true"));
    stack.write("carts.tf", &table("carts", "false"));
    let (code, report, stderr) = deploy(
        &gonogo,
        &policy(&terraform_stage(&stack, "")),
        &["--dry-run"],
    );
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["state"], "dry-run");
    for line in [
        "plan infra (terraform):",
        "  create aws_dynamodb_table.carts",
        "  update aws_dynamodb_table.orders (point_in_time_recovery[0].enabled: false → true)",
        "  plan verdict: GO (score 100). This plan (1 to create, 1 to update, 0 to delete, 0 to replace) introduces 0 problems",
    ] {
        assert!(stderr.contains(line), "{line:?} not in:\n{stderr}");
    }
    assert_eq!(tables(&seed).await, set(&["orders"]), "nothing created");
    assert!(!pitr(&seed, "orders").await, "nothing updated");
}

#[tokio::test]
async fn a_locked_state_fails_the_stage_before_anything_changes_and_names_the_holder() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    stack.write("orders.tf", &table("orders", "false"));
    stack.init();
    // Someone's interactive apply, waiting at its prompt, holds the state lock.
    let mut holder = stack
        .command(&["apply", "-no-color"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = stack.dir().join(".terraform.tfstate.lock.info");
    for _ in 0..600 {
        if lock.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(lock.exists(), "the other apply holds the lock");
    let (code, report, stderr) = deploy(&gonogo, &policy(&terraform_stage(&stack, "")), &[]);
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(code, 4, "{report:#}\n{stderr}");
    let error = stage(&report, "infra")["error"].as_str().unwrap();
    assert!(
        error.contains("Error acquiring the state lock")
            && error.contains("Operation: OperationTypeApply")
            && error.contains("Who:"),
        "Terraform's message names the holder: {error}"
    );
    assert!(tables(&seed).await.is_empty(), "nothing changed");
}

#[tokio::test]
async fn a_workspace_var_files_backend_config_and_another_binary_name_are_passed_through() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    stack.write("backend.tf", "terraform {\n  backend \"local\" {}\n}\n");
    stack.write("variables.tf", "variable \"name\" {\n  type = string\n}\n");
    stack.write(
        "table.tf",
        &table("orders", "false").replace("name         = \"orders\"", "name         = var.name"),
    );
    stack.write("staging.tfvars", "name = \"orders-staging\"\n");
    // OpenTofu is not installable here: the same Terraform under the name `tofu` shows the
    // stage runs the binary it is given.
    let tofu = gonogo.dir().join("bin/tofu");
    std::fs::create_dir_all(tofu.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(stack.program(), &tofu).unwrap();
    let extra = format!(
        "binary = \"{}\"\nworkspace = \"staging\"\nvar_files = [\"staging.tfvars\"]\nbackend_config = [\"workspace_dir=environments\"]\n",
        tofu.display()
    );
    let (code, report, stderr) = deploy(&gonogo, &policy(&terraform_stage(&stack, &extra)), &[]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(tables(&seed).await, set(&["orders-staging"]));
    let state = stack.dir().join("environments/staging/terraform.tfstate");
    assert!(
        std::fs::read_to_string(&state)
            .unwrap_or_default()
            .contains("orders-staging"),
        "the staging workspace's state, where the backend configuration puts it"
    );
}

#[tokio::test]
async fn a_rollback_that_would_destroy_what_existed_before_destroys_nothing() {
    let Some((_moto, seed, stack, gonogo)) = terraform_deploy().await else {
        return;
    };
    first_deploy(&stack, &gonogo);
    // The existing group `app` now admits a new group `db`: destroying `db` would take `app`.
    stack.write(
        "app.tf",
        r#"
resource "aws_security_group" "db" {
  name        = "db"
  description = "databases"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "app servers"
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.db.id]
  }
}
"#,
    );
    let pipeline = format!("{}{FAILING_SMOKE_TEST}", terraform_stage(&stack, ""));
    let (code, report, stderr) = deploy(&gonogo, &policy(&pipeline), &[]);
    assert_eq!(code, 5, "{report:#}\n{stderr}");
    let error = stage(&report, "infra")["rollback_error"].as_str().unwrap();
    assert!(
        error.contains("nothing destroyed")
            && error.contains("would also destroy aws_security_group.app"),
        "{error}"
    );
    assert_eq!(
        groups(&seed)
            .await
            .intersection(&set(&["app", "db"]))
            .count(),
        2
    );
    assert_eq!(tables(&seed).await, set(&["orders"]));
}
