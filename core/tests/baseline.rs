//! Comparing an audit with a baseline, and `gate_on = "new"`.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::time::Duration;

use chrono::NaiveDate;
use gonogo_core::baseline::{Baseline, Coverage, Problem};
use gonogo_core::judged::Verdict;
use gonogo_core::meta::Scope;
use gonogo_core::policy::{GateOn, Policy};
use gonogo_core::runner::{RunReport, RunResult};
use gonogo_core::verdict::{self, BaselineScope, Evaluation};
use gonogo_core::{Category, Change, CheckMeta, Finding, Outcome, Severity, Status};

static QUEUES: CheckMeta = meta("security.queues");
static ALARMS: CheckMeta = meta("monitoring.alarms");

const fn meta(id: &'static str) -> CheckMeta {
    CheckMeta {
        id,
        title: "t",
        category: Category::Security,
        severity: Severity::High,
        scope: Scope::Regional,
        presence: gonogo_core::Presence::NotJudged,
        facts: &[],
        tags: &[],
        params: &[],
        docs: "",
        file: "",
        line: 0,
    }
}

const ACCOUNT: &str = "111111111111";

fn finding(resource: &str, status: Status) -> Finding {
    let mut finding = match status {
        Status::Fail => Finding::fail(resource, "bad"),
        _ => Finding::pass(resource, "good"),
    };
    finding.account = Some(ACCOUNT.to_owned());
    finding.region = Some("us-east-1".to_owned());
    finding
}

fn problem(check: &str, resource: &str) -> Problem {
    Problem {
        check: check.to_owned(),
        account: Some(ACCOUNT.to_owned()),
        region: Some("us-east-1".to_owned()),
        resource: resource.to_owned(),
        status: Status::Fail,
        message: "bad".to_owned(),
    }
}

fn judge(
    policy: &Policy,
    results: Vec<(&'static CheckMeta, Outcome)>,
    baseline: &Baseline,
) -> Evaluation {
    let run = RunReport {
        results: results
            .into_iter()
            .map(|(meta, outcome)| RunResult {
                meta,
                outcome,
                duration: Duration::ZERO,
            })
            .collect(),
        interrupted: false,
    };
    let coverage = Coverage {
        account: Some(ACCOUNT.to_owned()),
        regions: vec!["us-east-1".to_owned()],
    };
    let scope = BaselineScope {
        baseline,
        coverage: &coverage,
    };
    verdict::evaluate_against(
        policy,
        run,
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        Some(scope),
    )
}

fn queues(statuses: &[(&str, Status)]) -> Outcome {
    Outcome::from_findings(
        "queues",
        statuses.iter().map(|(r, s)| finding(r, *s)).collect(),
    )
}

#[test]
fn one_new_one_unchanged_one_resolved() {
    let baseline = Baseline::new(vec![
        problem("security.queues", "old"),
        problem("security.queues", "fixed"),
    ]);
    let e = judge(
        &Policy::default(),
        vec![(
            &QUEUES,
            queues(&[
                ("old", Status::Fail),
                ("fresh", Status::Fail),
                ("fixed", Status::Pass),
            ]),
        )],
        &baseline,
    );
    let marks: Vec<_> = e.results[0]
        .findings
        .iter()
        .map(|f| (f.resource.as_str(), f.change))
        .collect();
    assert_eq!(
        marks,
        [
            ("old", Some(Change::Unchanged)),
            ("fresh", Some(Change::New)),
            ("fixed", None)
        ]
    );
    assert_eq!(e.results[0].change, Some(Change::New));
    let diff = e.baseline.unwrap();
    assert_eq!((diff.new, diff.unchanged), (1, 1));
    assert_eq!(diff.resolved, [problem("security.queues", "fixed")]);
}

#[test]
fn what_the_audit_could_not_see_is_never_resolved() {
    let mut elsewhere = problem("security.queues", "far");
    elsewhere.region = Some("eu-west-1".to_owned());
    let mut other_account = problem("security.queues", "theirs");
    other_account.account = Some("222222222222".to_owned());
    let baseline = Baseline::new(vec![
        problem("monitoring.alarms", "alarm"),
        elsewhere,
        other_account,
    ]);
    let e = judge(
        &Policy::default(),
        vec![
            (&ALARMS, Outcome::error("throttled")),
            (&QUEUES, queues(&[("q", Status::Pass)])),
        ],
        &baseline,
    );
    assert_eq!(e.baseline.unwrap().resolved, []);
}

#[test]
fn gate_on_new_scores_known_failures_as_passing_but_reports_them() {
    let baseline = Baseline::new(vec![problem("security.queues", "old")]);
    let results = || {
        vec![(
            &QUEUES,
            queues(&[("old", Status::Fail), ("q", Status::Pass)]),
        )]
    };
    let all = judge(&Policy::default(), results(), &baseline);
    assert_eq!(all.verdict, Verdict::NoGo);

    let policy = gate_on_new();
    let new_only = judge(&policy, results(), &baseline);
    assert_eq!(new_only.verdict, Verdict::Go, "{:?}", new_only.reasons);
    assert_eq!(new_only.results[0].status, Status::Fail);
    assert!(
        new_only
            .reasons
            .iter()
            .any(|r| r.contains("not gated: security.queues"))
    );

    let regression = judge(
        &policy,
        vec![(
            &QUEUES,
            queues(&[("old", Status::Fail), ("fresh", Status::Fail)]),
        )],
        &baseline,
    );
    assert_eq!(regression.verdict, Verdict::NoGo);
}

#[test]
fn gate_on_new_never_passes_an_error() {
    let baseline = Baseline::new(vec![problem("monitoring.alarms", "")]);
    let policy = gate_on_new();
    let e = judge(
        &policy,
        vec![(&ALARMS, Outcome::error("throttled"))],
        &baseline,
    );
    assert_ne!(e.verdict, Verdict::Go);
}

fn gate_on_new() -> Policy {
    let mut policy = Policy::default();
    policy.scoring.gate_on = GateOn::New;
    policy
}
