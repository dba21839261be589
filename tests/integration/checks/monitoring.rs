//! monitoring.* against moto.

use aws_sdk_cloudwatch::types::StateValue;
use chrono::{Duration, Utc};

use crate::{account, expect_status};

#[tokio::test]
async fn alarms_firing_passes_when_all_alarms_are_ok() {
    let (_moto, seed, gonogo) = account().await;
    seed.alarm("api-errors", StateValue::Ok).await;
    expect_status(&gonogo, "monitoring.alarms-firing", "", "pass");
}

#[tokio::test]
async fn alarms_firing_fails_when_an_alarm_is_in_alarm() {
    let (_moto, seed, gonogo) = account().await;
    seed.alarm("api-errors", StateValue::Alarm).await;
    seed.alarm("db-cpu", StateValue::Ok).await;
    let run = expect_status(&gonogo, "monitoring.alarms-firing", "", "fail");
    assert_eq!(
        run.check("monitoring.alarms-firing")["message"],
        "1 of 2 alarms failing: api-errors is in ALARM: set by test"
    );
}

#[tokio::test]
async fn alarm_actions_pass_when_alarms_notify() {
    let (_moto, seed, gonogo) = account().await;
    seed.alarm("api-errors", StateValue::Ok).await;
    expect_status(&gonogo, "monitoring.alarm-actions", "", "pass");
}

#[tokio::test]
async fn alarm_actions_fail_for_an_alarm_without_actions() {
    let (_moto, seed, gonogo) = account().await;
    seed.alarm_with_actions("silent", &[]).await;
    let run = expect_status(&gonogo, "monitoring.alarm-actions", "", "fail");
    assert_eq!(
        run.check("monitoring.alarm-actions")["message"],
        "silent has no alarm action"
    );
}

#[tokio::test]
async fn insufficient_data_passes_when_alarms_have_data() {
    let (_moto, seed, gonogo) = account().await;
    seed.alarm("api-errors", StateValue::Ok).await;
    expect_status(&gonogo, "monitoring.alarms-insufficient-data", "", "pass");
}

#[tokio::test]
async fn insufficient_data_warns() {
    let (_moto, seed, gonogo) = account().await;
    seed.alarm("api-errors", StateValue::InsufficientData).await;
    expect_status(&gonogo, "monitoring.alarms-insufficient-data", "", "warn");
}

#[tokio::test]
async fn canary_success_passes_above_the_bar() {
    let (_moto, seed, gonogo) = account().await;
    let now = Utc::now();
    seed.canary_success(
        "checkout",
        &[
            (now - Duration::minutes(30), 100.0),
            (now - Duration::minutes(10), 96.0),
        ],
    )
    .await;
    let run = expect_status(&gonogo, "monitoring.canary-success", "", "pass");
    assert_eq!(
        run.check("monitoring.canary-success")["message"],
        "checkout averaged 98.0% over 120 min"
    );
}

#[tokio::test]
async fn canary_success_fails_below_the_bar_and_warns_without_data() {
    let (_moto, seed, gonogo) = account().await;
    let now = Utc::now();
    seed.canary_success(
        "checkout",
        &[
            (now - Duration::minutes(30), 100.0),
            (now - Duration::minutes(10), 50.0),
        ],
    )
    .await;
    // An old failure outside the window does not count; a named canary without data warns.
    seed.canary_success("login", &[(now - Duration::minutes(300), 0.0)])
        .await;
    let run = expect_status(
        &gonogo,
        "monitoring.canary-success",
        "canaries = [\"search\"]",
        "fail",
    );
    let findings = run.check("monitoring.canary-success")["findings"]
        .as_array()
        .unwrap()
        .clone();
    let status: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["resource"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [("checkout", "fail"), ("login", "warn"), ("search", "warn")]
    );
}
