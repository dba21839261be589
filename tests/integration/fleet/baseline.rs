//! `--baseline` and `gate_on = "new"`.

use super::{DEFAULT_ACCOUNT, ENCRYPTION, marks, short, unencrypted};
use crate::account;

#[tokio::test]
async fn baseline_marks_new_unchanged_and_resolved_and_gate_on_new_gates_regressions_only() {
    let (_moto, seed, gonogo) = account().await;
    seed.queue("old", &unencrypted()).await;
    let fixed = seed.queue("fixed", &unencrypted()).await;
    let first = gonogo.audit(None, &["--check", ENCRYPTION]);
    assert_eq!(first.status(ENCRYPTION), "fail");
    let baseline = gonogo.file("baseline.json", &first.report().to_string());

    seed.encrypt_queue(&fixed).await;
    seed.queue("fresh", &unencrypted()).await;
    let markdown = gonogo.dir().join("report.md");
    let second = gonogo.audit(
        None,
        &[
            "--check",
            ENCRYPTION,
            "--baseline",
            baseline.to_str().unwrap(),
            "--markdown",
            markdown.to_str().unwrap(),
        ],
    );
    let report = second.report();
    assert_eq!(
        marks(report, ENCRYPTION),
        [
            ("fixed".to_owned(), "pass".to_owned(), "-".to_owned()),
            ("fresh".to_owned(), "fail".to_owned(), "new".to_owned()),
            ("old".to_owned(), "fail".to_owned(), "unchanged".to_owned()),
        ]
    );
    let diff = &report["baseline"];
    assert_eq!(
        (diff["new"].as_u64(), diff["unchanged"].as_u64()),
        (Some(1), Some(1))
    );
    let resolved = diff["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{diff}");
    assert_eq!(short(resolved[0]["resource"].as_str().unwrap()), "fixed");
    assert_eq!(resolved[0]["region"], "us-east-1");
    assert_eq!(resolved[0]["account"], DEFAULT_ACCOUNT);

    let table = gonogo.run(&[
        "audit",
        "--quiet",
        "--check",
        ENCRYPTION,
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("Since the baseline"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.contains("NEW") && l.contains("fresh")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.contains("RESOLVED") && l.contains("fixed")),
        "{table}"
    );
    let md = std::fs::read_to_string(markdown).unwrap();
    assert!(
        md.contains("### Since the baseline") && md.contains("| new |"),
        "{md}"
    );

    // gate_on = "new": against the first baseline, `fresh` is a regression: still failing.
    let gate_new = "gate_on = \"new\"\n";
    let regression = gonogo.audit(
        Some(gate_new),
        &[
            "--check",
            ENCRYPTION,
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    assert_ne!(regression.code, 0, "{:?}", regression.report()["reasons"]);
    // Against the second run's report nothing is new: reported failing, but a GO.
    let second_baseline = gonogo.file("second.json", &report.to_string());
    let steady = gonogo.audit(
        Some(gate_new),
        &[
            "--check",
            ENCRYPTION,
            "--baseline",
            second_baseline.to_str().unwrap(),
        ],
    );
    assert_eq!(steady.status(ENCRYPTION), "fail");
    assert_eq!(
        (steady.code, steady.report()["verdict"].as_str()),
        (0, Some("GO")),
        "{:?}",
        steady.report()["reasons"]
    );
    // Without --baseline, gate_on = "new" gates on everything.
    let no_baseline = gonogo.audit(Some(gate_new), &["--check", ENCRYPTION]);
    assert_ne!(no_baseline.code, 0);

    let bad = gonogo.file("bad.json", "{\"schema_version\": 1");
    let out = gonogo.run(&["audit", "--quiet", "--baseline", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));
}
