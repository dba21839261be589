//! Every finding of a report, passing ones included, with a uid stable per check, account,
//! region and resource: what finding stores (Security Hub, an OCSF consumer) are sent, so that
//! the next run's record of the same thing updates it.

use gonogo_core::Status;
use gonogo_core::outcome::GLOBAL_REGION;

use crate::contract::FindingReport;
use crate::model::{CheckReport, Report};

/// Hex digits of the fingerprint a uid keeps (128 bits).
const UID_HASH_CHARS: usize = 32;

/// One finding of a report, or a check's result as a whole where no finding tells it (a
/// check that could not be evaluated, was not applicable, or fails with no resource named).
#[derive(Clone, Debug)]
pub struct FindingRecord<'a> {
    /// The check.
    pub check: &'a CheckReport,
    /// The finding's status, or the check's for a check-level record.
    pub status: Status,
    /// The account, when known.
    pub account: Option<String>,
    /// The region, `global` for account-wide findings, `None` for a check-level record.
    pub region: Option<String>,
    /// The resource's ARN or id; empty for a check-level record.
    pub resource: &'a str,
    /// What was found.
    pub message: &'a str,
}

impl FindingRecord<'_> {
    /// `gonogo/ACCOUNT/REGION/CHECK/HASH`: the same for the same check, account, region and
    /// resource in every run (REGION is `global` for account-wide records).
    pub fn uid(&self) -> String {
        let hash = self.fingerprint();
        format!(
            "{}{}/{}",
            uid_prefix(
                self.account.as_deref().unwrap_or("unknown"),
                self.region_or_global()
            ),
            self.check.id,
            &hash[..UID_HASH_CHARS]
        )
    }

    /// The region, or `global` when the record is account-wide.
    pub fn region_or_global(&self) -> &str {
        self.region.as_deref().unwrap_or(GLOBAL_REGION)
    }

    /// The resource's ASFF type, `AwsAccount` for a check-level record, `Other` when the
    /// ARN is not one gonogo maps.
    pub fn resource_type(&self) -> &'static str {
        crate::resource_types::resource_type(self.resource)
    }

    /// Whether this is the check's result rather than one resource's.
    pub fn is_check_level(&self) -> bool {
        self.resource.is_empty()
    }
}

/// The start of the uids of `account`'s records in `region` (`global` for account-wide ones).
pub fn uid_prefix(account: &str, region: &str) -> String {
    format!("gonogo/{account}/{region}/")
}

/// Every finding of `report`, check by check; a check-level record where the check's status
/// is told by no finding: no findings at all, an error or skip, or a failure or warning
/// with no failing or warning finding.
pub fn finding_records(report: &Report) -> Vec<FindingRecord<'_>> {
    let mut out = Vec::new();
    for check in &report.checks {
        let told_by_findings = match check.status {
            Status::Error | Status::Skip => false,
            Status::Fail | Status::Warn => check.findings.iter().any(FindingReport::is_problem),
            Status::Pass | Status::Waived => !check.findings.is_empty(),
        };
        if !told_by_findings {
            out.push(FindingRecord {
                check,
                status: check.status,
                account: report.target.account_id.clone(),
                region: None,
                resource: "",
                message: &check.message,
            });
        }
        out.extend(check.findings.iter().map(|finding| {
            FindingRecord {
                check,
                status: finding.status,
                account: finding
                    .account
                    .clone()
                    .or_else(|| report.target.account_id.clone()),
                region: finding.region.clone(),
                resource: &finding.resource,
                message: &finding.message,
            }
        }));
    }
    out
}
