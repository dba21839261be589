//! Renderers over a hand-built report with pinned times: every format whole (snapshots in
//! `snapshots/`), then the table's colours, the JUnit mapping and Markdown's parts.
#![expect(clippy::unwrap_used, reason = "test fixtures fail loudly")]

use gonogo_core::judged::Verdict;
use gonogo_core::{Category, Finding, Severity, Status};
use gonogo_reports::{
    CheckReport, Report, SCHEMA_VERSION, Source, StatusCounts, TableOptions, Target, Tool,
    WaiverReport,
};

fn check(id: &str, category: Category, status: Status, findings: Vec<Finding>) -> CheckReport {
    CheckReport {
        id: id.to_owned(),
        title: format!("{id} title"),
        category,
        severity: Severity::High,
        scope: gonogo_core::Scope::Regional,
        status,
        duration_ms: 12,
        message: format!("{id} is {status}"),
        remediation: "Fix it.".to_owned(),
        findings: findings.into_iter().map(Into::into).collect(),
        waiver: None,
        change: None,
    }
}

/// `report` with its verdict, exit code and score judged from its checks under the default
/// scoring rules, as an audit writes it: what `merge` takes.
fn judged(mut report: Report) -> Report {
    let scoring = gonogo_core::policy::Scoring::default();
    let judgement = gonogo_core::verdict::judge(&scoring, &report.checks, false, false, Vec::new());
    report.verdict = judgement.verdict;
    report.exit_code = judgement.exit_code;
    report.score = judgement.score;
    report.scoring = Some((&scoring).into());
    report
}

fn report() -> Report {
    let mut waived = check(
        "security.root-mfa",
        Category::Security,
        Status::Waived,
        vec![],
    );
    waived.waiver = Some(WaiverReport {
        reason: "SCP".to_owned(),
        owner: "platform".to_owned(),
        expires: chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        ticket: None,
    });
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "gonogo".to_owned(),
            version: "0.1.0".to_owned(),
        },
        started_at: "2026-11-26T12:00:00.000Z".to_owned(),
        finished_at: "2026-11-26T12:00:01.500Z".to_owned(),
        duration_ms: 1500,
        target: Target {
            account_id: Some("123456789012".to_owned()),
            region: Some("us-east-1".to_owned()),
            regions: Vec::new(),
            source: Source::Live,
        },
        verdict: Verdict::NoGo,
        exit_code: 2,
        score: 41.7,
        reasons: vec![
            "blocking check monitoring.alarms-firing (critical) failed: api is in ALARM".to_owned(),
        ],
        reason_groups: Vec::new(),
        summary: StatusCounts {
            pass: 1,
            warn: 1,
            fail: 1,
            error: 1,
            skip: 1,
            waived: 1,
        },
        incomplete: false,
        stats: None,
        baseline: None,
        accounts: Vec::new(),
        checks: vec![
            check(
                "cost.budget-exists",
                Category::Cost,
                Status::Pass,
                vec![Finding::pass("b", "ok")],
            ),
            check(
                "monitoring.alarms-firing",
                Category::Monitoring,
                Status::Fail,
                vec![Finding::fail("arn:alarm:api", "api is in ALARM")],
            ),
            check(
                "monitoring.canary-success",
                Category::Monitoring,
                Status::Error,
                vec![],
            ),
            check(
                "monitoring.alarms-insufficient-data",
                Category::Monitoring,
                Status::Warn,
                vec![Finding::warn("arn:alarm:x", "x has no data")],
            ),
            check(
                "operations.sqs-dead-letter",
                Category::Operations,
                Status::Skip,
                vec![],
            ),
            waived,
        ],
        scoring: None,
        frameworks: Vec::new(),
        not_audited: Vec::new(),
        plan: None,
    }
}

/// Every format of the report, whole: a change anywhere in a renderer's output shows in its
/// snapshot (accept a deliberate one with `cargo insta review` or `INSTA_UPDATE=always`).
#[test]
fn every_format_renders_the_report_whole() {
    let report = report();
    let table = gonogo_reports::render_table(
        &report,
        TableOptions {
            color: false,
            width: Some(120),
            all: true,
        },
    );
    insta::assert_snapshot!("table", table);
    insta::assert_snapshot!("json", gonogo_reports::render_json(&report));
    insta::assert_snapshot!("junit", gonogo_reports::render_junit(&report).unwrap());
    insta::assert_snapshot!("markdown", gonogo_reports::render_markdown(&report));
    insta::assert_snapshot!("html", gonogo_reports::render_html(&report));
    let sarif = gonogo_reports::render_sarif(&report, "gonogo.toml", |id| {
        Some(format!("What {id} checks."))
    });
    insta::assert_snapshot!("sarif", sarif);
    insta::assert_snapshot!("github", gonogo_reports::render_github(&report));
    insta::assert_snapshot!(
        "gitlab_codequality",
        gonogo_reports::render_gitlab_codequality(&report, "gonogo.toml")
    );
    insta::assert_snapshot!("ocsf", gonogo_reports::render_ocsf(&report));
    let prometheus = gonogo_reports::render_prometheus(
        std::slice::from_ref(&report),
        gonogo_reports::AccountLabel::Labelled,
    )
    .unwrap();
    insta::assert_snapshot!("prometheus", prometheus);
}

#[test]
fn table_lists_checks_findings_and_verdict_without_colour() {
    let text = gonogo_reports::render_table(
        &report(),
        TableOptions {
            color: false,
            width: Some(100),
            all: true,
        },
    );
    assert!(!text.contains('\u{1b}'));
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    assert!(
        text.contains("│ FAIL   ┆ monitoring.alarms-firing"),
        "{text}"
    );
    assert!(text.contains("Findings to review:\n  FAIL  monitoring.alarms-firing  arn:alarm:api: api is in ALARM\n  WARN  monitoring.alarms-insufficient-data  arn:alarm:x: x has no data\n"), "{text}");
    assert!(
        text.starts_with("Verdict: NO-GO  score 41.7  (1 pass, 1 warn, 1 fail, 1 error, 1 skip, 1 waived)\nBlocking:\n  ✗ blocking check monitoring.alarms-firing"),
        "the answer comes first: {text}"
    );
    assert!(text.ends_with("\nVerdict: NO-GO (exit 2)\n"), "{text}");
}

#[test]
fn the_table_lists_what_needs_attention_worst_first_and_counts_the_rest() {
    let text = gonogo_reports::render_table(
        &report(),
        TableOptions {
            color: false,
            width: Some(100),
            all: false,
        },
    );
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("│ ") && !l.starts_with("│        ┆"))
        .filter_map(|l| l.split('┆').nth(1).map(str::trim))
        .collect();
    assert_eq!(
        rows,
        [
            "Check",
            "monitoring.alarms-firing",
            "monitoring.canary-success",
            "monitoring.alarms-insufficient-data",
            "security.root-mfa"
        ],
        "fail, error, warn, waived; no pass, no skip: {text}"
    );
    assert!(
        text.contains("\n1 passed, 1 not applicable or skipped (--all lists them)\n"),
        "{text}"
    );
}

#[test]
fn table_colours_when_asked() {
    let text = gonogo_reports::render_table(
        &report(),
        TableOptions {
            color: true,
            width: Some(100),
            all: true,
        },
    );
    assert!(text.contains("\u{1b}["), "{text}");
}

#[test]
fn junit_maps_statuses_to_elements() {
    let xml = gonogo_reports::render_junit(&report()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let case = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .unwrap()
    };
    let child = |name: &str| {
        case(name)
            .children()
            .find(|n| n.is_element())
            .map(|n| n.tag_name().name().to_owned())
    };
    assert_eq!(child("cost.budget-exists"), None);
    assert_eq!(
        child("monitoring.alarms-firing").as_deref(),
        Some("failure")
    );
    assert_eq!(child("monitoring.canary-success").as_deref(), Some("error"));
    assert_eq!(
        child("operations.sqs-dead-letter").as_deref(),
        Some("skipped")
    );
    assert_eq!(child("security.root-mfa").as_deref(), Some("skipped"));
    assert_eq!(
        child("monitoring.alarms-insufficient-data").as_deref(),
        Some("system-out")
    );
    let waived = case("security.root-mfa")
        .children()
        .find(|n| n.has_tag_name("skipped"))
        .unwrap();
    assert_eq!(
        waived.attribute("message"),
        Some("waived by platform until 2027-01-31: SCP")
    );
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(suites, ["security", "cost", "monitoring", "operations"]);
}

#[test]
fn markdown_has_verdict_reasons_and_findings() {
    let md = gonogo_reports::render_markdown(&report());
    assert!(md.starts_with("## ⛔ gonogo: NO-GO (score 41.7)"), "{md}");
    assert!(
        md.contains(
            "| ❌ fail | monitoring.alarms-firing | high | monitoring.alarms-firing is fail |"
        ),
        "{md}"
    );
    assert!(md.contains("### Findings to review"));
}

#[test]
fn json_round_trips() {
    let report = report();
    let back: Report = serde_json::from_str(&gonogo_reports::render_json(&report)).unwrap();
    assert_eq!(back, report);
}

#[test]
fn accounts_left_out_by_design_are_listed_in_every_format_and_survive_a_merge() {
    let mut one = report();
    one.not_audited = vec![gonogo_reports::UnauditedAccount {
        account_id: "333333333333".to_owned(),
        name: Some("old".to_owned()),
        reason: "SUSPENDED in the organization".to_owned(),
    }];
    let mut other = report();
    other.target.account_id = Some("444444444444".to_owned());
    let fleet = gonogo_reports::merge(vec![judged(one.clone()), judged(other)]).unwrap();
    assert_eq!(fleet.not_audited, one.not_audited);
    let table = gonogo_reports::render_table(
        &fleet,
        TableOptions {
            color: false,
            width: Some(120),
            all: true,
        },
    );
    assert!(
        table.contains("NOT AUDITED old (333333333333): SUSPENDED in the organization"),
        "{table}"
    );
    let markdown = gonogo_reports::render_markdown(&fleet);
    assert!(
        markdown.contains("- old (333333333333): SUSPENDED in the organization"),
        "{markdown}"
    );
    let html = gonogo_reports::render_html(&fleet);
    assert!(
        html.contains("not audited: SUSPENDED in the organization"),
        "{html}"
    );
    let json = gonogo_reports::render_json(&fleet);
    assert_eq!(
        Report::from_json(&json).unwrap().not_audited,
        one.not_audited
    );
}
