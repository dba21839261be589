//! SARIF 2.1.0 for GitHub code scanning: a rule per check, a result per failing or warning
//! finding.
//!
//! GitHub rejects a whole upload when any result has no file location, and an AWS resource
//! has none: every result is anchored at the policy file, at line 1, and carries its ARN in
//! the message and as a logical location. Waived findings are left out; checks that could not
//! be evaluated are tool notifications, not results.

use std::collections::BTreeMap;

use gonogo_core::{Category, Severity, Status};
use serde::Serialize;

use crate::model::{CheckReport, Report};
use crate::problems::problems;

/// The schema the log declares.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of each result's fingerprint: versioned, so a change of recipe is a new key.
const FINGERPRINT_KEY: &str = "gonogoFinding/v1";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: String,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    /// The check's section of the manual's check reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    /// GitHub's score for security alerts, a number as a string (0.1–10).
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: Reference,
}

#[derive(Serialize)]
struct Reference {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: LineRegion,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LineRegion {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct ResultProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    resource: String,
}

/// The report as a SARIF 2.1.0 log, newline-terminated. `anchor` is the repository path every
/// result points at (the policy file, or `gonogo.toml`); `describe` gives a check's full
/// description (its "What it checks"), the title standing in where it gives none.
pub fn render_sarif(
    report: &Report,
    anchor: &str,
    describe: impl Fn(&str) -> Option<String>,
) -> String {
    let mut rules: Vec<Rule> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for check in &report.checks {
        index.entry(&check.id).or_insert_with(|| {
            rules.push(rule(check, describe(&check.id)));
            rules.len() - 1
        });
    }
    let notifications = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Error)
        .map(|check| Notification {
            level: "error",
            message: Text {
                text: format!("{} could not be evaluated: {}", check.id, check.message),
            },
            descriptor: Reference {
                id: check.id.clone(),
            },
        })
        .collect();
    let results = problems(report)
        .into_iter()
        .map(|problem| SarifResult {
            rule_id: problem.check.id.clone(),
            rule_index: index.get(problem.check.id.as_str()).copied().unwrap_or(0),
            level: match problem.status {
                Status::Fail => "error",
                _ => "warning",
            },
            message: Text {
                text: problem.text(),
            },
            locations: vec![location(anchor, problem.place())],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, problem.fingerprint())]),
            properties: ResultProperties {
                account: problem.account.clone(),
                region: problem.region.clone(),
                resource: problem.resource.to_owned(),
            },
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "gonogo",
                    version: report.tool.version.clone(),
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: !report.incomplete,
                tool_execution_notifications: notifications,
            }],
            results,
        }],
    };
    // A model of plain strings, numbers and maps always serializes.
    let mut out = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    out.push('\n');
    out
}

fn rule(check: &CheckReport, description: Option<String>) -> Rule {
    let remediation = if check.remediation.is_empty() {
        check.title.clone()
    } else {
        check.remediation.clone()
    };
    Rule {
        id: check.id.clone(),
        short_description: Text {
            text: check.title.clone(),
        },
        // A registered check (one with a description) has a section in the reference; a
        // policy's probe has none.
        help_uri: description
            .as_ref()
            .map(|_| crate::reference::check_url(&check.id)),
        full_description: Text {
            text: description.unwrap_or_else(|| check.title.clone()),
        },
        help: Help {
            text: remediation.clone(),
            markdown: remediation,
        },
        default_configuration: Configuration { level: "error" },
        properties: RuleProperties {
            tags: vec![check.category.as_str().to_owned()],
            security_severity: (check.category == Category::Security)
                .then(|| security_severity(check.severity))
                .flatten(),
        },
    }
}

/// GitHub's bands: critical above 9.0, high from 7.0, medium from 4.0, low below.
fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

fn location(anchor: &str, resource: &str) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: anchor.to_owned(),
            },
            region: LineRegion { start_line: 1 },
        },
        logical_locations: vec![LogicalLocation {
            fully_qualified_name: resource.to_owned(),
            kind: "resource",
        }],
    }
}
