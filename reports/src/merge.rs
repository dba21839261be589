//! One fleet report from the reports of its accounts: `gonogo merge`, and a many-account
//! audit in one run (which builds one report per account and merges them the same way).
//!
//! The fleet's verdict is its worst account's, its exit code the highest, its score the
//! lowest; the reasons name the accounts. Each check is the worst of its accounts'
//! results, with every account's findings (each carries its account and region).

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat};
use gonogo_core::outcome::quote_messages;
use gonogo_core::verdict::{Summary, Verdict};
use gonogo_core::{Finding, Status};

use crate::model::{AccountReport, BaselineReport, CheckReport, Report, Target, Tool};

/// Most accounts quoted in a merged check's message.
const MAX_QUOTED_ACCOUNTS: usize = 3;

/// Reports that cannot be merged.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no report to merge")]
    Empty,
    /// The same account in two reports: its results would count twice.
    #[error("account {0} appears in more than one report")]
    DuplicateAccount(String),
}

/// Merges account (or fleet) reports into one fleet report.
pub fn merge(reports: Vec<Report>) -> Result<Report, MergeError> {
    let first = reports.first().ok_or(MergeError::Empty)?;
    let tool = Tool {
        name: first.tool.name.clone(),
        version: first.tool.version.clone(),
    };
    let source = first.target.source;

    let mut accounts: Vec<AccountReport> = Vec::new();
    for report in &reports {
        for account in report.account_reports() {
            if let Some(id) = &account.account_id
                && accounts.iter().any(|a| a.account_id.as_ref() == Some(id))
            {
                return Err(MergeError::DuplicateAccount(id.clone()));
            }
            accounts.push(account);
        }
    }
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

    let mut summary = Summary::default();
    for check in &checks {
        summary.add(check.status);
    }
    let verdict = accounts
        .iter()
        .map(|a| a.verdict)
        .max_by_key(|v| verdict_badness(*v))
        .unwrap_or(Verdict::NoGo);
    let exit_code = accounts.iter().map(|a| a.exit_code).max().unwrap_or(3);
    let score = accounts
        .iter()
        .map(|a| a.score)
        .min_by(f64::total_cmp)
        .unwrap_or(0.0);

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
    let mut regions: Vec<String> = accounts.iter().flat_map(|a| a.regions.clone()).collect();
    regions.sort();
    regions.dedup();

    let stats = reports
        .iter()
        .filter_map(|r| r.stats.clone())
        .reduce(|mut all, more| {
            all.add(&more);
            all
        });
    let baseline = reports
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
            b
        });

    Ok(Report {
        schema_version: crate::model::SCHEMA_VERSION,
        tool,
        started_at: normalize_time(&started_at),
        finished_at: normalize_time(&finished_at),
        duration_ms,
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
        summary,
        incomplete: accounts.iter().any(|a| a.incomplete),
        checks,
        stats,
        baseline,
        accounts,
    })
}

/// A check that fails or warns in an account without a failing finding (no password policy,
/// no budget) becomes a finding of that account, so the fleet's findings still say which
/// accounts have the problem. Its resource is empty, as in the baseline.
fn name_check_level_problem(check: &mut CheckReport, account: Option<&str>) {
    let problem = matches!(check.status, Status::Fail | Status::Warn);
    if problem && !check.findings.iter().any(Finding::is_problem) {
        let mut finding = match check.status {
            Status::Warn => Finding::warn("", check.message.clone()),
            _ => Finding::fail("", check.message.clone()),
        };
        finding.account = account.map(str::to_owned);
        finding.change = check.change;
        check.findings.push(finding);
    }
}

fn merge_check(mut parts: Vec<(String, CheckReport)>) -> Option<CheckReport> {
    if parts.len() <= 1 {
        return parts.pop().map(|(_, check)| check);
    }
    let worst = parts
        .iter()
        .map(|(_, c)| c.status)
        .max_by_key(|s| s.badness())?;
    let quoted: Vec<String> = parts
        .iter()
        .filter(|(_, c)| c.status == worst)
        .map(|(label, c)| format!("{label}: {}", c.message))
        .collect();
    let message = quote_messages(&quoted, MAX_QUOTED_ACCOUNTS, "accounts");
    let severity = parts.iter().map(|(_, c)| c.severity).max()?;
    let duration_ms = parts.iter().map(|(_, c)| c.duration_ms).max()?;
    let change = parts.iter().filter_map(|(_, c)| c.change).min();
    let waiver = parts.iter().find_map(|(_, c)| c.waiver.clone());
    let mut parts = parts.into_iter().map(|(_, c)| c);
    let mut merged = parts.next()?;
    for part in parts {
        merged.findings.extend(part.findings);
    }
    Some(CheckReport {
        status: worst,
        message,
        severity,
        duration_ms,
        change,
        waiver,
        ..merged
    })
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

fn normalize_time(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(SecondsFormat::Millis, true)
        })
        .unwrap_or_else(|_| text.to_owned())
}
