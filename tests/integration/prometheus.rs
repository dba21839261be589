//! `--prometheus-file` and `--pushgateway`: the metrics pass `promtool check metrics`, carry
//! no ARNs, and read back from a real Pushgateway grouped by account.

use std::process::Command;

use aws_sdk_sqs::types::QueueAttributeName;
use gonogo_tests::{Gonogo, Moto, Pushgateway, Seeder, free_port, promtool};

/// The value of the sample `name{labels}` (labels exactly as written, sorted) in `text`.
fn sample(text: &str, series: &str) -> Option<f64> {
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

#[tokio::test]
async fn each_account_is_pushed_as_its_own_group_and_a_failed_push_exits_3() {
    let gateway = match Pushgateway::start() {
        Ok(gateway) => gateway,
        Err(why) => {
            println!("skipping the Pushgateway test: {why}");
            return;
        }
    };
    let moto = Moto::start();
    let (a, b) = ("111111111111", "222222222222");
    Seeder::in_account(&moto, a, "us-east-1")
        .await
        .queue(
            "plain",
            &[(QueueAttributeName::SqsManagedSseEnabled, "false")],
        )
        .await;
    Seeder::in_account(&moto, b, "us-east-1")
        .await
        .queue("sealed", &[])
        .await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    let accounts = gonogo.file(
        "accounts.toml",
        &format!(
            "[[accounts]]\nid = \"{a}\"\nrole_arn = \"arn:aws:iam::{a}:role/audit\"\n\n\
             [[accounts]]\nid = \"{b}\"\nrole_arn = \"arn:aws:iam::{b}:role/audit\"\n"
        ),
    );
    let url = gateway.url();
    let run = gonogo.audit(
        None,
        &[
            "--check",
            "security.sqs-encryption",
            "--accounts",
            accounts.to_str().unwrap(),
            "--pushgateway",
            &url,
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let scraped = tokio::task::spawn_blocking(move || gateway.scrape())
        .await
        .unwrap();
    // The gateway writes labels sorted by name, the grouping labels among them.
    let of = |name: &str, account: &str, labels: &[(&str, &str)]| {
        let mut all = vec![("account", account), ("instance", ""), ("job", "gonogo")];
        all.extend_from_slice(labels);
        all.sort();
        let labels: Vec<String> = all.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        let series = format!("{name}{{{}}}", labels.join(","));
        sample(&scraped, &series).unwrap_or_else(|| panic!("no {series} in\n{scraped}"))
    };
    assert_eq!(of("gonogo_verdict", a, &[]), 2.0);
    assert_eq!(of("gonogo_verdict", b, &[]), 0.0);
    let security = |status| [("category", "security"), ("status", status)];
    assert_eq!(of("gonogo_checks", a, &security("fail")), 1.0);
    assert_eq!(of("gonogo_checks", b, &security("pass")), 1.0);
    assert_eq!(of("gonogo_checks", a, &security("pass")), 0.0);
    // The gateway's record of each push: one group per account.
    for account in [a, b] {
        let pushed =
            format!("push_time_seconds{{account=\"{account}\",instance=\"\",job=\"gonogo\"}}");
        assert!(
            sample(&scraped, &pushed).is_some(),
            "no {pushed} in\n{scraped}"
        );
    }

    // Nobody listens: the report is written, the push fails, exit 3.
    let closed = format!("http://127.0.0.1:{}", free_port());
    let run = gonogo.audit(
        None,
        &[
            "--check",
            "security.sqs-encryption",
            "--accounts",
            accounts.to_str().unwrap(),
            "--pushgateway",
            &closed,
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.report()["verdict"], "NO-GO");
    assert!(
        run.stderr.contains("could not push metrics"),
        "{}",
        run.stderr
    );
}
