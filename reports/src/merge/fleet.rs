//! One fleet report from the reports of its accounts.
//!
//! The fleet's verdict is its worst account's, its exit code the highest, its score the
//! lowest; the reasons name the accounts. Each check is the worst of its accounts'
//! results, with every account's findings (each carries its account and region).

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat};
use gonogo_core::combine::{Part, worst_first};
use gonogo_core::exit_codes;
use gonogo_core::judged::Verdict;
use gonogo_core::{Finding, Status};

use super::regions::combine_region_shards;
use crate::contract::{FindingReport, ScoringReport, StatsReport, StatusCounts};
use crate::model::{AccountReport, BaselineReport, CheckReport, Report, Target, Tool};

/// Most accounts quoted in a merged check's message.
const MAX_QUOTED_ACCOUNTS: usize = 3;

/// Reports that cannot be merged.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no report to merge")]
    Empty,
    /// The same account in two reports that are not its region shards (a fleet report, or
    /// no regions to tell them apart): its results would count twice.
    #[error("account {account} appears in more than one report: {first} and {second}")]
    DuplicateAccount {
        /// The account.
        account: String,
        /// One report.
        first: String,
        /// The other.
        second: String,
    },
    /// The same account and region in two reports.
    #[error(
        "account {account} region {region} appears in more than one report: {first} and {second}"
    )]
    DuplicateRegion {
        /// The account.
        account: String,
        /// The region.
        region: String,
        /// One report.
        first: String,
        /// The other.
        second: String,
    },
    /// A report whose stored verdict does not follow from its checks (edited, or written
    /// by something else than gonogo).
    #[error("{report}: {why}")]
    Disagrees {
        /// The report.
        report: String,
        /// What does not follow.
        why: String,
    },
    /// Region shards of one account judged under different scoring rules, or without them
    /// in the report: they cannot be judged again as one audit.
    #[error("the region shards of account {account} cannot be judged as one audit: {why}")]
    Scoring {
        /// The account.
        account: String,
        /// Which reports, and what differs.
        why: String,
    },
}

/// Merges account (or fleet) reports into one fleet report; they are named `report 1`,
/// `report 2`… in errors.
pub fn merge(reports: Vec<Report>) -> Result<Report, MergeError> {
    merge_labelled(
        reports
            .into_iter()
            .enumerate()
            .map(|(i, report)| (format!("report {}", i + 1), report))
            .collect(),
    )
}

/// Merges reports, each named by where it came from (its file), into one report: an
/// account's region shards into that account's report, then the accounts into a fleet. The
/// region shards of one account alone merge into exactly the report of a multi-region audit.
pub fn merge_labelled(reports: Vec<(String, Report)>) -> Result<Report, MergeError> {
    merge_labelled_with_parts(reports).map(|(merged, _)| merged)
}

/// [`merge_labelled`], also returning what was merged into the fleet: each account's report
/// (its region shards combined), or a fleet report as it was given.
pub fn merge_labelled_with_parts(
    reports: Vec<(String, Report)>,
) -> Result<(Report, Vec<Report>), MergeError> {
    for (label, report) in &reports {
        super::verify::verify(label, report)?;
    }
    let shards = reports.len();
    let mut reports = combine_region_shards(reports)?;
    if shards > 1 && reports.len() == 1 {
        let (_, report) = reports.pop().ok_or(MergeError::Empty)?;
        return Ok((report.clone(), vec![report]));
    }
    let parts = reports.iter().map(|(_, report)| report.clone()).collect();
    Ok((merge_accounts(reports)?, parts))
}

fn merge_accounts(labelled: Vec<(String, Report)>) -> Result<Report, MergeError> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (label, report) in &labelled {
        for account in report.account_reports() {
            if let Some(id) = account.account_id
                && let Some(first) = seen.insert(id.clone(), label.clone())
            {
                return Err(MergeError::DuplicateAccount {
                    account: id,
                    first,
                    second: label.clone(),
                });
            }
        }
    }
    let reports: Vec<Report> = labelled.into_iter().map(|(_, report)| report).collect();
    let first = reports.first().ok_or(MergeError::Empty)?;
    let tool = Tool {
        name: first.tool.name.clone(),
        version: first.tool.version.clone(),
    };
    let source = first.target.source;

    let mut accounts: Vec<AccountReport> =
        reports.iter().flat_map(Report::account_reports).collect();
    accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));

    let mut by_id: BTreeMap<String, Vec<(String, CheckReport)>> = BTreeMap::new();
    for report in &reports {
        let fleet = report.accounts.len() > 1;
        let label = match report.account_reports().as_slice() {
            [only] => only.label(),
            many => format!("{} accounts", many.len()),
        };
        for check in &report.checks {
            let mut check = check.clone();
            if !fleet {
                name_check_level_problem(&mut check, report.target.account_id.as_deref());
            }
            by_id
                .entry(check.id.clone())
                .or_default()
                .push((label.clone(), check));
        }
    }
    let checks: Vec<CheckReport> = by_id.into_values().filter_map(merge_check).collect();

    let mut summary = gonogo_core::judged::Summary::default();
    for check in &checks {
        summary.add(check.status);
    }
    let summary = StatusCounts::from(&summary);
    let incomplete = reports.iter().any(|r| r.incomplete);
    let (verdict, exit_code) = fleet_outcome(&accounts, incomplete);
    let incomplete = incomplete || accounts.iter().any(|a| a.incomplete);
    let score = accounts
        .iter()
        .map(|a| a.score)
        .min_by(f64::total_cmp)
        .unwrap_or(0.0);

    let span = Span::of(&reports);
    let mut regions: Vec<String> = accounts.iter().flat_map(|a| a.regions.clone()).collect();
    regions.sort();
    regions.dedup();

    let stats = total_stats(&reports);
    let baseline = combined_baseline(&reports);

    Ok(Report {
        schema_version: crate::model::SCHEMA_VERSION,
        tool,
        started_at: span.started_at,
        finished_at: span.finished_at,
        duration_ms: span.duration_ms,
        target: Target::audited(
            match accounts.as_slice() {
                [only] => only.account_id.clone(),
                _ => None,
            },
            regions,
            source,
        ),
        verdict,
        exit_code,
        score,
        reasons: fleet_reasons(&accounts),
        reason_groups: Vec::new(),
        summary,
        incomplete,
        checks,
        stats,
        baseline,
        accounts,
        scoring: common_scoring(&reports),
        // The framework views are derived again from the merged checks by whoever merges.
        frameworks: Vec::new(),
        not_audited: unaudited_accounts(&reports),
        // A plan verdict is for one account (`--plan` refuses a fleet; `--role-arn` is a fleet
        // of one).
        plan: match reports.as_slice() {
            [only] => only.plan.clone(),
            _ => None,
        },
    })
}

/// The accounts the reports left out by design, each once, by id.
pub(super) fn unaudited_accounts(reports: &[Report]) -> Vec<crate::model::UnauditedAccount> {
    let mut all: Vec<_> = reports.iter().flat_map(|r| r.not_audited.clone()).collect();
    all.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    all.dedup_by(|a, b| a.account_id == b.account_id);
    all
}

/// The scoring rules every report was judged under, when they agree.
fn common_scoring(reports: &[Report]) -> Option<ScoringReport> {
    let first = reports.first()?.scoring.clone()?;
    reports
        .iter()
        .all(|r| r.scoring.as_ref() == Some(&first))
        .then_some(first)
}

/// A check that fails or warns in an account without a failing finding (no password policy,
/// no budget) becomes a finding of that account, so the fleet's findings still say which
/// accounts have the problem. Its resource is empty, as in the baseline.
fn name_check_level_problem(check: &mut CheckReport, account: Option<&str>) {
    let problem = matches!(check.status, Status::Fail | Status::Warn);
    if problem && !check.findings.iter().any(FindingReport::is_problem) {
        let mut finding = FindingReport::from(match check.status {
            Status::Warn => Finding::warn("", check.message.clone()),
            _ => Finding::fail("", check.message.clone()),
        });
        finding.account = account.map(str::to_owned);
        finding.change = check.change;
        check.findings.push(finding);
    }
}

fn merge_check(parts: Vec<(String, CheckReport)>) -> Option<CheckReport> {
    worst_first(parts, MAX_QUOTED_ACCOUNTS, "accounts")
}

impl Part for CheckReport {
    fn status(&self) -> Status {
        self.status
    }

    fn message(&self) -> &str {
        &self.message
    }

    fn absorb(&mut self, other: Self) {
        self.findings.extend(other.findings);
        self.severity = self.severity.max(other.severity);
        self.duration_ms = self.duration_ms.max(other.duration_ms);
        self.change = match (self.change, other.change) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if self.waiver.is_none() {
            self.waiver = other.waiver;
        }
    }

    fn set_result(&mut self, status: Status, message: String) {
        self.status = status;
        self.message = message;
    }
}

/// A fleet's verdict and exit code from its accounts: the worst verdict and the highest exit
/// code, 3 when the fleet or any account is incomplete (NO-GO and 3 with no account). What a
/// merge writes, and what `verify` asks of a fleet report given to a merge.
pub(super) fn fleet_outcome(accounts: &[AccountReport], incomplete: bool) -> (Verdict, i32) {
    let verdict = accounts
        .iter()
        .map(|a| a.verdict)
        .max_by_key(|v| verdict_badness(*v))
        .unwrap_or(Verdict::NoGo);
    let exit_code = if incomplete || accounts.iter().any(|a| a.incomplete) {
        exit_codes::INCOMPLETE
    } else {
        accounts
            .iter()
            .map(|a| a.exit_code)
            .max()
            .unwrap_or(exit_codes::INCOMPLETE)
    };
    (verdict, exit_code)
}

fn verdict_badness(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Go => 0,
        Verdict::Conditional => 1,
        Verdict::NoGo => 2,
    }
}

fn fleet_reasons(accounts: &[AccountReport]) -> Vec<String> {
    let count = |v| {
        accounts
            .iter()
            .filter(|a| a.verdict == v && a.error.is_none())
            .count()
    };
    let not_audited = accounts.iter().filter(|a| a.error.is_some()).count();
    let mut headline = format!(
        "{} accounts: {} GO, {} CONDITIONAL GO, {} NO-GO",
        accounts.len(),
        count(Verdict::Go),
        count(Verdict::Conditional),
        count(Verdict::NoGo)
    );
    if not_audited > 0 {
        headline.push_str(&format!(", {not_audited} not audited"));
    }
    let mut ranked: Vec<&AccountReport> = accounts
        .iter()
        .filter(|a| a.verdict != Verdict::Go || a.exit_code != 0)
        .collect();
    ranked.sort_by_key(|a| (std::cmp::Reverse(a.exit_code), a.account_id.clone()));
    let mut reasons = vec![headline];
    for account in ranked {
        reasons.push(format!(
            "{} is {}: {}",
            account.label(),
            account.verdict.label(),
            account.why()
        ));
    }
    reasons
}

/// When a set of runs started and finished, and the wall time between.
pub(super) struct Span {
    pub started_at: String,
    pub finished_at: String,
    pub duration_ms: u64,
}

impl Span {
    /// From the first start to the last finish of `reports`.
    pub(super) fn of(reports: &[Report]) -> Self {
        let started_at = reports
            .iter()
            .map(|r| r.started_at.clone())
            .min()
            .unwrap_or_default();
        let finished_at = reports
            .iter()
            .map(|r| r.finished_at.clone())
            .max()
            .unwrap_or_default();
        let duration_ms = match (
            DateTime::parse_from_rfc3339(&started_at),
            DateTime::parse_from_rfc3339(&finished_at),
        ) {
            (Ok(start), Ok(end)) => u64::try_from((end - start).num_milliseconds()).unwrap_or(0),
            _ => reports.iter().map(|r| r.duration_ms).max().unwrap_or(0),
        };
        Self {
            started_at: normalize_time(&started_at),
            finished_at: normalize_time(&finished_at),
            duration_ms,
        }
    }
}

/// The API calls of every report that counted them.
pub(super) fn total_stats(reports: &[Report]) -> Option<StatsReport> {
    reports
        .iter()
        .filter_map(|r| r.stats.as_ref().map(gonogo_core::stats::ApiStats::from))
        .reduce(|mut all, more| {
            all.add(&more);
            all
        })
        .as_ref()
        .map(StatsReport::from)
}

/// The reports' baseline comparisons as one: counts added, resolved problems once each.
pub(super) fn combined_baseline(reports: &[Report]) -> Option<BaselineReport> {
    reports
        .iter()
        .filter_map(|r| r.baseline.clone())
        .reduce(|mut all, more| {
            all.new += more.new;
            all.unchanged += more.unchanged;
            all.resolved.extend(more.resolved);
            if !all.source.split(", ").any(|s| s == more.source) {
                all.source = format!("{}, {}", all.source, more.source);
            }
            all
        })
        .map(|mut b: BaselineReport| {
            b.resolved.sort();
            b.resolved.dedup();
            b
        })
}

fn normalize_time(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(SecondsFormat::Millis, true)
        })
        .unwrap_or_else(|_| text.to_owned())
}
