//! The runner and verdict over test checks: concurrency, timeouts, panics, cancellation,
//! scoring, waivers.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use gonogo_core::catalogue::Catalogue;
use gonogo_core::judged::Verdict;
use gonogo_core::policy::{Policy, Waiver};
use gonogo_core::registry::Registry;
use gonogo_core::runner::{self, Event, PlannedCheck, RunOptions, RunReport, RunResult};
use gonogo_core::verdict;
use gonogo_core::{Check, Facts};
use gonogo_core::{
    CheckCtx, CheckError, CheckMeta, Finding, Outcome, Severity, Status, async_trait, declare_check,
};
use tokio_util::sync::CancellationToken;

declare_check! {
    /// ## What it checks
    /// Always passes.
    pub struct AlwaysPass;
    id: "operations.always-pass", title: "passes", category: Operations, severity: High,
    tags: ["quick"], params: [],
}
#[async_trait]
impl Check for AlwaysPass {
    async fn run(&self, _: &CheckCtx) -> Result<Outcome, CheckError> {
        Ok(Outcome::from_findings(
            "things",
            vec![Finding::pass("thing", "fine")],
        ))
    }
}

declare_check! {
    /// ## What it checks
    /// Sleeps for `sleep_ms`.
    pub struct Sleepy;
    id: "operations.sleepy", title: "sleeps", category: Operations, severity: Low,
    tags: [], params: ["sleep_ms": Integer = "5000" => "how long"],
}
#[async_trait]
impl Check for Sleepy {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let ms: u64 = cx.param("sleep_ms")?;
        tokio::time::sleep(Duration::from_millis(ms)).await;
        Ok(Outcome::from_findings("things", vec![]))
    }
}

declare_check! {
    /// ## What it checks
    /// Panics.
    pub struct Panicky;
    id: "operations.panicky", title: "panics", category: Operations, severity: Medium,
    tags: [], params: [],
}
#[async_trait]
impl Check for Panicky {
    async fn run(&self, _: &CheckCtx) -> Result<Outcome, CheckError> {
        panic!("index out of bounds in test check")
    }
}

fn catalogue() -> Catalogue {
    Catalogue::load().unwrap()
}

fn registry() -> Registry {
    catalogue().checks
}

fn planned(ids: &[&str], policy: &Policy) -> Vec<PlannedCheck> {
    let registry = registry();
    ids.iter()
        .map(|id| {
            let registration = registry.get(id).unwrap();
            PlannedCheck::registered(
                registration,
                gonogo_core::params::ParamValues::resolve(registration.meta, policy.params_of(id))
                    .unwrap(),
            )
        })
        .collect()
}

fn facts() -> Arc<Facts> {
    Arc::new(Facts::new(
        Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
    ))
}

fn status_of(report: &RunReport, id: &str) -> (Status, String) {
    let r = report.results.iter().find(|r| r.meta.id == id).unwrap();
    (r.outcome.status, r.outcome.message.clone())
}

fn sleep_policy(ms: u64) -> Policy {
    Policy::parse(
        &format!("[checks.\"operations.sleepy\"]\nsleep_ms = {ms}\n"),
        "test",
        &catalogue(),
    )
    .unwrap()
}

#[test]
fn registry_is_sorted_and_has_the_test_checks() {
    let ids: Vec<_> = registry().iter().map(|r| r.meta.id).collect();
    assert_eq!(
        ids,
        [
            "operations.always-pass",
            "operations.panicky",
            "operations.sleepy"
        ]
    );
}

#[tokio::test]
async fn timeout_and_panic_become_errors_while_the_rest_finish() {
    let policy = sleep_policy(5_000);
    let options = RunOptions {
        timeout: Duration::from_millis(200),
        ..RunOptions::default()
    };
    let ids = [
        "operations.sleepy",
        "operations.panicky",
        "operations.always-pass",
    ];
    let report = runner::run(planned(&ids, &policy), facts(), options, None).await;
    assert!(!report.interrupted);
    let ids: Vec<_> = report.results.iter().map(|r| r.meta.id).collect();
    assert_eq!(
        ids,
        [
            "operations.always-pass",
            "operations.panicky",
            "operations.sleepy"
        ],
        "sorted by id"
    );
    assert_eq!(status_of(&report, "operations.always-pass").0, Status::Pass);
    assert_eq!(
        status_of(&report, "operations.panicky"),
        (
            Status::Error,
            "panicked: index out of bounds in test check".to_owned()
        )
    );
    assert_eq!(
        status_of(&report, "operations.sleepy"),
        (Status::Error, "timed out after 0.2 s".to_owned())
    );
}

#[tokio::test]
async fn cancelling_keeps_what_finished_and_marks_the_rest() {
    let policy = sleep_policy(60_000);
    let cancel = CancellationToken::new();
    let options = RunOptions {
        cancel: cancel.clone(),
        ..RunOptions::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let run = tokio::spawn(runner::run(
        planned(&["operations.sleepy", "operations.always-pass"], &policy),
        facts(),
        options,
        Some(tx),
    ));
    // Wait until the quick check has finished, then interrupt.
    while let Some(event) = rx.recv().await {
        if matches!(
            event,
            Event::Finished {
                id: "operations.always-pass",
                ..
            }
        ) {
            break;
        }
    }
    cancel.cancel();
    let report = tokio::time::timeout(Duration::from_secs(5), run)
        .await
        .unwrap()
        .unwrap();
    assert!(report.interrupted);
    assert_eq!(status_of(&report, "operations.always-pass").0, Status::Pass);
    assert_eq!(
        status_of(&report, "operations.sleepy"),
        (
            Status::Error,
            "audit interrupted before this check finished".to_owned()
        )
    );
    let evaluation = verdict::evaluate(
        &Policy::default(),
        report,
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    );
    assert_eq!(evaluation.exit_code, 3);
}

#[tokio::test]
async fn concurrency_bound_is_respected() {
    // Twenty short checks through two slots: with the bound ignored they would all start at
    // once. Counted from the start and finish events, not timed.
    let policy = sleep_policy(20);
    let options = RunOptions {
        concurrency: 2,
        ..RunOptions::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let checks: Vec<_> = (0..20)
        .flat_map(|_| planned(&["operations.sleepy"], &policy))
        .collect();
    let report = runner::run(checks, facts(), options, Some(tx)).await;
    assert_eq!(report.results.len(), 20);
    let (mut running, mut peak) = (0i32, 0i32);
    while let Ok(event) = rx.try_recv() {
        match event {
            Event::Started { .. } => running += 1,
            Event::Finished { .. } => running -= 1,
            Event::Planned { .. } => {}
        }
        peak = peak.max(running);
    }
    assert_eq!(peak, 2);
}

// --- verdict -------------------------------------------------------------------------------

static META_CRIT: CheckMeta = meta("security.crit", Severity::Critical);
static META_HIGH: CheckMeta = meta("security.high", Severity::High);
static META_MED: CheckMeta = meta("security.med", Severity::Medium);
static META_LOW: CheckMeta = meta("security.low", Severity::Low);

const fn meta(id: &'static str, severity: Severity) -> CheckMeta {
    CheckMeta {
        id,
        title: "t",
        category: gonogo_core::Category::Security,
        severity,
        scope: gonogo_core::meta::Scope::Regional,
        presence: gonogo_core::meta::Presence::NotJudged,
        facts: &[],
        tags: &[],
        params: &[],
        docs: "",
        file: "",
        line: 0,
    }
}

fn result(meta: &'static CheckMeta, status: Status, findings: Vec<Finding>) -> RunResult {
    RunResult {
        meta,
        outcome: Outcome {
            status,
            message: format!("{status} message"),
            findings,
        },
        duration: Duration::ZERO,
    }
}

fn judge(policy: &Policy, results: Vec<RunResult>) -> verdict::Evaluation {
    let run = RunReport {
        results,
        interrupted: false,
    };
    verdict::evaluate(policy, run, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())
}

fn waiver(check: &str, resource: &str, expires: (i32, u32, u32)) -> Waiver {
    Waiver {
        check: check.to_owned(),
        resource: glob::Pattern::new(resource).unwrap(),
        reason: "accepted".to_owned(),
        owner: "platform".to_owned(),
        expires: NaiveDate::from_ymd_opt(expires.0, expires.1, expires.2).unwrap(),
        ticket: None,
    }
}

#[test]
fn all_pass_is_go_with_exit_0() {
    let e = judge(
        &Policy::default(),
        vec![
            result(&META_CRIT, Status::Pass, vec![]),
            result(&META_LOW, Status::Pass, vec![]),
        ],
    );
    assert_eq!((e.verdict, e.exit_code, e.score), (Verdict::Go, 0, 100.0));
}

#[test]
fn blocking_failure_is_no_go_even_with_a_high_score() {
    let mut policy = Policy::default();
    policy.scoring.weights.critical = 1.0;
    let results = vec![
        result(&META_CRIT, Status::Fail, vec![]),
        result(&META_HIGH, Status::Pass, vec![]),
        result(&META_MED, Status::Pass, vec![]),
    ];
    let e = judge(&policy, results);
    assert_eq!(e.verdict, Verdict::NoGo);
    assert_eq!(e.exit_code, 2);
    assert_eq!(
        e.reasons[0],
        "blocking check security.crit (critical) failed: fail message"
    );
}

#[test]
fn score_is_weighted_with_half_credit_for_warn() {
    // high pass 5, medium warn 1.5 of 3, low fail 0 of 1: 6.5 / 9 = 72.2
    let results = vec![
        result(&META_HIGH, Status::Pass, vec![]),
        result(&META_MED, Status::Warn, vec![]),
        result(&META_LOW, Status::Fail, vec![]),
    ];
    let e = judge(&Policy::default(), results);
    assert_eq!(e.score, 72.2);
    assert_eq!(e.verdict, Verdict::Conditional);
    assert!(
        e.reasons
            .contains(&"check security.low (low) failed: fail message".to_owned())
    );
    assert!(
        e.reasons
            .contains(&"score 72.2 is under go_score 90".to_owned())
    );
}

#[test]
fn score_under_no_go_threshold_is_no_go() {
    let results = vec![
        result(&META_HIGH, Status::Fail, vec![]),
        result(&META_LOW, Status::Pass, vec![]),
    ];
    let e = judge(&Policy::default(), results);
    assert_eq!(e.score, 16.7);
    assert_eq!(e.verdict, Verdict::NoGo);
    assert!(
        e.reasons
            .contains(&"score 16.7 is under no_go_score 60".to_owned())
    );
}

#[test]
fn errors_over_max_error_percent_are_no_go_whatever_the_score() {
    let mut policy = Policy::default();
    policy.scoring.no_go_score = 0.0;
    policy.scoring.go_score = 0.0;
    // medium error 3 of 3+5+5 = 23% > 20%
    let results = vec![
        result(&META_MED, Status::Error, vec![]),
        result(&META_HIGH, Status::Pass, vec![]),
        result(&META_LOW, Status::Pass, vec![]),
        result(&META_CRIT, Status::Pass, vec![]),
    ];
    let e = judge(&policy, results.clone());
    assert_eq!(e.verdict, Verdict::Conditional, "3 of 19 is under 20%");
    let e = judge(&policy, results[..3].to_vec());
    assert_eq!(e.verdict, Verdict::NoGo);
    assert!(
        e.reasons
            .iter()
            .any(|r| r.starts_with("errors carry 33% of the evaluated weight"))
    );
}

#[test]
fn error_on_a_blocking_check_blocks_and_block_mode_blocks_all() {
    let e = judge(
        &Policy::default(),
        vec![
            result(&META_CRIT, Status::Error, vec![]),
            result(&META_HIGH, Status::Pass, vec![]),
        ],
    );
    assert_eq!(e.verdict, Verdict::NoGo);
    assert_eq!(
        e.reasons[0],
        "blocking check security.crit (critical) could not be evaluated: error message"
    );

    let many_passes: Vec<_> = std::iter::once(result(&META_LOW, Status::Error, vec![]))
        .chain((0..10).map(|_| result(&META_CRIT, Status::Pass, vec![])))
        .collect();
    assert_eq!(
        judge(&Policy::default(), many_passes.clone()).verdict,
        Verdict::Conditional
    );
    let mut policy = Policy::default();
    policy.scoring.errors = gonogo_core::policy::ErrorHandling::Block;
    assert_eq!(judge(&policy, many_passes).verdict, Verdict::NoGo);
}

#[test]
fn nothing_evaluated_is_never_go() {
    let e = judge(
        &Policy::default(),
        vec![result(&META_CRIT, Status::Skip, vec![])],
    );
    assert_eq!(e.verdict, Verdict::NoGo);
    assert_eq!(
        e.reasons[0],
        "no check was evaluated: nothing shows the account is fit"
    );
}

#[test]
fn waiver_covers_matching_findings_and_counts_neither_way() {
    let mut policy = Policy::default();
    policy.waivers.push(waiver(
        "security.crit",
        "arn:aws:iam::*:root",
        (2027, 1, 31),
    ));
    let findings = vec![Finding::fail("arn:aws:iam::123456789012:root", "no MFA")];
    let e = judge(
        &policy,
        vec![
            result(&META_CRIT, Status::Fail, findings),
            result(&META_HIGH, Status::Pass, vec![]),
        ],
    );
    assert_eq!(e.verdict, Verdict::Go, "{:?}", e.reasons);
    let crit = &e.results[0];
    assert_eq!(crit.status, Status::Waived);
    assert_eq!(crit.findings[0].status, Status::Waived);
    assert_eq!(crit.waiver.as_ref().unwrap().owner, "platform");
    assert_eq!(e.summary.waived, 1);
    assert_eq!(e.score, 100.0);
    assert_eq!(
        e.reasons[0],
        "score 100 over 1 evaluated checks; 1 waived left out"
    );
}

#[test]
fn waiver_leaves_unmatched_findings_failing() {
    let mut policy = Policy::default();
    policy
        .waivers
        .push(waiver("security.high", "queue-a", (2027, 1, 31)));
    let findings = vec![Finding::fail("queue-a", "x"), Finding::fail("queue-b", "y")];
    let e = judge(&policy, vec![result(&META_HIGH, Status::Fail, findings)]);
    assert_eq!(e.results[0].status, Status::Fail);
    assert_eq!(e.results[0].message, "fail message (1 waived)");
    assert_eq!(e.verdict, Verdict::NoGo, "score 0");
}

#[test]
fn expired_waiver_is_ignored_and_named_expiring_one_is_named() {
    let mut policy = Policy::default();
    policy
        .waivers
        .push(waiver("security.crit", "*", (2026, 11, 25)));
    policy
        .waivers
        .push(waiver("security.high", "*", (2026, 12, 3)));
    let e = judge(
        &policy,
        vec![
            result(&META_CRIT, Status::Fail, vec![Finding::fail("r", "x")]),
            result(&META_HIGH, Status::Fail, vec![Finding::fail("r", "x")]),
        ],
    );
    assert_eq!(e.results[0].status, Status::Fail);
    assert_eq!(e.results[1].status, Status::Waived);
    assert_eq!(e.verdict, Verdict::NoGo);
    assert!(e.reasons.contains(&"waiver for security.crit on `*` (owner platform) expired on 2026-11-25 and is ignored".to_owned()));
    assert!(
        e.reasons.contains(
            &"waiver for security.high on `*` (owner platform) expires on 2026-12-03 (7 days left)"
                .to_owned()
        )
    );
}

#[test]
fn errors_are_never_waived() {
    let mut policy = Policy::default();
    policy
        .waivers
        .push(waiver("security.crit", "*", (2027, 1, 1)));
    let e = judge(&policy, vec![result(&META_CRIT, Status::Error, vec![])]);
    assert_eq!(e.results[0].status, Status::Error);
    assert_eq!(e.verdict, Verdict::NoGo);
}

#[test]
fn severity_override_changes_weight_and_blocking() {
    let catalogue = catalogue();
    let registry = &catalogue.checks;
    let policy = Policy::parse(
        "[checks.\"operations.always-pass\"]\nseverity = \"critical\"\n",
        "t",
        &catalogue,
    )
    .unwrap();
    let meta = registry.get("operations.always-pass").unwrap().meta;
    assert_eq!(policy.severity_of(meta), Severity::Critical);
}
