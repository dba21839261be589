//! A team's own crate of checks, linked into its own binary built on `gonogo_cli::main()`.

use aws_sdk_cloudwatch::types::StateValue;
use gonogo_tests::{Gonogo, Moto, Seeder, team_binary};
use serde_json::Value;

#[test]
fn team_checks_are_listed_beside_the_built_in_ones() {
    let out = Gonogo::with_binary(team_binary(), None).run(&["list", "--format", "json"]);
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"operations.team-queue-naming"), "{ids:?}");
    assert!(ids.contains(&"monitoring.team-alarm-naming"), "{ids:?}");
    assert!(
        ids.contains(&"security.root-mfa"),
        "built-in checks are still there"
    );
    assert_eq!(ids.len(), crate::meta::registry::catalogue_ids().len() + 2);
}

#[tokio::test]
async fn team_checks_run_in_an_audit() {
    let moto = Moto::start();
    let seed = Seeder::new(&moto).await;
    seed.queue("team-orders", &[]).await;
    seed.queue("legacy", &[]).await;
    seed.alarm("orders-errors", StateValue::Ok).await;
    let gonogo = Gonogo::with_binary(team_binary(), Some(moto.endpoint()));
    let run = gonogo.audit(None, &["--tag", "team"]);
    assert_eq!(run.status("operations.team-queue-naming"), "fail");
    assert_eq!(run.status("monitoring.team-alarm-naming"), "pass");
    assert_eq!(run.report()["checks"].as_array().unwrap().len(), 2);
    let policy = "[checks.\"operations.team-queue-naming\"]\nprefix = \"\"\n";
    let run = gonogo.audit(Some(policy), &["--tag", "team"]);
    assert_eq!(run.status("operations.team-queue-naming"), "pass");
    assert_eq!(run.code, 0);
}

#[test]
fn a_team_stage_is_listed_and_runs_in_a_deploy() {
    let gonogo = Gonogo::with_binary(
        team_binary(),
        Some(format!("http://127.0.0.1:{}", gonogo_tests::free_port())),
    );
    let out = gonogo.run(&["list", "--stages", "--format", "json"]);
    let stages: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = stages
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"team-release-note") && kinds.contains(&"dynamodb-ttl"),
        "{kinds:?}"
    );
    let log = gonogo.dir().join("releases.log");
    let policy = format!(
        "[[stages]]\nkind = \"team-release-note\"\nname = \"note\"\npath = \"{}\"\nmessage = \"v42\"\n\n[[stages]]\nkind = \"command\"\nname = \"smoke\"\nargv = [\"false\"]\nrollback = []\n",
        log.display()
    );
    let path = gonogo.file("deploy.toml", &policy);
    let out = gonogo
        .command()
        .args(["deploy", "--quiet", "--policy"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "released: v42\nrolled back: v42\n"
    );
}

#[tokio::test]
async fn a_team_framework_mixes_built_in_and_team_checks() {
    let moto = Moto::start();
    let seed = Seeder::new(&moto).await;
    seed.queue("orders", &[]).await;
    let gonogo = Gonogo::with_binary(team_binary(), Some(moto.endpoint()));
    let out = gonogo.run(&["frameworks", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["acme-go-live", "aws-fsbp", "cis-aws-7.0"]);

    let run = gonogo.audit(None, &["--framework", "acme-go-live"]);
    let framework = &run.report()["frameworks"][0];
    let status = |id: &str| crate::meta::frameworks::requirement_status(framework, id);
    // `orders` lacks the team prefix and a dead-letter queue; no service, no alarm.
    assert_eq!(status("GL-1"), "not-applicable");
    assert_eq!(status("GL-2"), "fail");
    assert_eq!(status("GL-3"), "not-applicable");
    assert_eq!(status("GL-4"), "manual");
}
