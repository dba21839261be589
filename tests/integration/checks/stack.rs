//! The rest of the go-live stack against moto: ACM certificates, Route 53 health checks,
//! GuardDuty detectors, and API Gateway stages. GuardDuty's findings and AWS Backup's jobs
//! are not served by moto (it answers 404): their checks are covered with aws-smithy-mocks
//! beside the checks.

use gonogo_tests::{Gonogo, Moto, Seeder};

use crate::{account, expect_status};

#[tokio::test]
async fn certificate_expiry_fails_within_min_days_and_warns_within_warn_days() {
    let (_moto, seed, gonogo) = account().await;
    // moto marks a certificate in use only for a classic load balancer: judge them all.
    let every = "in_use_only = false";
    seed.imported_certificate("shop.example.com", 200, 2048)
        .await;
    let run = expect_status(&gonogo, "operations.acm-certificate-expiry", every, "pass");
    assert_eq!(
        run.check("operations.acm-certificate-expiry")["message"],
        "shop.example.com expires in 200 days"
    );
    seed.imported_certificate("api.example.com", 45, 2048).await;
    expect_status(&gonogo, "operations.acm-certificate-expiry", every, "warn");
    seed.imported_certificate("old.example.com", 10, 2048).await;
    let run = expect_status(&gonogo, "operations.acm-certificate-expiry", every, "fail");
    assert_eq!(
        run.check("operations.acm-certificate-expiry")["message"],
        "1 of 3 certificates failing: old.example.com expires in 10 days (under 30)"
    );
    // None is in use: by default there is nothing to judge.
    let run = expect_status(&gonogo, "operations.acm-certificate-expiry", "", "skip");
    assert_eq!(
        run.check("operations.acm-certificate-expiry")["message"],
        "not applicable: no certificates in use in us-east-1"
    );
}

#[tokio::test]
async fn a_certificate_waiting_for_validation_fails() {
    // moto issues a requested certificate after MOTO_ACM_VALIDATION_WAIT seconds.
    let moto = Moto::start_with_env(&[("MOTO_ACM_VALIDATION_WAIT", "3600")]);
    let seed = Seeder::new(&moto).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    seed.imported_certificate("shop.example.com", 200, 2048)
        .await;
    expect_status(&gonogo, "security.acm-validation", "", "pass");
    seed.requested_certificate("new.example.com").await;
    let run = expect_status(&gonogo, "security.acm-validation", "", "fail");
    assert_eq!(
        run.check("security.acm-validation")["message"],
        "1 of 2 certificates failing: new.example.com is waiting for validation"
    );
}

#[tokio::test]
async fn a_1024_bit_rsa_key_fails() {
    let (_moto, seed, gonogo) = account().await;
    seed.imported_certificate("shop.example.com", 200, 2048)
        .await;
    expect_status(&gonogo, "security.acm-rsa-key-size", "", "pass");
    seed.imported_certificate("legacy.example.com", 200, 1024)
        .await;
    let run = expect_status(&gonogo, "security.acm-rsa-key-size", "", "fail");
    assert_eq!(
        run.check("security.acm-rsa-key-size")["message"],
        "1 of 2 certificates failing: legacy.example.com has a 1024-bit RSA key"
    );
}

#[tokio::test]
async fn an_unhealthy_or_silent_health_check_is_not_a_pass() {
    let (_moto, seed, gonogo) = account().await;
    let id = seed.health_check("shop.example.com", false).await;
    // No status yet: unknown, never a pass.
    expect_status(&gonogo, "infrastructure.route53-health-checks", "", "warn");
    seed.health_check_status(&id, true).await;
    let run = expect_status(&gonogo, "infrastructure.route53-health-checks", "", "pass");
    assert_eq!(
        run.check("infrastructure.route53-health-checks")["message"],
        format!("{id} (HTTPS shop.example.com:443/health) is healthy")
    );
    let other = seed.health_check("api.example.com", false).await;
    seed.health_check_status(&other, false).await;
    let run = expect_status(&gonogo, "infrastructure.route53-health-checks", "", "fail");
    let message = run.check("infrastructure.route53-health-checks")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with(&format!(
            "1 of 2 health checks failing: {other} (HTTPS api.example.com:443/health) is unhealthy"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn guardduty_must_be_enabled_in_the_region() {
    let (_moto, seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "monitoring.guardduty-enabled", "", "fail");
    assert_eq!(
        run.check("monitoring.guardduty-enabled")["message"],
        "no detector in us-east-1"
    );
    assert_eq!(
        run.check("monitoring.guardduty-enabled")["findings"][0]["resource"],
        "arn:aws:guardduty:us-east-1:123456789012:detector/*",
        "what is missing, as other checks name it: not an ARN with an empty id"
    );
    let id = seed.guardduty_detector(false).await;
    let run = expect_status(&gonogo, "monitoring.guardduty-enabled", "", "fail");
    assert_eq!(
        run.check("monitoring.guardduty-enabled")["message"],
        format!("detector {id} is DISABLED in us-east-1")
    );
    seed.guardduty
        .update_detector()
        .detector_id(&id)
        .enable(true)
        .send()
        .await
        .unwrap();
    expect_status(&gonogo, "monitoring.guardduty-enabled", "", "pass");
}

#[tokio::test]
async fn api_stages_need_throttling_and_access_logs() {
    let (_moto, seed, gonogo) = account().await;
    let logs = "arn:aws:logs:us-east-1:123456789012:log-group:api-access";
    seed.rest_api("orders", "prod", true, Some(logs)).await;
    seed.http_api("checkout", "prod", true, Some(logs)).await;
    let run = expect_status(&gonogo, "operations.api-throttling", "", "pass");
    assert_eq!(
        run.check("operations.api-throttling")["findings"][0]["message"],
        "checkout/prod throttles at 100 requests/s, bursts of 200"
    );
    expect_status(&gonogo, "monitoring.api-access-logs", "", "pass");

    seed.rest_api("legacy", "v1", false, None).await;
    seed.http_api("search", "live", false, None).await;
    let run = expect_status(&gonogo, "operations.api-throttling", "", "fail");
    assert_eq!(
        run.check("operations.api-throttling")["message"],
        "2 of 4 API stages failing: legacy/v1 (REST) sets no throttling limits (+1 more)"
    );
    let run = expect_status(&gonogo, "monitoring.api-access-logs", "", "fail");
    assert_eq!(
        run.check("monitoring.api-access-logs")["message"],
        "2 of 4 API stages failing: legacy/v1 (REST) keeps no access log (+1 more)"
    );
}
