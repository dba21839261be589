//! Region shards: reports of one account that cover disjoint regions (a CI matrix with one
//! region per job), combined as a multi-region run of that account would have been.
//!
//! Each regional check goes through the same worst-first combining as the run's regions
//! ([`gonogo_core::combine::worst_first`]), every finding kept; a global check ran in every
//! shard and is taken once, the worst shard's. The account is then judged again under the
//! scoring rules the shards carry ([`gonogo_core::verdict::judge`]), so the verdict, score
//! and reasons are the ones the multi-region run would have given.

use std::collections::BTreeMap;

use gonogo_core::combine::worst_first;
use gonogo_core::policy::Scoring;
use gonogo_core::regions::MAX_QUOTED_REGIONS;
use gonogo_core::verdict::{Judged, WAIVER_NOTE_PREFIX, judge};
use gonogo_core::{Change, Scope, Severity, Status};

use super::fleet::{MergeError, Span, combined_baseline, total_stats};
use crate::contract::{ScoringReport, StatusCounts};
use crate::model::{CheckReport, Report, Target};

/// Reports grouped by their one account (`None`: a fleet or an unknown account, alone).
type Groups = Vec<(Option<String>, Vec<(String, Report)>)>;

/// Replaces every account's region shards by their combined report, in the place of its
/// first shard; other reports pass through.
pub(super) fn combine_region_shards(
    reports: Vec<(String, Report)>,
) -> Result<Vec<(String, Report)>, MergeError> {
    let mut groups: Groups = Vec::new();
    for (label, report) in reports {
        let account = single_account(&report);
        match groups
            .iter_mut()
            .find(|(id, _)| account.is_some() && *id == account)
        {
            Some((_, shards)) => shards.push((label, report)),
            None => groups.push((account, vec![(label, report)])),
        }
    }
    groups
        .into_iter()
        .map(|(account, mut shards)| match (account, shards.len()) {
            (Some(account), n) if n > 1 => combine(&account, shards),
            _ => shards.pop().ok_or(MergeError::Empty),
        })
        .collect()
}

/// The account of a report of one account; `None` for a fleet or an unknown account.
fn single_account(report: &Report) -> Option<String> {
    match report.accounts.as_slice() {
        [] | [_] => report.target.account_id.clone(),
        _ => None,
    }
}

fn not_audited(report: &Report) -> bool {
    report.accounts.iter().any(|a| a.error.is_some())
}

/// One account's shards as one report.
fn combine(account: &str, shards: Vec<(String, Report)>) -> Result<(String, Report), MergeError> {
    refuse_overlaps(account, &shards)?;
    // An account that could not be audited in one shard is not audited: nothing to combine.
    if let Some(index) = shards.iter().position(|(_, r)| not_audited(r)) {
        return shards.into_iter().nth(index).ok_or(MergeError::Empty);
    }
    let scoring = common_scoring(account, &shards)?;
    let label = shards
        .iter()
        .map(|(label, _)| label.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let reports: Vec<Report> = shards.into_iter().map(|(_, report)| report).collect();

    let mut regions: Vec<String> = Vec::new();
    for region in reports.iter().flat_map(|r| r.target.all_regions()) {
        if !regions.contains(&region) {
            regions.push(region);
        }
    }
    let mut by_id: BTreeMap<String, Vec<(String, CheckReport)>> = BTreeMap::new();
    for report in &reports {
        // A shard of one region is that region; a shard of several quotes its own regions.
        let place = match report.target.all_regions().as_slice() {
            [only] => only.clone(),
            _ => String::new(),
        };
        for check in &report.checks {
            by_id
                .entry(check.id.clone())
                .or_default()
                .push((place.clone(), check.clone()));
        }
    }
    let checks: Vec<CheckReport> = by_id.into_values().filter_map(combine_check).collect();

    let incomplete = reports.iter().any(|r| r.incomplete);
    let mut baseline = combined_baseline(&reports);
    if let Some(baseline) = &mut baseline {
        (baseline.new, baseline.unchanged) = problem_changes(&checks);
    }
    let mut notes: Vec<String> = Vec::new();
    for reason in reports.iter().flat_map(|r| &r.reasons) {
        if reason.starts_with(WAIVER_NOTE_PREFIX) && !notes.contains(reason) {
            notes.push(reason.clone());
        }
    }
    let judgement = judge(
        &Scoring::from(&scoring),
        &checks,
        incomplete,
        baseline.is_some(),
        notes,
    );
    let name = reports
        .iter()
        .flat_map(|r| &r.accounts)
        .find_map(|a| a.name.clone());
    let span = Span::of(&reports);
    let first = reports.first().ok_or(MergeError::Empty)?;
    let mut combined = Report {
        schema_version: first.schema_version,
        tool: first.tool.clone(),
        started_at: span.started_at,
        finished_at: span.finished_at,
        duration_ms: span.duration_ms,
        target: Target::audited(Some(account.to_owned()), regions, first.target.source),
        verdict: judgement.verdict,
        exit_code: judgement.exit_code,
        score: judgement.score,
        reasons: judgement.reasons,
        reason_groups: judgement.groups,
        summary: StatusCounts::from(&judgement.summary),
        incomplete,
        checks,
        stats: total_stats(&reports),
        baseline,
        accounts: Vec::new(),
        scoring: Some(scoring),
        frameworks: Vec::new(),
        not_audited: super::fleet::unaudited_accounts(&reports),
        // A plan verdict is one account's whole audit; shards of it are not merged.
        plan: None,
    };
    if name.is_some() {
        combined.name_account(name);
    }
    Ok((label, combined))
}

/// The same account and region in two shards would count twice; so would two shards that
/// do not say their regions.
fn refuse_overlaps(account: &str, shards: &[(String, Report)]) -> Result<(), MergeError> {
    let audited: Vec<&(String, Report)> = shards.iter().filter(|(_, r)| !not_audited(r)).collect();
    for (i, (first, a)) in audited.iter().enumerate() {
        for (second, b) in &audited[i + 1..] {
            let (a_regions, b_regions) = (a.target.all_regions(), b.target.all_regions());
            if a_regions.is_empty() || b_regions.is_empty() {
                return Err(MergeError::DuplicateAccount {
                    account: account.to_owned(),
                    first: first.clone(),
                    second: second.clone(),
                });
            }
            if let Some(region) = a_regions.iter().find(|r| b_regions.contains(r)) {
                return Err(MergeError::DuplicateRegion {
                    account: account.to_owned(),
                    region: region.clone(),
                    first: first.clone(),
                    second: second.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The scoring rules all shards were judged under.
fn common_scoring(account: &str, shards: &[(String, Report)]) -> Result<ScoringReport, MergeError> {
    let refuse = |why: String| MergeError::Scoring {
        account: account.to_owned(),
        why,
    };
    let mut common: Option<(&str, &ScoringReport)> = None;
    for (label, report) in shards {
        let scoring = report.scoring.as_ref().ok_or_else(|| {
            refuse(format!(
                "{label} does not record its scoring rules (written by an older gonogo)"
            ))
        })?;
        match common {
            None => common = Some((label, scoring)),
            Some((first, rules)) if rules != scoring => {
                return Err(refuse(format!(
                    "{first} and {label} were judged under different scoring rules"
                )));
            }
            Some(_) => {}
        }
    }
    common
        .map(|(_, scoring)| scoring.clone())
        .ok_or(MergeError::Empty)
}

/// One check over the shards: a global check once (the worst shard's), a regional one
/// worst-first over the regions in name order.
fn combine_check(mut parts: Vec<(String, CheckReport)>) -> Option<CheckReport> {
    let global = parts.first()?.1.scope == Scope::Global;
    if global {
        let worst = parts
            .iter()
            .map(|(_, c)| c.status.badness())
            .max()
            .unwrap_or_default();
        return parts
            .into_iter()
            .map(|(_, check)| check)
            .find(|c| c.status.badness() == worst);
    }
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    worst_first(parts, MAX_QUOTED_REGIONS, "regions")
}

/// New and unchanged problems of combined checks, counted as the baseline marks them: each
/// problem finding, and each failing check without one.
fn problem_changes(checks: &[CheckReport]) -> (usize, usize) {
    let (mut new, mut unchanged) = (0, 0);
    for check in checks {
        let has_problem = check.findings.iter().any(|f| f.is_problem());
        let check_level = matches!(check.status, Status::Fail | Status::Warn) && !has_problem;
        let changes = check
            .findings
            .iter()
            .filter(|f| f.is_problem())
            .filter_map(|f| f.change)
            .chain(check.change.filter(|_| check_level));
        for change in changes {
            match change {
                Change::New => new += 1,
                Change::Unchanged => unchanged += 1,
                Change::Resolved => {}
            }
        }
    }
    (new, unchanged)
}

impl Judged for CheckReport {
    fn id(&self) -> &str {
        &self.id
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn status(&self) -> Status {
        self.status
    }
    fn message(&self) -> &str {
        &self.message
    }
    fn change(&self) -> Option<Change> {
        self.change
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(region: &str) -> Report {
        let mut report: Report = serde_json::from_value(serde_json::json!({
            "schema_version": 1,
            "tool": {"name": "gonogo", "version": "0"},
            "started_at": "2026-12-01T10:00:00.000Z",
            "finished_at": "2026-12-01T10:00:01.000Z",
            "duration_ms": 1000,
            "target": {"account_id": "111111111111", "region": region, "source": "live"},
            "verdict": "GO", "exit_code": 0, "score": 100.0, "reasons": [],
            "summary": {"pass": 0, "warn": 0, "fail": 0, "error": 0, "skip": 0, "waived": 0},
            "incomplete": false, "checks": [],
        }))
        .unwrap();
        report.scoring = Some(crate::contract::ScoringReport::default());
        report
    }

    #[test]
    fn the_same_account_and_region_twice_names_both_reports() {
        let err = combine_region_shards(vec![
            ("a.json".to_owned(), shard("us-east-1")),
            ("b.json".to_owned(), shard("us-east-1")),
        ]);
        assert_eq!(
            err.err().map(|e| e.to_string()),
            Some(
                "account 111111111111 region us-east-1 appears in more than one report: a.json and b.json"
                    .to_owned()
            )
        );
    }

    #[test]
    fn shards_judged_under_other_rules_are_refused() {
        let mut strict = shard("eu-west-1");
        if let Some(scoring) = &mut strict.scoring {
            scoring.go_score = 99.0;
        }
        let err = combine_region_shards(vec![
            ("a.json".to_owned(), shard("us-east-1")),
            ("b.json".to_owned(), strict),
        ]);
        assert!(
            matches!(&err, Err(MergeError::Scoring { why, .. }) if why.contains("a.json and b.json")),
            "{err:?}"
        );
    }
}
