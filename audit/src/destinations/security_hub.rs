//! `--security-hub`: each audited account's findings, as ASFF, into that account's Security
//! Hub in each audited region.

use aws_config::SdkConfig;
use gonogo_reports::{Report, evaluated_checks, region_shares};

use super::hub_import::import_findings;

/// Imports each account's findings with the credentials it was audited with; every account
/// and region is tried, and the errors are returned together (the caller exits 3).
pub(super) async fn export(accounts: &[(Report, SdkConfig)], now: &str) -> Vec<String> {
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
        for (region, destination) in region_shares(report, account, &home) {
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
