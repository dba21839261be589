//! operations.* against moto.

use aws_sdk_sqs::types::QueueAttributeName;
use gonogo_tests::Seeder;

use crate::{account, expect_status};

fn redrive(dlq: &str) -> String {
    format!(
        r#"{{"deadLetterTargetArn":"{}","maxReceiveCount":"5"}}"#,
        Seeder::queue_arn(dlq)
    )
}

#[tokio::test]
async fn dead_letter_passes_when_queues_have_an_empty_dlq() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("orders-dlq", &[]).await;
    seed.queue(
        "orders",
        &[(QueueAttributeName::RedrivePolicy, &redrive("orders-dlq"))],
    )
    .await;
    expect_status(&gonogo, "operations.sqs-dead-letter", "", "pass");
}

#[tokio::test]
async fn dead_letter_fails_for_a_queue_without_redrive() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("orders", &[]).await;
    let run = expect_status(&gonogo, "operations.sqs-dead-letter", "", "fail");
    assert_eq!(
        run.check("operations.sqs-dead-letter")["message"],
        "orders has no dead-letter queue"
    );
}

#[tokio::test]
async fn dead_letter_warns_when_the_dlq_holds_messages() {
    let (_moto, seed, gonogo) = account().await;
    let dlq = seed.queue("orders-dlq", &[]).await;
    seed.queue(
        "orders",
        &[(QueueAttributeName::RedrivePolicy, &redrive("orders-dlq"))],
    )
    .await;
    seed.sqs
        .send_message()
        .queue_url(dlq)
        .message_body("poison")
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, "operations.sqs-dead-letter", "", "warn");
    assert_eq!(
        run.check("operations.sqs-dead-letter")["message"],
        "1 of 2 queues warn: dead-letter queue orders-dlq holds 1 message(s)"
    );
}
