//! `--shard` and `gonogo merge`: shards merged equal the one-run fleet report.

use gonogo_tests::{MOTO_HAS_NO_API, Seeder};
use serde_json::Value;

use super::{
    ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, ENCRYPTION, PASSWORD, findings, receive, seeded_fleet,
};

/// The report without what differs between two runs of the same audit: times.
fn timeless(mut report: Value) -> Value {
    for key in ["started_at", "finished_at", "duration_ms"] {
        report.as_object_mut().unwrap().remove(key);
    }
    for check in report["checks"].as_array_mut().unwrap() {
        check.as_object_mut().unwrap().remove("duration_ms");
    }
    report
}

#[tokio::test]
async fn merging_three_shards_equals_the_one_run_fleet_report() {
    let (moto, gonogo, file) = seeded_fleet(&[
        (ACCOUNT_C, "audit", Some("sandbox")),
        (ACCOUNT_A, "audit", Some("prod")),
        (ACCOUNT_B, "audit", None),
    ])
    .await;
    let checks = [
        "--check",
        ENCRYPTION,
        "--check",
        PASSWORD,
        "--check",
        "operations.sqs-dead-letter",
    ];
    let fleet = gonogo.audit(None, &[&checks[..], &["--accounts", &file]].concat());
    assert!(fleet.code < 3, "{}", fleet.stderr);
    let mut shards = Vec::new();
    for index in 0..3 {
        let shard = format!("{index}/3");
        let run = gonogo.audit(
            None,
            &[&checks[..], &["--accounts", &file, "--shard", &shard]].concat(),
        );
        assert_eq!(run.report()["accounts"].as_array().unwrap().len(), 1);
        let path = gonogo.file(&format!("shard-{index}.json"), &run.report().to_string());
        shards.push(path.to_str().unwrap().to_owned());
    }
    let merged_path = gonogo.dir().join("merged.json");
    let html = gonogo.dir().join("merged.html");
    let seed = Seeder::new(&moto).await;
    let alerts = seed.queue("fleet-alerts", &[]).await;
    let mut args = vec!["merge".to_owned()];
    args.extend(shards.iter().cloned());
    args.extend(
        [
            "--json",
            merged_path.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
            "--format",
            "junit",
            "--notify-sqs",
            &alerts,
        ]
        .map(str::to_owned),
    );
    let out = gonogo.command().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(fleet.code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(roxmltree::Document::parse(&String::from_utf8_lossy(&out.stdout)).is_ok());
    // Once merged, one summary for the whole fleet.
    let (summary, _) = receive(&seed, &alerts).await;
    assert_eq!(summary["verdict"], fleet.report()["verdict"]);
    assert_eq!(summary["accounts"].as_array().unwrap().len(), 3);
    assert!(
        summary["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.as_str().unwrap().starts_with('/'))
    );
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(merged_path).unwrap()).unwrap();
    assert_eq!(timeless(merged), timeless(fleet.report().clone()));
    assert!(
        std::fs::read_to_string(html)
            .unwrap()
            .contains("sandbox (333333333333)")
    );

    // Bad input: exit 3 naming the file; the same shard twice is refused.
    let broken = gonogo.file("broken.json", "{\"schema_version\": 1, \"tool\": ");
    let out = gonogo.run(&["merge", &shards[0], broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.json"));
    let out = gonogo.run(&["merge", &shards[0], &shards[0]]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than one report"));
}

#[tokio::test]
async fn per_region_runs_merged_equal_the_multi_region_run() {
    let moto = gonogo_tests::Moto::start();
    let east = Seeder::new(&moto).await;
    let west = Seeder::in_region(&moto, "eu-west-1").await;
    east.clean_account().await;
    west.queue("eu-orders", &super::unencrypted()).await;
    let gonogo = gonogo_tests::Gonogo::new(Some(moto.endpoint()));
    // The root MFA waiver, the skipped budget subscribers and moto's missing APIs as in the
    // GO audit; the waiver's note (it expires soon) is a reason that the merged report keeps
    // once.
    let expires = (chrono::Utc::now() + chrono::Duration::days(5)).format("%Y-%m-%d");
    let policy = format!(
        r#"
[checks."cost.budget-alerts"]
enabled = false

[[waivers]]
check = "security.root-mfa"
resource = "arn:aws:iam::*:root"
reason = "moto cannot enable root MFA"
owner = "platform-team"
expires = {expires}
{MOTO_HAS_NO_API}"#
    );
    let both = gonogo.audit(Some(&policy), &["--regions", "us-east-1,eu-west-1"]);
    assert_eq!(both.code, 1, "{:#}", both.report());
    let mut shards = Vec::new();
    for region in ["us-east-1", "eu-west-1"] {
        let run = gonogo.audit(Some(&policy), &["--regions", region]);
        let path = gonogo.file(&format!("{region}.json"), &run.report().to_string());
        shards.push(path.to_str().unwrap().to_owned());
    }
    let merged_path = gonogo.dir().join("merged.json");
    let mut args = vec!["merge".to_owned()];
    args.extend(shards.iter().cloned());
    args.extend(["--json".to_owned(), merged_path.display().to_string()]);
    let out = gonogo.command().args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(both.code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(&merged_path).unwrap()).unwrap();
    // What the comparison covers: a failure in one region only, a global check taken once,
    // the waiver's note once.
    let encryption = &merged["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == ENCRYPTION)
        .unwrap()
        .clone();
    assert_eq!(encryption["status"], "fail");
    assert_eq!(
        encryption["message"],
        "eu-west-1: eu-orders is not encrypted"
    );
    assert_eq!(findings(&merged, PASSWORD).len(), 1);
    let notes = merged["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.as_str().unwrap().starts_with("waiver for "))
        .count();
    assert_eq!(notes, 1, "{:#}", merged["reasons"]);
    assert_eq!(timeless(merged), timeless(both.report().clone()));

    // The same account and region twice: exit 3, both files named, nothing written.
    let again = gonogo.dir().join("again.json");
    let out = gonogo
        .command()
        .args(["merge", &shards[0], &shards[0], "--json"])
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "account 123456789012 region us-east-1 appears in more than one report: {0} and {0}",
            shards[0]
        )),
        "{stderr}"
    );
    assert!(!again.exists());
}
