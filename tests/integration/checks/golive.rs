//! The go-live checks of the stack against moto: secrets rotation, Lambda runtimes and
//! failure destinations, ECS containers, alarms that reach someone, and log groups.

use aws_sdk_lambda::types::Runtime;

use gonogo_tests::Seeder;

use crate::{account, expect_status};

#[tokio::test]
async fn secrets_rotation_fails_until_rotation_is_on() {
    let (_moto, seed, gonogo) = account().await;
    let secret = seed.secret("db-password", None).await;
    let run = expect_status(&gonogo, "security.secrets-rotation", "", "fail");
    assert_eq!(
        run.check("security.secrets-rotation")["message"],
        "db-password does not rotate"
    );
    seed.rotate_secret(&secret, 30).await;
    expect_status(&gonogo, "security.secrets-rotation", "", "pass");
}

#[tokio::test]
async fn lambda_runtime_fails_for_a_deprecated_runtime() {
    let (_moto, seed, gonogo) = account().await;
    seed.lambda_function("current").await;
    expect_status(&gonogo, "operations.lambda-runtime", "", "pass");
    seed.lambda_function_on("legacy", Runtime::Nodejs16x).await;
    let run = expect_status(&gonogo, "operations.lambda-runtime", "", "fail");
    assert_eq!(
        run.check("operations.lambda-runtime")["message"],
        "1 of 2 functions on a managed runtime failing: legacy (nodejs16.x): deprecated since \
         2024-06-12"
    );
}

#[tokio::test]
async fn lambda_failure_destination_passes_with_an_on_failure_destination() {
    let (_moto, seed, gonogo) = account().await;
    seed.lambda_function("worker").await;
    expect_status(&gonogo, "operations.lambda-failure-destination", "", "fail");
    let queue = Seeder::queue_arn("worker-failures");
    seed.queue("worker-failures", &[]).await;
    seed.lambda_on_failure("worker", &queue).await;
    let run = expect_status(&gonogo, "operations.lambda-failure-destination", "", "pass");
    assert_eq!(
        run.check("operations.lambda-failure-destination")["message"],
        format!("worker sends failed events to {queue}")
    );
    // A function invoked only synchronously can be exempted.
    seed.lambda_function("api").await;
    expect_status(
        &gonogo,
        "operations.lambda-failure-destination",
        "exclude = [\"api\"]",
        "pass",
    );
}

const CONTAINER_CHECKS: [&str; 6] = [
    "security.ecs-privileged",
    "security.ecs-non-root-user",
    "security.ecs-read-only-root",
    "security.ecs-plain-secrets",
    "monitoring.ecs-log-configuration",
    "operations.ecs-image-tags",
];

#[tokio::test]
async fn ecs_container_checks_pass_for_a_well_built_task_definition() {
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    seed.ecs_service("prod", "web", 1, None).await;
    for id in CONTAINER_CHECKS {
        expect_status(&gonogo, id, "", "pass");
    }
}

#[tokio::test]
async fn ecs_container_checks_each_fail_for_a_badly_built_one() {
    use aws_sdk_ecs::types::{ContainerDefinition, KeyValuePair};
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    let careless = ContainerDefinition::builder()
        .name("legacy")
        .image("nginx")
        .memory(256)
        .privileged(true)
        .environment(
            KeyValuePair::builder()
                .name("STRIPE_API_KEY")
                .value("sk-not-real")
                .build(),
        )
        .build();
    seed.ecs_service_of("prod", "legacy", 1, None, careless)
        .await;
    let expected = [
        ("security.ecs-privileged", "fail", "legacy runs privileged"),
        (
            "security.ecs-non-root-user",
            "warn",
            "legacy sets no user (the image's, often root)",
        ),
        (
            "security.ecs-read-only-root",
            "fail",
            "legacy has a writable root filesystem",
        ),
        (
            "security.ecs-plain-secrets",
            "fail",
            "legacy keeps STRIPE_API_KEY in plain environment variables",
        ),
        (
            "monitoring.ecs-log-configuration",
            "fail",
            "legacy has no log configuration",
        ),
        (
            "operations.ecs-image-tags",
            "fail",
            "legacy runs nginx with no tag (`latest`)",
        ),
    ];
    for (id, status, message) in expected {
        let run = expect_status(&gonogo, id, "", status);
        assert_eq!(
            run.check(id)["message"],
            format!("legacy:1: {message}"),
            "{id}"
        );
        // Only names are read: the value never reaches the report.
        assert!(!run.stdout.contains("sk-not-real"), "{id}");
    }
    expect_status(
        &gonogo,
        "security.ecs-non-root-user",
        "required = true",
        "fail",
    );
}

#[tokio::test]
async fn alarm_actions_fail_for_an_alarm_whose_topic_nobody_subscribes_to() {
    let (_moto, seed, gonogo) = account().await;
    let unheard = seed.topic("unheard", false).await;
    seed.alarm_with_actions("lonely", &[&unheard]).await;
    let run = expect_status(&gonogo, "monitoring.alarm-actions", "", "fail");
    assert_eq!(
        run.check("monitoring.alarm-actions")["message"],
        format!("lonely notifies nobody: no confirmed subscription to {unheard}")
    );
    let heard = seed.topic("heard", true).await;
    seed.alarm_with_actions("lonely", &[&unheard, &heard]).await;
    expect_status(&gonogo, "monitoring.alarm-actions", "", "pass");
}

#[tokio::test]
async fn log_retention_fails_for_a_group_that_keeps_a_week() {
    let (_moto, seed, gonogo) = account().await;
    seed.log_group("/app/audit", Some(400), None).await;
    seed.log_group("/app/forever", None, None).await;
    expect_status(&gonogo, "monitoring.log-retention", "", "pass");
    seed.log_group("/app/debug", Some(7), None).await;
    let run = expect_status(&gonogo, "monitoring.log-retention", "", "fail");
    assert_eq!(
        run.check("monitoring.log-retention")["message"],
        "1 of 3 log groups failing: /app/debug keeps 7 days < 365"
    );
    expect_status(&gonogo, "monitoring.log-retention", "min_days = 7", "pass");
}

#[tokio::test]
async fn log_encryption_fails_for_a_named_group_without_a_key() {
    let (_moto, seed, gonogo) = account().await;
    let key = seed.kms_key(true).await;
    let key_arn = format!("arn:aws:kms:us-east-1:123456789012:key/{key}");
    seed.log_group("/app/payments", Some(400), Some(&key_arn))
        .await;
    seed.log_group("/app/web", Some(400), None).await;
    // Only where the policy asks.
    let run = expect_status(&gonogo, "security.log-encryption", "", "skip");
    assert_eq!(
        run.check("security.log-encryption")["message"],
        "not applicable: no log groups the policy asks to be encrypted in us-east-1"
    );
    expect_status(
        &gonogo,
        "security.log-encryption",
        "prefixes = [\"/app/payments\"]",
        "pass",
    );
    let run = expect_status(
        &gonogo,
        "security.log-encryption",
        "prefixes = [\"/app/\"]",
        "fail",
    );
    assert_eq!(
        run.check("security.log-encryption")["message"],
        "1 of 2 log groups failing: /app/web has no KMS key"
    );
}

#[tokio::test]
async fn kms_key_deletion_fails_for_a_key_scheduled_for_deletion() {
    let (_moto, seed, gonogo) = account().await;
    seed.kms_key(true).await;
    expect_status(&gonogo, "operations.kms-key-deletion", "", "pass");
    let doomed = seed.kms_key(false).await;
    seed.kms
        .schedule_key_deletion()
        .key_id(&doomed)
        .pending_window_in_days(7)
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, "operations.kms-key-deletion", "", "fail");
    assert_eq!(
        run.check("operations.kms-key-deletion")["message"],
        format!("1 of 2 customer-managed keys failing: {doomed} is scheduled for deletion")
    );
}

#[tokio::test]
async fn sns_encryption_fails_for_a_topic_without_a_key() {
    let (_moto, seed, gonogo) = account().await;
    seed.topic("oncall", true).await;
    expect_status(&gonogo, "security.sns-encryption", "", "pass");
    seed.sns
        .create_topic()
        .name("events")
        .send()
        .await
        .expect("create_topic");
    let run = expect_status(&gonogo, "security.sns-encryption", "", "fail");
    assert_eq!(
        run.check("security.sns-encryption")["message"],
        "1 of 2 topics failing: events is not encrypted"
    );
}

#[tokio::test]
async fn dynamodb_deletion_protection_fails_once_it_is_turned_off() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("orders", false, true).await;
    expect_status(
        &gonogo,
        "operations.dynamodb-deletion-protection",
        "",
        "pass",
    );
    seed.dynamodb
        .update_table()
        .table_name("orders")
        .deletion_protection_enabled(false)
        .send()
        .await
        .expect("update_table");
    let run = expect_status(
        &gonogo,
        "operations.dynamodb-deletion-protection",
        "",
        "fail",
    );
    assert_eq!(
        run.check("operations.dynamodb-deletion-protection")["message"],
        "orders can be deleted"
    );
}
