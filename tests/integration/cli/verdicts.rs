//! Verdicts end to end: GO, CONDITIONAL GO, NO-GO and "could not audit", with exit codes.

use aws_sdk_cloudwatch::types::StateValue;
use chrono::{Duration, Utc};
use gonogo_tests::{Gonogo, MOTO_HAS_NO_API, Moto, Seeder};
use serde_json::json;

use crate::account;
use crate::meta::registry::catalogue_ids;

/// moto cannot enable root MFA or read budget subscribers back: the one is waived, the other
/// switched off (its pass and fail paths are covered with aws-smithy-mocks and moto elsewhere).
fn go_policy(expires: &str) -> String {
    format!(
        r#"
[checks."cost.budget-alerts"]
enabled = false

# moto's GetBucketVersioning answer is not S3's shape, so MFA Delete cannot be read.
[checks."security.s3-mfa-delete"]
enabled = false

# AWS-managed policies (AWSSupportAccess) exist in moto only when it loads them.
[checks."security.support-role"]
enabled = false

# moto's Macie dates cannot be read.
[checks."security.macie-enabled"]
enabled = false
{MOTO_HAS_NO_API}
[[waivers]]
check = "security.root-mfa"
resource = "arn:aws:iam::*:root"
reason = "root MFA is enforced by the organization; moto cannot enable it"
owner = "platform-team"
expires = {expires}
ticket = "OPS-42"
"#
    )
}

fn in_days(days: i64) -> String {
    (Utc::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn firing_alarm_is_no_go_and_clean_account_with_waived_root_mfa_is_go() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    seed.alarm("payments-errors", StateValue::Alarm).await;
    let policy = go_policy(&in_days(60));

    let run = gonogo.audit(Some(&policy), &[]);
    assert_eq!(run.code, 2, "{:#}", run.report());
    assert_eq!(run.report()["verdict"], "NO-GO");
    let reasons = run.report()["reasons"].as_array().unwrap();
    assert!(
        reasons[0]
            .as_str()
            .unwrap()
            .starts_with("blocking check monitoring.alarms-firing (critical) failed"),
        "{reasons:#?}"
    );

    seed.set_alarm_state("payments-errors", StateValue::Ok)
        .await;
    let run = gonogo.audit(Some(&policy), &[]);
    assert_eq!(run.code, 0, "{:#}", run.report());
    assert_eq!(run.report()["verdict"], "GO");
    assert_eq!(run.report()["score"], 100.0);
    let root = run.check("security.root-mfa");
    assert_eq!(root["status"], "waived");
    assert_eq!(root["findings"][0]["status"], "waived");
    assert_eq!(root["waiver"]["owner"], "platform-team");
    assert_eq!(root["waiver"]["ticket"], "OPS-42");
    assert_eq!(run.report()["summary"]["waived"], 1);
    // What the clean account does not use is not applicable, never a pass, and says so for
    // its region (global checks: for the account). Every check's status in the clean
    // account is the snapshot: a new check shows here, with what it makes of the clean one.
    let statuses: Vec<String> = run.report()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let status = c["status"].as_str().unwrap();
            if status == "skip" {
                let message = c["message"].as_str().unwrap();
                let place = if c["scope"] == "global" {
                    ""
                } else {
                    " in us-east-1"
                };
                assert!(
                    message.starts_with("not applicable: no ") && message.ends_with(place),
                    "{c:#}"
                );
            }
            format!("{} {status}", c["id"].as_str().unwrap())
        })
        .collect();
    insta::assert_snapshot!("clean_account_statuses", statuses.join("\n"));
}

#[tokio::test]
async fn a_warning_is_conditional_go() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    seed.alarm("orders-latency", StateValue::InsufficientData)
        .await;
    let run = gonogo.audit(Some(&go_policy(&in_days(60))), &[]);
    assert_eq!(run.code, 1, "{:#}", run.report());
    assert_eq!(run.report()["verdict"], "CONDITIONAL");
    let reasons = run.report()["reasons"].as_array().unwrap();
    assert!(
        reasons[0]
            .as_str()
            .unwrap()
            .starts_with("check monitoring.alarms-insufficient-data (low) warns")
    );
}

#[tokio::test]
async fn expired_waiver_is_ignored_and_named_soon_expiring_one_is_named() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    let run = gonogo.audit(Some(&go_policy(&in_days(-1))), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.status("security.root-mfa"), "fail");
    let reasons = run.report()["reasons"].to_string();
    assert!(reasons.contains("expired on"), "{reasons}");

    let run = gonogo.audit(Some(&go_policy(&in_days(5))), &[]);
    assert_eq!(run.code, 0);
    let reasons = run.report()["reasons"].to_string();
    assert!(reasons.contains("(5 days left)"), "{reasons}");
}

#[test]
fn unreachable_aws_is_an_account_not_audited_exit_3_as_in_a_fleet() {
    // Before: exit 2 here, exit 3 with --accounts. Now one exit in every mode.
    // A loopback port nobody listens on: connections are refused at once.
    let port = gonogo_tests::free_port();
    let gonogo = Gonogo::new(Some(format!("http://127.0.0.1:{port}")));
    let run = gonogo.audit(None, &["--timeout", "30"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let r = run.report();
    assert_eq!(r["verdict"], "NO-GO");
    assert_eq!(r["exit_code"], 3);
    assert!(r["target"]["account_id"].is_null());
    let error = r["accounts"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("could not reach AWS: connection refused"),
        "{error}"
    );
    assert!(run.stdout.is_empty() || !run.stdout.contains("GO score"));

    let accounts = gonogo.file(
        "accounts.toml",
        "[[accounts]]\nid = \"123456789012\"\nrole_arn = \"arn:aws:iam::123456789012:role/audit\"\n",
    );
    let fleet = gonogo.audit(
        None,
        &["--timeout", "30", "--accounts", accounts.to_str().unwrap()],
    );
    assert_eq!(fleet.code, 3, "{}", fleet.stderr);
}

#[test]
fn timeout_bounds_a_check_even_when_the_endpoint_never_answers() {
    // Before: `--timeout 3` took 74 s, every check waiting its own 3 s on the same call.
    let (_silent, gonogo) = hung_endpoint();
    let started = std::time::Instant::now();
    let run = gonogo.audit(None, &["--timeout", "3"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let error = run.report()["accounts"][0]["error"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(error.contains("timed out"), "{error}");
    // Not a measure of speed: a bound that a retry per check would blow through.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[tokio::test]
async fn bad_policy_is_exit_3_names_the_line_and_writes_no_report() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    let run = gonogo.audit(Some("go_score = 90\nno_go_scroe = 50\n"), &[]);
    assert_eq!(run.code, 3);
    assert!(run.json.is_none(), "no report claiming anything");
    assert!(
        run.stderr
            .contains("policy.toml:2:1: unknown field `no_go_scroe`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());

    let run = gonogo.audit(Some("[[waivers]]\ncheck = \"security.root-mfa\"\nreason = \"r\"\nowner = \"o\"\nexpires = \"next week\"\n"), &[]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr
            .contains("policy.toml:5:11: `expires` must be a date"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn default_policy_file_in_the_working_directory_is_used() {
    let (_moto, _seed, gonogo) = account().await;
    gonogo.file(
        "gonogo.toml",
        "[checks.\"infrastructure.credentials\"]\nexpected_account_id = \"999999999999\"\n",
    );
    let run = gonogo.audit(None, &["--check", "infrastructure.credentials"]);
    assert_eq!(run.status("infrastructure.credentials"), "fail");
}

#[test]
fn moto_servers_are_isolated() {
    let a = Moto::start();
    let b = Moto::start();
    assert_ne!(a.endpoint(), b.endpoint());
}

/// A loopback server that accepts connections and never answers: every AWS call hangs.
fn hung_endpoint() -> (std::net::TcpListener, Gonogo) {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", silent.local_addr().unwrap());
    (silent, Gonogo::new(Some(endpoint)))
}

/// Sends `signal` (`INT`, `TERM`, `HUP`) to a running process.
fn send(signal: &str, child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for the child and returns its exit code and stderr.
fn finish(mut child: std::process::Child) -> (Option<i32>, String) {
    use std::io::Read;
    let code = child.wait().unwrap().code();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (code, stderr)
}

/// `signal` to an audit whose AWS calls hang: it writes what finished, marked incomplete,
/// and exits 3.
fn a_signal_stops_the_audit(signal: &str) {
    use std::process::Stdio;

    let (silent, gonogo) = hung_endpoint();
    let report = gonogo.dir().join("report.json");
    let child = gonogo
        .command()
        .args(["audit", "--quiet", "--json"])
        .arg(&report)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the first call is in flight the audit is running: stop it.
    let (_held, _) = silent.accept().unwrap();
    send(signal, &child);
    let (code, stderr) = finish(child);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["incomplete"], true);
    assert_eq!(json["exit_code"], 3);
    assert_eq!(json["verdict"], "NO-GO");
    assert_eq!(
        json["checks"].as_array().unwrap().len(),
        catalogue_ids().len(),
        "every check is listed"
    );
    assert!(json["reasons"].to_string().contains("interrupted"));
}

#[test]
fn ctrl_c_stops_the_audit_writes_what_finished_as_incomplete_and_exits_3() {
    a_signal_stops_the_audit("INT");
}

#[test]
fn sigterm_stops_the_audit_writes_what_finished_as_incomplete_and_exits_3() {
    a_signal_stops_the_audit("TERM");
}

#[test]
fn sighup_stops_the_audit_writes_what_finished_as_incomplete_and_exits_3() {
    a_signal_stops_the_audit("HUP");
}

#[test]
fn sigterm_stops_a_snapshot_which_is_written_incomplete_and_audits_as_incomplete() {
    use std::process::Stdio;

    let (silent, gonogo) = hung_endpoint();
    let out = gonogo.dir().join("facts.json");
    let child = gonogo
        .command()
        .args(["snapshot", "--quiet", "--out"])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (_held, _) = silent.accept().unwrap();
    send("TERM", &child);
    let (code, stderr) = finish(child);
    assert_eq!(code, Some(3), "{stderr}");
    let snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(snapshot["incomplete"], true);

    let replay = Gonogo::new(None).audit(None, &["--snapshot", out.to_str().unwrap()]);
    assert_eq!(replay.code, 3, "{:#}", replay.report());
    assert_eq!(replay.report()["incomplete"], true);
    assert_eq!(replay.report()["verdict"], "NO-GO");
}

#[tokio::test]
async fn a_region_the_account_does_not_use_is_not_applicable_and_the_audit_is_go() {
    let (moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    // Like AWS, moto gives every region a default VPC; secured and recorded by Config, it
    // passes the network and logging checks (the multi-region trail covers it).
    Seeder::in_region(&moto, "eu-west-1")
        .await
        .secure_region()
        .await;
    let run = gonogo.audit(
        Some(&go_policy(&in_days(60))),
        &["--regions", "us-east-1,eu-west-1"],
    );
    assert_eq!(run.code, 0, "{:#}", run.report());
    assert_eq!(run.report()["verdict"], "GO");
    assert_eq!(
        run.report()["target"]["regions"],
        json!(["us-east-1", "eu-west-1"])
    );
    for check in run.report()["checks"].as_array().unwrap() {
        for finding in check["findings"].as_array().unwrap() {
            if finding["region"] == "eu-west-1" {
                assert_eq!(finding["status"], "pass", "{check:#}");
            }
        }
    }
    // Used in us-east-1 only: the queue checks judge us-east-1's queues, eu-west-1 has none.
    let dlq = run.check("operations.sqs-dead-letter");
    assert_eq!(dlq["status"], "pass", "{dlq:#}");
    assert!(
        dlq["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["region"] == "us-east-1")
    );
    // Used nowhere: not applicable in either region, and says so for both.
    let rds = run.check("infrastructure.rds-instances");
    assert_eq!(rds["status"], "skip");
    let message = rds["message"].as_str().unwrap();
    assert!(
        message
            == "not applicable: no DB instances in eu-west-1; not applicable: no DB instances in us-east-1",
        "{message}"
    );
}

#[tokio::test]
async fn an_empty_account_is_not_applicable_except_where_presence_is_judged() {
    let (_moto, _seed, gonogo) = account().await;
    let list = gonogo.run(&["list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let run = gonogo.audit(None, &[]);
    assert_eq!(run.code, 2, "{:#}", run.report());
    for check in list.as_array().unwrap() {
        let id = check["id"].as_str().unwrap();
        let result = run.check(id);
        let tags = check["tags"].as_array().unwrap();
        match check["presence"].as_str().unwrap() {
            // Its subject is an absence: nothing attached passes.
            _ if id == "security.cloudshell-full-access" => {
                assert_eq!(result["status"], "pass", "{result:#}")
            }
            // Like AWS, moto gives the region a default VPC with its default security group
            // and network ACL: there is something to judge.
            _ if tags.contains(&json!("network")) => {
                assert_ne!(result["status"], "skip", "{result:#}")
            }
            // Like AWS, moto gives each region a default event bus, with no policy.
            _ if id == "security.eventbridge-public-access" => {
                assert_eq!(result["status"], "pass", "{result:#}")
            }
            // moto has no Access Analyzer, and its Macie dates cannot be read: an error,
            // never a pass.
            _ if id == "security.access-analyzer-enabled" || id == "security.macie-enabled" => {
                assert_eq!(result["status"], "error", "{result:#}")
            }
            // Presence by nature: the credentials work; the rest are absent and fail.
            // moto's root user has no access key.
            "required"
                if id == "infrastructure.credentials" || id == "security.root-access-keys" =>
            {
                assert_eq!(result["status"], "pass", "{result:#}")
            }
            "required" => assert_eq!(result["status"], "fail", "{result:#}"),
            _ => {
                assert_eq!(result["status"], "skip", "{result:#}");
                assert!(
                    result["message"]
                        .as_str()
                        .unwrap()
                        .starts_with("not applicable: no "),
                    "{result:#}"
                );
            }
        }
    }

    // Asking for presence turns absence into a failure.
    let policy = r#"
[checks."monitoring.alarms-firing"]
require_alarms = true
[checks."monitoring.canary-success"]
require_canaries = true
[checks."infrastructure.ecs-services-healthy"]
require_services = true
"#;
    let run = gonogo.audit(
        Some(policy),
        &[
            "--check",
            "monitoring.alarms-firing",
            "--check",
            "monitoring.canary-success",
            "--check",
            "infrastructure.ecs-services-healthy",
        ],
    );
    for (id, message) in [
        (
            "monitoring.alarms-firing",
            "no CloudWatch alarms in us-east-1",
        ),
        ("monitoring.canary-success", "no canaries in us-east-1"),
        (
            "infrastructure.ecs-services-healthy",
            "no ECS services in us-east-1",
        ),
    ] {
        assert_eq!(run.status(id), "fail", "{:#}", run.check(id));
        assert_eq!(run.check(id)["message"], message);
    }
}
