//! infrastructure.* against moto.

use crate::{account, expect_status};

#[tokio::test]
async fn credentials_pass_with_working_credentials_and_the_expected_account() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(
        &gonogo,
        "infrastructure.credentials",
        "expected_account_id = \"123456789012\"\nexpected_region = \"us-east-1\"",
        "pass",
    );
    assert_eq!(run.report()["target"]["account_id"], "123456789012");
}

#[tokio::test]
async fn credentials_fail_on_the_wrong_account() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(
        &gonogo,
        "infrastructure.credentials",
        "expected_account_id = \"999999999999\"",
        "fail",
    );
    let message = run.check("infrastructure.credentials")["message"]
        .as_str()
        .unwrap();
    assert_eq!(message, "account is 123456789012, expected 999999999999");
    assert_eq!(run.code, 2, "a critical failure is NO-GO");
}

#[tokio::test]
async fn sqs_queues_pass_when_expected_queues_exist() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("orders", &[]).await;
    expect_status(
        &gonogo,
        "infrastructure.sqs-queues",
        "expected_queues = [\"orders\"]",
        "pass",
    );
}

#[tokio::test]
async fn sqs_queues_fail_when_an_expected_queue_is_missing() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("orders", &[]).await;
    let run = expect_status(
        &gonogo,
        "infrastructure.sqs-queues",
        "expected_queues = [\"orders\", \"payments\"]",
        "fail",
    );
    let findings = &run.check("infrastructure.sqs-queues")["findings"];
    assert_eq!(findings[1]["resource"], "payments");
    assert_eq!(findings[1]["status"], "fail");
}
