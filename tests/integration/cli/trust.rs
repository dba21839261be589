//! Hostile and partial input never makes a GO, and report files never replace what they
//! should not: each case of issue 22 with the real binary (the exit it had before is named).
//! Devices, FIFOs and links are made inside the test's own directory, never under `/dev`.

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::process::{Command, Stdio};

use gonogo_tests::{Gonogo, demo_snapshot};
use serde_json::Value;

/// `O_NONBLOCK` (Linux): opening a FIFO for writing fails at once instead of waiting.
const O_NONBLOCK: i32 = 0o4000;

/// `gonogo audit --quiet --snapshot DEMO ARGS` in `gonogo`'s directory: its exit code, stdout
/// and stderr.
fn audit_demo(gonogo: &Gonogo, args: &[&str]) -> (i32, String, String) {
    let out = gonogo
        .command()
        .args(["audit", "--quiet", "--snapshot"])
        .arg(demo_snapshot())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn number_parameters_out_of_range_are_refused_by_policy_check_and_audit() {
    // Before: `nan` made canaries at 50% pass and the audit GO; `-1` passed `policy check`.
    let gonogo = Gonogo::new(None);
    let cases = [
        (
            "[checks.\"monitoring.canary-success\"]\nmin_success_percent = nan\n",
            "p.toml:2:23: `min_success_percent`: must be between 0 and 100, found NaN",
        ),
        (
            "[checks.\"cost.budget-limit\"]\nmax_monthly_usd = inf\n",
            "p.toml:2:19: `max_monthly_usd`: must be a finite number ≥ 0, found inf",
        ),
        (
            "[checks.\"cost.budget-forecast\"]\nwarn_percent = 150\n",
            "p.toml:2:16: `warn_percent`: must be between 0 and 100, found 150",
        ),
        (
            "[checks.\"monitoring.lambda-errors\"]\nwindow_minutes = -1\n",
            "p.toml:2:18: `window_minutes`: must be between 1 and 1440, found -1",
        ),
        (
            "[weights]\ncritical = 1e308\n",
            "p.toml:2:12: a weight must be a number from 0 to 1000",
        ),
        (
            "[weights]\ncritical = 0\nhigh = 0\nmedium = 0\nlow = 0\ninfo = 0\n",
            "p.toml:2:12: every weight is 0: the score would not weigh any check",
        ),
    ];
    for (policy, said) in cases {
        gonogo.file("p.toml", policy);
        let check = gonogo.run(&["policy", "check", "p.toml"]);
        assert_eq!(check.status.code(), Some(3), "{policy}");
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(stderr.contains(said), "{policy}: {stderr}");
        let (code, stdout, stderr) = audit_demo(&gonogo, &["--policy", "p.toml"]);
        assert_eq!(code, 3, "{policy}: {stderr}");
        assert!(stderr.contains(said), "{stderr}");
        assert!(stdout.is_empty(), "no verdict printed: {stdout}");
    }
}

/// The demo's JSON report, written to `name` in `gonogo`'s directory.
fn demo_report(gonogo: &Gonogo, name: &str) -> Value {
    let (code, _, stderr) = audit_demo(gonogo, &["--json", name]);
    assert_eq!(code, 2, "{stderr}");
    gonogo.read_json(name)
}

/// `gonogo merge FILES...` in `gonogo`'s directory: exit code and stderr.
fn merge(gonogo: &Gonogo, files: &[&str]) -> (i32, String) {
    let out = gonogo.command().arg("merge").args(files).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn merge_judges_every_report_again_and_refuses_a_verdict_that_does_not_follow() {
    let gonogo = Gonogo::new(None);
    let report = demo_report(&gonogo, "a.json");
    let write = |name: &str, value: &Value| {
        gonogo.file(name, &serde_json::to_string_pretty(value).unwrap());
    };
    let mut other = report.clone();
    other["target"]["account_id"] = "222222222222".into();
    write("b.json", &other);
    let (code, stderr) = merge(&gonogo, &["a.json", "b.json"]);
    assert_eq!(code, 2, "two honest NO-GO accounts: {stderr}");

    // Before: edited to GO/0, two reports with failures and a critical one merged to exit 0.
    let mut edited = report.clone();
    edited["verdict"] = "GO".into();
    edited["exit_code"] = 0.into();
    write("a-go.json", &edited);
    other["verdict"] = "GO".into();
    other["exit_code"] = 0.into();
    write("b-go.json", &other);
    let (code, stderr) = merge(&gonogo, &["a-go.json", "b-go.json"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("a-go.json: verdict GO (exit 0, score")
            && stderr.contains("does not follow from its checks, which give NO-GO (exit 2"),
        "{stderr}"
    );

    // Before: a report with no check at all merged to GO.
    let mut empty = edited.clone();
    empty["checks"] = Value::Array(Vec::new());
    empty["score"] = 100.0.into();
    write("empty.json", &empty);
    let (code, stderr) = merge(&gonogo, &["empty.json"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("no check was evaluated"), "{stderr}");

    // Before: an incomplete report merged to exit 2 where the interrupted audit said 3.
    let mut incomplete = report.clone();
    incomplete["incomplete"] = true.into();
    write("incomplete.json", &incomplete);
    let (code, stderr) = merge(&gonogo, &["incomplete.json", "b.json"]);
    assert_eq!(code, 3, "{stderr}");
}

#[test]
fn a_bad_output_path_is_exit_3_before_the_audit_and_writes_nothing() {
    // Before: the whole audit ran, then exit 3 with nothing printed and no ok.html; the same
    // path for two formats silently kept the last.
    let gonogo = Gonogo::new(None);
    let nowhere = gonogo.dir().join("nope").join("x.json");
    let (code, stdout, stderr) = audit_demo(
        &gonogo,
        &["--json", nowhere.to_str().unwrap(), "--html", "ok.html"],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("--json") && stderr.contains("does not exist"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "the audit did not run: {stdout}");
    assert!(!gonogo.dir().join("ok.html").exists());

    let (code, _, stderr) = audit_demo(&gonogo, &["--json", "r", "--junit", "r"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("r is given for both --json and --junit"),
        "{stderr}"
    );
    assert!(!gonogo.dir().join("r").exists());

    std::fs::create_dir(gonogo.dir().join("adir")).unwrap();
    let (code, _, stderr) = audit_demo(&gonogo, &["--json", "adir"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("is a directory"), "{stderr}");
}

#[test]
fn a_report_that_cannot_be_written_after_the_audit_does_not_stop_the_others() {
    // A link to a file descriptor gonogo does not have: it passes the check (a stream is
    // not tried before), and opening it fails after the audit.
    let gonogo = Gonogo::new(None);
    let closed = gonogo.dir().join("closed");
    std::os::unix::fs::symlink("/proc/self/fd/97", &closed).unwrap();
    let (code, stdout, stderr) = audit_demo(
        &gonogo,
        &[
            "--json",
            closed.to_str().unwrap(),
            "--html",
            "ok.html",
            "--markdown",
            "ok.md",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains(&format!("failed to write report {}", closed.display())),
        "{stderr}"
    );
    assert!(
        stdout.contains("NO-GO"),
        "the table is still printed: {stdout}"
    );
    assert!(gonogo.dir().join("ok.html").is_file());
    assert!(gonogo.dir().join("ok.md").is_file());
}

#[test]
fn fifos_links_and_modes_are_written_through_never_replaced() {
    let gonogo = Gonogo::new(None);
    let dir = gonogo.dir();

    // A FIFO (as `--json /dev/stdout` piped, or a named pipe) is written to, not replaced.
    let fifo = dir.join("report.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let (code, _, stderr) = audit_demo(&gonogo, &["--json", fifo.to_str().unwrap()]);
    // Whatever gonogo did, the reader is not left waiting for a writer: open the FIFO once
    // more without blocking (it fails harmlessly once the reader is done).
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(O_NONBLOCK)
        .open(&fifo);
    assert_eq!(code, 2, "{stderr}");
    let through_fifo: Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(through_fifo["verdict"], "NO-GO");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "still a FIFO"
    );

    // A link to /proc/self/fd/1 (what /dev/stdout is) writes to gonogo's stdout.
    let stdout_link = dir.join("out");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let (code, stdout, stderr) = audit_demo(
        &gonogo,
        &["--format", "json", "--json", stdout_link.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stdout.matches("\"schema_version\": 1").count(),
        2,
        "the file and the printed report both reached stdout"
    );
    assert!(
        std::fs::symlink_metadata(&stdout_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A link to a file: the target is replaced atomically, the link stays.
    std::fs::create_dir(dir.join("reports")).unwrap();
    let target = dir.join("reports").join("latest.json");
    std::fs::write(&target, "old").unwrap();
    let link = dir.join("latest.json");
    std::os::unix::fs::symlink("reports/latest.json", &link).unwrap();
    let (code, _, stderr) = audit_demo(&gonogo, &["--json", "latest.json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["verdict"], "NO-GO");

    // A private report stays private (before: 0600 became 0644).
    let private = dir.join("private.json");
    std::fs::write(&private, "{}").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, _) = audit_demo(&gonogo, &["--json", "private.json"]);
    assert_eq!(code, 2);
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_huge_snapshot_is_refused_by_its_size_before_it_is_read() {
    // Before: a 1 GB file was read whole (1.08 GB peak) before failing on its first byte.
    let gonogo = Gonogo::new(None);
    let big = gonogo.dir().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let out = gonogo
        .command()
        .args(["audit", "--quiet", "--snapshot"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1073741824 bytes, over the 256 MiB limit"),
        "{stderr}"
    );
}

/// Runs `gonogo ARGS` with its stdout a pipe whose reader is already gone.
fn with_closed_stdout(gonogo: &Gonogo, args: &[&str]) -> (Option<i32>, String) {
    let mut child = gonogo
        .command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_exit_the_command_decided() {
    // Before: `gonogo frameworks | head -1` panicked with exit 101.
    let gonogo = Gonogo::new(None);
    let (code, stderr) = with_closed_stdout(&gonogo, &["frameworks"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let snapshot = demo_snapshot();
    let (code, stderr) = with_closed_stdout(
        &gonogo,
        &["audit", "--quiet", "--snapshot", snapshot.to_str().unwrap()],
    );
    assert_eq!(code, Some(2), "the verdict's exit, as if printed: {stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}
