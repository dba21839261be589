//! Hostile text from AWS (markup, control characters, escape sequences, bidirectional
//! controls, very long names) through every report format: each output still parses in its
//! format's standard parser, and none carries an escape sequence or a bidi control raw.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use gonogo_core::judged::Verdict;
use gonogo_core::{Category, Change, Finding, Severity, Status};
use gonogo_reports::{
    AccountReport, BaselineReport, CheckReport, FindingReport, Report, ResolvedProblem,
    SCHEMA_VERSION, Source, StatusCounts, TableOptions, Target, Tool,
};
use proptest::prelude::*;

fn report(hostile: &str) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "gonogo".to_owned(),
            version: "0".to_owned(),
        },
        started_at: "2026-11-26T12:00:00.000Z".to_owned(),
        finished_at: "2026-11-26T12:00:00.000Z".to_owned(),
        duration_ms: 0,
        target: Target {
            account_id: Some(hostile.to_owned()),
            region: Some(hostile.to_owned()),
            regions: vec![hostile.to_owned(), "us-east-1".to_owned()],
            source: Source::Live,
        },
        verdict: Verdict::NoGo,
        exit_code: 2,
        score: 0.0,
        reasons: vec![hostile.to_owned()],
        reason_groups: Vec::new(),
        summary: StatusCounts {
            fail: 1,
            ..StatusCounts::default()
        },
        incomplete: false,
        stats: None,
        baseline: Some(BaselineReport {
            source: hostile.to_owned(),
            new: 1,
            unchanged: 1,
            resolved: vec![ResolvedProblem {
                check: "security.x".to_owned(),
                account: Some(hostile.to_owned()),
                region: Some(hostile.to_owned()),
                resource: hostile.to_owned(),
                status: Status::Fail,
                message: hostile.to_owned(),
            }],
        }),
        accounts: vec![AccountReport {
            account_id: Some(hostile.to_owned()),
            name: Some(hostile.to_owned()),
            regions: vec![hostile.to_owned()],
            verdict: Verdict::NoGo,
            exit_code: 3,
            score: 0.0,
            reasons: vec![hostile.to_owned()],
            summary: StatusCounts::default(),
            incomplete: false,
            error: Some(hostile.to_owned()),
        }],
        checks: vec![CheckReport {
            id: "security.x".to_owned(),
            title: hostile.to_owned(),
            category: Category::Security,
            severity: Severity::High,
            scope: gonogo_core::Scope::Regional,
            status: Status::Fail,
            duration_ms: 0,
            message: hostile.to_owned(),
            remediation: hostile.to_owned(),
            findings: vec![
                tagged(Finding::fail(hostile, hostile), hostile),
                tagged(Finding::warn(hostile, hostile), hostile),
            ],
            waiver: None,
            change: Some(Change::New),
        }],
        scoring: None,
        frameworks: Vec::new(),
        not_audited: Vec::new(),
        plan: None,
    }
}

fn tagged(finding: Finding, hostile: &str) -> FindingReport {
    let mut finding = FindingReport::from(finding);
    finding.account = Some(hostile.to_owned());
    finding.region = Some(hostile.to_owned());
    finding.change = Some(Change::New);
    finding
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_format_still_parses(text in "(\\PC|[\\x00-\\x1f<>&\"'|*_`\\[\\]])*") {
        let hostile = format!("{text}<script>alert(1)</script>\u{1b}[2J]]>{}", "x".repeat(2000));
        let report = through_a_report_file(report(&hostile));
        let json = gonogo_reports::render_json(&report);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        let neutral = gonogo_reports::neutralize(&hostile).into_owned();
        prop_assert_eq!(back["checks"][0]["message"].as_str().unwrap(), neutral.as_str());
        let xml = gonogo_reports::render_junit(&report).unwrap();
        prop_assert!(roxmltree::Document::parse(&xml).is_ok());
        let md = gonogo_reports::render_markdown(&report);
        prop_assert!(!md.contains("<script>"));
        for line in md.lines().filter(|l| l.starts_with("| ")) {
            // A table row keeps its columns: every `|` inside a cell is escaped.
            let unescaped = line.replace("\\|", "");
            let pipes = unescaped.matches('|').count();
            prop_assert!([5, 7, 8].contains(&pipes), "{}", line);
        }
        let html = gonogo_reports::render_html(&report);
        let page = scraper::Html::parse_document(&html);
        let scripts = scraper::Selector::parse("script").unwrap();
        prop_assert_eq!(page.select(&scripts).count(), 1, "only gonogo's own script");
        let reason = scraper::Selector::parse("#reasons li").unwrap();
        let text: String = page.select(&reason).next().unwrap().text().collect();
        prop_assert!(text.contains("<script>alert(1)</script>"), "the markup is text: {}", text);
        let table = gonogo_reports::render_table(&report, TableOptions { color: false, width: Some(100), all: true });
        prop_assert!(!table.contains(char::from(0x1b)), "escape sequence in the table");
    }
}

/// The report as `merge` and `--baseline` read it back: the way any report reaches a format.
fn through_a_report_file(report: Report) -> Report {
    Report::from_json(&serde_json::to_string(&report).unwrap()).unwrap()
}

/// Every format a report is written in, by name.
fn every_format(report: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("json", gonogo_reports::render_json(report)),
        ("junit", gonogo_reports::render_junit(report).unwrap()),
        ("markdown", gonogo_reports::render_markdown(report)),
        ("html", gonogo_reports::render_html(report)),
        (
            "table",
            gonogo_reports::render_table(
                report,
                TableOptions {
                    color: false,
                    width: Some(100),
                    all: true,
                },
            ),
        ),
        (
            "framework-csv",
            gonogo_reports::render_framework_csv(report).unwrap(),
        ),
        ("github", gonogo_reports::render_github(report)),
        (
            "sarif",
            gonogo_reports::render_sarif(report, "gonogo.toml", |_| None),
        ),
        ("ocsf", gonogo_reports::render_ocsf(report)),
        (
            "gitlab",
            gonogo_reports::render_gitlab_codequality(report, "gonogo.toml"),
        ),
    ]
}

#[test]
fn escape_sequences_and_bidi_controls_are_visible_in_every_format() {
    // A name that reads "abcexe.png", a colour, an OSC 8 link, a clear screen and a C1 CSI.
    let hostile = "abc\u{202e}gnp.exe \u{1b}[31mred\u{1b}[0m \u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7} \u{1b}[2J\u{9b}1m \u{2066}iso\u{2069}";
    let report = through_a_report_file(report(hostile));
    for (format, text) in every_format(&report) {
        for raw in [
            '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            assert!(
                !text.contains(raw),
                "{format} carries U+{:04X} raw",
                raw as u32
            );
        }
    }
    let table = gonogo_reports::render_table(
        &report,
        TableOptions {
            color: false,
            width: Some(200),
            all: true,
        },
    );
    assert!(
        table.contains("abc\\u{202E}gnp.exe"),
        "the bidi control is shown, not obeyed: {table}"
    );
    let html = gonogo_reports::render_html(&report);
    assert!(
        html.contains("\\x1b]8;;https://evil.example/\\x07click"),
        "{html}"
    );
}
