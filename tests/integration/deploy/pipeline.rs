//! Deploy and rollback end to end: the real binary, a real moto, the journal on disk.

use std::path::Path;
use std::time::Duration;

use aws_sdk_cloudwatch::types::StateValue;
use gonogo_tests::{Gonogo, MOTO_HAS_NO_API, Seeder};
use serde_json::Value;

use crate::account;

/// The TTL status of a table, read straight from moto.
async fn ttl(seed: &Seeder, table: &str) -> String {
    let out = seed
        .dynamodb
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .unwrap();
    out.time_to_live_description()
        .and_then(|d| d.time_to_live_status())
        .map_or("DISABLED", |s| s.as_str())
        .to_owned()
}

fn deploy(gonogo: &Gonogo, policy: &str, extra: &[&str]) -> (i32, Value, String) {
    let path = gonogo.file("deploy.toml", policy);
    let out = gonogo
        .command()
        .args(["deploy", "--quiet", "--format", "json", "--policy"])
        .arg(&path)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("deploy JSON ({err}): {stderr}"));
    (out.status.code().unwrap_or(-1), json, stderr)
}

fn statuses(report: &Value) -> Vec<(String, String)> {
    report["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const GATES: &str = r#"
[[stages]]
kind = "credentials"
name = "credentials"
expected_account_id = "123456789012"

[[stages]]
kind = "audit"
name = "quick-audit"
tags = ["quick"]
"#;

const TTL: &str = r#"
[[stages]]
kind = "dynamodb-ttl"
name = "session-ttl"
tables = ["carts"]
attribute = "expires_at"
"#;

#[tokio::test]
async fn a_full_pipeline_deploys_and_the_change_is_in_moto() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    seed.dynamodb_table("carts", false, true).await;
    let policy = format!(
        "{GATES}{TTL}\n[[stages]]\nkind = \"command\"\nname = \"migrate\"\nargv = [\"echo\", \"migrated 3 tables\"]\n\n[[stages]]\nkind = \"validate\"\nname = \"validate\"\ntimeout_seconds = 20\ninterval_seconds = 1\n\n[[stages]]\nkind = \"watch\"\nname = \"watch\"\nduration_seconds = 1\ninterval_seconds = 1\n{MOTO_HAS_NO_API}"
    );
    let (code, report, stderr) = deploy(&gonogo, &policy, &["--junit", "deploy.xml"]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["state"], "deployed");
    let xml = std::fs::read_to_string(gonogo.dir().join("deploy.xml")).unwrap();
    let suites = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes()))
        .expect("JUnit parser loads it");
    assert_eq!(suites.tests, 6, "one test case per stage");
    assert_eq!(suites.failures + suites.errors, 0);
    assert!(
        statuses(&report).iter().all(|(_, s)| s == "applied"),
        "{report:#}"
    );
    assert_eq!(ttl(&seed, "carts").await, "ENABLED");
    let journal_dir = gonogo
        .dir()
        .join(".gonogo/runs")
        .join(report["run_id"].as_str().unwrap());
    let journal: Value =
        serde_json::from_str(&std::fs::read_to_string(journal_dir.join("journal.json")).unwrap())
            .unwrap();
    assert_eq!(journal["state"], "deployed");
    let output = std::fs::read_to_string(journal_dir.join("migrate-apply.log")).unwrap();
    assert_eq!(
        output, "migrated 3 tables\n",
        "the command's output is kept with the journal"
    );
}

#[tokio::test]
async fn a_no_go_gate_stops_before_any_change() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    seed.dynamodb_table("carts", false, true).await;
    // The full audit is NO-GO on moto: root MFA cannot be enabled.
    let policy = format!("[[stages]]\nkind = \"audit\"\nname = \"audit\"\n{TTL}");
    let (code, report, _) = deploy(&gonogo, &policy, &[]);
    assert_eq!(code, 2);
    assert_eq!(report["state"], "stopped");
    assert_eq!(
        statuses(&report),
        [
            ("audit".to_owned(), "stopped".to_owned()),
            ("session-ttl".to_owned(), "pending".to_owned())
        ]
    );
    assert_eq!(ttl(&seed, "carts").await, "DISABLED", "nothing changed");
}

#[tokio::test]
async fn conditional_stops_without_accept_risks_and_proceeds_with_it() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    // The monitoring category's logging checks (trail, Config, flow logs, CIS alarms) pass.
    seed.secure_region().await;
    seed.good_trail().await;
    seed.cis_alarms().await;
    seed.alarm("orders-latency", StateValue::InsufficientData)
        .await;
    let policy = format!(
        "[[stages]]\nkind = \"audit\"\nname = \"monitoring-audit\"\ncategories = [\"monitoring\"]\n{TTL}{MOTO_HAS_NO_API}"
    );
    let (code, report, _) = deploy(&gonogo, &policy, &[]);
    assert_eq!(code, 2, "{report:#}");
    assert_eq!(ttl(&seed, "carts").await, "DISABLED");
    let (code, report, _) = deploy(&gonogo, &policy, &["--accept-risks"]);
    assert_eq!(code, 0, "{report:#}");
    let risks = report["accepted_risks"].to_string();
    assert!(
        risks.contains("monitoring.alarms-insufficient-data"),
        "{risks}"
    );
    assert_eq!(ttl(&seed, "carts").await, "ENABLED");
}

#[tokio::test]
async fn a_failing_stage_rolls_back_the_change_exactly() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    seed.dynamodb_table("sessions", true, true).await;
    let policy = "[[stages]]\nkind = \"dynamodb-ttl\"\nname = \"ttl\"\ntables = [\"carts\", \"sessions\"]\nattribute = \"expires_at\"\n\n[[stages]]\nkind = \"command\"\nname = \"migrate\"\nargv = [\"false\"]\nrollback = []\n";
    let (code, report, _) = deploy(&gonogo, policy, &[]);
    assert_eq!(code, 4, "{report:#}");
    assert_eq!(report["state"], "rolled-back");
    assert_eq!(
        statuses(&report),
        [
            ("ttl".to_owned(), "rolled-back".to_owned()),
            ("migrate".to_owned(), "rolled-back".to_owned())
        ]
    );
    assert_eq!(ttl(&seed, "carts").await, "DISABLED", "restored");
    assert_eq!(
        ttl(&seed, "sessions").await,
        "ENABLED",
        "it was enabled before: left as it was"
    );
}

#[tokio::test]
async fn a_rollback_that_fails_is_exit_5_and_named() {
    let (_moto, _seed, gonogo) = account().await;
    let policy = "[[stages]]\nkind = \"command\"\nname = \"first\"\nargv = [\"true\"]\nrollback = [\"false\"]\n\n[[stages]]\nkind = \"command\"\nname = \"second\"\nargv = [\"false\"]\n";
    let (code, report, _) = deploy(&gonogo, policy, &[]);
    assert_eq!(code, 5, "{report:#}");
    assert_eq!(report["state"], "rollback-incomplete");
    let first = &report["stages"][0];
    assert_eq!(first["status"], "rollback-failed");
    assert!(
        first["rollback_error"]
            .as_str()
            .unwrap()
            .contains("`false` exited"),
        "{first}"
    );
    let table = gonogo.run(&["deploy", "--quiet", "--policy", "deploy.toml"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("left to do by hand: undo stage `first` (command)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_killed_deploy_is_undone_by_gonogo_rollback_and_a_second_rollback_changes_nothing() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    let policy = format!(
        "{TTL}\n[[stages]]\nkind = \"command\"\nname = \"long-migration\"\nargv = [\"sleep\", \"60\"]\nrollback = []\n"
    );
    let mut child = start_deploy(&gonogo, &policy, "long-migration");
    let sleeper = wait_for_child(child.id(), "sleep");
    child.kill().unwrap(); // SIGKILL: no handler runs, no rollback
    child.wait().unwrap();
    assert!(
        wait_until_gone(sleeper),
        "the stage's program dies with gonogo (before: it ran on)"
    );
    assert_eq!(
        ttl(&seed, "carts").await,
        "ENABLED",
        "the first stage had applied"
    );

    let report = rollback_undoing_everything(&gonogo);
    assert_eq!(report["state"], "rolled-back");
    assert_eq!(
        ttl(&seed, "carts").await,
        "DISABLED",
        "restored after the crash"
    );

    let again = gonogo.run(&["rollback"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("nothing to roll back"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(ttl(&seed, "carts").await, "DISABLED");
}

#[tokio::test]
async fn sigterm_stops_the_running_stage_rolls_back_what_changed_and_exits_4() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    let policy = format!(
        "{TTL}\n[[stages]]\nkind = \"command\"\nname = \"long-migration\"\nargv = [\"sleep\", \"60\"]\nrollback = []\n"
    );
    let path = gonogo.file("deploy.toml", &policy);
    let child = gonogo
        .command()
        .args(["deploy", "--quiet", "--format", "json", "--policy"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let runs = gonogo.dir().join(".gonogo/runs");
    wait_for_stage_applying(&runs, "long-migration");
    let sleeper = wait_for_child(child.id(), "sleep");
    assert_eq!(
        ttl(&seed, "carts").await,
        "ENABLED",
        "the first stage applied"
    );

    for _ in 0..2 {
        // The second SIGTERM must not abandon the rollback.
        let status = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("interrupted (SIGTERM)"), "{stderr}");
    assert!(
        !Path::new(&format!("/proc/{sleeper}")).exists(),
        "the stage's process is gone"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["state"], "rolled-back", "{report:#}");
    let stages = report["stages"].as_array().unwrap();
    assert_eq!(stages[0]["status"], "rolled-back", "{report:#}");
    assert_eq!(
        stages[0]["rollback"],
        serde_json::json!(["TTL disabled again on carts"])
    );
    assert!(
        stages[1]["error"]
            .as_str()
            .unwrap()
            .contains("interrupted: stopped with SIGTERM"),
        "{report:#}"
    );
    assert_eq!(ttl(&seed, "carts").await, "DISABLED", "rolled back in moto");
}

/// Whether process `pid` is gone (or a zombie nobody reaps yet) within a few seconds.
fn wait_until_gone(pid: u32) -> bool {
    for _ in 0..150 {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Err(_) => return true,
            Ok(stat)
                if stat
                    .rsplit_once(") ")
                    .is_some_and(|(_, rest)| rest.starts_with('Z')) =>
            {
                return true;
            }
            Ok(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    false
}

#[tokio::test]
async fn a_command_without_rollback_that_ran_is_not_undone_exit_5() {
    // Before: exit 4 "FAILED and ROLLED BACK" with the file still changed.
    let (_moto, _seed, gonogo) = account().await;
    let policy = "[[stages]]\nkind = \"command\"\nname = \"change\"\nargv = [\"touch\", \"changed\"]\n\n[[stages]]\nkind = \"command\"\nname = \"check\"\nargv = [\"false\"]\nrollback = []\n";
    let (code, report, _) = deploy(&gonogo, policy, &[]);
    assert_eq!(code, 5, "{report:#}");
    assert_eq!(report["state"], "rollback-incomplete");
    assert_eq!(report["exit_code"], 5);
    let change = &report["stages"][0];
    assert_eq!(change["status"], "rollback-failed");
    assert!(
        change["rollback_error"]
            .as_str()
            .unwrap()
            .starts_with("not undone: no rollback command"),
        "{change}"
    );
    assert_eq!(
        report["stages"][1]["rollback"],
        serde_json::json!(["nothing to undo (rollback = [])"])
    );
    assert!(gonogo.dir().join("changed").exists(), "still changed");
    let again = gonogo.run(&["rollback"]);
    assert_eq!(again.status.code(), Some(5), "still not undone");
    let table = String::from_utf8_lossy(&again.stdout);
    assert!(
        table.contains("left to do by hand: undo stage `change` (command)")
            && table.contains("(exit 5)"),
        "{table}"
    );
}

#[tokio::test]
async fn a_dry_run_whose_plan_fails_is_exit_2() {
    // Before: exit 0 for a missing table and for a program that does not exist.
    let (_moto, _seed, gonogo) = account().await;
    let missing_table = "[[stages]]\nkind = \"dynamodb-ttl\"\nname = \"ttl\"\ntables = [\"nope\"]\nattribute = \"expires_at\"\n";
    let no_program = "[[stages]]\nkind = \"command\"\nname = \"run\"\nargv = [\"gonogo-no-such-program\"]\nrollback = []\n";
    for policy in [missing_table, no_program] {
        let (code, report, stderr) = deploy(&gonogo, policy, &["--dry-run"]);
        assert_eq!(code, 2, "{report:#}");
        assert_eq!(report["state"], "dry-run-failed");
        assert_eq!(report["stages"][0]["status"], "failed");
        assert!(stderr.contains("PLAN FAILED"), "{stderr}");
    }
}

#[tokio::test]
async fn gonogo_rollback_stops_what_the_killed_deploy_left_running_then_undoes() {
    let (_moto, _seed, gonogo) = account().await;
    // The program's own child outlives it (the kernel kills only the direct child).
    let policy = "[[stages]]\nkind = \"command\"\nname = \"migrate\"\nargv = [\"sh\", \"-c\", \"sleep 60 & wait\"]\nrollback = [\"touch\", \"undone\"]\n";
    let mut child = start_deploy(&gonogo, policy, "migrate");
    let shell = wait_for_child(child.id(), "sh");
    let sleeper = wait_for_child(shell, "sleep");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(wait_until_gone(shell), "the program died with gonogo");
    assert!(
        !wait_until_gone_briefly(sleeper),
        "what it started is left running"
    );

    let report = rollback_undoing_everything(&gonogo);
    assert!(wait_until_gone(sleeper), "stopped before the undo");
    assert_eq!(report["exit_code"], 0);
    let rollback = report["stages"][0]["rollback"].as_array().unwrap();
    assert!(
        rollback[0]
            .as_str()
            .unwrap()
            .contains("left running by the interrupted deploy"),
        "{rollback:?}"
    );
    assert_eq!(rollback[1], "ran `touch undone`");
    assert!(gonogo.dir().join("undone").exists());
}

/// Whether process `pid` is gone within half a second.
fn wait_until_gone_briefly(pid: u32) -> bool {
    std::thread::sleep(Duration::from_millis(500));
    !Path::new(&format!("/proc/{pid}")).exists()
}

/// The pid of `parent`'s child process running `program`, read from `/proc`.
fn wait_for_child(parent: u32, program: &str) -> u32 {
    for _ in 0..300 {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // pid (comm) state ppid ...
            let Some((comm, rest)) = stat.split_once(") ") else {
                continue;
            };
            let ppid = rest.split(' ').nth(1).and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) && comm.ends_with(&format!("({program}")) {
                return pid;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no `{program}` child of {parent}");
}

/// Runs `gonogo rollback --format json`, asserts it undid everything (exit 0) and returns its
/// report.
fn rollback_undoing_everything(gonogo: &Gonogo) -> Value {
    let out = gonogo.run(&["rollback", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Starts `gonogo deploy --quiet` on `policy` in the background and returns once `stage` is
/// applying.
fn start_deploy(gonogo: &Gonogo, policy: &str, stage: &str) -> std::process::Child {
    let path = gonogo.file("deploy.toml", policy);
    let child = gonogo
        .command()
        .args(["deploy", "--quiet", "--policy"])
        .arg(&path)
        .spawn()
        .unwrap();
    wait_for_stage_applying(&gonogo.dir().join(".gonogo/runs"), stage);
    child
}

/// Waits (two minutes at most: a Terraform stage before it inits, plans and applies) until
/// a run's stage is applying.
pub(super) fn wait_for_stage_applying(runs: &Path, stage: &str) {
    for _ in 0..1200 {
        let journals = std::fs::read_dir(runs).into_iter().flatten().flatten();
        for run in journals {
            let Ok(text) = std::fs::read_to_string(run.path().join("journal.json")) else {
                continue;
            };
            let Ok(journal) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let applying = journal["stages"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|s| s["name"] == stage && s["state"] == "applying");
            if applying {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("stage {stage} never started");
}

#[tokio::test]
async fn an_alarm_firing_during_the_watch_rolls_back() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    seed.alarm("orders-5xx", StateValue::Ok).await;
    let policy = format!(
        "{TTL}\n[[stages]]\nkind = \"watch\"\nname = \"watch\"\nduration_seconds = 30\ninterval_seconds = 1\nalarms = [\"orders-5xx\"]\n"
    );
    let path = gonogo.file("deploy.toml", &policy);
    let child = gonogo
        .command()
        .args(["deploy", "--quiet", "--format", "json", "--policy"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_stage_applying(&gonogo.dir().join(".gonogo/runs"), "watch");
    seed.set_alarm_state("orders-5xx", StateValue::Alarm).await;
    let out = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(4), "{report:#}");
    assert!(
        report["stages"][1]["error"]
            .as_str()
            .unwrap()
            .contains("orders-5xx is in ALARM")
    );
    assert_eq!(ttl(&seed, "carts").await, "DISABLED");
}

#[tokio::test]
async fn a_watch_with_tags_audits_the_post_deploy_checks_and_rolls_back_on_no_go() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    seed.ecs_cluster("prod", true).await;
    let policy = format!(
        "{TTL}\n[[stages]]\nkind = \"watch\"\nname = \"watch\"\nduration_seconds = 30\ninterval_seconds = 1\ntags = [\"post-deploy\"]\n\n[checks.\"infrastructure.ecs-services-healthy\"]\nrequire_services = true\n"
    );
    // The region runs no ECS service, which the policy requires: the post-deploy view is
    // NO-GO at the first poll.
    let (code, report, _) = deploy(&gonogo, &policy, &[]);
    assert_eq!(code, 4, "{report:#}");
    let error = report["stages"][1]["error"].as_str().unwrap();
    assert!(
        error.starts_with("the post-deploy checks gave NO-GO at poll 1: "),
        "{error}"
    );
    assert!(
        error.contains("infrastructure.ecs-services-healthy"),
        "{error}"
    );
    assert_eq!(ttl(&seed, "carts").await, "DISABLED");
}

#[tokio::test]
async fn a_dry_run_changes_nothing() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("carts", false, true).await;
    let before = seed
        .dynamodb
        .describe_time_to_live()
        .table_name("carts")
        .send()
        .await
        .unwrap();
    let (code, report, stderr) = deploy(&gonogo, TTL, &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(report["state"], "dry-run");
    assert!(
        stderr.contains(
            "plan session-ttl (dynamodb-ttl):\n  enable TTL on carts (attribute expires_at)\n"
        ),
        "{stderr}"
    );
    let after = seed
        .dynamodb
        .describe_time_to_live()
        .table_name("carts")
        .send()
        .await
        .unwrap();
    assert_eq!(
        format!("{:?}", before.time_to_live_description()),
        format!("{:?}", after.time_to_live_description()),
        "the described state is the same (request ids aside)"
    );
}

#[tokio::test]
async fn a_second_deploy_on_the_same_journal_refuses() {
    let (_moto, _seed, gonogo) = account().await;
    let policy = "[[stages]]\nkind = \"command\"\nname = \"slow\"\nargv = [\"sleep\", \"30\"]\n";
    let mut first = start_deploy(&gonogo, policy, "slow");
    let second = gonogo.run(&["deploy", "--quiet", "--policy", "deploy.toml"]);
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(second.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&second.stderr)
            .contains("another gonogo deploy or rollback is using"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}

#[test]
fn unknown_stage_kinds_and_bad_parameters_name_the_line() {
    let gonogo = Gonogo::new(None);
    let path = gonogo.file(
        "bad.toml",
        "[[stages]]\nkind = \"teraform\"\nname = \"x\"\n",
    );
    let out = gonogo
        .command()
        .args(["deploy", "--policy"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml:1:1: unknown stage kind `teraform` (did you mean `terraform`?)"),
        "{stderr}"
    );
    let path = gonogo.file(
        "bad2.toml",
        "[[stages]]\nkind = \"command\"\nname = \"x\"\nargv = [\"true\"]\nretries = 3\n",
    );
    let out = gonogo
        .command()
        .args(["deploy", "--policy"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stage `x` (command): unknown field `retries`"),
        "{stderr}"
    );
}

#[test]
fn the_manuals_pipeline_is_a_valid_policy() {
    let readme = gonogo_tests::manual_page("docs/deploy.md");
    let start = readme.find("<!-- pipeline:start -->\n```toml\n").unwrap()
        + "<!-- pipeline:start -->\n```toml\n".len();
    let end = readme.find("```\n<!-- pipeline:end -->").unwrap();
    let gonogo = Gonogo::new(None);
    gonogo.file("gonogo.toml", &readme[start..end]);
    let out = gonogo.run(&["policy", "check", "gonogo.toml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
