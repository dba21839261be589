//! The JUnit report: one suite per category, one test case per check; one suite per framework,
//! one test case per requirement.
//!
//! fail → `<failure>`, error → `<error>`, skip and waived → `<skipped>`; a warning passes and
//! says so in `system-out`. The verdict and score are properties of every suite (JUnit has no
//! report-level properties that CI consumers read).

use std::time::Duration;

use gonogo_core::{Category, Status};
use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use gonogo_core::framework::RequirementStatus;

use crate::framework_view::FrameworkReport;
use crate::model::{CheckReport, Report, location, resource_label};

/// The JUnit XML could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("failed to render JUnit XML: {0}")]
pub struct JunitError(#[from] quick_junit::SerializeError);

/// The report as JUnit XML.
pub fn render_junit(report: &Report) -> Result<String, JunitError> {
    let mut junit = quick_junit::Report::new("gonogo");
    junit.set_time(Duration::from_millis(report.duration_ms));
    for category in Category::ALL {
        let checks: Vec<&CheckReport> = report
            .checks
            .iter()
            .filter(|c| c.category == category)
            .collect();
        if checks.is_empty() {
            continue;
        }
        let mut suite = TestSuite::new(category.as_str());
        suite.add_property(Property::new("verdict", report.verdict.label()));
        suite.add_property(Property::new("score", report.score.to_string()));
        suite.add_property(Property::new("exit_code", report.exit_code.to_string()));
        for check in checks {
            suite.add_test_case(test_case(check));
        }
        junit.add_test_suite(suite);
    }
    for framework in &report.frameworks {
        junit.add_test_suite(framework_suite(framework));
    }
    Ok(junit.to_string()?)
}

/// A framework as a suite: one test case per requirement, `classname` its section. fail →
/// `<failure>`, error → `<error>`, not applicable, manual and waived → `<skipped>`.
fn framework_suite(framework: &FrameworkReport) -> TestSuite {
    let mut suite = TestSuite::new(framework.id.as_str());
    suite.add_property(Property::new("framework", framework.title.as_str()));
    suite.add_property(Property::new("version", framework.version.as_str()));
    suite.add_property(Property::new(
        "pass_percent",
        framework.summary.pass_percent.to_string(),
    ));
    for r in &framework.requirements {
        let why = || format!("{}: {}", r.status, r.checks.join(", "));
        let status = match r.status {
            RequirementStatus::Pass | RequirementStatus::Warn => TestCaseStatus::success(),
            RequirementStatus::Fail | RequirementStatus::Error => {
                let kind = if r.status == RequirementStatus::Fail {
                    NonSuccessKind::Failure
                } else {
                    NonSuccessKind::Error
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_message(why());
                status
            }
            RequirementStatus::Waived
            | RequirementStatus::NotApplicable
            | RequirementStatus::Manual => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(match (&r.not_covered, r.status) {
                    (Some(reason), RequirementStatus::Manual) => {
                        format!("manual: not covered: {reason}")
                    }
                    _ => why(),
                });
                status
            }
        };
        let mut case = TestCase::new(format!("{} {}", r.id, r.title), status);
        case.set_classname(r.section.as_str());
        suite.add_test_case(case);
    }
    suite
}

fn test_case(check: &CheckReport) -> TestCase {
    let details = || {
        let mut text = check
            .findings
            .iter()
            .filter(|f| f.status != Status::Pass)
            .map(|f| {
                let place = location(f);
                let place = if place.is_empty() {
                    place
                } else {
                    format!(" [{place}]")
                };
                let change = f.change.map(|c| format!(" ({c})")).unwrap_or_default();
                format!(
                    "[{}]{change} {}{place}: {}",
                    f.status,
                    resource_label(f),
                    f.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        if !check.remediation.is_empty() {
            text.push_str(&format!("\n\nRemediation: {}", check.remediation));
        }
        text
    };
    let status = match check.status {
        Status::Pass | Status::Warn => TestCaseStatus::success(),
        Status::Fail | Status::Error => {
            let kind = if check.status == Status::Fail {
                NonSuccessKind::Failure
            } else {
                NonSuccessKind::Error
            };
            let mut status = TestCaseStatus::non_success(kind);
            status.set_message(check.message.as_str());
            status.set_type(check.severity.as_str());
            status.set_description(details());
            status
        }
        Status::Skip | Status::Waived => {
            let mut status = TestCaseStatus::skipped();
            let message = match &check.waiver {
                Some(w) => format!("waived by {} until {}: {}", w.owner, w.expires, w.reason),
                None => check.message.clone(),
            };
            status.set_message(message);
            status
        }
    };
    let mut case = TestCase::new(check.id.as_str(), status);
    case.set_classname(check.category.as_str());
    case.set_time(Duration::from_millis(check.duration_ms));
    if check.status == Status::Warn {
        case.set_system_out(format!("WARN: {}\n{}", check.message, details()));
    }
    case
}
