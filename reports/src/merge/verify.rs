//! Nothing is taken on trust: every report given to a merge is judged again from its checks
//! and the scoring rules it carries, and a stored verdict that does not follow from them is
//! refused, naming the file. A report edited to say GO over its failures, or a report with no
//! check at all that says GO, never reaches the fleet's verdict.

use gonogo_core::Status;
use gonogo_core::exit_codes;
use gonogo_core::judged::Verdict;
use gonogo_core::policy::Scoring;
use gonogo_core::verdict::{WAIVER_NOTE_PREFIX, judge};

use super::fleet::{MergeError, fleet_outcome};
use crate::contract::FindingReport;
use crate::model::{AccountReport, Report};

/// How far a stored score may be from the one judged again: scores are written with one
/// decimal.
const SCORE_TOLERANCE: f64 = 0.05;

/// Checks that `report`'s verdict, exit code and score follow from what it holds.
///
/// - An account that could not be audited must say so: NO-GO, exit 3.
/// - An account report is judged again, exactly as an audit judges, under its own scoring
///   rules: the verdict, exit code and score must be those. An account with no evaluated
///   check is NO-GO; an interrupted one exits 3.
/// - A fleet report holds its accounts' checks merged worst-first, from which no single
///   account can be judged again. What must hold: the fleet's verdict is its worst account's
///   and its exit code their highest (3 when any was interrupted); each account's exit code
///   is its verdict's; no account that says GO has a failing, warning or erroring finding;
///   and when every account says GO, the fleet's checks judged together give GO too.
pub(super) fn verify(label: &str, report: &Report) -> Result<(), MergeError> {
    let disagree = |why: String| MergeError::Disagrees {
        report: label.to_owned(),
        why,
    };
    if report.accounts.len() > 1 {
        return verify_fleet(report).map_err(disagree);
    }
    if let Some(account) = report.accounts.first() {
        let same = account.verdict == report.verdict
            && account.exit_code == report.exit_code
            && account.incomplete == report.incomplete
            && (account.score - report.score).abs() <= SCORE_TOLERANCE;
        if !same {
            return Err(disagree(format!(
                "its account says {} (exit {}) where the report says {} (exit {})",
                account.verdict.label(),
                account.exit_code,
                report.verdict.label(),
                report.exit_code
            )));
        }
        if account.error.is_some() {
            return not_audited(account).map_err(disagree);
        }
    }
    let scoring = report.scoring.as_ref().ok_or_else(|| {
        disagree("it does not record its scoring rules (written by an older gonogo)".to_owned())
    })?;
    let notes: Vec<String> = report
        .reasons
        .iter()
        .filter(|r| r.starts_with(WAIVER_NOTE_PREFIX))
        .cloned()
        .collect();
    let judged = judge(
        &Scoring::from(scoring),
        &report.checks,
        report.incomplete,
        report.baseline.is_some(),
        notes,
    );
    if judged.verdict != report.verdict
        || judged.exit_code != report.exit_code
        || (judged.score - report.score).abs() > SCORE_TOLERANCE
    {
        return Err(disagree(format!(
            "verdict {} (exit {}, score {}) does not follow from its checks, which give {} \
             (exit {}, score {}): {}",
            report.verdict.label(),
            report.exit_code,
            report.score,
            judged.verdict.label(),
            judged.exit_code,
            judged.score,
            judged.reasons.first().cloned().unwrap_or_default()
        )));
    }
    Ok(())
}

/// An account that could not be audited is NO-GO, exit 3.
fn not_audited(account: &AccountReport) -> Result<(), String> {
    if account.verdict == Verdict::NoGo && account.exit_code == exit_codes::INCOMPLETE {
        Ok(())
    } else {
        Err(format!(
            "account {} was not audited, yet says {} (exit {})",
            account.label(),
            account.verdict.label(),
            account.exit_code
        ))
    }
}

fn verify_fleet(report: &Report) -> Result<(), String> {
    for account in &report.accounts {
        if account.error.is_some() {
            not_audited(account)?;
            continue;
        }
        let expected = match (account.incomplete, account.verdict) {
            (true, _) => exit_codes::INCOMPLETE,
            (false, verdict) => verdict.exit_code(),
        };
        if account.exit_code != expected {
            return Err(format!(
                "account {} says {} with exit {}",
                account.label(),
                account.verdict.label(),
                account.exit_code
            ));
        }
        if account.verdict == Verdict::Go
            && let Some((check, finding)) = problem_of(report, account)
        {
            return Err(format!(
                "account {} says GO, yet {check} {} there: {}",
                account.label(),
                finding.status,
                finding.message
            ));
        }
    }
    let (worst, highest) = fleet_outcome(&report.accounts, report.incomplete);
    if report.verdict != worst || report.exit_code != highest {
        return Err(format!(
            "verdict {} (exit {}) is not its worst account's, {} (exit {highest})",
            report.verdict.label(),
            report.exit_code,
            worst.label()
        ));
    }
    if worst == Verdict::Go
        && let Some(scoring) = &report.scoring
    {
        let judged = judge(
            &Scoring::from(scoring),
            &report.checks,
            report.incomplete,
            false,
            Vec::new(),
        );
        if judged.verdict != Verdict::Go {
            return Err(format!(
                "every account says GO, yet its checks give {}: {}",
                judged.verdict.label(),
                judged.reasons.first().cloned().unwrap_or_default()
            ));
        }
    }
    Ok(())
}

/// A failing, warning or erroring finding of `account` in the fleet's checks.
fn problem_of<'a>(
    report: &'a Report,
    account: &AccountReport,
) -> Option<(&'a str, &'a FindingReport)> {
    report.checks.iter().find_map(|check| {
        check
            .findings
            .iter()
            .find(|f| {
                f.account == account.account_id
                    && matches!(f.status, Status::Fail | Status::Warn | Status::Error)
            })
            .map(|f| (check.id.as_str(), f))
    })
}
