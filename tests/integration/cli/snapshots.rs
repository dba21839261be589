//! Snapshots: a live audit and the replay of its snapshot agree; what a snapshot lacks is
//! skipped; a broken snapshot is exit 3.

use aws_sdk_cloudwatch::types::StateValue;
use aws_sdk_sqs::types::QueueAttributeName;
use gonogo_tests::{Gonogo, free_port};
use serde_json::Value;

use crate::account;

const NOW: &str = "2027-03-01T12:00:00Z";

/// What must be equal between a live audit and its replay.
fn verdict_and_results(report: &Value) -> Value {
    let checks: Vec<Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| serde_json::json!([c["id"], c["status"], c["message"], c["findings"]]))
        .collect();
    serde_json::json!({
        "verdict": report["verdict"],
        "exit_code": report["exit_code"],
        "score": report["score"],
        "reasons": report["reasons"],
        "summary": report["summary"],
        "account": report["target"]["account_id"],
        "region": report["target"]["region"],
        "checks": checks,
    })
}

/// A gonogo whose AWS endpoint is a closed loopback port: any AWS call would fail.
fn offline() -> Gonogo {
    Gonogo::new(Some(format!("http://127.0.0.1:{}", free_port())))
}

#[tokio::test]
async fn live_audit_and_replay_of_its_snapshot_agree() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    seed.alarm("payments-errors", StateValue::Alarm).await;
    seed.alarm("orders-latency", StateValue::InsufficientData)
        .await;
    seed.queue(
        "plain",
        &[(QueueAttributeName::SqsManagedSseEnabled, "false")],
    )
    .await;
    // An error (moto cannot read budget subscribers) must replay as the same error.
    seed.budget_notification("monthly").await;
    let gonogo = gonogo.env("GONOGO_NOW", NOW);

    let out = gonogo.run(&["snapshot", "--quiet", "--out", "snapshot.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let live = gonogo.audit(None, &[]);

    let replayer = offline();
    let snapshot = std::fs::read_to_string(gonogo.dir().join("snapshot.json")).unwrap();
    let path = replayer.file("snapshot.json", &snapshot);
    let replay = replayer.audit(None, &["--snapshot", path.to_str().unwrap()]);

    assert_eq!(live.code, 2);
    assert_eq!(replay.code, live.code);
    assert_eq!(
        verdict_and_results(replay.report()),
        verdict_and_results(live.report())
    );
    assert_eq!(replay.report()["target"]["source"], "snapshot");
    assert_eq!(live.report()["target"]["source"], "live");
    let statuses: Vec<&str> = [
        "monitoring.alarms-firing",
        "monitoring.alarms-insufficient-data",
        "security.sqs-encryption",
        "cost.budget-alerts",
        "security.root-mfa",
    ]
    .iter()
    .map(|id| replay.status(id))
    .collect();
    assert_eq!(
        statuses,
        ["fail", "warn", "fail", "error", "fail"],
        "the account's mix survived the round trip"
    );
    let recorded: Value = serde_json::from_str(&snapshot).unwrap();
    assert_eq!(recorded["snapshot_version"], 1);
    assert_eq!(recorded["account_id"], "123456789012");
    assert_eq!(recorded["taken_at"], "2027-03-01T12:00:00Z");
}

#[tokio::test]
async fn a_partial_snapshot_is_never_a_go() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    let out = gonogo.run(&[
        "snapshot",
        "--quiet",
        "--check",
        "infrastructure.credentials",
        "--out",
        "partial.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("it serves 1 of the 1 selected checks"),
        "recording says what it can serve: {said}"
    );
    let path = gonogo.dir().join("partial.json");
    let recorded: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        recorded["checks"],
        serde_json::json!(["infrastructure.credentials"])
    );

    // Before: exit 0, "GO score 100 (1 pass, 121 skip)". What was not recorded is unknown.
    let replay = offline().audit(None, &["--snapshot", path.to_str().unwrap()]);
    assert_eq!(replay.code, 2, "{}", replay.stderr);
    assert_eq!(replay.report()["verdict"], "NO-GO");
    assert_eq!(replay.status("infrastructure.credentials"), "pass");
    let root_mfa = replay.check("security.root-mfa");
    assert_eq!(root_mfa["status"], "error");
    assert!(
        root_mfa["message"]
            .as_str()
            .unwrap()
            .ends_with(" is not in the snapshot: record it with `gonogo snapshot` without --check"),
        "{root_mfa}"
    );
    assert!(
        replay
            .stderr
            .contains("cannot serve 121 of the 123 selected checks")
            && replay.stderr.contains("security.root-mfa"),
        "the audit names what it could not judge: {}",
        replay.stderr
    );
}

#[test]
fn broken_snapshots_are_exit_3_with_a_clear_error() {
    let gonogo = offline();
    let good = r#"{"snapshot_version": 1, "tool_version": "0.1.0", "taken_at": "2026-11-26T12:00:00Z", "account_id": null, "region": null, "facts": {}}"#;
    let cases = [
        (
            "truncated.json",
            &good[..40],
            "truncated.json:1:40: not a gonogo snapshot: EOF while parsing a value\n",
        ),
        (
            "not-a-snapshot.json",
            r#"{"verdict": "GO"}"#,
            "not-a-snapshot.json:1:17: not a gonogo snapshot: missing field `snapshot_version`\n",
        ),
        (
            "future.json",
            &good.replace("\"snapshot_version\": 1", "\"snapshot_version\": 9"),
            "snapshot version 9 is newer than this gonogo reads (1)",
        ),
    ];
    for (name, text, expected) in cases {
        let path = gonogo.file(name, text);
        let run = gonogo.audit(None, &["--snapshot", path.to_str().unwrap()]);
        assert_eq!(run.code, 3, "{name}");
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
        assert!(run.json.is_none(), "{name}: no report");
    }
    let missing = gonogo.audit(None, &["--snapshot", "nope.json"]);
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("failed to read snapshot nope.json"),
        "{}",
        missing.stderr
    );
}
