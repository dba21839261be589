//! The framework views as CSV, for an auditor's spreadsheet: one row per requirement and
//! account, with the audited regions, the status, the checks and their failing resources.

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
        "regions",
        "checks",
        "failing_resources",
    ])?;
    let account = report.audited_label("");
    for framework in &report.frameworks {
        let profile = framework.profile.map(|p| p.as_str()).unwrap_or("all");
        for r in &framework.requirements {
            let failing: Vec<&str> = report
                .checks
                .iter()
                .filter(|c| r.checks.contains(&c.id))
                .flat_map(|c| c.findings.iter().filter(|f| f.is_problem()))
                .map(resource_label)
                .collect();
            let level = r.level.to_string();
            let (regions, checks, failing) = (
                framework.regions.join(" "),
                r.checks.join(" "),
                failing.join(" "),
            );
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
                r.status.as_str(),
                account.as_str(),
                regions.as_str(),
                checks.as_str(),
                failing.as_str(),
            ];
            out.write_record(row.map(spreadsheet_safe))?;
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
