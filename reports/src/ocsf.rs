//! OCSF 1.5: one Detection Finding (class 2004) per finding, as one JSON array.
//!
//! The statuses map the way Prowler's OCSF output maps its own, so that what reads Prowler's
//! reads gonogo's: `status_code` is `PASS`, `FAIL` or `MANUAL`; `status_id` is New (1), or
//! Suppressed (3) for a waived (Prowler: muted) finding; times are seconds since the epoch
//! with an RFC 3339 `_dt` twin. gonogo's own status is kept in `unmapped`.

use gonogo_core::{Severity, Status};
use serde::Serialize;

use crate::model::Report;
use crate::records::{FindingRecord, finding_records};

/// The OCSF schema version written.
pub const OCSF_VERSION: &str = "1.5.0";
/// Detection Finding.
const CLASS_UID: u32 = 2004;
/// Findings.
const CATEGORY_UID: u32 = 2;
/// Create.
const ACTIVITY_ID: u32 = 1;
/// OCSF `cloud.account.type_id` of an AWS account.
const AWS_ACCOUNT_TYPE: u32 = 10;

#[derive(Serialize)]
struct DetectionFinding {
    message: String,
    activity_id: u32,
    activity_name: &'static str,
    category_uid: u32,
    category_name: &'static str,
    class_uid: u32,
    class_name: &'static str,
    type_uid: u32,
    type_name: &'static str,
    time: i64,
    time_dt: String,
    severity_id: u8,
    severity: &'static str,
    status_id: u8,
    status: &'static str,
    status_code: &'static str,
    status_detail: String,
    finding_info: FindingInfo,
    resources: Vec<ResourceDetails>,
    cloud: Cloud,
    remediation: Remediation,
    metadata: Metadata,
    unmapped: Unmapped,
}

#[derive(Serialize)]
struct FindingInfo {
    uid: String,
    title: String,
    desc: String,
    created_time: i64,
    created_time_dt: String,
    types: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Serialize)]
struct ResourceDetails {
    uid: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    region: String,
    cloud_partition: &'static str,
    group: Group,
}

#[derive(Serialize)]
struct Group {
    name: String,
}

#[derive(Serialize)]
struct Cloud {
    provider: &'static str,
    region: String,
    account: Account,
}

#[derive(Serialize)]
struct Account {
    uid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    type_id: u32,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Remediation {
    desc: String,
    references: Vec<String>,
}

#[derive(Serialize)]
struct Metadata {
    version: &'static str,
    event_code: String,
    product: Product,
    profiles: [&'static str; 2],
}

#[derive(Serialize)]
struct Product {
    uid: &'static str,
    name: &'static str,
    vendor_name: &'static str,
    version: String,
}

#[derive(Serialize)]
struct Unmapped {
    gonogo_status: Status,
    category: String,
    check_severity: Severity,
}

/// Every finding of `report` (passing ones too, and a record per check whose result no
/// finding tells) as an OCSF Detection Finding, in one JSON array.
pub fn render_ocsf(report: &Report) -> String {
    let finished = chrono::DateTime::parse_from_rfc3339(&report.finished_at).ok();
    let time = finished.map_or(0, |t| t.timestamp());
    let time_dt = report.finished_at.clone();
    let findings: Vec<DetectionFinding> = finding_records(report)
        .iter()
        .map(|record| detection_finding(report, record, time, &time_dt))
        .collect();
    // A model of plain strings and numbers always serializes.
    let mut out =
        serde_json::to_string_pretty(&findings).unwrap_or_else(|err| format!("[\"{err}\"]"));
    out.push('\n');
    out
}

fn detection_finding(
    report: &Report,
    record: &FindingRecord<'_>,
    time: i64,
    time_dt: &str,
) -> DetectionFinding {
    let check = record.check;
    let (severity_id, severity) = severity(check.severity);
    let (status_id, status) = if record.status == Status::Waived {
        (3, "Suppressed")
    } else {
        (1, "New")
    };
    let account = record.account.clone().unwrap_or_default();
    let name = report
        .accounts
        .iter()
        .find(|a| a.account_id.as_deref() == Some(account.as_str()))
        .and_then(|a| a.name.clone());
    let region = record.region_or_global().to_owned();
    let (resource_uid, resource_name) = if record.is_check_level() {
        (format!("arn:aws:iam::{account}:root"), account.clone())
    } else {
        (
            record.resource.to_owned(),
            record
                .resource
                .rsplit([':', '/'])
                .next()
                .unwrap_or(record.resource)
                .to_owned(),
        )
    };
    let service = check.id.split('.').next().unwrap_or_default().to_owned();
    DetectionFinding {
        message: record.message.to_owned(),
        activity_id: ACTIVITY_ID,
        activity_name: "Create",
        category_uid: CATEGORY_UID,
        category_name: "Findings",
        class_uid: CLASS_UID,
        class_name: "Detection Finding",
        type_uid: CLASS_UID * 100 + ACTIVITY_ID,
        type_name: "Detection Finding: Create",
        time,
        time_dt: time_dt.to_owned(),
        severity_id,
        severity,
        status_id,
        status,
        status_code: status_code(record.status),
        status_detail: record.message.to_owned(),
        finding_info: FindingInfo {
            uid: record.uid(),
            title: check.title.clone(),
            desc: check.message.clone(),
            created_time: time,
            created_time_dt: time_dt.to_owned(),
            types: vec![check.category.to_string()],
            name: (!record.is_check_level()).then(|| resource_name.clone()),
        },
        resources: vec![ResourceDetails {
            uid: resource_uid,
            name: resource_name,
            kind: record.resource_type().to_owned(),
            region: region.clone(),
            cloud_partition: "aws",
            group: Group { name: service },
        }],
        cloud: Cloud {
            provider: "aws",
            region,
            account: Account {
                uid: account,
                name,
                type_id: AWS_ACCOUNT_TYPE,
                kind: "AWS Account",
            },
        },
        remediation: Remediation {
            desc: check.remediation.clone(),
            references: Vec::new(),
        },
        metadata: Metadata {
            version: OCSF_VERSION,
            event_code: check.id.clone(),
            product: Product {
                uid: "gonogo",
                name: "gonogo",
                vendor_name: "gonogo",
                version: report.tool.version.clone(),
            },
            profiles: ["cloud", "datetime"],
        },
        unmapped: Unmapped {
            gonogo_status: record.status,
            category: check.category.to_string(),
            check_severity: check.severity,
        },
    }
}

/// Prowler's status words: a warning is a failure to look at, and what could not be
/// evaluated (or did not apply) is for a person to judge.
fn status_code(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Fail | Status::Warn | Status::Waived => "FAIL",
        Status::Error | Status::Skip => "MANUAL",
    }
}

/// OCSF `severity_id` and its name.
fn severity(severity: Severity) -> (u8, &'static str) {
    match severity {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}
