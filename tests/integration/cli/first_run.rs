//! The first run on a machine that is not set up: no region, no credentials, an endpoint
//! that does not answer. Each is one line that says what to do, and no log line of the AWS
//! SDK reaches the terminal unless `GONOGO_LOG` asks for it.

use std::process::{Command, Output};

use gonogo_tests::{free_port, gonogo_binary};

/// `gonogo audit` of one check with nothing but `env` (and no instance metadata to find).
fn audit_with(env: &[(&str, &str)]) -> Output {
    gonogo_with(env, &["audit", "--check", "security.root-mfa"])
}

/// `gonogo ARGS` with nothing but `env` (and no instance metadata to find).
fn gonogo_with(env: &[(&str, &str)], args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(gonogo_binary())
        .current_dir(home.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

/// What gonogo said on both streams, its words joined by single spaces (the table wraps long
/// lines to the width).
fn said(out: &Output) -> String {
    format!(
        "{} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

#[test]
fn no_region_is_one_line_with_the_fix_and_no_sdk_log() {
    let out = audit_with(&[]);
    let said = said(&out);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert_eq!(
        said.trim(),
        "error: no AWS region configured: pass --region or set AWS_REGION"
    );
}

#[test]
fn no_credentials_names_where_they_were_looked_for() {
    let out = audit_with(&[("AWS_REGION", "us-east-1")]);
    let said = said(&out);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert!(
        said.contains("no AWS credentials found (looked in the environment, the shared config and credentials files for the profile, SSO, the container and the instance role): set AWS_PROFILE or pass --profile"),
        "{said}"
    );
    assert!(
        !said.contains("WARN") && !said.contains("aws_config"),
        "{said}"
    );
}

#[test]
fn an_endpoint_that_does_not_answer_says_so_not_that_credentials_are_wrong() {
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let out = audit_with(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_ENDPOINT_URL", &endpoint),
    ]);
    let said = said(&out);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert!(
        said.contains("could not reach AWS: connection refused"),
        "{said}"
    );
    assert!(!said.contains("credentials"), "{said}");
}

#[test]
fn gonogo_log_still_shows_the_sdk_when_asked() {
    let out = audit_with(&[
        ("AWS_REGION", "us-east-1"),
        ("GONOGO_LOG", "aws_config=debug"),
    ]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("aws_config"),
        "{}",
        said(&out)
    );
}

#[test]
fn a_region_that_is_not_aws_s_is_refused_before_any_call() {
    let credentials = [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
    ];
    let from_env = audit_with(&[
        credentials[0],
        credentials[1],
        ("AWS_REGION", "mars-north-9"),
    ]);
    assert_eq!(from_env.status.code(), Some(3), "{}", said(&from_env));
    assert_eq!(
        said(&from_env).trim(),
        "error: `mars-north-9` is not an AWS region (regions look like `eu-west-1`)"
    );

    // Each of --regions too (`all` is AWS's to list).
    let listed = gonogo_with(
        &[credentials[0], credentials[1], ("AWS_REGION", "us-east-1")],
        &["audit", "--regions", "eu-west-1,us-east1"],
    );
    assert_eq!(listed.status.code(), Some(3), "{}", said(&listed));
    assert!(
        said(&listed).contains("`us-east1` is not an AWS region (did you mean one of `us-east-1`"),
        "{}",
        said(&listed)
    );
}

#[test]
fn a_file_of_the_wrong_kind_says_what_it_is() {
    let gonogo = gonogo_tests::Gonogo::new(None);
    let snapshot = gonogo_tests::demo_snapshot();
    let snapshot = snapshot.to_str().unwrap();
    let report = gonogo.dir().join("report.json");
    gonogo.run(&[
        "audit",
        "--snapshot",
        snapshot,
        "--json",
        report.to_str().unwrap(),
    ]);
    let report = report.to_str().unwrap();
    let error = |args: &[&str]| {
        let out = gonogo.run(args);
        assert_eq!(out.status.code(), Some(3), "{}", said(&out));
        String::from_utf8_lossy(&out.stderr).trim().to_owned()
    };
    assert_eq!(
        error(&["audit", "--snapshot", snapshot, "--baseline", snapshot]),
        format!(
            "error: baseline {snapshot}: this is a gonogo snapshot (`gonogo audit --snapshot` reads it), not a report"
        )
    );
    assert_eq!(
        error(&["audit", "--snapshot", report]),
        format!(
            "error: {report}: this is a gonogo report (`--baseline` and `gonogo merge` read it), not a snapshot"
        )
    );
    assert_eq!(
        error(&["policy", "check", report]),
        format!(
            "error: {report}: this is a gonogo report (`--baseline` and `gonogo merge` read it), not a policy"
        )
    );
}
