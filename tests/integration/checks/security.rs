//! security.* against moto.

use aws_sdk_sqs::types::QueueAttributeName;
use chrono::{Duration, Utc};

use crate::{account, expect_status};

const SCOPED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#;
const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

#[tokio::test]
async fn root_mfa_fails_on_moto() {
    // moto cannot enable root MFA; the passing path is covered with aws-smithy-mocks in
    // checks/src/security/root_mfa.rs.
    let (_moto, _seed, gonogo) = account().await;
    expect_status(&gonogo, "security.root-mfa", "", "fail");
}

#[tokio::test]
async fn root_access_keys_pass_on_moto() {
    // moto's account summary never reports root access keys; the failing path is covered
    // with aws-smithy-mocks in checks/src/security/root_access_keys.rs.
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.root-access-keys", "", "pass");
    assert_eq!(
        run.check("security.root-access-keys")["findings"][0]["resource"],
        "arn:aws:iam::123456789012:root"
    );
}

#[tokio::test]
async fn password_policy_passes_when_strong() {
    let (_moto, seed, gonogo) = account().await;
    seed.strong_password_policy().await;
    expect_status(&gonogo, "security.password-policy", "", "pass");
}

#[tokio::test]
async fn password_policy_fails_when_missing_or_short() {
    let (_moto, seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.password-policy", "", "fail");
    assert_eq!(
        run.check("security.password-policy")["message"],
        "no password policy is set"
    );
    seed.strong_password_policy().await;
    let run = expect_status(
        &gonogo,
        "security.password-policy",
        "min_length = 20",
        "fail",
    );
    assert_eq!(
        run.check("security.password-policy")["message"],
        "minimum length 14 < 20"
    );
}

#[tokio::test]
async fn password_reuse_prevention_passes_when_24_are_remembered() {
    let (_moto, seed, gonogo) = account().await;
    seed.strong_password_policy().await;
    let run = expect_status(&gonogo, "security.password-reuse-prevention", "", "pass");
    assert_eq!(
        run.check("security.password-reuse-prevention")["message"],
        "the last 24 passwords cannot be reused"
    );
}

#[tokio::test]
async fn password_reuse_prevention_fails_when_unset_or_too_short() {
    let (_moto, seed, gonogo) = account().await;
    let id = "security.password-reuse-prevention";
    let run = expect_status(&gonogo, id, "", "fail");
    assert_eq!(run.check(id)["message"], "no password policy is set");
    seed.iam
        .update_account_password_policy()
        .minimum_password_length(14)
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, id, "", "fail");
    assert_eq!(run.check(id)["message"], "password reuse is not prevented");
    seed.iam
        .update_account_password_policy()
        .minimum_password_length(14)
        .password_reuse_prevention(5)
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, id, "remember = 12", "fail");
    assert_eq!(
        run.check(id)["message"],
        "only the last 5 passwords are kept from reuse, < 12"
    );
    seed.strong_password_policy().await;
    expect_status(&gonogo, id, "remember = 24", "pass");
}

#[tokio::test]
async fn console_users_mfa_passes_when_every_console_user_has_mfa() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("alice", true, true, false).await;
    seed.user("robot", false, false, true).await;
    expect_status(&gonogo, "security.console-users-mfa", "", "pass");
}

#[tokio::test]
async fn console_users_mfa_fails_for_a_console_user_without_mfa() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("alice", true, true, false).await;
    seed.user("bob", true, false, false).await;
    let run = expect_status(&gonogo, "security.console-users-mfa", "", "fail");
    assert_eq!(
        run.check("security.console-users-mfa")["message"],
        "1 of 2 console users failing: bob has a console password and no MFA"
    );
}

#[tokio::test]
async fn access_key_rotation_passes_for_a_new_key() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("robot", false, false, true).await;
    expect_status(&gonogo, "security.access-key-rotation", "", "pass");
}

#[tokio::test]
async fn access_key_rotation_fails_once_the_key_is_older_than_the_limit() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("robot", false, false, true).await;
    // The audit's clock moved 100 days on: the key created now is 100 days old.
    let later = (Utc::now() + Duration::days(100)).to_rfc3339();
    let gonogo = gonogo.env("GONOGO_NOW", &later);
    let run = expect_status(&gonogo, "security.access-key-rotation", "", "fail");
    assert_eq!(
        run.check("security.access-key-rotation")["message"],
        "robot's key 1 is 100 days old"
    );
    expect_status(
        &gonogo,
        "security.access-key-rotation",
        "max_age_days = 120",
        "pass",
    );
}

#[tokio::test]
async fn admin_policies_pass_for_scoped_policies() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("deployer", false, false, false).await;
    seed.attached_policy("deployer", "deploy", SCOPED).await;
    expect_status(&gonogo, "security.admin-policies", "", "pass");
}

#[tokio::test]
async fn admin_policies_fail_for_an_attached_star_star_policy() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("deployer", false, false, false).await;
    seed.attached_policy("deployer", "god-mode", ADMIN).await;
    let run = expect_status(&gonogo, "security.admin-policies", "", "fail");
    let finding = &run.check("security.admin-policies")["findings"][0];
    assert_eq!(
        finding["resource"],
        "arn:aws:iam::123456789012:policy/god-mode"
    );
}

#[tokio::test]
async fn sqs_encryption_passes_for_sse_and_kms_queues() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("sse", &[(QueueAttributeName::SqsManagedSseEnabled, "true")])
        .await;
    seed.queue(
        "kms",
        &[(QueueAttributeName::KmsMasterKeyId, "alias/aws/sqs")],
    )
    .await;
    expect_status(&gonogo, "security.sqs-encryption", "", "pass");
}

#[tokio::test]
async fn sqs_encryption_fails_for_a_plain_queue() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("sse", &[(QueueAttributeName::SqsManagedSseEnabled, "true")])
        .await;
    seed.queue(
        "plain",
        &[(QueueAttributeName::SqsManagedSseEnabled, "false")],
    )
    .await;
    let run = expect_status(&gonogo, "security.sqs-encryption", "", "fail");
    assert_eq!(
        run.check("security.sqs-encryption")["message"],
        "1 of 2 queues failing: plain is not encrypted"
    );
}

fn queue_policy(condition: bool) -> String {
    let condition = if condition {
        r#","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:events"}}"#
    } else {
        ""
    };
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"{condition}}}]}}"#
    )
}

#[tokio::test]
async fn sqs_public_access_passes_for_a_conditioned_policy() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue(
        "events",
        &[(QueueAttributeName::Policy, &queue_policy(true))],
    )
    .await;
    seed.queue("private", &[]).await;
    expect_status(&gonogo, "security.sqs-public-access", "", "pass");
}

#[tokio::test]
async fn sqs_public_access_fails_for_principal_star_without_condition() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue(
        "open",
        &[(QueueAttributeName::Policy, &queue_policy(false))],
    )
    .await;
    let run = expect_status(&gonogo, "security.sqs-public-access", "", "fail");
    assert_eq!(run.code, 2, "critical: NO-GO");
}
