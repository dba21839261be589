//! The CloudTrail, AWS Config, KMS and load-balancer logging checks (CIS 4.1–4.3, 4.5, 4.6,
//! 4.8–4.10) against moto.

use aws_sdk_cloudtrail::types::ReadWriteType;
use aws_sdk_kms::types::{KeySpec, KeyUsageType};
use gonogo_tests::{Gonogo, Seeder, TrailSettings};

use crate::{account, expect_status};

const ALL_TRAILS: &str = "arn:aws:cloudtrail:us-east-1:123456789012:trail/*";

#[tokio::test]
async fn cloudtrail_enabled_fails_without_a_trail() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "monitoring.cloudtrail-enabled", "", "fail");
    let check = run.check("monitoring.cloudtrail-enabled");
    assert_eq!(check["message"], "no trail applies to us-east-1");
    assert_eq!(check["findings"][0]["resource"], ALL_TRAILS);
}

#[tokio::test]
async fn cloudtrail_enabled_fails_for_a_stopped_single_region_trail() {
    let (_moto, seed, gonogo) = account().await;
    let settings = TrailSettings {
        multi_region: false,
        logging: false,
        ..TrailSettings::GOOD
    };
    seed.trail("local", settings).await;
    let run = expect_status(&gonogo, "monitoring.cloudtrail-enabled", "", "fail");
    assert_eq!(
        run.check("monitoring.cloudtrail-enabled")["message"],
        "no multi-region trail logs management events in us-east-1: local is single-region, is not logging"
    );
}

#[tokio::test]
async fn cloudtrail_enabled_passes_in_every_region_for_one_multi_region_trail() {
    let (moto, seed, gonogo) = account().await;
    let arn = seed.trail("main", TrailSettings::GOOD).await;
    expect_status(&gonogo, "monitoring.cloudtrail-enabled", "", "pass");
    // Seen from another region, the trail homed in us-east-1 applies too; its status and
    // selectors are read in its home region.
    let run = Gonogo::new(Some(moto.endpoint())).audit(
        None,
        &[
            "--regions",
            "eu-west-1",
            "--check",
            "monitoring.cloudtrail-enabled",
            "--stats",
        ],
    );
    let check = run.check("monitoring.cloudtrail-enabled");
    assert_eq!(check["status"], "pass", "{check:#}\n{}", run.stderr);
    assert_eq!(check["findings"][0]["resource"], arn);
    assert_eq!(check["findings"][0]["region"], "eu-west-1");
    // The home-region client is counted like every other.
    let calls: Vec<String> = run.report()["stats"]["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["service"] == "CloudTrail")
        .map(|o| format!("{} {}", o["operation"].as_str().unwrap(), o["calls"]))
        .collect();
    assert_eq!(
        calls,
        [
            "DescribeTrails 1",
            "GetEventSelectors 1",
            "GetTrailStatus 1"
        ]
    );
}

#[tokio::test]
async fn cloudtrail_log_validation_passes_and_fails_per_trail() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    expect_status(&gonogo, "security.cloudtrail-log-validation", "", "pass");
    let unvalidated = TrailSettings {
        validation: false,
        ..TrailSettings::GOOD
    };
    seed.trail("legacy", unvalidated).await;
    let run = expect_status(&gonogo, "security.cloudtrail-log-validation", "", "fail");
    assert_eq!(
        run.check("security.cloudtrail-log-validation")["message"],
        "1 of 2 trails failing: legacy does not validate its log files"
    );
}

#[tokio::test]
async fn cloudtrail_checks_are_not_applicable_without_trails() {
    let (_moto, _seed, gonogo) = account().await;
    for id in [
        "security.cloudtrail-log-validation",
        "security.cloudtrail-kms",
    ] {
        let run = expect_status(&gonogo, id, "", "skip");
        assert_eq!(
            run.check(id)["message"],
            "not applicable: no trails in us-east-1"
        );
    }
}

#[tokio::test]
async fn cloudtrail_kms_passes_for_an_encrypted_trail_and_fails_without_a_key() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    expect_status(&gonogo, "security.cloudtrail-kms", "", "pass");
    let plain = TrailSettings {
        kms_key: None,
        ..TrailSettings::GOOD
    };
    seed.trail("plain", plain).await;
    let run = expect_status(&gonogo, "security.cloudtrail-kms", "", "fail");
    assert_eq!(
        run.check("security.cloudtrail-kms")["message"],
        "1 of 2 trails failing: plain is not encrypted with a KMS key"
    );
}

#[tokio::test]
async fn s3_object_events_fail_with_management_events_only() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    for (id, what) in [
        ("monitoring.s3-object-writes-logged", "writes"),
        ("monitoring.s3-object-reads-logged", "reads"),
    ] {
        let run = expect_status(&gonogo, id, "", "fail");
        assert_eq!(
            run.check(id)["message"],
            format!("no logging trail records S3 object {what} of every bucket in us-east-1")
        );
    }
}

#[tokio::test]
async fn s3_object_writes_pass_with_a_write_only_data_selector_which_misses_reads() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    seed.trail_s3_data_events("main", ReadWriteType::WriteOnly)
        .await;
    expect_status(&gonogo, "monitoring.s3-object-writes-logged", "", "pass");
    expect_status(&gonogo, "monitoring.s3-object-reads-logged", "", "fail");
}

#[tokio::test]
async fn s3_object_reads_pass_with_an_advanced_read_only_selector_which_misses_writes() {
    let (_moto, seed, gonogo) = account().await;
    seed.trail("main", TrailSettings::GOOD).await;
    seed.trail_advanced_s3_reads("main").await;
    expect_status(&gonogo, "monitoring.s3-object-reads-logged", "", "pass");
    expect_status(&gonogo, "monitoring.s3-object-writes-logged", "", "fail");
    // The advanced management selector still counts for CIS 4.1.
    expect_status(&gonogo, "monitoring.cloudtrail-enabled", "", "pass");
}

#[tokio::test]
async fn config_recording_fails_without_a_recorder() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "monitoring.config-recording", "", "fail");
    assert_eq!(
        run.check("monitoring.config-recording")["message"],
        "no configuration recorder in us-east-1"
    );
}

#[tokio::test]
async fn config_recording_passes_for_a_started_recorder_of_everything() {
    // moto leaves a started recorder `Pending`; Success and Failure are covered with
    // aws-smithy-mocks in checks/src/facts/config_recorders.rs.
    let (_moto, seed, gonogo) = account().await;
    seed.config_recorder(true, true).await;
    expect_status(&gonogo, "monitoring.config-recording", "", "pass");
}

#[tokio::test]
async fn config_recording_fails_when_global_resources_are_left_out() {
    let (_moto, seed, gonogo) = account().await;
    seed.config_recorder(true, false).await;
    let run = expect_status(&gonogo, "monitoring.config-recording", "", "fail");
    assert_eq!(
        run.check("monitoring.config-recording")["message"],
        "default leaves out global resource types"
    );
}

#[tokio::test]
async fn kms_rotation_passes_for_rotating_keys() {
    let (_moto, seed, gonogo) = account().await;
    seed.kms_key(true).await;
    expect_status(&gonogo, "security.kms-rotation", "", "pass");
}

#[tokio::test]
async fn kms_rotation_fails_for_a_key_without_rotation() {
    let (_moto, seed, gonogo) = account().await;
    seed.kms_key(true).await;
    let stale = seed.kms_key(false).await;
    let run = expect_status(&gonogo, "security.kms-rotation", "", "fail");
    assert_eq!(
        run.check("security.kms-rotation")["message"],
        format!("1 of 2 customer-managed keys failing: {stale} does not rotate")
    );
}

#[tokio::test]
async fn kms_rotation_does_not_judge_asymmetric_keys() {
    let (_moto, seed, gonogo) = account().await;
    asymmetric_key(&seed).await;
    let run = expect_status(&gonogo, "security.kms-rotation", "", "skip");
    assert_eq!(
        run.check("security.kms-rotation")["message"],
        "not applicable: no customer-managed keys in us-east-1"
    );
}

async fn asymmetric_key(seed: &Seeder) {
    seed.kms
        .create_key()
        .key_spec(KeySpec::Rsa2048)
        .key_usage(KeyUsageType::SignVerify)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn security_hub_enabled_fails_until_the_hub_is_enabled() {
    let (_moto, seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "monitoring.security-hub-enabled", "", "fail");
    assert_eq!(
        run.check("monitoring.security-hub-enabled")["message"],
        "not enabled in us-east-1"
    );
    seed.securityhub.enable_security_hub().send().await.unwrap();
    let run = expect_status(&gonogo, "monitoring.security-hub-enabled", "", "pass");
    assert_eq!(
        run.check("monitoring.security-hub-enabled")["findings"][0]["resource"],
        "arn:aws:securityhub:us-east-1:123456789012:hub/default"
    );
}

#[tokio::test]
async fn elb_access_logs_fail_without_logging_and_pass_with_it() {
    let (_moto, seed, gonogo) = account().await;
    expect_status(&gonogo, "monitoring.elb-access-logs", "", "skip");
    seed.bucket("lb-logs").await;
    seed.load_balancer("web", Some("lb-logs")).await;
    let run = expect_status(&gonogo, "monitoring.elb-access-logs", "", "pass");
    assert_eq!(
        run.check("monitoring.elb-access-logs")["message"],
        "web logs to s3://lb-logs"
    );
    let quiet = seed.load_balancer("internal-api", None).await;
    let run = expect_status(&gonogo, "monitoring.elb-access-logs", "", "fail");
    assert_eq!(
        run.check("monitoring.elb-access-logs")["message"],
        "1 of 2 load balancers failing: internal-api writes no access logs"
    );
    assert_eq!(
        run.check("monitoring.elb-access-logs")["findings"][0]["resource"],
        quiet
    );
}
