//! The problems of a report, one per failing or warning finding, for the formats that list
//! problems rather than checks (SARIF, GitLab Code Quality, GitHub annotations).

use gonogo_core::Status;
use gonogo_core::outcome::GLOBAL_REGION;
use sha2::{Digest, Sha256};

use crate::model::Report;
use crate::records::{FindingRecord, finding_records};

impl FindingRecord<'_> {
    /// The message with the resource and its region, which these formats show nowhere else.
    pub(crate) fn text(&self) -> String {
        match (self.resource, self.region.as_deref()) {
            ("", _) => self.message.to_owned(),
            (resource, Some(region)) if region != GLOBAL_REGION => {
                format!("{} ({resource}, {region})", self.message)
            }
            (resource, _) => format!("{} ({resource})", self.message),
        }
    }

    /// Where it is, for a logical location: the resource, else the account.
    pub(crate) fn place(&self) -> &str {
        match (self.resource, self.account.as_deref()) {
            ("", Some(account)) => account,
            ("", None) => "unknown account",
            (resource, _) => resource,
        }
    }

    /// Stable per check, account, region and resource: a later run's problem has the same.
    pub(crate) fn fingerprint(&self) -> String {
        fingerprint(
            &self.check.id,
            self.account.as_deref(),
            self.region.as_deref(),
            self.resource,
        )
    }
}

/// Every problem of `report`, in its check order: its failing and warning records (a check
/// that fails or warns with no failing or warning finding is one, for the account).
pub(crate) fn problems(report: &Report) -> Vec<FindingRecord<'_>> {
    finding_records(report)
        .into_iter()
        .filter(|record| matches!(record.status, Status::Fail | Status::Warn))
        .collect()
}

/// SHA-256 of the parts, hex.
pub(crate) fn fingerprint(
    check: &str,
    account: Option<&str>,
    region: Option<&str>,
    resource: &str,
) -> String {
    let identity = [check, account.unwrap_or(""), region.unwrap_or(""), resource].join("\n");
    Sha256::digest(identity.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_changes_with_each_part_and_nothing_else() {
        let base = fingerprint("security.x", Some("1"), Some("us-east-1"), "arn:a");
        assert_eq!(base.len(), 64);
        assert_eq!(
            base,
            fingerprint("security.x", Some("1"), Some("us-east-1"), "arn:a")
        );
        for other in [
            fingerprint("security.y", Some("1"), Some("us-east-1"), "arn:a"),
            fingerprint("security.x", Some("2"), Some("us-east-1"), "arn:a"),
            fingerprint("security.x", Some("1"), Some("eu-west-1"), "arn:a"),
            fingerprint("security.x", Some("1"), Some("us-east-1"), "arn:b"),
            fingerprint("security.x", None, Some("us-east-1"), "arn:a"),
        ] {
            assert_ne!(base, other);
        }
    }
}
