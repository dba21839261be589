//! `--security-hub`: each audited account's findings, as ASFF, into that account's Security
//! Hub in each audited region.

use std::collections::{BTreeMap, BTreeSet};

use aws_config::SdkConfig;
use gonogo_checks::publish::{HubCompliance, HubFinding, import_findings};
use gonogo_core::Status;
use gonogo_core::outcome::GLOBAL_REGION;
use gonogo_reports::{FindingRecord, Report, finding_records, uid_prefix};

/// The ASFF finding type every gonogo finding carries, by category.
fn finding_type(category: gonogo_core::Category) -> String {
    format!("Software and Configuration Checks/AWS Security Best Practices/{category}")
}

/// A record as the finding Security Hub is sent; a check-level record names the account.
fn hub_finding(record: &FindingRecord<'_>, account: &str) -> HubFinding {
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
fn evaluated_checks(report: &Report) -> BTreeSet<String> {
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

/// What goes to one region's hub: its findings and the uid prefix it owns.
#[derive(Debug, Default, PartialEq)]
struct Destination {
    findings: Vec<HubFinding>,
    /// The uid prefixes whose earlier findings this import may archive.
    owns: Vec<String>,
}

/// Each audited region's share of `report` (one account's): regional findings to their
/// region; account-wide ones (and those of a region not audited) to `home`, which owns the
/// `global` prefix besides its own.
fn destinations(report: &Report, account: &str, home: &str) -> BTreeMap<String, Destination> {
    let regions = report.target.all_regions();
    let mut out: BTreeMap<String, Destination> = regions
        .iter()
        .map(|region| {
            let mut owns = vec![uid_prefix(account, region)];
            if region == home {
                owns.push(uid_prefix(account, GLOBAL_REGION));
            }
            (
                region.clone(),
                Destination {
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

/// Imports each account's findings with the credentials it was audited with; every account
/// and region is tried, and the errors are returned together (the caller exits 3).
pub(crate) async fn export(accounts: &[(Report, SdkConfig)], now: &str) -> Vec<String> {
    let mut errors = Vec::new();
    for (report, config) in accounts {
        let Some(account) = report.target.account_id.as_deref() else {
            errors.push(
                "Security Hub: the audited account is unknown; nothing was imported".to_owned(),
            );
            continue;
        };
        let regions = report.target.all_regions();
        let Some(first) = regions.first() else {
            continue;
        };
        let configured = config.region().map(|r| r.to_string());
        let home = configured
            .filter(|r| regions.contains(r))
            .unwrap_or_else(|| first.clone());
        let evaluated = evaluated_checks(report);
        for (region, destination) in destinations(report, account, &home) {
            let imported = import_findings(
                config,
                account,
                &region,
                &destination.owns,
                &destination.findings,
                &evaluated,
                now,
            )
            .await;
            match imported {
                Ok(done) => tracing::info!(
                    account,
                    region,
                    imported = done.imported,
                    archived = done.archived,
                    requests = done.requests,
                    "imported findings into Security Hub"
                ),
                Err(err) => errors.push(err),
            }
        }
    }
    errors
}
