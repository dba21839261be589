//! `--format github`: GitHub Actions workflow commands from the demo snapshot, the blocking
//! failures as errors first, at most ten of each kind, then one summary notice.

use gonogo_tests::Gonogo;

const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "info"];

/// `(command, title, message)` of each line.
fn commands(stdout: &str) -> Vec<(String, String, String)> {
    stdout
        .lines()
        .map(|line| {
            let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("{line}"));
            let (head, message) = rest.split_once("::").unwrap();
            let (command, title) = head.split_once(" title=").unwrap();
            (command.to_owned(), title.to_owned(), message.to_owned())
        })
        .collect()
}

fn severity_rank(title: &str) -> usize {
    SEVERITIES
        .iter()
        .position(|s| title.ends_with(&format!("({s})")))
        .unwrap_or_else(|| panic!("{title}"))
}

#[test]
fn blocking_failures_are_errors_first_within_the_limit_then_one_notice() {
    let gonogo = Gonogo::new(None);
    let out = gonogo.audit_demo(&["--format", "github", "--json", "report.json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines = commands(&stdout);
    let report = gonogo.read_json("report.json");

    let (last, annotations) = lines.split_last().unwrap();
    assert_eq!(last.0, "notice");
    assert_eq!(last.1, "gonogo%3A NO-GO");
    assert!(last.2.starts_with("score "), "{}", last.2);

    let errors: Vec<_> = annotations.iter().filter(|a| a.0 == "error").collect();
    let warnings: Vec<_> = annotations.iter().filter(|a| a.0 == "warning").collect();
    assert_eq!(errors.len() + warnings.len(), annotations.len());
    assert!(!errors.is_empty() && errors.len() <= 10, "{stdout}");
    assert!(!warnings.is_empty() && warnings.len() <= 10, "{stdout}");
    // Errors come before warnings, each kind most severe first.
    let first_warning = annotations.iter().position(|a| a.0 == "warning").unwrap();
    assert!(annotations[..first_warning].iter().all(|a| a.0 == "error"));
    for kind in [&errors, &warnings] {
        let ranks: Vec<usize> = kind.iter().map(|a| severity_rank(&a.1)).collect();
        let mut sorted = ranks.clone();
        sorted.sort();
        assert_eq!(ranks, sorted, "{stdout}");
    }
    // The default policy blocks on critical failures only.
    assert!(
        errors.iter().all(|a| a.1.ends_with("(critical)")),
        "{stdout}"
    );
    assert!(
        errors.iter().any(|a| a.1 == "security.root-mfa (critical)"
            && a.2.contains("(arn:aws:iam::123456789012:root)")),
        "{stdout}"
    );

    // What the limit left out is counted in the notice.
    let problems = |blocking: bool| -> usize {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "fail" || c["status"] == "warn" || c["status"] == "error")
            .map(|c| {
                let critical = c["severity"] == "critical";
                if c["status"] == "error" {
                    return usize::from(critical == blocking);
                }
                let findings = c["findings"].as_array().unwrap();
                let mine = findings
                    .iter()
                    .filter(|f| {
                        let fail = f["status"] == "fail";
                        let problem = fail || f["status"] == "warn";
                        problem && (critical && fail) == blocking
                    })
                    .count();
                let whole = findings
                    .iter()
                    .all(|f| f["status"] != "fail" && f["status"] != "warn");
                if whole {
                    usize::from((critical && c["status"] == "fail") == blocking)
                } else {
                    mine
                }
            })
            .sum()
    };
    assert!(
        last.2.contains(&format!(
            "{} blocking and {} other problems",
            problems(true),
            problems(false)
        )),
        "{}",
        last.2
    );
}
