//! The command line: usage errors, help, whoami, explain, policy init and check.

use gonogo_tests::Gonogo;

use crate::account;

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

#[test]
fn usage_errors_exit_3_not_2() {
    let gonogo = Gonogo::new(None);
    for args in [
        &["audit", "--bogus"][..],
        &["audit", "--format", "yaml"],
        &["audit", "--category", "nope"],
        &["nope"],
    ] {
        let out = gonogo.run(args);
        assert_eq!(
            code(&out),
            3,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(code(&gonogo.run(&["--help"])), 0);
    assert_eq!(code(&gonogo.run(&["--version"])), 0);
}

#[test]
fn unknown_ids_suggest_the_nearest_known_ones() {
    let gonogo = Gonogo::new(None);
    let stderr = |args: &[&str]| {
        let out = gonogo.run(args);
        assert_eq!(code(&out), 3);
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(
        stderr(&["explain", "root-mfa"])
            .contains("unknown check `root-mfa` (did you mean `security.root-mfa`?)"),
    );
    let snapshot = gonogo_tests::demo_snapshot();
    assert!(
        stderr(&[
            "audit",
            "--snapshot",
            snapshot.to_str().unwrap(),
            "--check",
            "security.rootmfa"
        ])
        .contains("unknown check `security.rootmfa` (did you mean `security.root-mfa`?)")
    );
    assert!(
        stderr(&["list", "--framework", "cis-aws-7"])
            .contains("unknown framework `cis-aws-7` (did you mean `cis-aws-7.0`?)")
    );
    let policy = gonogo.file(
        "typo.toml",
        "[checks.\"security.root_mfa\"]\nenabled = false\n",
    );
    assert!(
        stderr(&["policy", "check", policy.to_str().unwrap()]).contains(
            "typo.toml:1:9: unknown check `security.root_mfa` (did you mean `security.root-mfa`?)"
        )
    );
}

#[test]
fn unknown_check_ids_are_errors() {
    let gonogo = Gonogo::new(None);
    let out = gonogo.run(&["explain", "security.nope"]);
    assert_eq!(code(&out), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown check `security.nope`"));
    let run = gonogo.audit(None, &["--check", "security.nope"]);
    assert_eq!(run.code, 3);
    assert!(run.json.is_none());
}

#[test]
fn explain_shows_parameters_with_defaults() {
    let out = Gonogo::new(None).run(&["explain", "cost.budget-limit"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "- max_monthly_usd (number, at least 0, default 500): highest monthly limit allowed, in USD"
        ),
        "{text}"
    );
    let out = Gonogo::new(None).run(&["explain", "monitoring.canary-success"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("- window_minutes (integer, 1 to 1440, default 120)")
            && text.contains("- min_success_percent (number, 0 to 100, default 95)"),
        "the range each number accepts: {text}"
    );
}

#[test]
fn policy_init_writes_a_policy_that_policy_check_accepts() {
    let gonogo = Gonogo::new(None);
    assert_eq!(code(&gonogo.run(&["policy", "init"])), 0);
    let written = std::fs::read_to_string(gonogo.dir().join("gonogo.toml")).unwrap();
    assert!(written.contains("# [checks.\"cost.budget-limit\"]"));
    assert!(written.contains("# max_monthly_usd = 500"));
    let out = gonogo.run(&["policy", "check", "gonogo.toml"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        code(&gonogo.run(&["policy", "init"])),
        3,
        "refuses to overwrite"
    );
    // Every commented setting, uncommented, is still a valid policy.
    let uncommented: String = written
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|l| l.starts_with('[') || l.contains(" = "))
                .unwrap_or("")
        })
        .map(|l| {
            l.split("    #")
                .next()
                .unwrap_or(l)
                .split("  #")
                .next()
                .unwrap_or(l)
        })
        .filter(|l| {
            !l.contains("\"<value>\"")
                && !l.starts_with("[[waivers]]")
                && !l.starts_with("check =")
                && !l.starts_with("resource =")
                && !l.starts_with("reason =")
                && !l.starts_with("owner =")
                && !l.starts_with("expires =")
                && !l.starts_with("ticket =")
        })
        .collect::<Vec<_>>()
        .join("\n");
    gonogo.file("uncommented.toml", &uncommented);
    let out = gonogo.run(&["policy", "check", "uncommented.toml"]);
    assert_eq!(
        code(&out),
        0,
        "{}\n{uncommented}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn policy_check_names_file_line_and_column() {
    let gonogo = Gonogo::new(None);
    gonogo.file(
        "bad.toml",
        "go_score = 90\n\n[checks.\"cost.budget-limit\"]\nmax_monthly = 10\n",
    );
    let out = gonogo.run(&["policy", "check", "bad.toml"]);
    assert_eq!(code(&out), 3);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: bad.toml:4:1: unknown key `max_monthly` for check `cost.budget-limit` (expected `enabled`, `severity`, `max_monthly_usd`)"
    );
}

#[tokio::test]
async fn whoami_prints_account_arn_and_region() {
    let (_moto, _seed, gonogo) = account().await;
    let out = gonogo.run(&["whoami"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("account: 123456789012"), "{text}");
    assert!(text.contains("region:  us-east-1"), "{text}");
}

#[test]
fn no_region_is_exit_3() {
    let gonogo = Gonogo::new(Some("http://127.0.0.1:9".to_owned()));
    let mut cmd = gonogo.command();
    let out = cmd
        .env_remove("AWS_REGION")
        .args(["audit", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no AWS region configured"));
}

/// Every `gonogo …` command of the manual's shell blocks (the README and `docs/`), as written
/// (up to a comment, a pipe or a redirection; continued lines joined, quotes dropped), parses:
/// the manual never shows a flag that is not.
#[test]
fn every_manual_command_parses() {
    let mut parsed = 0;
    for (page, text) in gonogo_tests::manual_pages() {
        for block in text.split("```sh\n").skip(1) {
            let Some((block, _)) = block.split_once("```") else {
                continue;
            };
            let block = block.replace("\\\n", " ");
            for line in block.lines().map(str::trim) {
                let Some(rest) = line.strip_prefix("gonogo ") else {
                    continue;
                };
                // `gonogo list [--format json]` shows an option, not a command line.
                if rest.contains('[') {
                    continue;
                }
                let command = rest
                    .split(" #")
                    .next()
                    .and_then(|c| c.split(['|', '>']).next())
                    .unwrap_or_default();
                let argv: Vec<String> = std::iter::once("gonogo".to_owned())
                    .chain(
                        command
                            .split_whitespace()
                            .map(|w| w.trim_matches('"').to_owned()),
                    )
                    .collect();
                if let Err(err) = gonogo_cli::parse_arguments(&argv) {
                    panic!("{page}: `{line}` does not parse:\n{err}");
                }
                parsed += 1;
            }
        }
    }
    assert!(parsed >= 30, "only {parsed} commands found in the manual");
}
