//! HTTP probes against a small service on 127.0.0.1: health, a rate limit that is enforced
//! and one that is not, an unreachable target, and replay from a snapshot.

use gonogo_tests::{Gonogo, TestService, free_port};

fn policy(service: &TestService) -> String {
    format!(
        r#"
[[probes.http]]
name = "health"
url = "{health}"

[[probes.http]]
name = "orders-limit"
url = "{limited}"
rate_limit = {{ requests = 15, limited_after = 10 }}
severity = "critical"

[[probes.http]]
name = "search-limit"
url = "{unlimited}"
rate_limit = {{ requests = 15, limited_after = 10 }}
"#,
        health = service.url("/health"),
        limited = service.url("/limited"),
        unlimited = service.url("/unlimited"),
    )
}

#[test]
fn probes_pass_on_a_healthy_limited_service_and_fail_without_a_limit() {
    let service = TestService::start(10);
    let gonogo = Gonogo::new(None);
    let run = gonogo.audit(Some(&policy(&service)), &["--tag", "probe"]);
    assert_eq!(run.status("probe.health"), "pass");
    assert_eq!(
        run.status("probe.orders-limit"),
        "pass",
        "{}",
        run.check("probe.orders-limit")
    );
    assert_eq!(
        run.check("probe.orders-limit")["message"],
        format!(
            "GET {} answered 429 from request 11 (limit after 10)",
            service.url("/limited")
        )
    );
    let search = run.check("probe.search-limit");
    assert_eq!(search["status"], "fail");
    assert_eq!(
        search["message"],
        format!(
            "GET {} never answered 429 in 15 requests: no rate limit",
            service.url("/unlimited")
        )
    );
    assert_eq!(search["severity"], "high");
    assert_eq!(search["category"], "operations");
    assert_eq!(
        run.report()["checks"].as_array().unwrap().len(),
        3,
        "--tag probe selects only probes"
    );
}

#[test]
fn a_limit_that_refuses_too_early_fails_and_a_wrong_status_fails() {
    let service = TestService::start(3);
    let gonogo = Gonogo::new(None);
    let policy = format!(
        "[[probes.http]]\nname = \"orders-limit\"\nurl = \"{}\"\nrate_limit = {{ requests = 15, limited_after = 10 }}\n\n[[probes.http]]\nname = \"missing\"\nurl = \"{}\"\n",
        service.url("/limited"),
        service.url("/nope")
    );
    let run = gonogo.audit(
        Some(&policy),
        &["--check", "probe.orders-limit", "--check", "probe.missing"],
    );
    assert_eq!(
        run.check("probe.orders-limit")["message"],
        format!(
            "GET {} answered 429 at request 4, before the 10 allowed",
            service.url("/limited")
        )
    );
    assert_eq!(
        run.check("probe.missing")["message"],
        format!("GET {} answered 404, expected 200", service.url("/nope"))
    );
    assert_eq!(run.code, 2);
}

#[test]
fn an_unreachable_target_fails_rather_than_passes() {
    let gonogo = Gonogo::new(None);
    let url = format!("http://127.0.0.1:{}/health", free_port());
    let policy =
        format!("[[probes.http]]\nname = \"health\"\nurl = \"{url}\"\ntimeout_seconds = 2\n");
    let run = gonogo.audit(Some(&policy), &["--check", "probe.health"]);
    assert_eq!(run.status("probe.health"), "fail");
    let message = run.check("probe.health")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with(&format!("GET {url} failed: ")),
        "{message}"
    );
}

#[test]
fn probes_replay_from_a_snapshot_without_sending_requests() {
    let service = TestService::start(10);
    let gonogo = Gonogo::new(None);
    let policy = policy(&service);
    let policy_path = gonogo.file("probes.toml", &policy);
    let out = gonogo
        .command()
        .args([
            "snapshot",
            "--quiet",
            "--tag",
            "probe",
            "--out",
            "probes.json",
            "--policy",
        ])
        .arg(&policy_path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(service);
    // The service is gone: a replay that sent requests would fail them.
    let snapshot = gonogo.dir().join("probes.json");
    let run = gonogo.audit(
        Some(&policy),
        &["--tag", "probe", "--snapshot", snapshot.to_str().unwrap()],
    );
    assert_eq!(run.status("probe.health"), "pass");
    assert_eq!(run.status("probe.orders-limit"), "pass");
    assert_eq!(run.status("probe.search-limit"), "fail");
}

#[test]
fn unknown_probe_ids_are_usage_errors() {
    let run = Gonogo::new(None).audit(None, &["--check", "probe.nope"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains("unknown probe `probe.nope`"),
        "{}",
        run.stderr
    );
}
