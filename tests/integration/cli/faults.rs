//! Fault injection through a proxy in front of moto: throttling, server errors, hung
//! connections and truncated pages give the same verdict or an honest error, never a false GO.

use std::time::{Duration, Instant};

use aws_sdk_cloudwatch::types::StateValue;
use gonogo_tests::{Fault, FaultProxy, Gonogo, MOTO_HAS_NO_API, Rule};
use serde_json::Value;

use crate::account;

fn results(report: &Value) -> Vec<(String, String, Value)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
                c["findings"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn twenty_percent_throttling_gives_the_same_verdict_and_findings_with_retries_counted() {
    let (moto, seed, direct) = account().await;
    seed.clean_account().await;
    seed.alarm("payments-errors", StateValue::Alarm).await;
    // moto's GetBucketVersioning answer is not S3's shape, and the SDK retries reading it.
    let policy = "[checks.\"security.s3-mfa-delete\"]\nenabled = false\n\n[checks.\"security.access-analyzer-enabled\"]\nenabled = false\n\n[checks.\"security.macie-enabled\"]\nenabled = false\n";
    let clean = direct.audit(Some(policy), &["--stats"]);
    // Every fifth first attempt, and every first attempt to Elastic Load Balancing, whose
    // query protocol the proxy must speak for the SDK to read the throttling and retry.
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![
            Rule {
                service: Some("elasticloadbalancing"),
                paginating_only: false,
                first_attempts_only: true,
                body_contains: None,
                every: 1,
                fault: Fault::Throttle,
            },
            Rule {
                service: None,
                paginating_only: false,
                first_attempts_only: true,
                body_contains: None,
                every: 5,
                fault: Fault::Throttle,
            },
        ],
    );
    let throttled = Gonogo::new(Some(proxy.endpoint())).audit(Some(policy), &["--stats"]);
    assert_eq!(throttled.report()["verdict"], clean.report()["verdict"]);
    assert_eq!(results(throttled.report()), results(clean.report()));
    let stats = &throttled.report()["stats"];
    let (throttled, retries) = (
        stats["throttled"].as_u64().unwrap(),
        stats["retries"].as_u64().unwrap(),
    );
    assert!(throttled >= 4, "{stats:#}");
    // At least every throttled attempt was retried (the proxy's own keep-alive resets can add
    // transport retries, which the SDK also makes).
    assert!(
        retries >= throttled,
        "every throttled attempt was retried: {stats:#}"
    );
    assert_eq!(clean.report()["stats"]["retries"], 0);
}

#[tokio::test]
async fn a_service_answering_503_makes_its_checks_errors_and_the_rest_unaffected() {
    let (moto, seed, direct) = account().await;
    seed.clean_account().await;
    let clean = direct.audit(Some(&go_policy()), &[]);
    assert_eq!(
        clean.report()["verdict"],
        "GO",
        "{}",
        clean.report()["reasons"]
    );
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![Rule {
            service: Some("monitoring"),
            paginating_only: false,
            first_attempts_only: false,
            body_contains: None,
            every: 1,
            fault: Fault::Status(503),
        }],
    );
    let faulty = Gonogo::new(Some(proxy.endpoint())).audit(Some(&go_policy()), &[]);
    assert_ne!(faulty.report()["verdict"], "GO");
    for (id, status, findings) in results(faulty.report()) {
        // lambda-errors reads CloudWatch only for functions, and this account has none.
        let uses_cloudwatch =
            id.starts_with("monitoring.alarm") || id == "monitoring.canary-success";
        if uses_cloudwatch {
            assert_eq!(status, "error", "{id}");
        } else {
            let before = results(clean.report())
                .into_iter()
                .find(|(i, _, _)| *i == id)
                .unwrap();
            assert_eq!(
                (status, findings),
                (before.1, before.2),
                "{id} is unaffected"
            );
        }
    }
}

#[tokio::test]
async fn a_hung_connection_ends_with_the_check_timeout() {
    let (moto, seed, _direct) = account().await;
    seed.clean_account().await;
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![Rule {
            service: Some("sqs"),
            paginating_only: false,
            first_attempts_only: false,
            body_contains: None,
            every: 1,
            fault: Fault::Hang(Duration::from_secs(40)),
        }],
    );
    let started = Instant::now();
    let run = Gonogo::new(Some(proxy.endpoint())).audit(None, &["--timeout", "3"]);
    let took = started.elapsed();
    assert_eq!(run.status("security.sqs-encryption"), "error");
    assert_eq!(
        run.check("security.sqs-encryption")["message"],
        "timed out after 3 s"
    );
    assert_eq!(
        run.status("security.password-policy"),
        "pass",
        "other services are unaffected"
    );
    assert_ne!(run.report()["verdict"], "GO");
    // The audit ends with its checks' timeout, not the hung server's 40 s.
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[tokio::test]
async fn a_page_cut_off_mid_listing_is_never_judged_as_the_whole_list() {
    let (moto, seed, direct) = account().await;
    // 105 tables: ListTables answers 100 and where to go on. The 5 on the second page have no
    // TTL; a check that judged the first page alone would pass.
    for i in 0..105 {
        seed.dynamodb_table(&format!("table-{i:03}"), i < 100, false)
            .await;
    }
    let policy =
        "[checks.\"operations.dynamodb-ttl\"]\nttl_tables = [\"table-000\", \"table-102\"]\n";
    let clean = direct.audit(Some(policy), &["--check", "operations.dynamodb-ttl"]);
    assert_eq!(
        clean.status("operations.dynamodb-ttl"),
        "fail",
        "the second page is read"
    );
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![Rule {
            service: Some("dynamodb"),
            paginating_only: true,
            first_attempts_only: false,
            body_contains: None,
            every: 1,
            fault: Fault::Truncate,
        }],
    );
    let cut = Gonogo::new(Some(proxy.endpoint()))
        .audit(Some(policy), &["--check", "operations.dynamodb-ttl"]);
    let check = cut.check("operations.dynamodb-ttl");
    assert_eq!(check["status"], "error", "{check}");
    assert_eq!(cut.report()["verdict"], "NO-GO");
}

fn go_policy() -> String {
    let expires = (chrono::Utc::now() + chrono::Duration::days(60)).format("%Y-%m-%d");
    format!(
        "[checks.\"cost.budget-alerts\"]\nenabled = false\n\n[checks.\"security.s3-mfa-delete\"]\nenabled = false\n\n[checks.\"security.support-role\"]\nenabled = false\n\n[checks.\"security.macie-enabled\"]\nenabled = false\n\n[[waivers]]\ncheck = \"security.root-mfa\"\nreason = \"moto cannot enable root MFA\"\nowner = \"platform\"\nexpires = {expires}\n{MOTO_HAS_NO_API}"
    )
}
