//! The demo account: `examples/demo-account.json` is a snapshot gonogo records from a seeded
//! moto account. This test re-records it and fails when the committed file is stale; run it
//! with `GONOGO_BLESS=1` to rewrite the file. The README's demo command is run as written,
//! with no AWS credentials at all.

use chrono::{DateTime, Utc};
use gonogo_tests::{Gonogo, Moto, Seeder, demo_snapshot};
use serde_json::Value;

/// The instant the demo was recorded at.
const RECORDED_AT: &str = "2026-11-26T12:00:00Z";

/// The credential report's dates, which moto sets to the moment of seeding.
const CREDENTIAL_DATES: [&str; 5] = [
    "created",
    "password_last_changed",
    "password_last_used",
    "last_rotated",
    "last_used",
];

/// Replaces what moto makes up anew on every run (queue timestamps, ECS deployment ids, its
/// port in queue URLs) so that recordings compare; no check reads these. Credential dates
/// become the recording instant, as if the demo's users had just been made. Keys are sorted,
/// as serde_json keeps insertion order when another crate turns on `preserve_order`.
fn scrub(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.sort_keys();
            for (key, field) in map.iter_mut() {
                if key == "CreatedTimestamp" || key == "LastModifiedTimestamp" {
                    *field = Value::String("0".to_owned());
                } else if CREDENTIAL_DATES.contains(&key.as_str()) && field.is_string() {
                    // moto dates users and credentials when the seeding made them.
                    *field = Value::String(RECORDED_AT.to_owned());
                } else if key == "url" {
                    if let Some(path) = field
                        .as_str()
                        .and_then(|url| url.strip_prefix("http://127.0.0.1:"))
                        .and_then(|rest| rest.split_once('/'))
                    {
                        *field = Value::String(format!(
                            "https://sqs.us-east-1.amazonaws.com/{}",
                            path.1
                        ));
                    }
                } else if key == "failed" {
                    // A fact moto cannot serve names the endpoint, on a port of the day.
                    if let Some(text) = field.as_str() {
                        *field = Value::String(scrub_port(text));
                    }
                } else if key == "rollout_state_reason" {
                    if let Some(text) = field.as_str() {
                        *field = Value::String(scrub_deployment_id(text));
                    }
                } else {
                    scrub(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        _ => {}
    }
}

/// EC2 ids (`vpc-…`, `sg-…`, `acl-…`) that moto makes up on every start, mapped to stable
/// ones in order of first appearance (the demo has one of each, so the order is fixed).
fn scrub_ec2_ids(value: &mut Value, seen: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.values_mut().for_each(|v| scrub_ec2_ids(v, seen)),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_ec2_ids(v, seen)),
        Value::String(text) => {
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(found) = ["vpc-", "sg-", "acl-", "subnet-", "fl-", "i-"]
                .iter()
                .filter_map(|prefix| {
                    rest.match_indices(prefix)
                        .find(|(at, _)| {
                            let boundary =
                                *at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
                            let hex = rest[at + prefix.len()..]
                                .bytes()
                                .take_while(u8::is_ascii_hexdigit)
                                .count();
                            boundary && hex == 17
                        })
                        .map(|(at, _)| (at, prefix.len() + 17))
                })
                .min()
            {
                let (at, len) = found;
                let id = &rest[at..at + len];
                let ordinal = match seen.iter().position(|s| s == id) {
                    Some(known) => known,
                    None => {
                        seen.push(id.to_owned());
                        seen.len() - 1
                    }
                };
                let prefix = &id[..id.len() - 17];
                out.push_str(&rest[..at]);
                out.push_str(&format!("{prefix}{:017x}", ordinal + 1));
                rest = &rest[at + len..];
            }
            out.push_str(rest);
            *text = out;
        }
        _ => {}
    }
}

/// `127.0.0.1:PORT` as moto's usual `127.0.0.1:5000`.
fn scrub_port(text: &str) -> String {
    match text.split_once("127.0.0.1:") {
        Some((before, after)) => {
            let rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("{before}127.0.0.1:5000{rest}")
        }
        None => text.to_owned(),
    }
}

fn scrub_deployment_id(text: &str) -> String {
    match text.find("ecs-svc/") {
        Some(start) => {
            let digits = text[start + 8..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            format!("{}ecs-svc/0{}", &text[..start], &text[start + 8 + digits..])
        }
        None => text.to_owned(),
    }
}

#[tokio::test]
async fn committed_demo_snapshot_is_what_gonogo_records_from_the_demo_account() {
    let moto = Moto::start_with_env(&[("MOTO_ECS_SERVICE_RUNNING", "2")]);
    let now: DateTime<Utc> = RECORDED_AT.parse().unwrap();
    Seeder::new(&moto).await.demo_account(now).await;
    let gonogo = Gonogo::new(Some(moto.endpoint())).env("GONOGO_NOW", RECORDED_AT);
    let out = gonogo.run(&["snapshot", "--quiet", "--out", "demo.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(gonogo.dir().join("demo.json")).unwrap())
            .unwrap();
    scrub(&mut recorded);
    scrub_ec2_ids(&mut recorded, &mut Vec::new());
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

#[test]
fn the_readme_demo_command_prints_a_table_and_a_verdict_without_aws_credentials() {
    let gonogo = Gonogo::new(None);
    let out = std::process::Command::new(gonogo_tests::gonogo_binary())
        .current_dir(demo_snapshot().parent().unwrap().parent().unwrap())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .args(["audit", "--snapshot", "examples/demo-account.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("│ Status ┆ Check"), "{stdout}");
    assert!(stdout.contains("Verdict: NO-GO"), "{stdout}");
    let readme = std::fs::read_to_string(
        demo_snapshot()
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("README.md"),
    )
    .unwrap();
    assert!(
        readme.contains(
            "cargo run --locked --bin gonogo -- audit --snapshot examples/demo-account.json"
        ),
        "the README shows the command this test runs"
    );
    drop(gonogo);
}

#[test]
fn the_demo_has_a_realistic_mix() {
    let gonogo = Gonogo::new(None);
    let run = gonogo.audit(None, &["--snapshot", demo_snapshot().to_str().unwrap()]);
    let summary = &run.report()["summary"];
    for status in ["pass", "warn", "fail"] {
        assert!(
            summary[status].as_u64().unwrap() >= 2,
            "{status}: {summary}"
        );
    }
    assert_eq!(run.report()["target"]["source"], "snapshot");
}

#[test]
fn the_demo_opens_with_its_verdict_and_one_line_per_cause() {
    let gonogo = Gonogo::new(None);
    let snapshot = demo_snapshot();
    let snapshot = snapshot.to_str().unwrap();
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
