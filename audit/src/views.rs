//! Framework views of a report: every requirement's status derived from the report's checks,
//! for an audit's frameworks and again for a merge's.

use gonogo_core::framework::{Frameworks, Profile};
use gonogo_reports::{AccountFrameworkView, FrameworkReport, Report};

use crate::error::AuditError;

/// The framework views of `report` for each `(framework id, profile)`. For a fleet, `parts`
/// are what it was made of (account reports, or fleet reports as given), each account's own
/// view coming from its own checks.
pub fn framework_views(
    frameworks: &Frameworks,
    named: &[(String, Option<Profile>)],
    report: &Report,
    parts: &[Report],
) -> Result<Vec<FrameworkReport>, AuditError> {
    named
        .iter()
        .map(|(id, profile)| {
            let framework = frameworks
                .get(id)
                .ok_or_else(|| AuditError::UnknownFramework(id.clone()))?;
            let mut view = FrameworkReport::new(
                framework,
                *profile,
                &report.checks,
                report.target.all_regions(),
            );
            if !report.accounts.is_empty() {
                view.accounts = parts
                    .iter()
                    .flat_map(|part| match part.accounts.len() {
                        0 | 1 => vec![AccountFrameworkView::of(framework, *profile, part)],
                        _ => part
                            .frameworks
                            .iter()
                            .find(|f| f.id == *id && f.profile == *profile)
                            .map(|f| f.accounts.clone())
                            .unwrap_or_default(),
                    })
                    .collect();
                view.accounts
                    .sort_by(|a, b| a.account_id.cmp(&b.account_id));
            }
            Ok(view)
        })
        .collect()
}
