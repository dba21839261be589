//! The CIS framework over a moto account seeded with a known mix of good and bad: the exact
//! status of every one of the 70 requirements in the JSON, the JUnit counts, and the CSV.

use std::collections::BTreeMap;

use gonogo_tests::seed::{open_statement, policy_document};
use gonogo_tests::{DbSettings, TrailSettings};

use crate::account;

/// Every requirement's status for the seeded mix, in the framework's order.
const EXPECTED: [(&str, &str); 70] = [
    // The account is in no organization.
    ("2.1.1", "not-applicable"),
    ("2.1.2", "not-applicable"),
    ("2.1.3", "manual"),
    ("2.1.4", "manual"),
    ("2.1.5", "not-applicable"),
    ("2.1.6", "not-applicable"),
    ("2.2", "manual"),
    // A security contact and a SAML provider are registered.
    ("2.3", "pass"),
    // moto's root user has no access key and no MFA.
    ("2.4", "pass"),
    ("2.5", "fail"),
    ("2.6", "manual"),
    ("2.7", "manual"),
    ("2.8", "pass"),
    ("2.9", "pass"),
    // alice signs in to the console without MFA; her password and key are new.
    ("2.10", "fail"),
    ("2.11", "pass"),
    ("2.12", "pass"),
    // bob has his permissions through a group, whose policy is scoped.
    ("2.13", "pass"),
    ("2.14", "pass"),
    // No AWSSupportAccess (moto without AWS-managed policies), no CloudShell full access.
    ("2.15", "fail"),
    // One instance, with a profile and IMDSv2 required.
    ("2.16", "pass"),
    // moto dates every server certificate to expire in 2012.
    ("2.17", "fail"),
    // moto has no Access Analyzer: unknown is an error, never a pass.
    ("2.18", "error"),
    ("2.19", "pass"),
    ("2.20", "pass"),
    // `open-data` lets everyone read its objects.
    ("2.21", "fail"),
    // `open-data` has no TLS-only policy; moto's versioning answer cannot be read; no
    // account-wide Block Public Access.
    ("3.1.1", "fail"),
    ("3.1.2", "error"),
    // moto's Macie dates cannot be read: an error, never a pass.
    ("3.1.3", "error"),
    ("3.1.4", "fail"),
    // A well-set Postgres instance; an encrypted file system.
    ("3.2.1", "pass"),
    ("3.2.2", "pass"),
    ("3.2.3", "pass"),
    ("3.2.4", "pass"),
    ("3.3.1", "pass"),
    // A logging multi-region trail with validation but no KMS key, no data events, into a
    // bucket without access logging; no Config recorder; a key without rotation.
    ("4.1", "pass"),
    ("4.2", "pass"),
    ("4.3", "fail"),
    ("4.4", "fail"),
    ("4.5", "fail"),
    ("4.6", "fail"),
    ("4.7", "pass"),
    ("4.8", "fail"),
    ("4.9", "fail"),
    // A load balancer without access logs.
    ("4.10", "fail"),
    // Every pattern has a filter, an alarm and a subscribed topic; Security Hub is on.
    ("5.1", "pass"),
    ("5.2", "pass"),
    ("5.3", "pass"),
    ("5.4", "pass"),
    ("5.5", "pass"),
    ("5.6", "pass"),
    ("5.7", "pass"),
    ("5.8", "pass"),
    ("5.9", "pass"),
    ("5.10", "pass"),
    ("5.11", "pass"),
    ("5.12", "pass"),
    ("5.13", "pass"),
    ("5.14", "pass"),
    ("5.15", "pass"),
    ("5.16", "pass"),
    // EBS encryption by default on; SSH open to the internet; moto's default network ACL
    // allows everything and its default group keeps its rules; a peering route to one peer
    // subnet; the peered VPCs have no endpoints.
    ("6.1.1", "pass"),
    ("6.1.2", "pass"),
    ("6.2", "fail"),
    ("6.3", "fail"),
    ("6.4", "pass"),
    ("6.5", "fail"),
    ("6.6", "pass"),
    ("6.7", "pass"),
    ("6.8", "fail"),
];

#[tokio::test]
async fn a_known_mix_gives_the_exact_status_of_every_cis_requirement_in_every_format() {
    let (_moto, seed, gonogo) = account().await;
    seed.strong_password_policy().await;
    seed.identity_settings().await;
    seed.user("alice", true, false, true).await;
    seed.user("bob", true, true, false).await;
    seed.group_policy(
        "ops",
        "bob",
        "ops-scoped",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#,
    )
    .await;
    seed.server_certificate("old-www").await;
    seed.instance_profile("app").await;
    seed.instance(true, Some("app")).await;
    seed.trail(
        "main",
        TrailSettings {
            kms_key: None,
            ..TrailSettings::GOOD
        },
    )
    .await;
    seed.cis_alarms().await;
    seed.bucket("open-data").await;
    let public_read = open_statement("s3:GetObject", "arn:aws:s3:::open-data/*", false);
    seed.bucket_policy("open-data", &policy_document(&public_read))
        .await;
    seed.bucket_tls_only("main-logs").await;
    seed.kms_key(true).await;
    seed.kms_key(false).await;
    seed.security_group("legacy-ssh", "tcp", (22, 22), "0.0.0.0/0")
        .await;
    seed.peering_route("10.0.0.0/16", "10.1.0.0/16", "10.1.2.0/24")
        .await;
    seed.flow_logs_on_every_vpc().await;
    seed.ebs_encryption_by_default().await;
    seed.db_instance("orders-db", DbSettings::GOOD).await;
    seed.efs
        .create_file_system()
        .creation_token("shared")
        .encrypted(true)
        .send()
        .await
        .unwrap();
    seed.securityhub.enable_security_hub().send().await.unwrap();
    seed.load_balancer("web", None).await;

    let (junit, csv) = (gonogo.dir().join("cis.xml"), gonogo.dir().join("cis.csv"));
    let run = gonogo.audit(
        None,
        &[
            "--framework",
            "cis-aws-7.0",
            "--junit",
            junit.to_str().unwrap(),
            "--framework-csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let cis = &run.report()["frameworks"][0];
    let statuses: Vec<(String, String)> = cis["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = EXPECTED
        .iter()
        .map(|(id, status)| ((*id).to_owned(), (*status).to_owned()))
        .collect();
    let differing: Vec<String> = expected
        .iter()
        .zip(&statuses)
        .filter(|(want, got)| want != got)
        .map(|(want, got)| format!("{}: expected {}, got {}", want.0, want.1, got.1))
        .collect();
    assert_eq!(statuses.len(), 70);
    assert!(differing.is_empty(), "{differing:#?}");

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, status) in EXPECTED {
        *counts.entry(status).or_default() += 1;
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    let parsed = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
    let suite = parsed
        .suites
        .iter()
        .find(|s| s.name == "cis-aws-7.0")
        .unwrap();
    assert_eq!(suite.cases.len(), 70);
    assert_eq!(suite.failures as usize, counts["fail"]);
    assert_eq!(suite.errors as usize, counts["error"]);
    assert_eq!(
        suite.skipped as usize,
        counts["manual"] + counts["not-applicable"],
        "manual and not-applicable requirements are skipped"
    );

    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let from_csv: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[3].to_owned(), r[8].to_owned()))
        .collect();
    assert_eq!(
        from_csv, expected,
        "one region: the CSV says what the JSON says"
    );
    let open = rows.iter().find(|r| &r[3] == "3.1.1").unwrap();
    assert_eq!(&open[12], "arn:aws:s3:::open-data");
}
