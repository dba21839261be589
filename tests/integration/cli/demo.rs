//! The demo account: `examples/demo-account.json` is a snapshot gonogo records from a seeded
//! moto account. This test re-records it and fails when the committed file is stale; run it
//! with `GONOGO_BLESS=1` to rewrite the file. The README's demo command is run as written,
//! with no AWS credentials at all.

use chrono::{DateTime, Utc};
use gonogo_tests::{Gonogo, Moto, Seeder, demo_policy, demo_snapshot};
use serde_json::Value;

use super::demo_recording::{RECORDED_AT, demo_snapshot as demo_snapshot_of};

#[tokio::test]
async fn committed_demo_snapshot_is_what_gonogo_records_from_the_demo_account() {
    let moto = Moto::start_with_env(&[("MOTO_ECS_SERVICE_RUNNING", "2")]);
    moto.seed_ids(20261126).await;
    let now: DateTime<Utc> = RECORDED_AT.parse().unwrap();
    Seeder::new(&moto).await.demo_account(now).await;
    let gonogo = Gonogo::new(Some(moto.endpoint())).env("GONOGO_NOW", RECORDED_AT);
    // Recorded under the demo's policy: what its audit reads is what the snapshot holds.
    let policy = demo_policy();
    let out = gonogo.run(&[
        "snapshot",
        "--quiet",
        "--policy",
        policy.to_str().unwrap(),
        "--out",
        "demo.json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(gonogo.dir().join("demo.json")).unwrap())
            .unwrap();
    let recorded = demo_snapshot_of(recorded).await;
    let fresh = format!("{}\n", serde_json::to_string_pretty(&recorded).unwrap());
    if std::env::var_os("GONOGO_BLESS").is_some() {
        std::fs::write(demo_snapshot(), &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(demo_snapshot()).unwrap_or_default();
    if committed != fresh {
        let fresh_path = std::env::temp_dir().join("gonogo-demo-account.fresh.json");
        std::fs::write(&fresh_path, &fresh).unwrap();
        panic!(
            "examples/demo-account.json is stale (this run recorded {}): rerun with GONOGO_BLESS=1 \
             (cargo test -p gonogo-tests --test integration demo -- committed) and commit it",
            fresh_path.display()
        );
    }
}

/// The demo's command as the README gives it, from the repository's root.
const README_COMMAND: &str = "cargo run --locked --bin gonogo -- audit --snapshot examples/demo-account.json --policy examples/demo-policy.toml";

/// The repository's root.
fn root() -> std::path::PathBuf {
    demo_snapshot()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn the_readme_demo_command_prints_the_verdict_and_nothing_else_on_stderr_without_aws_credentials() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(README_COMMAND),
        "the README shows the command this test runs"
    );
    let args: Vec<&str> = README_COMMAND
        .split_once(" -- ")
        .unwrap()
        .1
        .split(' ')
        .collect();
    let out = std::process::Command::new(gonogo_tests::gonogo_binary())
        .current_dir(root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .args(&args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stdout.starts_with("Verdict: NO-GO"), "{stdout}");
    assert!(stdout.ends_with("Verdict: NO-GO (exit 2)\n"), "{stdout}");
    assert!(
        stderr.is_empty(),
        "the snapshot serves every check it was recorded for: {stderr}"
    );
}

#[test]
fn the_demo_has_a_realistic_mix() {
    let gonogo = Gonogo::new(None);
    let policy = std::fs::read_to_string(demo_policy()).unwrap();
    let run = gonogo.audit(
        Some(&policy),
        &["--snapshot", demo_snapshot().to_str().unwrap()],
    );
    let report = run.report();
    let summary = &report["summary"];
    for (status, at_least) in [
        ("pass", 50),
        ("warn", 2),
        ("fail", 2),
        ("error", 1),
        ("waived", 1),
    ] {
        assert!(
            summary[status].as_u64().unwrap() >= at_least,
            "{status}: {summary}"
        );
    }
    let blocking: Vec<&Value> = report["reason_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["blocking"] == true && !g["checks"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(blocking.len(), 2, "two blocking failures: {blocking:#?}");
    let error = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "error")
        .unwrap();
    assert_eq!(
        error["message"],
        "failed to collect IAM Access Analyzer analyzers: access denied: \
         access-analyzer:ListAnalyzers is not allowed for \
         arn:aws:sts::123456789012:assumed-role/gonogo-audit/ci",
        "an error a real account has, in words"
    );
    assert_eq!(report["target"]["source"], "snapshot");
}

#[test]
fn the_demo_shows_nothing_of_the_machine_or_the_emulator_it_was_recorded_on() {
    let text = std::fs::read_to_string(demo_snapshot()).unwrap();
    for tell in [
        "127.0.0.1",
        "localhost",
        "moto",
        "not an AWS response",
        "unhandled error",
        "ecs-svc/0\"",
    ] {
        assert!(!text.contains(tell), "the demo shows {tell:?}");
    }
    // moto's placeholder ids: `vpc-00000000000000001`, a detector ARN ending in `/`.
    let placeholder = text.match_indices("-0000000000").next();
    assert!(placeholder.is_none(), "a placeholder id at {placeholder:?}");
    assert!(!text.contains("/\""), "an ARN without its id");
}

#[test]
fn the_demo_opens_with_its_verdict_and_one_line_per_cause() {
    let gonogo = Gonogo::new(None);
    // The demo account without its trail: the 15 CIS alarm checks fail for one cause.
    let mut snapshot: Value =
        serde_json::from_str(&std::fs::read_to_string(demo_snapshot()).unwrap()).unwrap();
    for (fact, list) in [
        ("cloudtrail.trails", "trails"),
        ("logs.trail-metric-alarms", "trails"),
    ] {
        snapshot["facts"][fact] = serde_json::json!({ "value": { list: [] } });
    }
    let path = gonogo.file("no-trail.json", &snapshot.to_string());
    let snapshot = path.to_str().unwrap();
    let out = gonogo.run(&["audit", "--snapshot", snapshot, "--json", "report.json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Verdict: NO-GO  score ")
            && stdout.contains("\nBlocking:\n  ✗ blocking check infrastructure.ecs-services-healthy (critical) failed"),
        "the answer first, blocking reasons apart: {stdout}"
    );
    let cause = "no logging multi-region trail delivers to CloudWatch Logs";
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains(cause)).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("  - 15 checks fail: {cause} (monitoring.alarm-*"))),
        "one line for the 15 CIS alarm checks: {lines:#?}"
    );
    assert!(
        !stdout.contains("│ PASS"),
        "passes are counted, not listed: {stdout}"
    );
    assert!(stdout.contains(" passed, "), "{stdout}");

    let report = gonogo.read_json("report.json");
    let reasons = report["reasons"].as_array().unwrap();
    assert_eq!(
        reasons
            .iter()
            .filter(|r| r.as_str().unwrap().ends_with(cause))
            .count(),
        15,
        "the JSON keeps every reason"
    );
    let group = report["reason_groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["checks"].as_array().unwrap().len() == 15)
        .expect("and adds the groups");
    assert_eq!(group["blocking"], false);
    assert!(
        group["checks"]
            .as_array()
            .unwrap()
            .contains(&Value::from("monitoring.alarm-root-use"))
    );

    let all = gonogo.run(&["audit", "--snapshot", snapshot, "--all"]);
    assert!(
        String::from_utf8_lossy(&all.stdout).contains("│ PASS"),
        "--all lists every check"
    );
}
