//! ECS, DynamoDB, RDS, Synthetics and Lambda checks against moto.

use chrono::{Duration, Utc};
use gonogo_tests::{DbSettings, Gonogo, Moto, Seeder};

use crate::{account, expect_status};

/// A moto whose ECS services report `running` tasks each.
async fn account_running(running: &str) -> (Moto, Seeder, Gonogo) {
    let moto = Moto::start_with_env(&[("MOTO_ECS_SERVICE_RUNNING", running)]);
    let seeder = Seeder::new(&moto).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    (moto, seeder, gonogo)
}

#[tokio::test]
async fn ecs_clusters_pass_when_active_and_expected_ones_exist() {
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    expect_status(
        &gonogo,
        "infrastructure.ecs-clusters",
        "expected_clusters = [\"prod\"]",
        "pass",
    );
}

#[tokio::test]
async fn ecs_clusters_are_not_applicable_without_clusters_and_fail_with_a_missing_one() {
    let (_moto, seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "infrastructure.ecs-clusters", "", "skip");
    assert_eq!(
        run.check("infrastructure.ecs-clusters")["message"],
        "not applicable: no ECS clusters in us-east-1"
    );
    let run = expect_status(
        &gonogo,
        "infrastructure.ecs-clusters",
        "expected_clusters = [\"prod\"]",
        "fail",
    );
    assert_eq!(
        run.check("infrastructure.ecs-clusters")["message"],
        "expected cluster prod does not exist"
    );
    seed.ecs_cluster("prod", true).await;
    let run = expect_status(
        &gonogo,
        "infrastructure.ecs-clusters",
        "expected_clusters = [\"prod\", \"batch\"]",
        "fail",
    );
    assert_eq!(
        run.check("infrastructure.ecs-clusters")["message"],
        "1 of 2 ECS clusters failing: expected cluster batch does not exist"
    );
}

#[tokio::test]
async fn ecs_services_healthy_pass_when_running_matches_desired() {
    let (_moto, seed, gonogo) = account_running("2").await;
    seed.ecs_cluster("prod", true).await;
    seed.ecs_service("prod", "web", 2, Some((true, true))).await;
    let run = expect_status(&gonogo, "infrastructure.ecs-services-healthy", "", "pass");
    assert_eq!(
        run.check("infrastructure.ecs-services-healthy")["message"],
        "prod/web runs 2 of 2 tasks"
    );
}

#[tokio::test]
async fn ecs_services_healthy_fail_short_of_desired() {
    let (_moto, seed, gonogo) = account_running("1").await;
    seed.ecs_cluster("prod", true).await;
    seed.ecs_service("prod", "web", 3, Some((true, true))).await;
    let run = expect_status(&gonogo, "infrastructure.ecs-services-healthy", "", "fail");
    assert_eq!(
        run.check("infrastructure.ecs-services-healthy")["message"],
        "prod/web runs 1 of 3 tasks"
    );
}

#[tokio::test]
async fn ecs_circuit_breaker_fails_for_services_without_it() {
    // moto ignores deploymentConfiguration: every service it reports lacks the breaker. The
    // passing and "without rollback" paths are covered with aws-smithy-mocks in
    // checks/src/operations/ecs_circuit_breaker.rs.
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    seed.ecs_service("prod", "web", 0, Some((true, true))).await;
    let run = expect_status(&gonogo, "operations.ecs-circuit-breaker", "", "fail");
    assert_eq!(
        run.check("operations.ecs-circuit-breaker")["message"],
        "prod/web has no deployment circuit breaker"
    );
}

#[tokio::test]
async fn container_insights_pass_when_enabled() {
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    expect_status(&gonogo, "monitoring.ecs-container-insights", "", "pass");
}

#[tokio::test]
async fn container_insights_fail_when_disabled() {
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", false).await;
    expect_status(&gonogo, "monitoring.ecs-container-insights", "", "fail");
}

#[tokio::test]
async fn dynamodb_tables_pass_when_active_and_expected_ones_exist() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("sessions", true, true).await;
    expect_status(
        &gonogo,
        "infrastructure.dynamodb-tables",
        "expected_tables = [\"sessions\"]",
        "pass",
    );
}

#[tokio::test]
async fn dynamodb_tables_fail_when_an_expected_table_is_missing() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("sessions", true, true).await;
    expect_status(
        &gonogo,
        "infrastructure.dynamodb-tables",
        "expected_tables = [\"carts\"]",
        "fail",
    );
}

#[tokio::test]
async fn dynamodb_ttl_passes_when_enabled() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("sessions", true, false).await;
    seed.dynamodb_table("orders", false, false).await;
    expect_status(
        &gonogo,
        "operations.dynamodb-ttl",
        "ttl_tables = [\"sessions\"]",
        "pass",
    );
}

#[tokio::test]
async fn dynamodb_ttl_fails_for_a_table_without_it() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("sessions", true, false).await;
    seed.dynamodb_table("carts", false, false).await;
    let run = expect_status(
        &gonogo,
        "operations.dynamodb-ttl",
        "ttl_tables = [\"sessions\", \"carts\"]",
        "fail",
    );
    assert_eq!(
        run.check("operations.dynamodb-ttl")["message"],
        "1 of 2 tables failing: carts has TTL DISABLED"
    );
}

#[tokio::test]
async fn dynamodb_ttl_judges_only_the_tables_the_policy_names() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("orders", false, false).await;
    let run = expect_status(&gonogo, "operations.dynamodb-ttl", "", "skip");
    assert_eq!(
        run.check("operations.dynamodb-ttl")["message"],
        "not applicable: no tables named in `ttl_tables` in us-east-1",
        "an orders table must not expire its items: nothing named, nothing judged"
    );
    let run = expect_status(
        &gonogo,
        "operations.dynamodb-ttl",
        "ttl_tables = [\"sessions\"]",
        "fail",
    );
    assert_eq!(
        run.check("operations.dynamodb-ttl")["message"],
        "table sessions does not exist"
    );
}

#[tokio::test]
async fn dynamodb_pitr_passes_when_enabled() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("sessions", false, true).await;
    expect_status(&gonogo, "operations.dynamodb-pitr", "", "pass");
}

#[tokio::test]
async fn dynamodb_pitr_fails_when_disabled() {
    let (_moto, seed, gonogo) = account().await;
    seed.dynamodb_table("sessions", false, false).await;
    expect_status(&gonogo, "operations.dynamodb-pitr", "", "fail");
}

const BAD_DB: DbSettings = DbSettings {
    encrypted: false,
    public: true,
    retention_days: 1,
    deletion_protection: false,
    performance_insights: false,
    auto_minor_upgrade: false,
    multi_az: false,
};

#[tokio::test]
async fn rds_checks_pass_for_a_well_configured_instance() {
    let (_moto, seed, gonogo) = account().await;
    seed.db_instance("orders-db", DbSettings::GOOD).await;
    for id in [
        "infrastructure.rds-instances",
        "security.rds-encryption",
        "security.rds-public-access",
        "operations.rds-backups",
        "operations.rds-auto-minor-upgrade",
        "operations.rds-multi-az",
    ] {
        // Not rds-performance-insights: moto does not report PerformanceInsightsEnabled (its
        // passing path is covered with aws-smithy-mocks in
        // checks/src/operations/rds_performance_insights.rs).
        expect_status(&gonogo, id, "", "pass");
    }
}

#[tokio::test]
async fn rds_checks_fail_for_a_badly_configured_instance() {
    let (_moto, seed, gonogo) = account().await;
    seed.db_instance("orders-db", BAD_DB).await;
    for id in [
        "security.rds-encryption",
        "security.rds-public-access",
        "operations.rds-backups",
        "operations.rds-performance-insights",
        "operations.rds-auto-minor-upgrade",
        "operations.rds-multi-az",
    ] {
        expect_status(&gonogo, id, "", "fail");
    }
    let run = expect_status(&gonogo, "operations.rds-multi-az", "", "fail");
    assert_eq!(
        run.check("operations.rds-multi-az")["message"],
        "orders-db runs in one availability zone"
    );
    let run = expect_status(&gonogo, "operations.rds-backups", "", "fail");
    assert_eq!(
        run.check("operations.rds-backups")["message"],
        "orders-db: backups kept 1 days < 7, deletion protection off"
    );
}

#[tokio::test]
async fn rds_instances_fail_when_not_available() {
    let (_moto, seed, gonogo) = account().await;
    seed.db_instance("orders-db", DbSettings::GOOD).await;
    seed.rds
        .stop_db_instance()
        .db_instance_identifier("orders-db")
        .send()
        .await
        .unwrap();
    let run = expect_status(&gonogo, "infrastructure.rds-instances", "", "fail");
    assert_eq!(
        run.check("infrastructure.rds-instances")["message"],
        "orders-db is stopped"
    );
}

#[tokio::test]
async fn lambda_errors_pass_without_errors_and_with_invocations() {
    let (_moto, seed, gonogo) = account().await;
    seed.lambda_function("resize").await;
    let now = Utc::now();
    seed.lambda_metric(
        "resize",
        "Invocations",
        &[(now - Duration::minutes(5), 40.0)],
    )
    .await;
    seed.lambda_metric(
        "resize",
        "Errors",
        &[
            (now - Duration::minutes(5), 0.0),
            (now - Duration::minutes(200), 3.0),
        ],
    )
    .await;
    let run = expect_status(
        &gonogo,
        "monitoring.lambda-errors",
        "expected_functions = [\"resize\"]",
        "pass",
    );
    assert_eq!(
        run.check("monitoring.lambda-errors")["message"],
        "resize had 0 errors in 40 invocations over 60 min"
    );
}

#[tokio::test]
async fn lambda_errors_fail_on_errors_or_when_never_invoked() {
    let (_moto, seed, gonogo) = account().await;
    seed.lambda_function("resize").await;
    seed.lambda_function("nightly").await;
    let now = Utc::now();
    seed.lambda_metric("resize", "Errors", &[(now - Duration::minutes(5), 2.0)])
        .await;
    let run = expect_status(
        &gonogo,
        "monitoring.lambda-errors",
        "expected_functions = [\"nightly\"]",
        "fail",
    );
    let findings: Vec<(String, String)> = run.check("monitoring.lambda-errors")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["status"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            (
                "fail".to_owned(),
                "nightly was not invoked in the last 60 min".to_owned()
            ),
            (
                "fail".to_owned(),
                "resize had 2 errors in 0 invocations over 60 min".to_owned()
            ),
        ]
    );
}
