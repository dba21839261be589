//! `--organization`: the accounts come from moto's AWS Organizations (an organization, units
//! and accounts made through its API), and each is audited through AssumeRole.

use std::collections::BTreeSet;

use aws_sdk_sqs::types::QueueAttributeName;
use gonogo_tests::{Gonogo, Moto, Seeder};
use serde_json::Value;

use super::{DEFAULT_ACCOUNT, ENCRYPTION, short, unencrypted};

/// What [`organization`] made.
struct Org {
    moto: Moto,
    /// `workload`, in the unit `prod`: an unencrypted queue.
    workload: String,
    /// `staging`, under the root: an encrypted queue.
    staging: String,
    /// `sandbox`, in `dev`, a unit under `prod`: an unencrypted queue.
    sandbox: String,
    /// `old`, closed (SUSPENDED).
    old: String,
    /// The unit `prod`.
    prod: String,
}

/// An account `name` created in the organization, moved under `parent`.
async fn member(seed: &Seeder, name: &str, root: &str, parent: &str) -> String {
    let created = seed
        .organizations
        .create_account()
        .account_name(name)
        .email(format!("{name}@example.com"))
        .send()
        .await
        .unwrap();
    let id = created
        .create_account_status()
        .and_then(|s| s.account_id())
        .unwrap()
        .to_owned();
    if parent != root {
        seed.organizations
            .move_account()
            .account_id(&id)
            .source_parent_id(root)
            .destination_parent_id(parent)
            .send()
            .await
            .unwrap();
    }
    id
}

/// The management account (moto's default) with an encrypted queue; members as [`Org`] says.
async fn organization() -> Org {
    let moto = Moto::start();
    let seed = Seeder::new(&moto).await;
    let seeded = seed.organization().await;
    let dev = seed
        .organizations
        .create_organizational_unit()
        .parent_id(&seeded.prod)
        .name("dev")
        .send()
        .await
        .unwrap()
        .organizational_unit()
        .and_then(|u| u.id())
        .unwrap()
        .to_owned();
    let staging = member(&seed, "staging", &seeded.root, &seeded.root).await;
    let sandbox = member(&seed, "sandbox", &seeded.root, &dev).await;
    let old = member(&seed, "old", &seeded.root, &seeded.root).await;
    seed.organizations
        .close_account()
        .account_id(&old)
        .send()
        .await
        .unwrap();
    let encrypted: [(QueueAttributeName, &str); 0] = [];
    seed.queue("management", &encrypted).await;
    for (account, queue, plain) in [
        (&seeded.member, "workload", true),
        (&staging, "staging", false),
        (&sandbox, "sandbox", true),
    ] {
        let in_account = Seeder::in_account(&moto, account, "us-east-1").await;
        if plain {
            in_account.queue(queue, &unencrypted()).await;
        } else {
            in_account.queue(queue, &encrypted).await;
        }
    }
    Org {
        moto,
        workload: seeded.member,
        staging,
        sandbox,
        old,
        prod: seeded.prod,
    }
}

/// The ids of the report's audited accounts.
fn audited(report: &Value) -> BTreeSet<String> {
    report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap().to_owned())
        .collect()
}

/// The queues the encryption check failed, by name.
fn failing_queues(report: &Value) -> BTreeSet<String> {
    super::findings(report, ENCRYPTION)
        .iter()
        .filter(|f| f["status"] == "fail")
        .map(|f| short(f["resource"].as_str().unwrap()))
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn every_active_account_of_the_organization_is_audited_and_the_suspended_one_listed() {
    let org = organization().await;
    let gonogo = Gonogo::new(Some(org.moto.endpoint()));
    let run = gonogo.audit(None, &["--check", ENCRYPTION, "--organization"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = run.report();
    assert_eq!(
        audited(report),
        set(&[DEFAULT_ACCOUNT, &org.workload, &org.staging, &org.sandbox])
    );
    assert_eq!(failing_queues(report), set(&["workload", "sandbox"]));
    for account in report["accounts"].as_array().unwrap() {
        assert!(account.get("error").is_none(), "{account}");
    }
    let left_out = report["not_audited"].as_array().unwrap();
    assert_eq!(left_out.len(), 1, "{report}");
    assert_eq!(left_out[0]["account_id"], org.old.as_str());
    assert_eq!(left_out[0]["name"], "old");
    assert_eq!(left_out[0]["reason"], "SUSPENDED in the organization");

    // The table says so too.
    let out = gonogo.run(&["audit", "--quiet", "--check", ENCRYPTION, "--organization"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains(&format!("NOT AUDITED old ({}): SUSPENDED", org.old)),
        "{table}"
    );
}

#[tokio::test]
async fn units_exclusions_and_shards_narrow_the_discovered_accounts() {
    let org = organization().await;
    let gonogo = Gonogo::new(Some(org.moto.endpoint()));
    // The unit `prod` holds workload, and sandbox one unit further down.
    let run = gonogo.audit(
        None,
        &["--check", ENCRYPTION, "--organization", "--ou", &org.prod],
    );
    assert_eq!(audited(run.report()), set(&[&org.workload, &org.sandbox]));
    assert!(run.report().get("not_audited").is_none());

    let run = gonogo.audit(
        None,
        &[
            "--check",
            ENCRYPTION,
            "--organization",
            "--ou",
            &org.prod,
            "--exclude-account",
            &org.sandbox,
        ],
    );
    assert_eq!(audited(run.report()), set(&[&org.workload]));
    assert_eq!(failing_queues(run.report()), set(&["workload"]));

    // Two shards of the organization cover each active account once.
    let mut seen = Vec::new();
    for shard in ["0/2", "1/2"] {
        let run = gonogo.audit(
            None,
            &["--check", ENCRYPTION, "--organization", "--shard", shard],
        );
        assert!(matches!(run.code, 0 | 2), "{}", run.stderr);
        seen.extend(audited(run.report()));
    }
    seen.sort();
    let mut all: Vec<String> = set(&[DEFAULT_ACCOUNT, &org.workload, &org.staging, &org.sandbox])
        .into_iter()
        .collect();
    all.sort();
    assert_eq!(seen, all);
}

#[tokio::test]
async fn the_accounts_command_prints_the_file_an_organization_audit_uses() {
    let org = organization().await;
    let gonogo = Gonogo::new(Some(org.moto.endpoint()));
    let out = gonogo.run(&["accounts", "--organization", "--role-name", "gonogo-audit"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("# not audited: old ({}): SUSPENDED", org.old)),
        "{text}"
    );
    let file: toml::Value = toml::from_str(&text).unwrap();
    let accounts = file["accounts"].as_array().unwrap();
    let roles: Vec<(String, Option<String>)> = accounts
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a.get("role_arn")
                    .and_then(|r| r.as_str())
                    .map(str::to_owned),
            )
        })
        .collect();
    // The management account is the scanner's own: no role.
    assert!(
        roles.contains(&(DEFAULT_ACCOUNT.to_owned(), None)),
        "{text}"
    );
    assert!(
        roles.contains(&(
            org.workload.clone(),
            Some(format!("arn:aws:iam::{}:role/gonogo-audit", org.workload))
        )),
        "{text}"
    );
    assert_eq!(accounts.len(), 4, "{text}");

    // The file audits the same accounts.
    let path = gonogo.file("org-accounts.toml", &text);
    let run = gonogo.audit(
        None,
        &["--check", ENCRYPTION, "--accounts", path.to_str().unwrap()],
    );
    assert_eq!(
        audited(run.report()),
        set(&[DEFAULT_ACCOUNT, &org.workload, &org.staging, &org.sandbox])
    );
    assert_eq!(failing_queues(run.report()), set(&["workload", "sandbox"]));

    // Without --organization there is nothing to list.
    let out = gonogo.run(&["accounts"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --organization"));
}
