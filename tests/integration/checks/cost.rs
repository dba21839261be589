//! cost.* against moto.

use crate::{account, expect_status};

#[tokio::test]
async fn budget_exists_passes_with_a_cost_budget() {
    let (_moto, seed, gonogo) = account().await;
    seed.budget("monthly", 400.0, 100.0, 300.0).await;
    expect_status(&gonogo, "cost.budget-exists", "", "pass");
}

#[tokio::test]
async fn budget_exists_fails_without_one() {
    let (_moto, _seed, gonogo) = account().await;
    expect_status(&gonogo, "cost.budget-exists", "", "fail");
}

#[tokio::test]
async fn budget_limit_passes_under_the_ceiling() {
    let (_moto, seed, gonogo) = account().await;
    seed.budget("monthly", 400.0, 100.0, 300.0).await;
    expect_status(&gonogo, "cost.budget-limit", "", "pass");
}

#[tokio::test]
async fn budget_limit_fails_over_the_ceiling() {
    let (_moto, seed, gonogo) = account().await;
    seed.budget("monthly", 400.0, 100.0, 300.0).await;
    let run = expect_status(
        &gonogo,
        "cost.budget-limit",
        "max_monthly_usd = 250",
        "fail",
    );
    assert_eq!(
        run.check("cost.budget-limit")["message"],
        "monthly limit 400.00 USD > 250.00 USD"
    );
}

#[tokio::test]
async fn budget_forecast_passes_when_on_track() {
    let (_moto, seed, gonogo) = account().await;
    seed.budget("monthly", 400.0, 100.0, 300.0).await;
    expect_status(&gonogo, "cost.budget-forecast", "", "pass");
}

#[tokio::test]
async fn budget_forecast_fails_when_forecast_overruns_and_warns_near_the_limit() {
    let (_moto, seed, gonogo) = account().await;
    seed.budget("overrun", 400.0, 100.0, 450.0).await;
    let run = expect_status(&gonogo, "cost.budget-forecast", "", "fail");
    assert_eq!(
        run.check("cost.budget-forecast")["message"],
        "overrun forecast 450.00 > limit 400.00 USD"
    );

    let (_moto, seed, gonogo) = account().await;
    seed.budget("close", 400.0, 350.0, 390.0).await;
    let run = expect_status(&gonogo, "cost.budget-forecast", "", "warn");
    assert_eq!(
        run.check("cost.budget-forecast")["message"],
        "close actual 350.00 is 88% of limit 400.00"
    );
    // Alone, a warning earns half the weight: score 50, under no_go_score 60.
    assert_eq!(run.report()["score"], 50.0);
}

#[tokio::test]
async fn budget_alerts_fail_for_a_budget_without_notifications() {
    let (_moto, seed, gonogo) = account().await;
    seed.budget("monthly", 400.0, 100.0, 300.0).await;
    let run = expect_status(&gonogo, "cost.budget-alerts", "", "fail");
    assert_eq!(
        run.check("cost.budget-alerts")["message"],
        "monthly has no notification"
    );
}

#[tokio::test]
async fn budget_alerts_are_an_error_not_a_pass_when_subscribers_cannot_be_read() {
    // moto 5.2 does not implement DescribeSubscribersForNotification. A notification whose
    // subscribers cannot be read must never count as alerting someone. The passing path is
    // covered with aws-smithy-mocks in checks/src/cost/budget_alerts.rs.
    let (_moto, seed, gonogo) = account().await;
    seed.budget("monthly", 400.0, 100.0, 300.0).await;
    seed.budget_notification("monthly").await;
    let run = expect_status(&gonogo, "cost.budget-alerts", "", "error");
    let message = run.check("cost.budget-alerts")["message"].as_str().unwrap();
    assert!(
        message.starts_with("failed to collect budget notifications"),
        "{message}"
    );
}
