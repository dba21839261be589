//! API-call accounting: `--stats` counts every call through the SDK interceptor, and the call
//! counts of an audit of a known account are pinned, so a regression in calls fails CI.

use gonogo_tests::{Gonogo, MOTO_HAS_NO_API, Moto, Seeder, request_times};

use crate::account;

#[tokio::test]
async fn a_full_audit_of_a_known_account_makes_exactly_these_calls() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    // Two more queues and a second table: per-resource calls must grow by exactly these.
    seed.queue("audit-a", &[]).await;
    seed.queue("audit-b", &[]).await;
    seed.dynamodb_table("carts", false, false).await;
    // moto's GetBucketVersioning answer is not S3's shape, and the SDK retries reading it;
    // its Macie dates cannot be read, and some APIs it has not at all.
    let policy = format!(
        "[checks.\"security.s3-mfa-delete\"]\nenabled = false\n\n[checks.\"security.macie-enabled\"]\nenabled = false\n{MOTO_HAS_NO_API}"
    );
    let run = gonogo.audit(Some(&policy), &["--stats"]);
    let stats = &run.report()["stats"];
    let mut calls: Vec<String> = stats["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o["service"].as_str().unwrap(),
                o["operation"].as_str().unwrap(),
                o["calls"]
            )
        })
        .collect();
    calls.sort();
    // Every call, by service and operation: a new call, or one more of an old one, shows
    // here.
    insta::assert_snapshot!("full_audit_calls", calls.join("\n"));
    assert_eq!(stats["retries"], 0);
    assert_eq!(stats["calls"], 79);
    assert!(
        run.stderr.contains("API calls: 79 (0 retries"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn without_stats_the_report_has_no_stats_block() {
    let (_moto, _seed, gonogo) = account().await;
    let run = gonogo.audit(None, &["--check", "infrastructure.credentials"]);
    assert!(run.report().get("stats").is_none());
}

/// The most requests of `times` (sorted or not) that fall in any one second.
fn most_in_one_second(times: &[f64]) -> usize {
    let mut times = times.to_vec();
    times.sort_by(f64::total_cmp);
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + 1.0)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn max_rps_holds_the_requests_moto_receives_to_that_rate() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.log");
    let moto = Moto::start_with_request_log(&log);
    let seed = Seeder::new(&moto).await;
    for i in 0..16 {
        seed.queue(&format!("orders-{i}"), &[]).await;
    }
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    let audit = ["--check", "security.sqs-encryption", "--stats"];

    // Uncapped, the same audit sends more than 5 in a second (SQS's budget bursts to 20).
    let seeded = request_times(&log, 0).len();
    let run = gonogo.audit(None, &audit);
    assert_eq!(
        run.status("security.sqs-encryption"),
        "pass",
        "{}",
        run.stderr
    );
    let uncapped = request_times(&log, seeded);
    assert!(most_in_one_second(&uncapped) > 5, "{uncapped:?}");

    let before = seeded + uncapped.len();
    let run = gonogo.audit(None, &[&audit[..], &["--max-rps", "5"]].concat());
    assert_eq!(
        run.status("security.sqs-encryption"),
        "pass",
        "{}",
        run.stderr
    );
    let mut capped = request_times(&log, before);
    assert!(capped.len() > 16, "every queue's attributes: {capped:?}");
    capped.sort_by(f64::total_cmp);
    // At most 5 in any second: the sixth request after any one comes a second later or more,
    // give or take 50 ms of scheduling on the receiving side.
    for window in capped.windows(6) {
        assert!(window[5] - window[0] >= 0.95, "{window:?} in {capped:?}");
    }
    assert!(
        run.report()["stats"]["budget_wait_ms"].as_u64().unwrap() > 0,
        "--stats says how long requests waited on the budget"
    );
    assert!(
        run.stderr.contains("ms on gonogo's request budgets"),
        "{}",
        run.stderr
    );

    // The policy's key does the same, and a rate that is not one is refused with its place.
    let run = gonogo.audit(
        Some("max_requests_per_second = 5\n"),
        &["--check", "security.sqs-encryption", "--stats"],
    );
    assert!(run.report()["stats"]["budget_wait_ms"].as_u64().unwrap() > 0);
    let bad = gonogo.audit(Some("max_requests_per_second = nan\n"), &audit);
    assert_eq!(bad.code, 3);
    assert!(
        bad.stderr
            .contains("policy.toml:1:27: `max_requests_per_second` must be a number above 0"),
        "{}",
        bad.stderr
    );
}

/// The services and operations of an audit's `--stats`, with their call counts.
fn operations(run: &gonogo_tests::AuditRun) -> Vec<(String, String, u64)> {
    run.report()["stats"]["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["service"].as_str().unwrap().to_owned(),
                o["operation"].as_str().unwrap().to_owned(),
                o["calls"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_audit_of_one_check_calls_only_its_services_and_reads_only_what_it_judges() {
    let (_moto, seed, gonogo) = account().await;
    // The trail's bucket and five buckets no trail delivers to.
    seed.trail("main", gonogo_tests::TrailSettings::GOOD).await;
    for i in 0..5 {
        seed.bucket(&format!("app-{i}")).await;
    }
    seed.dynamodb_table("sessions", true, false).await;
    seed.dynamodb_table("orders", false, false).await;

    let trail_bucket = gonogo.audit(
        None,
        &["--check", "monitoring.cloudtrail-bucket-logging", "--stats"],
    );
    assert_eq!(
        trail_bucket.status("monitoring.cloudtrail-bucket-logging"),
        "fail"
    );
    let calls = operations(&trail_bucket);
    for (service, operation, _) in &calls {
        assert!(
            ["S3", "CloudTrail", "STS"].contains(&service.as_str()),
            "{service} {operation}: not a service of the check"
        );
    }
    assert!(
        calls.contains(&("S3".to_owned(), "GetBucketLogging".to_owned(), 1)),
        "the logging of the trail's bucket only, not of the six buckets: {calls:?}"
    );

    let ttl = gonogo.audit(
        Some("[checks.\"operations.dynamodb-ttl\"]\nttl_tables = [\"sessions\"]\n"),
        &["--check", "operations.dynamodb-ttl", "--stats"],
    );
    assert_eq!(ttl.status("operations.dynamodb-ttl"), "pass");
    let calls = operations(&ttl);
    for (service, operation, _) in &calls {
        assert!(
            ["DynamoDB", "STS"].contains(&service.as_str()),
            "{service} {operation}: not a service of the check"
        );
    }
    assert!(
        calls.contains(&("DynamoDB".to_owned(), "DescribeTimeToLive".to_owned(), 1)),
        "the time to live of the named table only: {calls:?}"
    );
}
