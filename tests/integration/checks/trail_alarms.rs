//! CIS 5.1–5.15 against moto: the trail → log group → metric filter → alarm → subscribed topic
//! chain, with the patterns as AWS's Security Hub CloudWatch.1–14 guidance writes them.

use gonogo_tests::seed::CIS_ALARM_PATTERNS as PATTERNS;
use gonogo_tests::{Gonogo, TrailSettings};

use crate::account;

fn audit_all(gonogo: &Gonogo) -> gonogo_tests::AuditRun {
    let args: Vec<&str> = PATTERNS
        .iter()
        .flat_map(|(id, _)| ["--check", id])
        .collect();
    gonogo.audit(None, &args)
}

#[tokio::test]
async fn every_alarm_check_passes_when_each_chain_is_complete() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    seed.trail_to_log_group("main").await;
    let topic = seed.topic("security-alarms", true).await;
    for (index, (_, pattern)) in PATTERNS.iter().enumerate() {
        seed.trail_metric_alarm(&format!("cis-5-{}", index + 1), pattern, Some(&topic))
            .await;
    }
    let run = audit_all(&gonogo);
    for (index, (id, _)) in PATTERNS.iter().enumerate() {
        let check = run.check(id);
        assert_eq!(check["status"], "pass", "{check:#}\n{}", run.stderr);
        assert_eq!(
            check["message"],
            format!(
                "cis-5-{n} on trail-events alarms cis-5-{n}-alarm to {topic}",
                n = index + 1
            )
        );
    }
}

#[tokio::test]
async fn every_alarm_check_fails_without_a_trail_to_cloudwatch_logs() {
    let (_moto, _seed, gonogo) = account().await;
    let run = audit_all(&gonogo);
    for (id, _) in PATTERNS {
        assert_eq!(run.status(id), "fail", "{:#}", run.check(id));
        assert_eq!(
            run.check(id)["message"],
            "no logging multi-region trail delivers to CloudWatch Logs"
        );
    }
}

#[tokio::test]
async fn a_broken_link_fails_and_names_the_link() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    seed.trail_to_log_group("main").await;
    let silent = seed.topic("nobody-listens", false).await;
    let (root, root_pattern) = PATTERNS[2];
    let (trail, trail_pattern) = PATTERNS[4];
    let (policy, _) = PATTERNS[3];
    // Root use: an alarm, but its topic has no subscriber.
    seed.trail_metric_alarm("root", root_pattern, Some(&silent))
        .await;
    // Trail changes: a filter without an alarm.
    seed.trail_metric_alarm("trail", trail_pattern, None).await;
    // IAM policy changes: a filter that leaves out most of the events.
    seed.trail_metric_alarm(
        "policy",
        "{ ($.eventName = PutUserPolicy) }",
        Some(&seed.topic("security", true).await),
    )
    .await;
    let run = gonogo.audit(
        None,
        &["--check", root, "--check", trail, "--check", policy],
    );
    for (id, message) in [
        (
            root,
            "alarm root-alarm on root notifies no SNS topic with a subscriber",
        ),
        (trail, "metric filter trail on trail-events has no alarm"),
        (
            policy,
            "no metric filter on trail-events catches IAM policy changes",
        ),
    ] {
        assert_eq!(run.status(id), "fail", "{:#}", run.check(id));
        assert_eq!(run.check(id)["message"], message);
    }
}
