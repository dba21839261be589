//! `merge` of account reports into a fleet, and the report reader, fuzzed: no panic on any
//! input, an error for malformed or duplicate reports, and the fleet always as bad as its
//! worst account.

use gonogo_core::judged::Verdict;
use gonogo_core::policy::Scoring;
use gonogo_core::verdict::judge;
use gonogo_core::{Category, Finding, Severity, Status};
use gonogo_reports::{
    CheckReport, MergeError, Report, SCHEMA_VERSION, Source, Target, Tool, merge,
};
use proptest::prelude::*;

const STATUSES: [Status; 6] = Status::ALL;

fn account_report(account: &str, statuses: &[usize]) -> Report {
    let checks: Vec<CheckReport> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let status = STATUSES[s % STATUSES.len()];
            let mut finding = match status {
                Status::Fail => Finding::fail(format!("r{i}"), "bad"),
                Status::Warn => Finding::warn(format!("r{i}"), "meh"),
                _ => Finding::pass(format!("r{i}"), "ok"),
            };
            finding.account = Some(account.to_owned());
            CheckReport {
                id: format!("security.c{i}"),
                title: "t".to_owned(),
                category: Category::Security,
                severity: Severity::High,
                scope: gonogo_core::Scope::Regional,
                status,
                duration_ms: 1,
                message: format!("{status}"),
                remediation: String::new(),
                findings: vec![finding.into()],
                waiver: None,
                change: None,
            }
        })
        .collect();
    // Judged as an audit judges: merge judges every report again and refuses one whose
    // verdict does not follow from its checks.
    let scoring = Scoring::default();
    let judgement = judge(&scoring, &checks, false, false, Vec::new());
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "gonogo".to_owned(),
            version: "0".to_owned(),
        },
        started_at: "2026-11-26T12:00:00.000Z".to_owned(),
        finished_at: "2026-11-26T12:00:01.000Z".to_owned(),
        duration_ms: 1000,
        target: Target {
            account_id: Some(account.to_owned()),
            region: Some("us-east-1".to_owned()),
            regions: Vec::new(),
            source: Source::Live,
        },
        verdict: judgement.verdict,
        exit_code: judgement.exit_code,
        score: judgement.score,
        reasons: judgement.reasons,
        reason_groups: judgement.groups,
        summary: (&judgement.summary).into(),
        incomplete: false,
        checks,
        stats: None,
        baseline: None,
        accounts: Vec::new(),
        scoring: Some((&scoring).into()),
        frameworks: Vec::new(),
        not_audited: Vec::new(),
        plan: None,
    }
}

#[test]
fn the_same_account_and_region_twice_is_refused() {
    let a = account_report("111111111111", &[0]);
    assert_eq!(
        merge(vec![a.clone(), a]),
        Err(MergeError::DuplicateRegion {
            account: "111111111111".to_owned(),
            region: "us-east-1".to_owned(),
            first: "report 1".to_owned(),
            second: "report 2".to_owned(),
        })
    );
    assert_eq!(merge(Vec::new()), Err(MergeError::Empty));
}

#[test]
fn merging_is_flat_a_fleet_of_fleets_is_one_fleet() {
    let a = account_report("111111111111", &[0, 2]);
    let b = account_report("222222222222", &[1, 0]);
    let c = account_report("333333333333", &[0, 0]);
    let ab = merge(vec![a.clone(), b.clone()]).unwrap();
    let nested = merge(vec![ab, c.clone()]).unwrap();
    let flat = merge(vec![a, b, c]).unwrap();
    assert_eq!(nested.accounts, flat.accounts);
    assert_eq!(
        (nested.verdict, nested.exit_code, nested.score),
        (flat.verdict, flat.exit_code, flat.score)
    );
    assert_eq!(nested.reasons, flat.reasons);
    let statuses = |r: &Report| r.checks.iter().map(|c| c.status).collect::<Vec<_>>();
    assert_eq!(statuses(&nested), statuses(&flat));
}

/// The first line of a refused merge.
fn refused(reports: Vec<Report>) -> String {
    match merge(reports) {
        Err(err) => err.to_string(),
        Ok(report) => panic!("merged to {:?}", report.verdict),
    }
}

#[test]
fn a_stored_verdict_that_does_not_follow_from_the_checks_is_refused() {
    // Before: two account reports edited to GO over 40 failures merged to exit 0.
    let mut edited = account_report("111111111111", &[2, 2, 2]);
    edited.verdict = Verdict::Go;
    edited.exit_code = 0;
    let good = account_report("222222222222", &[0]);
    let why = refused(vec![good.clone(), edited.clone()]);
    assert!(
        why.starts_with("report 2: verdict GO (exit 0, score 0) does not follow from its checks, which give NO-GO (exit 2"),
        "{why}"
    );
    // The score alone edited is refused too.
    let mut scored = account_report("111111111111", &[0, 2]);
    scored.score = 100.0;
    assert!(refused(vec![scored]).contains("does not follow from its checks"));
}

#[test]
fn a_report_with_no_check_is_no_go_and_one_that_says_go_is_refused() {
    let mut empty = account_report("111111111111", &[]);
    assert_eq!(
        empty.verdict,
        Verdict::NoGo,
        "nothing evaluated is never GO"
    );
    let merged = merge(vec![empty.clone()]).unwrap();
    assert_eq!(merged.exit_code, 2);
    empty.verdict = Verdict::Go;
    empty.exit_code = 0;
    empty.score = 100.0;
    assert!(refused(vec![empty]).contains("no check was evaluated"));
}

#[test]
fn an_incomplete_report_makes_the_merge_incomplete() {
    let mut interrupted = account_report("111111111111", &[0]);
    interrupted.incomplete = true;
    // As stored by an interrupted audit: judged again, interrupted is exit 3.
    let judged = judge(
        &Scoring::default(),
        &interrupted.checks,
        true,
        false,
        Vec::new(),
    );
    (interrupted.verdict, interrupted.exit_code) = (judged.verdict, judged.exit_code);
    let fleet = merge(vec![
        interrupted.clone(),
        account_report("222222222222", &[0]),
    ])
    .unwrap();
    assert_eq!(fleet.exit_code, 3);
    assert!(fleet.incomplete);
    // Edited to exit 2, it is refused.
    interrupted.exit_code = 2;
    assert!(refused(vec![interrupted]).contains("does not follow from its checks"));
}

#[test]
fn a_fleet_report_whose_account_says_go_over_its_failures_is_refused() {
    let a = account_report("111111111111", &[2]);
    let b = account_report("222222222222", &[0]);
    let mut fleet = merge(vec![a, b]).unwrap();
    for account in &mut fleet.accounts {
        account.verdict = Verdict::Go;
        account.exit_code = 0;
    }
    fleet.verdict = Verdict::Go;
    fleet.exit_code = 0;
    let why = refused(vec![fleet, account_report("333333333333", &[0])]);
    assert!(
        why.contains("account 111111111111 says GO, yet security.c0 fail there"),
        "{why}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_report_or_an_error_never_a_panic(text in "\\PC*") {
        let _ = Report::from_json(&text);
    }

    #[test]
    fn a_damaged_report_is_an_error_never_a_panic(cut in 0usize..4000, byte in any::<u8>(), at in 0usize..4000) {
        let json = gonogo_reports::render_json(&account_report("111111111111", &[0, 2, 3]));
        let mut bytes = json.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.min(bytes.len()));
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(report) = Report::from_json(&text) {
            let _ = merge(vec![report]);
        }
    }

    #[test]
    fn the_fleet_is_as_bad_as_its_worst_account(
        accounts in proptest::collection::vec(proptest::collection::vec(0usize..6, 0..5), 1..6)
    ) {
        let reports: Vec<Report> = accounts
            .iter()
            .enumerate()
            .map(|(i, statuses)| account_report(&format!("{:012}", i + 1), statuses))
            .collect();
        let fleet = merge(reports.clone()).unwrap();
        prop_assert_eq!(fleet.exit_code, reports.iter().map(|r| r.exit_code).max().unwrap());
        prop_assert_eq!(fleet.accounts.len(), reports.len());
        let lowest = reports.iter().map(|r| r.score).fold(f64::INFINITY, f64::min);
        prop_assert_eq!(fleet.score, lowest);
        for report in &reports {
            for check in &report.checks {
                let merged = fleet.checks.iter().find(|c| c.id == check.id).unwrap();
                prop_assert!(merged.status.badness() >= check.status.badness());
            }
        }
        let back = Report::from_json(&gonogo_reports::render_json(&fleet)).unwrap();
        prop_assert_eq!(back.accounts, fleet.accounts);
    }
}
