//! Reports: the JSON contract field by field, JUnit parsed back by a JUnit parser, Markdown,
//! the table, several files in one run, and escaping of text that came from AWS.

use aws_sdk_cloudwatch::types::StateValue;
use serde_json::Value;

use crate::account;
use crate::meta::registry::catalogue_ids;

/// An account with a pass, a warn (insufficient data), a fail (firing alarm) and more.
async fn mixed_account() -> (
    gonogo_tests::Moto,
    gonogo_tests::Seeder,
    gonogo_tests::Gonogo,
) {
    let (moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    seed.alarm("orders-latency", StateValue::InsufficientData)
        .await;
    seed.alarm("payments-errors", StateValue::Alarm).await;
    (moto, seed, gonogo)
}

/// An object's keys, sorted (serde_json keeps insertion order only with `preserve_order`).
fn keys(object: &Value) -> Vec<String> {
    let mut keys: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn json_report_follows_the_contract() {
    let (_moto, _seed, gonogo) = mixed_account().await;
    let run = gonogo.audit(None, &[]);
    let r = run.report();
    let top = [
        "schema_version",
        "tool",
        "started_at",
        "finished_at",
        "duration_ms",
        "target",
        "verdict",
        "exit_code",
        "score",
        "reasons",
        "summary",
        "incomplete",
        "checks",
        // Additive: the scoring rules the verdict was reached under (for `gonogo merge`).
        "scoring",
        // Additive: the reasons grouped by cause.
        "reason_groups",
    ];
    assert_eq!(keys(r), sorted(&top));
    assert_eq!(
        r["scoring"],
        serde_json::json!({
            "weights": {"critical": 10.0, "high": 5.0, "medium": 3.0, "low": 1.0, "info": 0.0},
            "go_score": 90.0,
            "no_go_score": 60.0,
            "max_error_percent": 20.0,
            "blocking_severities": ["critical"],
            "errors": "like-fail",
            "gate_on": "all",
        })
    );
    assert_eq!(r["incomplete"], false);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["tool"]["name"], "gonogo");
    assert_eq!(r["tool"]["version"], env!("CARGO_PKG_VERSION"));
    for field in ["started_at", "finished_at"] {
        let text = r[field].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            "{field}: {text}"
        );
    }
    assert!(r["duration_ms"].is_u64());
    assert_eq!(
        r["target"],
        serde_json::json!({"account_id": "123456789012", "region": "us-east-1", "source": "live"})
    );
    assert_eq!(r["verdict"], "NO-GO");
    assert_eq!(r["exit_code"], 2);
    assert_eq!(run.code, 2);
    assert!(r["score"].is_number());
    assert!(
        r["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string)
    );
    let summary = r["summary"].as_object().unwrap();
    assert_eq!(
        keys(&r["summary"]),
        sorted(&["pass", "warn", "fail", "error", "skip", "waived"])
    );
    let checks = r["checks"].as_array().unwrap();
    assert_eq!(checks.len(), catalogue_ids().len());
    let total: u64 = summary.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(
        total,
        catalogue_ids().len() as u64,
        "summary counts every check once"
    );
    let categories = [
        "infrastructure",
        "security",
        "cost",
        "monitoring",
        "operations",
    ];
    let severities = ["critical", "high", "medium", "low", "info"];
    let statuses = ["pass", "warn", "fail", "error", "skip", "waived"];
    for c in checks {
        assert_eq!(
            keys(c),
            sorted(&[
                "id",
                "title",
                "category",
                "severity",
                "scope",
                "status",
                "duration_ms",
                "message",
                "remediation",
                "findings",
                "waiver"
            ])
        );
        assert!(categories.contains(&c["category"].as_str().unwrap()));
        assert!(severities.contains(&c["severity"].as_str().unwrap()));
        assert!(["regional", "global"].contains(&c["scope"].as_str().unwrap()));
        assert!(statuses.contains(&c["status"].as_str().unwrap()));
        assert!(c["waiver"].is_null());
        for f in c["findings"].as_array().unwrap() {
            // A live audit tags each finding with its account and region (additive to the
            // contract's resource, status and message; `change` only with --baseline).
            assert_eq!(
                keys(f),
                sorted(&["resource", "status", "message", "account", "region"])
            );
            assert_eq!(f["account"], "123456789012");
            let region = f["region"].as_str().unwrap();
            assert!(region == "us-east-1" || region == "global", "{f}");
        }
    }
    assert_eq!(run.status("monitoring.alarms-firing"), "fail");
    assert_eq!(run.status("monitoring.alarms-insufficient-data"), "warn");
    let ids: Vec<&str> = checks.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "stable order: sorted by id");
}

#[tokio::test]
async fn junit_loads_in_a_junit_parser_and_matches_the_json_summary() {
    let (_moto, _seed, gonogo) = mixed_account().await;
    let junit_path = gonogo.dir().join("junit.xml");
    let run = gonogo.audit(None, &["--junit", junit_path.to_str().unwrap()]);
    let xml = std::fs::read_to_string(&junit_path).unwrap();
    let suites = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes()))
        .expect("JUnit parser loads it");
    let summary = &run.report()["summary"];
    let count = |key: &str| summary[key].as_u64().unwrap();
    let cases: Vec<_> = suites.suites.iter().flat_map(|s| s.cases.iter()).collect();
    assert_eq!(cases.len(), catalogue_ids().len());
    let failures = cases.iter().filter(|c| c.status.is_failure()).count() as u64;
    let errors = cases.iter().filter(|c| c.status.is_error()).count() as u64;
    let skipped = cases.iter().filter(|c| c.status.is_skipped()).count() as u64;
    assert_eq!(failures, count("fail"));
    assert_eq!(errors, count("error"));
    assert_eq!(skipped, count("skip") + count("waived"));
    assert_eq!(suites.tests, catalogue_ids().len() as u64);
    // One suite per category, classname = category, name = check id, verdict as a property.
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite_names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(
        suite_names,
        [
            "infrastructure",
            "security",
            "cost",
            "monitoring",
            "operations"
        ]
    );
    let firing = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testcase") && n.attribute("name") == Some("monitoring.alarms-firing")
        })
        .unwrap();
    assert_eq!(firing.attribute("classname"), Some("monitoring"));
    assert!(firing.children().any(|n| n.has_tag_name("failure")));
    let warn = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testcase")
                && n.attribute("name") == Some("monitoring.alarms-insufficient-data")
        })
        .unwrap();
    let out = warn
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(out.starts_with("WARN: "), "{out}");
    assert!(doc.descendants().any(|n| n.has_tag_name("property")
        && n.attribute("name") == Some("verdict")
        && n.attribute("value") == Some("NO-GO")));
}

#[tokio::test]
async fn several_formats_in_one_run_and_each_on_stdout() {
    let (_moto, _seed, gonogo) = mixed_account().await;
    let dir = gonogo.dir().to_path_buf();
    let out = gonogo.run(&[
        "audit",
        "--quiet",
        "--format",
        "markdown",
        "--json",
        "r.json",
        "--junit",
        "r.xml",
        "--markdown",
        "r.md",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("## ⛔ gonogo: NO-GO"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.join("r.md")).unwrap(), stdout);
    assert!(dir.join("r.json").is_file() && dir.join("r.xml").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");

    let table = gonogo.run(&["audit", "--quiet"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("│ FAIL   ┆ monitoring.alarms-firing"),
        "{text}"
    );
    assert!(text.contains("Findings to review:"));
    assert!(text.contains("Verdict: NO-GO"));
    assert!(!text.contains('\u{1b}'), "NO_COLOR: no escape codes");
    let json = gonogo.run(&["audit", "--quiet", "--format", "json"]);
    let parsed: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed["verdict"], "NO-GO");
    let junit = gonogo.run(&["audit", "--quiet", "--format", "junit"]);
    assert!(String::from_utf8_lossy(&junit.stdout).starts_with("<?xml"));
}

#[tokio::test]
async fn text_from_aws_is_escaped_for_each_format() {
    let (_moto, seed, gonogo) = account().await;
    // Control characters cannot travel through moto's XML; the table's stripping of them is
    // unit-tested in reports/src/escape.rs.
    let hostile = "evil|<b>x</b>*bold*";
    seed.alarm(hostile, StateValue::Alarm).await;
    let run = gonogo.audit(
        None,
        &[
            "--check",
            "monitoring.alarms-firing",
            "--junit",
            "j.xml",
            "--markdown",
            "m.md",
        ],
    );
    assert_eq!(
        run.status("monitoring.alarms-firing"),
        "fail",
        "{}",
        run.check("monitoring.alarms-firing")
    );
    let md = std::fs::read_to_string(gonogo.dir().join("m.md")).unwrap();
    assert!(md.contains("evil\\|&lt;b>x&lt;/b>\\*bold\\*"), "{md}");
    assert!(!md.contains("<b>"));
    let xml = std::fs::read_to_string(gonogo.dir().join("j.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("still well-formed XML");
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("evil|<b>x</b>"),
        "escaped, not lost"
    );
    let table = gonogo.run(&[
        "audit",
        "--quiet",
        "--check",
        "monitoring.alarms-firing",
        "--color",
        "always",
    ]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains('\u{1b}'),
        "--color always colours even when piped"
    );
    assert!(text.contains("evil|<b>x</b>*bold*"), "{text}");
}
