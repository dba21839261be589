//! The identity checks of CIS 2.3, 2.11, 2.17, 2.18 and 2.19 against moto: the security
//! contact, unused credentials, IAM server certificates, Access Analyzer and identity
//! providers.

use crate::{account, expect_status};

#[tokio::test]
async fn security_contact_fails_without_one_and_passes_with_one() {
    let (_moto, seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.security-contact", "", "fail");
    assert_eq!(
        run.check("security.security-contact")["message"],
        "no security contact is registered"
    );
    seed.security_contact().await;
    let run = expect_status(&gonogo, "security.security-contact", "", "pass");
    assert_eq!(
        run.check("security.security-contact")["message"],
        "security contact: security@example.com"
    );
}

/// moto dates a credential when it is made and cannot backdate one: the fresh user passes
/// here, and the unused states are covered with `aws-smithy-mocks` beside the check.
#[tokio::test]
async fn unused_credentials_pass_for_a_user_whose_credentials_are_new() {
    let (_moto, seed, gonogo) = account().await;
    seed.iam
        .create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    seed.iam
        .create_login_profile()
        .user_name("alice")
        .password("Correct-Horse-9")
        .send()
        .await
        .unwrap();
    seed.iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, "security.unused-credentials", "", "pass");
    let findings = run.check("security.unused-credentials")["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let alice: Vec<_> = findings
        .iter()
        .filter(|f| {
            f["resource"]
                .as_str()
                .unwrap_or_default()
                .contains("user/alice/")
        })
        .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        alice,
        [
            "alice's password has never been used, and was set 0 days ago",
            "alice's key 1 has never been used, and was set 0 days ago"
        ]
    );
}

/// moto dates every certificate to expire in 2012: the expired side runs here, the valid side
/// with `aws-smithy-mocks` beside the check.
#[tokio::test]
async fn server_certificates_fail_for_an_expired_certificate() {
    let (_moto, seed, gonogo) = account().await;
    expect_status(&gonogo, "security.server-certificates", "", "skip");
    seed.server_certificate("old-www").await;
    let run = expect_status(&gonogo, "security.server-certificates", "", "fail");
    assert_eq!(
        run.check("security.server-certificates")["message"],
        "old-www expired on 2012-05-08"
    );
}

#[tokio::test]
async fn identity_federation_fails_without_providers_and_passes_with_saml() {
    let (_moto, seed, gonogo) = account().await;
    expect_status(&gonogo, "security.identity-federation", "", "fail");
    seed.saml_provider().await;
    let run = expect_status(&gonogo, "security.identity-federation", "", "pass");
    assert_eq!(
        run.check("security.identity-federation")["message"],
        "the account trusts 1 SAML and 0 OpenID Connect identity providers"
    );
}

/// moto has no IAM Access Analyzer: what it answers is an error, never a pass (both real
/// states are covered with `aws-smithy-mocks` beside the check).
#[tokio::test]
async fn access_analyzer_is_an_error_where_the_service_does_not_answer() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.access-analyzer-enabled", "", "error");
    assert!(
        run.check("security.access-analyzer-enabled")["message"]
            .as_str()
            .unwrap_or_default()
            .contains("IAM Access Analyzer analyzers"),
        "{}",
        run.check("security.access-analyzer-enabled")
    );
}
