//! The framework views as CSV, for an auditor's spreadsheet: one row per requirement, account
//! and region, with the status there, the checks and their failing resources there.

use gonogo_core::Scope;
use gonogo_core::framework::RequirementStatus;
use gonogo_core::outcome::GLOBAL_REGION;

use crate::framework::Place;
use crate::framework_view::FrameworkReport;
use crate::model::{Report, resource_label};

/// The CSV could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("failed to render the framework CSV: {0}")]
pub struct CsvError(#[from] csv::Error);

/// A cell a spreadsheet will not run as a formula: text from AWS that starts with `=`, `+`,
/// `-`, `@` or a control character gets a leading `'`.
fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// Every framework view of `report` as CSV (a header row only when there is none).
pub fn render_framework_csv(report: &Report) -> Result<String, CsvError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "framework",
        "version",
        "profile",
        "requirement",
        "title",
        "section",
        "level",
        "assessment",
        "status",
        "account",
        "region",
        "checks",
        "failing_resources",
    ])?;
    let accounts: Vec<(String, Vec<String>)> = report
        .account_reports()
        .into_iter()
        .map(|a| (a.account_id.unwrap_or_default(), a.regions))
        .collect();
    for framework in &report.frameworks {
        let profile = framework.profile.map(|p| p.as_str()).unwrap_or("all");
        for r in &framework.requirements {
            let mapped: Vec<_> = report
                .checks
                .iter()
                .filter(|c| r.checks.contains(&c.id))
                .collect();
            // Manual requirements hold for the whole account; account-wide checks are judged
            // once (`global`); the rest in each audited region.
            let account_wide = mapped.iter().all(|c| c.scope == Scope::Global);
            for (account, regions) in &accounts {
                // An account that could not be audited has no regions: one row, its own status.
                let places: Vec<&str> = if r.checks.is_empty() || regions.is_empty() {
                    vec!["all"]
                } else if account_wide {
                    vec![GLOBAL_REGION]
                } else {
                    regions.iter().map(String::as_str).collect()
                };
                let account_status = framework
                    .accounts
                    .iter()
                    .find(|a| a.account_id.as_deref() == Some(account.as_str()))
                    .and_then(|a| a.status_of(&r.id));
                for region in places {
                    let place = Place {
                        account: Some(account).filter(|a| !a.is_empty()).map(String::as_str),
                        region: Some(region).filter(|r| *r != "all"),
                    };
                    let status = if r.checks.is_empty() {
                        r.status
                    } else if regions.is_empty() {
                        account_status.unwrap_or(RequirementStatus::Error)
                    } else {
                        FrameworkReport::status_in(r, &report.checks, place, account_status)
                    };
                    let failing: Vec<&str> = mapped
                        .iter()
                        .flat_map(|c| c.findings.iter().filter(|f| f.is_problem()))
                        .filter(|f| place.holds(f.account.as_deref(), f.region.as_deref()))
                        .map(resource_label)
                        .collect();
                    let level = r.level.to_string();
                    let (checks, failing) = (r.checks.join(" "), failing.join(" "));
                    let assessment = match r.assessment {
                        gonogo_core::framework::Assessment::Automated => "automated",
                        gonogo_core::framework::Assessment::Manual => "manual",
                    };
                    let row = [
                        framework.id.as_str(),
                        framework.version.as_str(),
                        profile,
                        r.id.as_str(),
                        r.title.as_str(),
                        r.section.as_str(),
                        level.as_str(),
                        assessment,
                        status.as_str(),
                        account.as_str(),
                        region,
                        checks.as_str(),
                        failing.as_str(),
                    ];
                    out.write_record(row.map(spreadsheet_safe))?;
                }
            }
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|err| CsvError(csv::Error::from(err.into_error())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_aws_never_runs_as_a_spreadsheet_formula() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-1+1"), "'-1+1");
        assert_eq!(
            spreadsheet_safe("arn:aws:iam::1:root"),
            "arn:aws:iam::1:root"
        );
        assert_eq!(spreadsheet_safe(""), "");
    }
}
