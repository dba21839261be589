//! `--prometheus-file`: the metrics pass `promtool check metrics`, say what the report says
//! and carry no ARNs. The Pushgateway is tested with a fleet (fleet/pushgateway.rs).

use std::process::Command;

use gonogo_tests::{Gonogo, promtool};

/// The value of the sample `name{labels}` (labels exactly as written, sorted) in `text`.
pub(crate) fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

#[test]
fn the_metrics_file_passes_promtool_and_says_what_the_report_says() {
    let gonogo = Gonogo::new(None);
    gonogo.audit_demo(&["--prometheus-file", "gonogo.prom", "--json", "report.json"]);
    let text = std::fs::read_to_string(gonogo.dir().join("gonogo.prom")).unwrap();
    let report = gonogo.read_json("report.json");
    let account = report["target"]["account_id"].as_str().unwrap();
    let of = |name: &str, labels: &str| {
        let series = if labels.is_empty() {
            format!("{name}{{account=\"{account}\"}}")
        } else {
            format!("{name}{{account=\"{account}\",{labels}}}")
        };
        sample(&text, &series).unwrap_or_else(|| panic!("no {series} in\n{text}"))
    };
    assert_eq!(of("gonogo_verdict", ""), 2.0);
    assert_eq!(of("gonogo_exit_code", ""), 2.0);
    assert_eq!(of("gonogo_score", ""), report["score"].as_f64().unwrap());
    let finished = chrono::DateTime::parse_from_rfc3339(report["finished_at"].as_str().unwrap())
        .unwrap()
        .timestamp() as f64;
    assert_eq!(of("gonogo_last_run_timestamp_seconds", ""), finished);
    let checks = report["checks"].as_array().unwrap();
    let count = |category: &str, status: &str| {
        checks
            .iter()
            .filter(|c| c["category"] == category && c["status"] == status)
            .count() as f64
    };
    for (category, status) in [
        ("security", "fail"),
        ("security", "pass"),
        ("monitoring", "fail"),
    ] {
        assert_eq!(
            of(
                "gonogo_checks",
                &format!("category=\"{category}\",status=\"{status}\"")
            ),
            count(category, status)
        );
    }
    let failing_findings: usize = checks
        .iter()
        .map(|c| {
            c["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["status"] == "fail")
                .count()
        })
        .sum();
    let by_severity: f64 = ["info", "low", "medium", "high", "critical"]
        .iter()
        .map(|s| {
            of(
                "gonogo_findings",
                &format!("severity=\"{s}\",status=\"fail\""),
            )
        })
        .sum();
    assert_eq!(by_severity, failing_findings as f64);
    assert!(
        sample(&text, "gonogo_build_info{version=\"0.1.0\"}") == Some(1.0),
        "{text}"
    );
    assert!(!text.contains("arn:"), "no ARNs in labels:\n{text}");

    match promtool() {
        Ok(promtool) => {
            let checked = Command::new(promtool)
                .args(["check", "metrics"])
                .stdin(std::fs::File::open(gonogo.dir().join("gonogo.prom")).unwrap())
                .output()
                .unwrap();
            assert!(
                checked.status.success(),
                "promtool check metrics: {}{}",
                String::from_utf8_lossy(&checked.stdout),
                String::from_utf8_lossy(&checked.stderr)
            );
        }
        Err(why) => println!("skipping promtool check metrics: {why}"),
    }
}
