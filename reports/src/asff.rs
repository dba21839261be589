//! What AWS Security Hub is sent (ASFF 2018-10-08): each finding record of a report as a
//! Security Hub finding, and each audited region's share of one account's report. The
//! import itself is a destination of the audit service.

use std::collections::{BTreeMap, BTreeSet};

use gonogo_core::Status;
use gonogo_core::outcome::GLOBAL_REGION;

use crate::model::Report;
use crate::records::{FindingRecord, finding_records, uid_prefix};

/// Where a finding stands (ASFF `Compliance.Status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HubCompliance {
    /// The check holds.
    Passed,
    /// It fails.
    Failed,
    /// It warns.
    Warning,
    /// It could not be evaluated, or did not apply.
    NotAvailable,
}

/// One finding to import.
#[derive(Clone, Debug, PartialEq)]
pub struct HubFinding {
    /// Stable per check, account, region and resource (a re-import updates it).
    pub id: String,
    /// The check's id (the finding's generator is `gonogo/CHECK`).
    pub check: String,
    /// The check's title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// The check's severity: the label `CRITICAL`, `HIGH`, `MEDIUM`, `LOW` or
    /// `INFORMATIONAL`, and gonogo's word as the original.
    pub severity: gonogo_core::Severity,
    /// Its status.
    pub compliance: HubCompliance,
    /// Waived by the policy: imported as suppressed.
    pub waived: bool,
    /// The ASFF finding type (`Software and Configuration Checks/…`).
    pub finding_type: String,
    /// The resource's ARN or id.
    pub resource_id: String,
    /// The ASFF resource type (`AwsS3Bucket`, `AwsAccount`, `Other`).
    pub resource_type: String,
    /// The remediation text.
    pub remediation: String,
}

/// The ASFF finding type every gonogo finding carries, by category.
pub fn finding_type(category: gonogo_core::Category) -> String {
    format!("Software and Configuration Checks/AWS Security Best Practices/{category}")
}

/// A record as the finding Security Hub is sent; a check-level record names the account.
pub fn hub_finding(record: &FindingRecord<'_>, account: &str) -> HubFinding {
    let compliance = match record.status {
        Status::Pass => HubCompliance::Passed,
        Status::Fail | Status::Waived => HubCompliance::Failed,
        Status::Warn => HubCompliance::Warning,
        Status::Error | Status::Skip => HubCompliance::NotAvailable,
    };
    HubFinding {
        id: record.uid(),
        check: record.check.id.clone(),
        title: record.check.title.clone(),
        description: record.message.to_owned(),
        severity: record.check.severity,
        compliance,
        waived: record.status == Status::Waived,
        finding_type: finding_type(record.check.category),
        resource_id: if record.is_check_level() {
            format!("AWS::::Account:{account}")
        } else {
            record.resource.to_owned()
        },
        resource_type: record.resource_type().to_owned(),
        remediation: record.check.remediation.clone(),
    }
}

/// The checks of `report` that were evaluated (passed, failed, warned or were waived): only
/// their earlier findings may be archived. A check that errored or was skipped tells nothing
/// about what it found before.
pub fn evaluated_checks(report: &Report) -> BTreeSet<String> {
    report
        .checks
        .iter()
        .filter(|c| {
            matches!(
                c.status,
                Status::Pass | Status::Fail | Status::Warn | Status::Waived
            )
        })
        .map(|c| c.id.clone())
        .collect()
}

/// What goes to one region's hub: its findings and the uid prefixes it owns.
#[derive(Debug, Default, PartialEq)]
pub struct RegionShare {
    /// The findings imported into that region's hub.
    pub findings: Vec<HubFinding>,
    /// The uid prefixes whose earlier findings this import may archive.
    pub owns: Vec<String>,
}

/// Each audited region's share of `report` (one account's): regional findings to their
/// region; account-wide ones (and those of a region not audited) to `home`, which owns the
/// `global` prefix besides its own.
pub fn region_shares(report: &Report, account: &str, home: &str) -> BTreeMap<String, RegionShare> {
    let regions = report.target.all_regions();
    let mut out: BTreeMap<String, RegionShare> = regions
        .iter()
        .map(|region| {
            let mut owns = vec![uid_prefix(account, region)];
            if region == home {
                owns.push(uid_prefix(account, GLOBAL_REGION));
            }
            (
                region.clone(),
                RegionShare {
                    findings: Vec::new(),
                    owns,
                },
            )
        })
        .collect();
    for record in finding_records(report) {
        let region = record.region_or_global();
        let to = if regions.iter().any(|r| r == region) {
            region
        } else {
            home
        };
        if let Some(destination) = out.get_mut(to) {
            destination.findings.push(hub_finding(&record, account));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An account audited in us-east-1 and eu-west-1: a regional check with findings in both
    /// and one in a region not audited, a global check, and one that errored.
    fn report() -> Report {
        let finding = |resource: &str, status: &str, region: &str| {
            serde_json::json!({
                "resource": resource, "status": status, "message": "m", "region": region,
            })
        };
        let check = |id: &str, status: &str, findings: Vec<serde_json::Value>| {
            serde_json::json!({
                "id": id, "title": "T", "category": "security", "severity": "high",
                "scope": "regional", "status": status, "duration_ms": 1, "message": "m",
                "remediation": "fix it", "findings": findings,
            })
        };
        let json = serde_json::json!({
            "schema_version": crate::model::SCHEMA_VERSION,
            "tool": {"name": "gonogo", "version": "0"},
            "started_at": "2026-12-01T00:00:00Z", "finished_at": "2026-12-01T00:00:01Z",
            "duration_ms": 1000,
            "target": {"account_id": "111111111111", "region": "us-east-1",
                       "regions": ["us-east-1", "eu-west-1"], "source": "live"},
            "verdict": "NO-GO", "exit_code": 2, "score": 50.0, "reasons": [],
            "summary": {"pass": 1, "warn": 0, "fail": 1, "error": 1, "skip": 0, "waived": 0},
            "incomplete": false,
            "checks": [
                check("security.regional", "fail", vec![
                    finding("arn:aws:sqs:us-east-1:111111111111:a", "fail", "us-east-1"),
                    finding("arn:aws:sqs:eu-west-1:111111111111:b", "pass", "eu-west-1"),
                    finding("arn:aws:s3:::c", "fail", "ap-south-1"),
                ]),
                check("security.global", "pass", vec![
                    finding("arn:aws:iam::111111111111:root", "pass", "global"),
                ]),
                check("security.broken", "error", vec![]),
            ],
        });
        Report::from_json(&json.to_string()).unwrap()
    }

    #[test]
    fn regional_findings_go_to_their_region_and_the_rest_home_which_owns_global() {
        let report = report();
        let routed = region_shares(&report, "111111111111", "eu-west-1");
        let ids = |region: &str| -> Vec<(String, HubCompliance)> {
            routed[region]
                .findings
                .iter()
                .map(|f| (f.resource_id.clone(), f.compliance))
                .collect()
        };
        assert_eq!(
            ids("us-east-1"),
            [(
                "arn:aws:sqs:us-east-1:111111111111:a".to_owned(),
                HubCompliance::Failed
            )]
        );
        let home = ids("eu-west-1");
        assert!(home.contains(&(
            "arn:aws:sqs:eu-west-1:111111111111:b".to_owned(),
            HubCompliance::Passed
        )));
        // A region not audited, the global check and the errored check's result go home.
        assert!(home.contains(&("arn:aws:s3:::c".to_owned(), HubCompliance::Failed)));
        assert!(home.contains(&(
            "arn:aws:iam::111111111111:root".to_owned(),
            HubCompliance::Passed
        )));
        assert!(home.contains(&(
            "AWS::::Account:111111111111".to_owned(),
            HubCompliance::NotAvailable
        )));
        assert_eq!(home.len(), 4);
        assert_eq!(routed["us-east-1"].owns, ["gonogo/111111111111/us-east-1/"]);
        assert_eq!(
            routed["eu-west-1"].owns,
            [
                "gonogo/111111111111/eu-west-1/",
                "gonogo/111111111111/global/"
            ]
        );
        // The errored check archives nothing.
        let evaluated = evaluated_checks(&report);
        assert!(evaluated.contains("security.regional") && evaluated.contains("security.global"));
        assert!(!evaluated.contains("security.broken"));
    }
}
