//! `--publish-metrics` and `--notify-sqs`: what reaches CloudWatch and SQS, and a failed
//! publish or send exiting 3.

use aws_sdk_cloudwatch::types::{Dimension, Statistic};
use aws_sdk_sqs::types::QueueAttributeName;
use chrono::{Duration, Utc};
use gonogo_tests::{Fault, FaultProxy, Gonogo, Rule, Seeder};

use super::{DEFAULT_ACCOUNT, ENCRYPTION, receive, short, unencrypted};
use crate::account;

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
