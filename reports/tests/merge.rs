//! `merge` of account reports into a fleet, and the report reader, fuzzed: no panic on any
//! input, an error for malformed or duplicate reports, and the fleet always as bad as its
//! worst account.

use gonogo_core::verdict::{Summary, Verdict};
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
                findings: vec![finding],
                waiver: None,
                change: None,
            }
        })
        .collect();
    let mut summary = Summary::default();
    for c in &checks {
        summary.add(c.status);
    }
    let worst = checks.iter().map(|c| c.status).max_by_key(|s| s.badness());
    let (verdict, exit_code) = match worst {
        Some(Status::Fail | Status::Error) => (Verdict::NoGo, 2),
        Some(Status::Warn) => (Verdict::Conditional, 1),
        _ => (Verdict::Go, 0),
    };
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
        verdict,
        exit_code,
        score: 100.0 - 10.0 * exit_code as f64,
        reasons: vec![format!("{verdict:?}")],
        summary,
        incomplete: false,
        checks,
        stats: None,
        baseline: None,
        accounts: Vec::new(),
        scoring: None,
        frameworks: Vec::new(),
        not_audited: Vec::new(),
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
