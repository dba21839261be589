//! GitLab Code Quality: a JSON array of issues, one per failing or warning finding, anchored
//! at the policy file like SARIF (GitLab wants a path and a line for each).

use gonogo_core::Severity;
use serde::Serialize;

use crate::model::Report;
use crate::problems::problems;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// The report's problems as GitLab Code Quality JSON, each at line 1 of `anchor`.
pub fn render_gitlab_codequality(report: &Report, anchor: &str) -> String {
    let issues: Vec<Issue> = problems(report)
        .into_iter()
        .map(|problem| Issue {
            description: format!("{}: {}", problem.check.title, problem.text()),
            check_name: problem.check.id.clone(),
            fingerprint: problem.fingerprint(),
            severity: severity(problem.check.severity),
            location: Location {
                path: anchor.to_owned(),
                lines: Lines { begin: 1 },
            },
        })
        .collect();
    // A model of plain strings and numbers always serializes.
    let mut out =
        serde_json::to_string_pretty(&issues).unwrap_or_else(|err| format!("[\"{err}\"]"));
    out.push('\n');
    out
}

/// GitLab's scale: info, minor, major, critical, blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Low => "minor",
        Severity::Medium => "major",
        Severity::High => "critical",
        Severity::Critical => "blocker",
    }
}
