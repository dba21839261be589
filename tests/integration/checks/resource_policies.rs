//! CIS 2.21, the resource-policy family: each service's check passes over a policy limited to
//! the account and fails over one open to everyone, against moto.

use gonogo_tests::seed::{ACCOUNT, open_statement, policy_document};

use crate::{account, expect_status};

/// A policy open to everyone, or limited to the test account.
fn policy(action: &str, resource: &str, limited: bool) -> String {
    policy_document(&open_statement(action, resource, limited))
}

#[tokio::test]
async fn s3_public_policy_fails_only_for_a_bucket_open_to_everyone() {
    let (_moto, seed, gonogo) = account().await;
    seed.bucket("private").await;
    seed.bucket_policy(
        "private",
        &policy("s3:GetObject", "arn:aws:s3:::private/*", true),
    )
    .await;
    seed.bucket("no-policy").await;
    expect_status(&gonogo, "security.s3-public-policy", "", "pass");

    seed.bucket("open").await;
    seed.bucket_policy(
        "open",
        &policy("s3:GetObject", "arn:aws:s3:::open/*", false),
    )
    .await;
    let run = expect_status(&gonogo, "security.s3-public-policy", "", "fail");
    let check = run.check("security.s3-public-policy");
    assert_eq!(
        check["message"],
        "1 of 3 buckets failing: bucket open lets everyone in: statement Everyone allows any \
         principal with no condition on the caller"
    );
    assert_eq!(run.code, 2, "critical: NO-GO");
}

#[tokio::test]
async fn sns_public_access_passes_for_the_default_policy_and_fails_when_opened() {
    let (_moto, seed, gonogo) = account().await;
    // moto's default topic policy allows everyone on condition of AWS:SourceOwner, as AWS's
    // does: limited to the account.
    let topic = seed.topic("alerts", false).await;
    expect_status(&gonogo, "security.sns-public-access", "", "pass");

    seed.topic_policy(&topic, &policy("sns:Publish", &topic, false))
        .await;
    expect_status(&gonogo, "security.sns-public-access", "", "fail");
}

#[tokio::test]
async fn lambda_public_access_fails_for_a_permission_without_a_source() {
    let (_moto, seed, gonogo) = account().await;
    seed.lambda_function("private").await;
    seed.lambda_permission("private", Some(ACCOUNT)).await;
    seed.lambda_function("no-policy").await;
    expect_status(&gonogo, "security.lambda-public-access", "", "pass");

    seed.lambda_function("open").await;
    seed.lambda_permission("open", None).await;
    let run = expect_status(&gonogo, "security.lambda-public-access", "", "fail");
    let findings = run.check("security.lambda-public-access")["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let failing: Vec<&str> = findings
        .iter()
        .filter(|f| f["status"] == "fail")
        .filter_map(|f| f["resource"].as_str())
        .collect();
    assert_eq!(
        failing,
        [format!("arn:aws:lambda:us-east-1:{ACCOUNT}:function:open")]
    );
}

#[tokio::test]
async fn kms_public_access_passes_for_the_default_key_policy_and_fails_when_opened() {
    let (_moto, seed, gonogo) = account().await;
    let key = seed.kms_key(true).await;
    expect_status(&gonogo, "security.kms-public-access", "", "pass");

    seed.kms_key_policy(&key, &policy("kms:Decrypt", "*", false))
        .await;
    expect_status(&gonogo, "security.kms-public-access", "", "fail");
}

#[tokio::test]
async fn secrets_public_access_fails_for_a_secret_open_to_everyone() {
    let (_moto, seed, gonogo) = account().await;
    seed.secret("db-password", None).await;
    seed.secret(
        "api-token",
        Some(&policy("secretsmanager:GetSecretValue", "*", true)),
    )
    .await;
    expect_status(&gonogo, "security.secrets-public-access", "", "pass");

    seed.secret(
        "leaked",
        Some(&policy("secretsmanager:GetSecretValue", "*", false)),
    )
    .await;
    expect_status(&gonogo, "security.secrets-public-access", "", "fail");
}

#[tokio::test]
async fn eventbridge_public_access_fails_for_a_bus_open_to_everyone() {
    let (_moto, seed, gonogo) = account().await;
    let bus = format!("arn:aws:events:us-east-1:{ACCOUNT}:event-bus/partners");
    seed.event_bus("partners", Some(&policy("events:PutEvents", &bus, true)))
        .await;
    expect_status(&gonogo, "security.eventbridge-public-access", "", "pass");

    let open = format!("arn:aws:events:us-east-1:{ACCOUNT}:event-bus/open");
    seed.event_bus("open", Some(&policy("events:PutEvents", &open, false)))
        .await;
    expect_status(&gonogo, "security.eventbridge-public-access", "", "fail");
}
