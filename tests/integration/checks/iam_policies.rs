//! The IAM policy checks of CIS 2.13, 2.14, 2.15 and 2.20 against moto. AWS-managed policies
//! exist in moto only when it starts with `MOTO_IAM_LOAD_MANAGED_POLICIES=true`.

use gonogo_tests::{Gonogo, Moto, Seeder};

use crate::{account, expect_status};

const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

async fn with_managed_policies() -> (Moto, Seeder, Gonogo) {
    let moto = Moto::start_with_env(&[("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")]);
    let seed = Seeder::new(&moto).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    (moto, seed, gonogo)
}

async fn role_with(seed: &Seeder, role: &str, policy: &str) {
    seed.iam
        .create_role()
        .role_name(role)
        .assume_role_policy_document(EC2_TRUST)
        .send()
        .await
        .unwrap();
    seed.iam
        .attach_role_policy()
        .role_name(role)
        .policy_arn(format!("arn:aws:iam::aws:policy/{policy}"))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn admin_policies_fail_for_an_attached_aws_managed_administrator_access() {
    let (_moto, seed, gonogo) = with_managed_policies().await;
    role_with(&seed, "break-glass", "AdministratorAccess").await;
    let run = expect_status(&gonogo, "security.admin-policies", "", "fail");
    assert_eq!(
        run.check("security.admin-policies")["findings"][0]["resource"],
        "arn:aws:iam::aws:policy/AdministratorAccess"
    );
}

#[tokio::test]
async fn support_role_passes_when_aws_support_access_is_attached() {
    let (_moto, seed, gonogo) = with_managed_policies().await;
    role_with(&seed, "support", "AWSSupportAccess").await;
    let run = expect_status(&gonogo, "security.support-role", "", "pass");
    assert_eq!(
        run.check("security.support-role")["message"],
        "AWSSupportAccess is attached to 1 entity"
    );
}

#[tokio::test]
async fn support_role_fails_when_no_one_has_it() {
    let (_moto, _seed, gonogo) = with_managed_policies().await;
    let run = expect_status(&gonogo, "security.support-role", "", "fail");
    assert_eq!(
        run.check("security.support-role")["message"],
        "AWSSupportAccess is attached to no one"
    );
}

#[tokio::test]
async fn cloudshell_full_access_passes_unattached_and_fails_attached() {
    let (_moto, seed, gonogo) = with_managed_policies().await;
    expect_status(&gonogo, "security.cloudshell-full-access", "", "pass");
    role_with(&seed, "ops", "AWSCloudShellFullAccess").await;
    let run = expect_status(&gonogo, "security.cloudshell-full-access", "", "fail");
    assert_eq!(
        run.check("security.cloudshell-full-access")["findings"][0]["resource"],
        "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
    );
}

#[tokio::test]
async fn user_direct_policies_pass_for_users_in_groups_only() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("alice", true, true, false).await;
    seed.iam
        .create_group()
        .group_name("developers")
        .send()
        .await
        .unwrap();
    seed.iam
        .add_user_to_group()
        .group_name("developers")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    expect_status(&gonogo, "security.user-direct-policies", "", "pass");
}

#[tokio::test]
async fn user_direct_policies_fail_for_attached_and_inline_policies() {
    let (_moto, seed, gonogo) = account().await;
    seed.user("deployer", false, false, false).await;
    seed.attached_policy(
        "deployer",
        "deploy",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#,
    )
    .await;
    seed.iam
        .put_user_policy()
        .user_name("deployer")
        .policy_name("extra")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, "security.user-direct-policies", "", "fail");
    assert_eq!(
        run.check("security.user-direct-policies")["message"],
        "deployer has policies of its own: attached deploy; inline extra"
    );
}
