//! The load balancer checks against moto: target health, TLS policies, the HTTP redirect and
//! deletion protection.

use crate::{account, expect_status};

#[tokio::test]
async fn target_health_passes_with_a_running_target_and_fails_with_none_serving() {
    let (_moto, seed, gonogo) = account().await;
    let lb = seed.load_balancer("web", None).await;
    let running = seed.instance(true, None).await;
    let serving = seed.target_group("serving", &[&running]).await;
    seed.listener(&lb, 80, None, Some(&serving)).await;
    // A target group nothing routes to serves no traffic and is not judged.
    seed.target_group("spare", &[]).await;
    let run = expect_status(&gonogo, "infrastructure.elb-target-health", "", "pass");
    assert_eq!(
        run.check("infrastructure.elb-target-health")["message"],
        "serving: 1 of 1 targets healthy"
    );

    // moto reports a stopped instance `unused`, never `unhealthy`: a group whose only
    // target is stopped has no healthy target. The `unhealthy` side is covered beside the
    // check over hand-built facts.
    let stopped = seed.instance(true, None).await;
    let broken = seed.target_group("broken", &[&stopped]).await;
    seed.ec2
        .stop_instances()
        .instance_ids(&stopped)
        .send()
        .await
        .unwrap();
    seed.listener(&lb, 8080, None, Some(&broken)).await;
    let run = expect_status(&gonogo, "infrastructure.elb-target-health", "", "fail");
    assert_eq!(
        run.check("infrastructure.elb-target-health")["message"],
        "1 of 2 target groups in use failing: broken has no healthy target (1 registered)"
    );
    assert_eq!(run.code, 2, "critical: NO-GO");
}

#[tokio::test]
async fn tls_policy_fails_for_a_listener_that_allows_tls_1_0() {
    let (_moto, seed, gonogo) = account().await;
    let lb = seed.load_balancer("web", None).await;
    let group = seed.target_group("app", &[]).await;
    seed.listener(
        &lb,
        443,
        Some("ELBSecurityPolicy-TLS13-1-2-2021-06"),
        Some(&group),
    )
    .await;
    expect_status(&gonogo, "security.elb-tls-policy", "", "pass");

    seed.listener(&lb, 8443, Some("ELBSecurityPolicy-2016-08"), Some(&group))
        .await;
    let run = expect_status(&gonogo, "security.elb-tls-policy", "", "fail");
    let message = run.check("security.elb-tls-policy")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with(
            "1 of 2 HTTPS or TLS listeners failing: web:8443 uses ELBSecurityPolicy-2016-08, \
             which allows TLSv1"
        ),
        "{message}"
    );
}

#[tokio::test]
async fn http_redirect_fails_for_a_listener_that_forwards_plain_http() {
    let (_moto, seed, gonogo) = account().await;
    let lb = seed.load_balancer("web", None).await;
    seed.listener(&lb, 80, None, None).await;
    expect_status(&gonogo, "security.elb-http-redirect", "", "pass");

    let group = seed.target_group("app", &[]).await;
    seed.listener(&lb, 8080, None, Some(&group)).await;
    let run = expect_status(&gonogo, "security.elb-http-redirect", "", "fail");
    assert_eq!(
        run.check("security.elb-http-redirect")["message"],
        "1 of 2 HTTP listeners failing: web:8080 answers plain HTTP (forward)"
    );
}

#[tokio::test]
async fn deletion_protection_fails_until_it_is_turned_on() {
    let (_moto, seed, gonogo) = account().await;
    let lb = seed.load_balancer("web", None).await;
    expect_status(&gonogo, "operations.elb-deletion-protection", "", "fail");
    seed.protect_load_balancer(&lb).await;
    expect_status(&gonogo, "operations.elb-deletion-protection", "", "pass");
}

#[tokio::test]
async fn invalid_headers_fail_until_the_load_balancer_drops_them() {
    let (_moto, seed, gonogo) = account().await;
    let lb = seed.load_balancer("web", None).await;
    let run = expect_status(&gonogo, "security.elb-drop-invalid-headers", "", "fail");
    assert_eq!(
        run.check("security.elb-drop-invalid-headers")["message"],
        "web passes invalid headers on"
    );
    seed.load_balancer_attribute(
        &lb,
        "routing.http.drop_invalid_header_fields.enabled",
        "true",
    )
    .await;
    expect_status(&gonogo, "security.elb-drop-invalid-headers", "", "pass");
}
