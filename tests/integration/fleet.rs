//! Scheduled scans at fleet scale, end to end with the real binary and moto: baselines,
//! metrics, notifications, several regions and accounts in one run, a role that cannot be
//! assumed, shards merged into the one-run fleet report.

use aws_sdk_cloudwatch::types::{Dimension, Statistic};
use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use gonogo_tests::{Fault, FaultProxy, Gonogo, Moto, Rule, Seeder};

use serde_json::Value;

use crate::account;

const ENCRYPTION: &str = "security.sqs-encryption";
const PASSWORD: &str = "security.password-policy";
const DEFAULT_ACCOUNT: &str = "123456789012";

fn unencrypted() -> [(QueueAttributeName, &'static str); 1] {
    [(QueueAttributeName::SqsManagedSseEnabled, "false")]
}

fn findings(report: &Value, check: &str) -> Vec<Value> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == check)
        .map(|c| c["findings"].as_array().unwrap().clone())
        .unwrap_or_default()
}

/// The name at the end of an ARN or URL.
fn short(resource: &str) -> String {
    resource.rsplit([':', '/']).next().unwrap().to_owned()
}

/// `(resource suffix, status, change)` of a check's findings.
fn marks(report: &Value, check: &str) -> Vec<(String, String, String)> {
    let mut marks: Vec<_> = findings(report, check)
        .iter()
        .map(|f| {
            let resource = f["resource"].as_str().unwrap();
            (
                short(resource),
                f["status"].as_str().unwrap().to_owned(),
                f["change"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    marks.sort();
    marks
}

#[tokio::test]
async fn baseline_marks_new_unchanged_and_resolved_and_gate_on_new_gates_regressions_only() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("old", &unencrypted()).await;
    let fixed = seed.queue("fixed", &unencrypted()).await;
    let first = gonogo.audit(None, &["--check", ENCRYPTION]);
    assert_eq!(first.status(ENCRYPTION), "fail");
    let baseline = gonogo.file("baseline.json", &first.report().to_string());

    seed.sqs
        .set_queue_attributes()
        .queue_url(&fixed)
        .attributes(QueueAttributeName::SqsManagedSseEnabled, "true")
        .send()
        .await
        .unwrap();
    seed.queue("fresh", &unencrypted()).await;
    let markdown = gonogo.dir().join("report.md");
    let second = gonogo.audit(
        None,
        &[
            "--check",
            ENCRYPTION,
            "--baseline",
            baseline.to_str().unwrap(),
            "--markdown",
            markdown.to_str().unwrap(),
        ],
    );
    let report = second.report();
    assert_eq!(
        marks(report, ENCRYPTION),
        [
            ("fixed".to_owned(), "pass".to_owned(), "-".to_owned()),
            ("fresh".to_owned(), "fail".to_owned(), "new".to_owned()),
            ("old".to_owned(), "fail".to_owned(), "unchanged".to_owned()),
        ]
    );
    let diff = &report["baseline"];
    assert_eq!(
        (diff["new"].as_u64(), diff["unchanged"].as_u64()),
        (Some(1), Some(1))
    );
    let resolved = diff["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{diff}");
    assert_eq!(short(resolved[0]["resource"].as_str().unwrap()), "fixed");
    assert_eq!(resolved[0]["region"], "us-east-1");
    assert_eq!(resolved[0]["account"], DEFAULT_ACCOUNT);

    let table = gonogo.run(&[
        "audit",
        "--quiet",
        "--check",
        ENCRYPTION,
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("Since the baseline"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.contains("NEW") && l.contains("fresh")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.contains("RESOLVED") && l.contains("fixed")),
        "{table}"
    );
    let md = std::fs::read_to_string(markdown).unwrap();
    assert!(
        md.contains("### Since the baseline") && md.contains("| new |"),
        "{md}"
    );

    // gate_on = "new": against the first baseline, `fresh` is a regression: still failing.
    let gate_new = "gate_on = \"new\"\n";
    let regression = gonogo.audit(
        Some(gate_new),
        &[
            "--check",
            ENCRYPTION,
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    assert_ne!(regression.code, 0, "{:?}", regression.report()["reasons"]);
    // Against the second run's report nothing is new: reported failing, but a GO.
    let second_baseline = gonogo.file("second.json", &report.to_string());
    let steady = gonogo.audit(
        Some(gate_new),
        &[
            "--check",
            ENCRYPTION,
            "--baseline",
            second_baseline.to_str().unwrap(),
        ],
    );
    assert_eq!(steady.status(ENCRYPTION), "fail");
    assert_eq!(
        (steady.code, steady.report()["verdict"].as_str()),
        (0, Some("GO")),
        "{:?}",
        steady.report()["reasons"]
    );
    // Without --baseline, gate_on = "new" gates on everything.
    let no_baseline = gonogo.audit(Some(gate_new), &["--check", ENCRYPTION]);
    assert_ne!(no_baseline.code, 0);

    let bad = gonogo.file("bad.json", "{\"schema_version\": 1");
    let out = gonogo.run(&["audit", "--quiet", "--baseline", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));
}

async fn metric(seed: &Seeder, namespace: &str, name: &str, extra: &[(&str, &str)]) -> Option<f64> {
    let mut dimensions = vec![
        Dimension::builder()
            .name("Account")
            .value(DEFAULT_ACCOUNT)
            .build(),
        Dimension::builder()
            .name("Region")
            .value("us-east-1")
            .build(),
    ];
    for (k, v) in extra {
        dimensions.push(Dimension::builder().name(*k).value(*v).build());
    }
    let stats = seed
        .cloudwatch
        .get_metric_statistics()
        .namespace(namespace)
        .metric_name(name)
        .set_dimensions(Some(dimensions))
        .start_time(aws_smithy_types::DateTime::from_secs(
            (Utc::now() - Duration::hours(1)).timestamp(),
        ))
        .end_time(aws_smithy_types::DateTime::from_secs(
            (Utc::now() + Duration::hours(1)).timestamp(),
        ))
        .period(60)
        .statistics(Statistic::Maximum)
        .send()
        .await
        .unwrap();
    stats.datapoints().first().and_then(|d| d.maximum())
}

#[tokio::test]
async fn metrics_are_published_and_read_back() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("plain", &unencrypted()).await;
    seed.queue("safe", &[]).await;
    let checks = [
        "--check",
        ENCRYPTION,
        "--check",
        "operations.sqs-dead-letter",
    ];
    let run = gonogo.audit(None, &[&checks[..], &["--publish-metrics"]].concat());
    assert!(run.code < 3, "{}", run.stderr);
    let report = run.report();
    let score = report["score"].as_f64().unwrap();
    assert_eq!(metric(&seed, "gonogo", "Score", &[]).await, Some(score));
    assert_eq!(metric(&seed, "gonogo", "Verdict", &[]).await, Some(2.0));
    let failed = report["summary"]["fail"].as_f64().unwrap();
    assert_eq!(
        metric(&seed, "gonogo", "Checks", &[("Status", "fail")]).await,
        Some(failed)
    );
    assert_eq!(
        metric(
            &seed,
            "gonogo",
            "Checks",
            &[("Category", "security"), ("Status", "fail")]
        )
        .await,
        Some(1.0)
    );

    let custom = gonogo.audit(
        None,
        &[&checks[..], &["--publish-metrics", "team/posture"]].concat(),
    );
    assert!(custom.code < 3, "{}", custom.stderr);
    assert_eq!(
        metric(&seed, "team/posture", "Score", &[]).await,
        Some(score)
    );
}

#[tokio::test]
async fn a_failed_metric_publish_exits_3_after_writing_the_report() {
    let (moto, seed, _) = account().await;
    seed.queue("plain", &unencrypted()).await;
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![Rule {
            service: Some("monitoring"),
            paginating_only: false,
            first_attempts_only: false,
            body_contains: Some("PutMetricData"),
            every: 1,
            fault: Fault::Status(503),
        }],
    );
    let gonogo = Gonogo::new(Some(proxy.endpoint()));
    let run = gonogo.audit(None, &["--check", ENCRYPTION, "--publish-metrics"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not publish metrics"),
        "{}",
        run.stderr
    );
    assert_eq!(run.report()["verdict"], "NO-GO");
}

async fn receive(seed: &Seeder, url: &str) -> (Value, Option<String>) {
    let received = seed
        .sqs
        .receive_message()
        .queue_url(url)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .wait_time_seconds(1)
        .send()
        .await
        .unwrap();
    let message = received.messages().first().unwrap();
    let group = message
        .attributes()
        .and_then(|a| a.get(&MessageSystemAttributeName::MessageGroupId))
        .cloned();
    (
        serde_json::from_str(message.body().unwrap()).unwrap(),
        group,
    )
}

#[tokio::test]
async fn the_summary_reaches_standard_and_fifo_queues_and_a_failed_send_exits_3() {
    let (moto, seed, gonogo) = account().await;
    seed.queue("plain", &unencrypted()).await;
    let standard = seed.queue("alerts", &[]).await;
    let fifo = seed
        .queue("alerts.fifo", &[(QueueAttributeName::FifoQueue, "true")])
        .await;
    for (url, fifo) in [(&standard, false), (&fifo, true)] {
        let run = gonogo.audit(None, &["--check", ENCRYPTION, "--notify-sqs", url]);
        assert!(run.code < 3, "{}", run.stderr);
        let (summary, group) = receive(&seed, url).await;
        assert_eq!(summary["verdict"], run.report()["verdict"]);
        assert_eq!(summary["score"], run.report()["score"]);
        let failures = summary["new_failures"].as_array().unwrap();
        assert!(
            failures
                .iter()
                .any(|f| f["check"] == ENCRYPTION
                    && short(f["resource"].as_str().unwrap()) == "plain"),
            "{summary}"
        );
        assert!(
            summary["reports"][0]
                .as_str()
                .unwrap()
                .ends_with("report.json")
        );
        assert_eq!(group.as_deref(), fifo.then_some("gonogo"));
    }

    let missing = format!("{}/123456789012/no-such-queue", moto.endpoint());
    let run = gonogo.audit(None, &["--check", ENCRYPTION, "--notify-sqs", &missing]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("could not send the summary"),
        "{}",
        run.stderr
    );
    // The report was still written before the send failed.
    assert!(run.json.is_some());
}

const ACCOUNT_A: &str = "111111111111";
const ACCOUNT_B: &str = "222222222222";
const ACCOUNT_C: &str = "333333333333";

fn accounts_file(gonogo: &Gonogo, accounts: &[(&str, &str, Option<&str>)]) -> String {
    let text: String = accounts
        .iter()
        .map(|(id, role, name)| {
            let name = name.map(|n| format!("name = \"{n}\"\n")).unwrap_or_default();
            format!("[[accounts]]\nid = \"{id}\"\nrole_arn = \"arn:aws:iam::{id}:role/{role}\"\n{name}\n")
        })
        .collect();
    gonogo
        .file("accounts.toml", &text)
        .to_str()
        .unwrap()
        .to_owned()
}

/// Account A: an unencrypted queue in each of two regions; account B: one in us-east-1;
/// account C: an encrypted one.
async fn seed_fleet(moto: &Moto) {
    let a_east = Seeder::in_account(moto, ACCOUNT_A, "us-east-1").await;
    let a_west = Seeder::in_account(moto, ACCOUNT_A, "eu-west-1").await;
    let b_east = Seeder::in_account(moto, ACCOUNT_B, "us-east-1").await;
    let c_east = Seeder::in_account(moto, ACCOUNT_C, "us-east-1").await;
    a_east.queue("a-east", &unencrypted()).await;
    a_west.queue("a-west", &unencrypted()).await;
    b_east.queue("b-east", &unencrypted()).await;
    c_east.queue("c-east", &[]).await;
    a_east.strong_password_policy().await;
}

/// A seeded fleet, a `gonogo` pointed at it, and an accounts file of `accounts`.
async fn seeded_fleet(accounts: &[(&str, &str, Option<&str>)]) -> (Moto, Gonogo, String) {
    let moto = Moto::start();
    seed_fleet(&moto).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    let file = accounts_file(&gonogo, accounts);
    (moto, gonogo, file)
}

#[tokio::test]
async fn two_accounts_and_two_regions_in_one_run_land_findings_where_they_are() {
    let (_moto, gonogo, file) = seeded_fleet(&[
        (ACCOUNT_A, "audit", Some("prod")),
        (ACCOUNT_B, "audit", None),
    ])
    .await;
    let run = gonogo.audit(
        None,
        &[
            "--check",
            ENCRYPTION,
            "--check",
            PASSWORD,
            "--accounts",
            &file,
            "--regions",
            "us-east-1,eu-west-1",
            "--stats",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Regional facts per region, global ones once per account: 2 accounts × 2 regions of
    // ListQueues, 2 password-policy reads.
    let calls = |service: &str, operation: &str| {
        run.report()["stats"]["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["service"] == service && o["operation"] == operation)
            .map(|o| o["calls"].as_u64().unwrap())
    };
    assert_eq!(calls("SQS", "ListQueues"), Some(4));
    assert_eq!(calls("IAM", "GetAccountPasswordPolicy"), Some(2));
    let report = run.report();
    let places: Vec<(String, String, String)> = {
        let mut p: Vec<_> = findings(report, ENCRYPTION)
            .iter()
            .map(|f| {
                (
                    short(f["resource"].as_str().unwrap()),
                    f["account"].as_str().unwrap().to_owned(),
                    f["region"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        p.sort();
        p
    };
    let expect = |q: &str, a: &str, r: &str| (q.to_owned(), a.to_owned(), r.to_owned());
    assert_eq!(
        places,
        [
            expect("a-east", ACCOUNT_A, "us-east-1"),
            expect("a-west", ACCOUNT_A, "eu-west-1"),
            expect("b-east", ACCOUNT_B, "us-east-1"),
        ]
    );
    // The password policy is global: looked at once per account, never per region.
    let password: Vec<(String, String)> = findings(report, PASSWORD)
        .iter()
        .map(|f| {
            (
                f["account"].as_str().unwrap().to_owned(),
                f["region"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    assert!(
        password
            .iter()
            .all(|(_, region)| region == "global" || region == "-"),
        "{password:?}"
    );
    let accounts = report["accounts"].as_array().unwrap();
    let summary: Vec<(&str, Option<&str>, &str)> = accounts
        .iter()
        .map(|a| {
            (
                a["account_id"].as_str().unwrap(),
                a["name"].as_str(),
                a["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (ACCOUNT_A, Some("prod"), "CONDITIONAL"),
            (ACCOUNT_B, None, "NO-GO")
        ]
    );
    assert_eq!(
        accounts[0]["regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    let reasons = report["reasons"].as_array().unwrap();
    assert_eq!(reasons[0], "2 accounts: 0 GO, 1 CONDITIONAL GO, 1 NO-GO");
    // The worst account first.
    let second = reasons[1].as_str().unwrap();
    assert!(second.starts_with("222222222222 is NO-GO: "), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r
            .as_str()
            .unwrap()
            .starts_with("prod (111111111111) is CONDITIONAL GO: ")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn a_role_that_cannot_be_assumed_is_that_accounts_error_not_the_fleets_crash() {
    let moto = Moto::start();
    seed_fleet(&moto).await;
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![Rule {
            service: Some("sts"),
            paginating_only: false,
            first_attempts_only: false,
            body_contains: Some("locked-role"),
            every: 1,
            fault: Fault::AccessDenied,
        }],
    );
    let gonogo = Gonogo::new(Some(proxy.endpoint()));
    let file = accounts_file(
        &gonogo,
        &[
            (ACCOUNT_C, "audit", Some("good")),
            (ACCOUNT_B, "locked-role", Some("locked")),
        ],
    );
    let run = gonogo.audit(None, &["--check", ENCRYPTION, "--accounts", &file]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.report();
    assert_eq!(report["verdict"], "NO-GO");
    let accounts = report["accounts"].as_array().unwrap();
    let locked = accounts
        .iter()
        .find(|a| a["account_id"] == ACCOUNT_B)
        .unwrap();
    let error = locked["error"].as_str().unwrap();
    assert!(
        error.contains("could not assume") && error.contains("AccessDenied"),
        "{error}"
    );
    assert_eq!(
        (locked["verdict"].as_str(), locked["exit_code"].as_i64()),
        (Some("NO-GO"), Some(3))
    );
    let good = accounts
        .iter()
        .find(|a| a["account_id"] == ACCOUNT_C)
        .unwrap();
    assert_eq!(
        (good["verdict"].as_str(), good["error"].as_str()),
        (Some("GO"), None),
        "{good}"
    );
    assert_eq!(run.status(ENCRYPTION), "pass");
    assert!(
        report["reasons"].as_array().unwrap().iter().any(|r| r
            .as_str()
            .unwrap()
            .starts_with("locked (222222222222) is NO-GO: not audited")),
        "{}",
        report["reasons"]
    );
}

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

/// Chromium, or why the page test cannot run here.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    })
}

/// Runs headless Chromium with the flags a closed network needs, on a fresh profile.
fn headless(chromium: &Path, profile: &Path, args: &[String]) -> std::process::Output {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_html_report_renders_in_chromium_with_verdict_categories_baseline_and_accounts() {
    let Some(chromium) = chromium() else {
        println!(
            "SKIPPED: chromium is not installed (Debian package `chromium`; .ci/run installs it)"
        );
        return;
    };
    let (moto, gonogo, file) = seeded_fleet(&[
        (ACCOUNT_A, "audit", Some("prod")),
        (ACCOUNT_B, "audit", Some("<b>staging</b>")),
    ])
    .await;
    let checks = [
        "--check",
        ENCRYPTION,
        "--check",
        PASSWORD,
        "--accounts",
        &file,
        "--regions",
        "us-east-1,eu-west-1",
    ];
    let first = gonogo.audit(None, &checks);
    let baseline = gonogo.file("baseline.json", &first.report().to_string());
    Seeder::in_account(&moto, ACCOUNT_B, "eu-west-1")
        .await
        .queue("b-west-new", &unencrypted())
        .await;
    let page = gonogo.dir().join("report.html");
    let run = gonogo.audit(
        None,
        &[
            &checks[..],
            &[
                "--baseline",
                baseline.to_str().unwrap(),
                "--html",
                page.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network assets"
    );
    assert!(!html.contains("<b>staging</b>"), "AWS text is escaped");

    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().unwrap();
    let dom = headless(
        &chromium,
        profile.path(),
        &["--dump-dom".to_owned(), url.clone()],
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    let dom_page = scraper::Html::parse_document(&dom_text);
    let text_of = |selector: &str| -> String {
        let selector = scraper::Selector::parse(selector).unwrap();
        dom_page
            .select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(text_of("#verdict").contains("NO-GO"), "{dom_text}");
    let score = run.report()["score"].as_f64().unwrap();
    assert!(
        text_of("#verdict").contains(&score.to_string()),
        "{}",
        text_of("#verdict")
    );
    assert!(text_of("#categories").contains("security"));
    assert!(
        text_of("#baseline-counts").starts_with("1 new, "),
        "{}",
        text_of("#baseline-counts")
    );
    let grid = text_of("#accounts");
    assert!(
        grid.contains("prod (111111111111)") && grid.contains("<b>staging</b> (222222222222)"),
        "{grid}"
    );
    // The filter script ran: it counts the rows it shows.
    let rows = run.report()["checks"].as_array().unwrap().len();
    assert!(
        text_of("#shown").contains(" rows"),
        "the page's script did not run: {}",
        text_of("#shown")
    );
    assert!(
        text_of("#checks").contains("b-west-new"),
        "findings are listed"
    );
    assert!(rows >= 2);

    // A filter given in the fragment is applied on load: only matching rows are shown.
    let visible_rows = |fragment: &str| -> (Vec<(String, String)>, usize) {
        let out = headless(
            &chromium,
            profile.path(),
            &["--dump-dom".to_owned(), format!("{url}#{fragment}")],
        );
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&out.stdout));
        let rows = scraper::Selector::parse("#checks tbody tr").unwrap();
        let total = page.select(&rows).count();
        let visible = page
            .select(&rows)
            .filter(|r| !r.value().attr("style").unwrap_or("").contains("none"))
            .map(|r| {
                (
                    r.value().attr("data-status").unwrap_or("").to_owned(),
                    r.text().collect::<String>(),
                )
            })
            .collect();
        (visible, total)
    };
    let (matching, total) = visible_rows("q=b-west-new");
    assert!(
        !matching.is_empty() && matching.len() < total,
        "{matching:?}"
    );
    assert!(matching.iter().all(|(_, text)| text.contains("b-west-new")));
    let (failing, _) = visible_rows("status=fail");
    assert!(!failing.is_empty() && failing.iter().all(|(status, _)| status == "fail"));

    let shot = gonogo.dir().join("report.png");
    let out = headless(
        &chromium,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_owned(),
            url,
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|err| {
        panic!(
            "no screenshot ({err}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}
