//! Hostile text from AWS (markup, control characters, very long names) through every report
//! format: each output still parses in its format's standard parser.

use gonogo_core::verdict::{Summary, Verdict};
use gonogo_core::{Category, Finding, Severity, Status};
use gonogo_reports::{CheckReport, Report, SCHEMA_VERSION, Source, TableOptions, Target, Tool};
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
            source: Source::Live,
        },
        verdict: Verdict::NoGo,
        exit_code: 2,
        score: 0.0,
        reasons: vec![hostile.to_owned()],
        summary: Summary {
            fail: 1,
            ..Summary::default()
        },
        incomplete: false,
        stats: None,
        checks: vec![CheckReport {
            id: "security.x".to_owned(),
            title: hostile.to_owned(),
            category: Category::Security,
            severity: Severity::High,
            status: Status::Fail,
            duration_ms: 0,
            message: hostile.to_owned(),
            remediation: hostile.to_owned(),
            findings: vec![
                Finding::fail(hostile, hostile),
                Finding::warn(hostile, hostile),
            ],
            waiver: None,
        }],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_format_still_parses(text in "(\\PC|[\\x00-\\x1f<>&\"'|*_`\\[\\]])*") {
        let hostile = format!("{text}<script>alert(1)</script>\u{1b}[2J]]>{}", "x".repeat(2000));
        let report = report(&hostile);
        let json = gonogo_reports::render_json(&report);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back["checks"][0]["message"].as_str().unwrap(), hostile.as_str());
        let xml = gonogo_reports::render_junit(&report).unwrap();
        prop_assert!(roxmltree::Document::parse(&xml).is_ok());
        let md = gonogo_reports::render_markdown(&report);
        prop_assert!(!md.contains("<script>"));
        for line in md.lines().filter(|l| l.starts_with("| ")) {
            // A table row keeps its columns: every `|` inside a cell is escaped.
            let unescaped = line.replace("\\|", "");
            prop_assert!(unescaped.matches('|').count() == 5 || unescaped.matches('|').count() == 7, "{}", line);
        }
        let table = gonogo_reports::render_table(&report, TableOptions { color: false, width: Some(100) });
        prop_assert!(!table.contains(char::from(0x1b)), "escape sequence in the table");
    }
}
