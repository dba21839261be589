//! The result model: what the JSON report holds, and what every other format renders.

use chrono::{DateTime, SecondsFormat, Utc};
use gonogo_core::baseline::{Baseline, Problem};
use gonogo_core::judged::Verdict;
use gonogo_core::reasons::ReasonGroup;
use gonogo_core::verdict::Evaluation;
use gonogo_core::{Category, Change, Scope, Severity, Status};

use crate::contract::{
    FindingReport, ResolvedProblem, ScoringReport, StatsReport, StatusCounts, WaiverReport,
};
use serde::{Deserialize, Serialize};

/// Version of the report schema; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Why a JSON report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReportReadError {
    /// Not a report: bad JSON, or a field missing or of the wrong type.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Another schema version.
    #[error("schema_version {0} is not {SCHEMA_VERSION}: written by another gonogo version")]
    Version(u32),
}

/// The tool that wrote a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    /// `gonogo`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Where the facts came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Live AWS APIs.
    Live,
    /// A snapshot file.
    Snapshot,
}

/// What was audited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Target {
    /// Account id, when the credentials worked.
    pub account_id: Option<String>,
    /// Region (the first, when several were audited).
    pub region: Option<String>,
    /// Every audited region, when more than one was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Live or snapshot.
    pub source: Source,
}

impl Target {
    /// What an audit of `regions` (the first is `region`; `regions` is listed when there are
    /// several) in an account looked at.
    pub fn audited(account_id: Option<String>, regions: Vec<String>, source: Source) -> Self {
        Self {
            account_id,
            region: regions.first().cloned(),
            regions: if regions.len() > 1 {
                regions
            } else {
                Vec::new()
            },
            source,
        }
    }

    /// Every audited region: `regions`, else the one `region`.
    pub fn all_regions(&self) -> Vec<String> {
        if self.regions.is_empty() {
            self.region.iter().cloned().collect()
        } else {
            self.regions.clone()
        }
    }
}

/// One check in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CheckReport {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Severity under the policy.
    pub severity: Severity,
    /// Regional (run in each audited region) or global (once per account).
    #[serde(default)]
    pub scope: Scope,
    /// Status.
    pub status: Status,
    /// How long it ran.
    pub duration_ms: u64,
    /// One line.
    pub message: String,
    /// How to fix a failure.
    pub remediation: String,
    /// Per-resource findings.
    pub findings: Vec<FindingReport>,
    /// The waiver that applied, if any.
    pub waiver: Option<WaiverReport>,
    /// Against a baseline: `new` when any of its problems is new, else `unchanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// The comparison with the previous audit (`--baseline`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BaselineReport {
    /// The baseline report it was compared with.
    pub source: String,
    /// Problems (failing or warning findings) not in the baseline.
    pub new: usize,
    /// Problems also in the baseline.
    pub unchanged: usize,
    /// Baseline problems that now pass or are gone.
    pub resolved: Vec<ResolvedProblem>,
}

/// One account of a fleet audit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AccountReport {
    /// The account id.
    pub account_id: Option<String>,
    /// Its name from the accounts file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The regions audited in it.
    pub regions: Vec<String>,
    /// Its verdict.
    pub verdict: Verdict,
    /// Its exit code (3 when it could not be audited).
    pub exit_code: i32,
    /// Its score.
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
    /// Counts by status of its checks.
    pub summary: StatusCounts,
    /// Whether its audit was interrupted.
    pub incomplete: bool,
    /// Why it could not be audited (the role could not be assumed, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AccountReport {
    /// One line on why: why it was not audited, else its first reason.
    pub fn why(&self) -> String {
        match &self.error {
            Some(error) => format!("not audited: {error}"),
            None => self.reasons.first().cloned().unwrap_or_default(),
        }
    }

    /// How the account is named in reasons and tables: `name (id)` or the id.
    pub fn label(&self) -> String {
        let id = self.account_id.as_deref().unwrap_or("unknown account");
        match &self.name {
            Some(name) => format!("{name} ({id})"),
            None => id.to_owned(),
        }
    }
}

/// A finished audit (JSON schema version 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool.
    pub tool: Tool,
    /// RFC 3339 start time.
    pub started_at: String,
    /// RFC 3339 finish time.
    pub finished_at: String,
    /// Wall time.
    pub duration_ms: u64,
    /// What was audited.
    pub target: Target,
    /// The verdict.
    pub verdict: Verdict,
    /// The exit code gonogo exits with.
    pub exit_code: i32,
    /// Score 0–100.
    pub score: f64,
    /// Why: every reason, one per check, blocking ones first.
    pub reasons: Vec<String>,
    /// The reasons grouped by cause, in their order: the checks that fail with one message
    /// are one group (an addition within schema version 1; empty in reports written before
    /// it, whose `reasons` are then read one per group).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reason_groups: Vec<ReasonGroup>,
    /// Counts by status.
    pub summary: StatusCounts,
    /// True when the audit was interrupted before every check finished.
    pub incomplete: bool,
    /// The checks, sorted by id.
    pub checks: Vec<CheckReport>,
    /// API-call accounting, with `--stats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<StatsReport>,
    /// The comparison with `--baseline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineReport>,
    /// Per account, for a fleet (`--accounts`, `--role-arn`, `gonogo merge`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountReport>,
    /// The policy's scoring rules the verdict was reached under: what `gonogo merge` judges
    /// an account's region shards by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringReport>,
    /// The framework views asked for (`--framework`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<crate::framework_view::FrameworkReport>,
    /// Accounts in scope that were not audited by design (an organization's SUSPENDED
    /// accounts): listed, outside the verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_audited: Vec<UnauditedAccount>,
    /// With `--plan`: what the Terraform plan changes and how the account stood before it
    /// (an addition within schema version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::plan::PlanReport>,
}

/// An account in scope that was not audited by design, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnauditedAccount {
    /// The account id.
    pub account_id: String,
    /// Its name (in the organization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Why (`SUSPENDED in the organization`).
    pub reason: String,
}

impl UnauditedAccount {
    /// `name (id)` or the id.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} ({})", self.account_id),
            None => self.account_id.clone(),
        }
    }
}

/// What the report needs besides the evaluation.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The tool's version.
    pub version: String,
    /// When the audit started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// What was audited.
    pub target: Target,
}

impl Report {
    /// The report of an evaluated audit.
    pub fn new(evaluation: &Evaluation, info: RunInfo) -> Self {
        let checks = evaluation
            .results
            .iter()
            .map(|r| CheckReport {
                id: r.meta.id.to_owned(),
                title: r.meta.title.to_owned(),
                category: r.meta.category,
                severity: r.severity,
                scope: r.meta.scope,
                status: r.status,
                duration_ms: millis(r.duration),
                message: r.message.clone(),
                remediation: r.meta.doc_section("Remediation").unwrap_or_default(),
                findings: r.findings.iter().map(FindingReport::from).collect(),
                waiver: r.waiver.as_ref().map(WaiverReport::from),
                change: r.change,
            })
            .collect();
        let elapsed = (info.finished_at - info.started_at)
            .to_std()
            .unwrap_or_default();
        Self {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "gonogo".to_owned(),
                version: info.version,
            },
            started_at: info.started_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            finished_at: info
                .finished_at
                .to_rfc3339_opts(SecondsFormat::Millis, true),
            duration_ms: millis(elapsed),
            target: info.target,
            verdict: evaluation.verdict,
            exit_code: evaluation.exit_code,
            score: evaluation.score,
            reasons: evaluation.reasons.clone(),
            reason_groups: evaluation.reason_groups.clone(),
            summary: StatusCounts::from(&evaluation.summary),
            incomplete: evaluation.interrupted,
            checks,
            stats: None,
            baseline: None,
            accounts: Vec::new(),
            scoring: evaluation.scoring.as_ref().map(ScoringReport::from),
            frameworks: Vec::new(),
            not_audited: Vec::new(),
            plan: None,
        }
        .neutralized()
    }

    /// The report with every text neutralised ([`neutralize`](crate::escape::neutralize)):
    /// control characters, escape sequences and bidirectional controls from AWS shown as
    /// visible escapes. Every way a report comes to be (an audit, a file read back) goes
    /// through it, so no format ever receives them raw.
    pub fn neutralized(self) -> Self {
        // Most reports hold nothing to neutralise: tell from their compact JSON (a few MiB at
        // scale 100) before building the tree of values that rewriting takes.
        match serde_json::to_string(&self) {
            Ok(json) if !may_need_neutralizing(&json) => return self,
            Err(_) => return self,
            Ok(_) => {}
        }
        let Ok(mut value) = serde_json::to_value(&self) else {
            return self;
        };
        if !neutralize_strings(&mut value) {
            return self;
        }
        serde_json::from_value(value).unwrap_or(self)
    }

    /// The report of an account that could not be audited: NO-GO, exit 3, `error` says why.
    pub fn not_audited(info: RunInfo, name: Option<String>, error: String) -> Self {
        let evaluation = Evaluation {
            verdict: Verdict::NoGo,
            exit_code: gonogo_core::exit_codes::INCOMPLETE,
            score: 0.0,
            reasons: vec![format!("not audited: {error}")],
            reason_groups: Vec::new(),
            summary: gonogo_core::judged::Summary::default(),
            results: Vec::new(),
            interrupted: false,
            baseline: None,
            scoring: None,
        };
        let mut report = Self::new(&evaluation, info);
        report.accounts.push(AccountReport {
            name,
            error: Some(error),
            ..report.account_summary()
        });
        report
    }

    /// Gives the account its name from the accounts file: the report then carries itself as
    /// its one account, named, for the fleet's accounts section.
    pub fn name_account(&mut self, name: Option<String>) {
        // From the accounts file, or from AWS Organizations: neutralised like any AWS text.
        let name = name.map(|n| crate::escape::neutralize(&n).into_owned());
        self.accounts = vec![AccountReport {
            name,
            ..self.account_summary()
        }];
    }

    /// How many checks of each category have each status: every status, zeros too, for
    /// each category that has a check. What the metrics (CloudWatch, Prometheus) count.
    pub fn checks_by_category(&self) -> Vec<(Category, Status, usize)> {
        let mut counts = Vec::new();
        for category in Category::ALL {
            let of_category: Vec<&CheckReport> = self
                .checks
                .iter()
                .filter(|c| c.category == category)
                .collect();
            if of_category.is_empty() {
                continue;
            }
            for status in Status::ALL {
                let n = of_category.iter().filter(|c| c.status == status).count();
                counts.push((category, status, n));
            }
        }
        counts
    }

    /// The JSON Schema (draft 2020-12) of a JSON report (`gonogo schema report`).
    pub fn json_schema() -> serde_json::Value {
        schemars::schema_for!(Report).to_value()
    }

    /// Parses a JSON report, refusing other schema versions.
    pub fn from_json(text: &str) -> Result<Self, ReportReadError> {
        let report: Report = serde_json::from_str(text)?;
        if report.schema_version != SCHEMA_VERSION {
            return Err(ReportReadError::Version(report.schema_version));
        }
        Ok(report.neutralized())
    }

    /// This report as one account of a fleet: its own accounts section when it has one
    /// (a fleet report), else one account made of its top-level fields.
    pub fn account_reports(&self) -> Vec<AccountReport> {
        if self.accounts.is_empty() {
            vec![self.account_summary()]
        } else {
            self.accounts.clone()
        }
    }

    /// The reasons grouped by cause, as every human format shows them: the blocking groups,
    /// then the others. The report's groups, or for a report that has none (written before
    /// them, or a fleet's), each reason its own group, blocking when it says so.
    pub fn grouped_reasons(&self) -> (Vec<ReasonGroup>, Vec<ReasonGroup>) {
        let groups = if self.reason_groups.is_empty() {
            self.reasons
                .iter()
                .map(|reason| ReasonGroup {
                    blocking: reason.starts_with("blocking "),
                    checks: Vec::new(),
                    summary: reason.clone(),
                })
                .collect()
        } else {
            self.reason_groups.clone()
        };
        groups.into_iter().partition(|group| group.blocking)
    }

    fn account_summary(&self) -> AccountReport {
        AccountReport {
            account_id: self.target.account_id.clone(),
            name: None,
            regions: self.target.all_regions(),
            verdict: self.verdict,
            exit_code: self.exit_code,
            score: self.score,
            reasons: self.reasons.clone(),
            summary: self.summary,
            incomplete: self.incomplete,
            error: None,
        }
    }

    /// Its problems, as a baseline for the next audit: failing and warning findings, and
    /// checks that fail or warn without such a finding.
    pub fn as_baseline(&self) -> Baseline {
        let mut problems = Vec::new();
        for check in &self.checks {
            let mut any = false;
            for f in check.findings.iter().filter(|f| f.is_problem()) {
                any = true;
                problems.push(Problem {
                    check: check.id.clone(),
                    account: f.account.clone(),
                    region: f.region.clone(),
                    resource: f.resource.clone(),
                    status: f.status,
                    message: f.message.clone(),
                });
            }
            if !any && matches!(check.status, Status::Fail | Status::Warn) {
                problems.push(Problem {
                    check: check.id.clone(),
                    account: self.target.account_id.clone(),
                    region: None,
                    resource: String::new(),
                    status: check.status,
                    message: check.message.clone(),
                });
            }
        }
        Baseline::new(problems)
    }

    /// Who was audited, for headers: the account id, `N accounts` for a fleet, or `fallback`.
    pub fn audited_label(&self, fallback: &str) -> String {
        match self.accounts.len() {
            0 | 1 => self
                .target
                .account_id
                .clone()
                .unwrap_or_else(|| fallback.to_owned()),
            n => format!("{n} accounts"),
        }
    }

    /// Where, for headers: the audited regions joined by `, `, or `fallback`.
    pub fn regions_label(&self, fallback: &str) -> String {
        let regions = self.target.all_regions();
        if regions.is_empty() {
            fallback.to_owned()
        } else {
            regions.join(", ")
        }
    }

    /// The findings that did not pass, with their check.
    pub fn problem_findings(&self) -> impl Iterator<Item = (&CheckReport, &FindingReport)> {
        self.checks.iter().flat_map(|c| {
            c.findings
                .iter()
                .filter(|f| f.is_problem())
                .map(move |f| (c, f))
        })
    }
}

/// Where a finding is: `account/region`, either part when known; empty when neither is.
pub(crate) fn location(finding: &FindingReport) -> String {
    [finding.account.as_deref(), finding.region.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/")
}

/// A finding's resource for display: a check-level problem has none.
pub(crate) fn resource_label(finding: &FindingReport) -> &str {
    resource_or_check(&finding.resource)
}

/// A resource for display, `(the check)` for a check-level problem's empty one.
pub(crate) fn resource_or_check(resource: &str) -> &str {
    if resource.is_empty() {
        "(the check)"
    } else {
        resource
    }
}

/// Where a baseline problem was: `account/region`, either part when known.
pub(crate) fn problem_location(problem: &ResolvedProblem) -> String {
    [problem.account.as_deref(), problem.region.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/")
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Whether JSON text may hold a string [`neutralize`](crate::escape::neutralize) changes: a raw
/// DEL, C1 or bidi control, or the escape serde_json writes for another C0 control than newline
/// and tab (`\u00XX`, `\b`, `\f`, `\r`). An escaped backslash before `b`, `f`, `r` or `u00`
/// reads as one too: the slow path then finds nothing to change.
fn may_need_neutralizing(json: &str) -> bool {
    json.chars().any(crate::escape::is_hostile)
        || ["\\u00", "\\b", "\\f", "\\r"]
            .iter()
            .any(|escape| json.contains(escape))
}

/// Neutralises every string in `value`; true when one changed.
fn neutralize_strings(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => match crate::escape::neutralize(text) {
            std::borrow::Cow::Owned(clean) => {
                *text = clean;
                true
            }
            std::borrow::Cow::Borrowed(_) => false,
        },
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| neutralize_strings(item) | changed),
        serde_json::Value::Object(fields) => fields
            .values_mut()
            .fold(false, |changed, field| neutralize_strings(field) | changed),
        _ => false,
    }
}

/// The order checks are shown in: what needs attention most first (fail, error, warn,
/// waived), then passes and not-applicable ones.
pub(crate) fn status_rank(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Error => 1,
        Status::Warn => 2,
        Status::Waived => 3,
        Status::Pass => 4,
        Status::Skip => 5,
    }
}
