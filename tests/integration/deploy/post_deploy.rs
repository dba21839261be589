//! The post-deploy view end to end: `gonogo audit --tag post-deploy` is the runbook's "all
//! validations pass?", over target health, Route 53 health checks, ECS services, alarms,
//! canaries, Lambda errors and GuardDuty's recent findings.

use crate::account;

/// The checks the view runs, in the report's order.
const POST_DEPLOY: [&str; 7] = [
    "infrastructure.ecs-services-healthy",
    "infrastructure.elb-target-health",
    "infrastructure.route53-health-checks",
    "monitoring.alarms-firing",
    "monitoring.canary-success",
    "monitoring.guardduty-findings",
    "monitoring.lambda-errors",
];

#[tokio::test]
async fn post_deploy_is_go_with_healthy_targets_and_no_go_once_a_group_has_none() {
    let (_moto, seed, gonogo) = account().await;
    let lb = seed.load_balancer("web", None).await;
    let instance = seed.instance(true, None).await;
    let group = seed.target_group("app", &[&instance]).await;
    seed.listener(&lb, 80, None, Some(&group)).await;
    let health_check = seed.health_check("shop.example.com", false).await;
    seed.health_check_status(&health_check, true).await;

    let run = gonogo.audit(None, &["--tag", "post-deploy"]);
    let ids: Vec<&str> = run.report()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, POST_DEPLOY);
    assert_eq!(run.report()["verdict"], "GO", "{:#}", run.report());
    assert_eq!(run.code, 0);
    assert_eq!(run.status("infrastructure.elb-target-health"), "pass");
    assert_eq!(run.status("infrastructure.route53-health-checks"), "pass");

    // moto reports a stopped instance's target `unused`, never `unhealthy` (the unhealthy
    // state is covered beside the check): the group has no healthy target left.
    seed.ec2
        .stop_instances()
        .instance_ids(&instance)
        .send()
        .await
        .unwrap();
    let run = gonogo.audit(None, &["--tag", "post-deploy"]);
    assert_eq!(run.report()["verdict"], "NO-GO", "{:#}", run.report());
    assert_eq!(run.code, 2);
    assert_eq!(
        run.check("infrastructure.elb-target-health")["message"],
        "app has no healthy target (1 registered)"
    );
}

#[tokio::test]
async fn post_deploy_is_no_go_when_a_route53_health_check_reports_unhealthy() {
    let (_moto, seed, gonogo) = account().await;
    let health_check = seed.health_check("shop.example.com", false).await;
    seed.health_check_status(&health_check, false).await;
    let run = gonogo.audit(None, &["--tag", "post-deploy"]);
    assert_eq!(run.report()["verdict"], "NO-GO", "{:#}", run.report());
    assert_eq!(run.status("infrastructure.route53-health-checks"), "fail");
}
