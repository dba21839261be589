//! How the demo snapshot is made from a recording of the seeded moto account, so that it reads
//! as the account it stands for:
//!
//! - moto's ids are the same on every run (the test seeds its random numbers); what it makes
//!   up from the clock (queue timestamps) and its port in queue URLs become stable;
//! - the recording's principal, moto's `user/moto`, becomes the role an auditor assumes;
//! - the facts moto cannot serve (it has no ListBackupJobs and no GuardDuty ListFindings; its
//!   GetMacieSession and GetBucketVersioning answers cannot be read; ListAnalyzers answers 500)
//!   are collected by gonogo's own collectors from AWS-shaped answers (`aws-smithy-mocks`):
//!   nightly backup jobs of two of the three databases, no GuardDuty finding, Macie never
//!   enabled, and Access Analyzer refused to the auditor's role, with the message gonogo gives
//!   a real `AccessDeniedException`. Bucket versioning, read one bucket at a time, is written
//!   as the fact's own type: versioning on, MFA Delete off (as in most accounts).

use aws_sdk_accessanalyzer::Client as AnalyzerClient;
use aws_sdk_backup::operation::list_backup_jobs::ListBackupJobsOutput;
use aws_sdk_backup::primitives::DateTime as AwsDateTime;
use aws_sdk_backup::types::{BackupJob, BackupJobState, RecoveryPointCreator};
use aws_sdk_macie2::operation::get_macie_session::GetMacieSessionError;
use aws_sdk_macie2::types::error::AccessDeniedException;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_runtime_api::http::Response;
use aws_smithy_types::body::SdkBody;
use chrono::{DateTime, Duration, Utc};
use gonogo_checks::aws::CallLabels;
use gonogo_checks::facts::{
    AccessAnalyzers, BackupJobs, GuardDutyDetectors, GuardDutyFindings, MacieSession,
    S3BucketVersioning, S3Buckets, Versioning,
};
use serde_json::{Value, json};

/// The instant the demo was recorded at.
pub(super) const RECORDED_AT: &str = "2026-11-26T12:00:00Z";

/// The account of the demo (moto's default).
const ACCOUNT: &str = "123456789012";

/// The role the demo's audit ran as.
const AUDITOR: &str = "arn:aws:sts::123456789012:assumed-role/gonogo-audit/ci";

/// The credential report's dates, which moto sets to the moment of seeding.
const CREDENTIAL_DATES: [&str; 5] = [
    "created",
    "password_last_changed",
    "password_last_used",
    "last_rotated",
    "last_used",
];

/// The recording, as the demo snapshot: stable, in AWS's shapes, with the facts moto cannot
/// serve collected from AWS-shaped answers.
pub(super) async fn demo_snapshot(mut recorded: Value) -> Value {
    let now: DateTime<Utc> = RECORDED_AT.parse().unwrap();
    sort_keys(&mut recorded);
    scrub(&mut recorded, now);
    let facts = &mut recorded["facts"];
    facts["sts.caller-identity"]["value"]["arn"] = Value::from(AUDITOR);
    facts["sts.caller-identity"]["value"]["user_id"] = Value::from("AROA4JQWV2N7K3EXAMPLE:ci");
    let detectors = serde_json::from_value(facts["guardduty.detectors"]["value"].clone()).unwrap();
    let buckets = serde_json::from_value(facts["s3.buckets"]["value"].clone()).unwrap();
    for (key, fact) in [
        ("backup.jobs", backup_jobs(now).await),
        ("macie.session", macie_not_enabled().await),
        ("accessanalyzer.analyzers", analyzers_denied().await),
        (
            "guardduty.findings",
            no_threat_findings(&detectors, now).await,
        ),
        (
            "s3.bucket-versioning",
            versioned_without_mfa_delete(&buckets),
        ),
    ] {
        assert!(
            facts.get(key).is_some(),
            "the recording holds {key}: the demo's checks read it"
        );
        facts[key] = fact;
    }
    sort_keys(&mut recorded);
    recorded
}

/// Sorts every object's keys, as serde_json keeps insertion order when another crate turns on
/// `preserve_order`.
fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(sort_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

/// Replaces what moto makes up anew on every run (queue timestamps, its port in queue URLs)
/// so that recordings compare; no check reads these. Credential dates become the recording
/// instant, as if the demo's users had just been made.
fn scrub(value: &mut Value, now: DateTime<Utc>) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if key == "CreatedTimestamp" || key == "LastModifiedTimestamp" {
                    // The queues were made a month before the recording.
                    *field = Value::String((now - Duration::days(30)).timestamp().to_string());
                } else if CREDENTIAL_DATES.contains(&key.as_str()) && field.is_string() {
                    *field = Value::String(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                } else if key == "url" {
                    if let Some(path) = field
                        .as_str()
                        .and_then(|url| url.strip_prefix("http://127.0.0.1:"))
                        .and_then(|rest| rest.split_once('/'))
                    {
                        *field = Value::String(format!(
                            "https://sqs.us-east-1.amazonaws.com/{}",
                            path.1
                        ));
                    }
                } else {
                    scrub(field, now);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| scrub(item, now)),
        _ => {}
    }
}

/// The nightly backup plan's jobs: `orders-db` and `sessions` backed up each night at 03:00
/// UTC for the last three nights, `carts` in no plan.
async fn backup_jobs(now: DateTime<Utc>) -> Value {
    let last_night = now.date_naive().and_hms_opt(3, 0, 0).unwrap().and_utc();
    let nightly = move |arn: &'static str| {
        (0..3)
            .map(|night| {
                let started = last_night - Duration::days(night);
                BackupJob::builder()
                    .resource_arn(arn)
                    .state(BackupJobState::Completed)
                    .created_by(
                        RecoveryPointCreator::builder()
                            .backup_plan_id("8f3c2a51-6d1e-4b7a-9c0f-2e5d7a9b1c34")
                            .backup_plan_name("nightly")
                            .build(),
                    )
                    .creation_date(AwsDateTime::from_secs(started.timestamp()))
                    .completion_date(AwsDateTime::from_secs(
                        (started + Duration::minutes(12)).timestamp(),
                    ))
                    .build()
            })
            .collect::<Vec<_>>()
    };
    let databases = mock!(aws_sdk_backup::Client::list_backup_jobs)
        .match_requests(|r| r.by_resource_type() == Some("RDS"))
        .then_output(move || {
            ListBackupJobsOutput::builder()
                .set_backup_jobs(Some(nightly(
                    "arn:aws:rds:us-east-1:123456789012:db:orders-db",
                )))
                .build()
        });
    let tables = mock!(aws_sdk_backup::Client::list_backup_jobs)
        .match_requests(|r| r.by_resource_type() == Some("DynamoDB"))
        .then_output(move || {
            ListBackupJobsOutput::builder()
                .set_backup_jobs(Some(nightly(
                    "arn:aws:dynamodb:us-east-1:123456789012:table/sessions",
                )))
                .build()
        });
    let client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&databases, &tables]);
    let jobs = BackupJobs::from_client(&client, now).await.unwrap();
    json!({ "value": jobs })
}

/// Macie never enabled: AWS answers GetMacieSession with "Macie is not enabled".
async fn macie_not_enabled() -> Value {
    let rule = mock!(aws_sdk_macie2::Client::get_macie_session).then_error(|| {
        GetMacieSessionError::AccessDeniedException(
            AccessDeniedException::builder()
                .message("Macie is not enabled.")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_macie2, [&rule]);
    let session = MacieSession::from_client(&client).await.unwrap();
    json!({ "value": session })
}

/// ListAnalyzers refused to the auditor's role, as AWS answers it.
async fn analyzers_denied() -> Value {
    let rule = mock!(aws_sdk_accessanalyzer::Client::list_analyzers).then_http_response(|| {
        let body = format!(
            r#"{{"message":"User: {AUDITOR} is not authorized to perform: access-analyzer:ListAnalyzers on resource: arn:aws:access-analyzer:us-east-1:{ACCOUNT}:*"}}"#
        );
        let mut answer = Response::new(403.try_into().unwrap(), SdkBody::from(body));
        let headers = answer.headers_mut();
        headers.insert("content-type", "application/json");
        headers.insert("x-amzn-errortype", "AccessDeniedException");
        headers.insert("x-amzn-requestid", "5f0e8c9a-2b7d-4c1e-9a3f-6d8b2e4c7a10");
        answer
    });
    let labels = CallLabels::default();
    labels.principal.set(AUDITOR.to_owned()).unwrap();
    let client: AnalyzerClient =
        mock_client!(aws_sdk_accessanalyzer, RuleMode::Sequential, [&rule], |c| c
            .interceptor(labels.clone()));
    let err = AccessAnalyzers::from_client(&client).await.unwrap_err();
    let message = match err {
        gonogo_core::FactError::Failed { message, .. } => message,
        other => panic!("ListAnalyzers refused is a failed fact, not {other}"),
    };
    json!({ "failed": message })
}

/// No GuardDuty finding worth collecting in the last days: ListFindings names none.
async fn no_threat_findings(detectors: &GuardDutyDetectors, now: DateTime<Utc>) -> Value {
    let rule = mock!(aws_sdk_guardduty::Client::list_findings).then_output(|| {
        aws_sdk_guardduty::operation::list_findings::ListFindingsOutput::builder().build()
    });
    let client = mock_client!(aws_sdk_guardduty, RuleMode::MatchAny, [&rule]);
    let findings = GuardDutyFindings::from_client(&client, detectors, now)
        .await
        .unwrap();
    json!({ "value": findings })
}

/// Every bucket versioned, none with MFA Delete.
fn versioned_without_mfa_delete(buckets: &S3Buckets) -> Value {
    let versioning = S3BucketVersioning {
        buckets: buckets
            .buckets
            .iter()
            .map(|bucket| Versioning {
                bucket: bucket.name.clone(),
                arn: bucket.arn.clone(),
                enabled: true,
                mfa_delete: false,
            })
            .collect(),
    };
    json!({ "value": versioning })
}
