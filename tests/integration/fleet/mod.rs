//! Scheduled scans at fleet scale, end to end with the real binary and moto: baselines,
//! metrics, notifications, several regions and accounts in one run, a role that cannot be
//! assumed, shards merged into the one-run fleet report, the HTML page in Chromium.

mod accounts;
mod baseline;
mod frameworks;
mod html;
mod merge;
mod organization;
mod publish;
mod pushgateway;

use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use gonogo_tests::{Gonogo, Moto, Seeder};
use serde_json::Value;

/// A regional check (SQS) and a global one (IAM) the fleet tests audit.
const ENCRYPTION: &str = "security.sqs-encryption";
const PASSWORD: &str = "security.password-policy";
/// The account moto's default credentials are in.
const DEFAULT_ACCOUNT: &str = "123456789012";

/// Queue attributes of a queue without encryption.
fn unencrypted() -> [(QueueAttributeName, &'static str); 1] {
    [(QueueAttributeName::SqsManagedSseEnabled, "false")]
}

/// A check's findings in a JSON report.
fn findings(report: &Value, check: &str) -> Vec<Value> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == check)
        .map(|c| c["findings"].as_array().unwrap().clone())
        .unwrap_or_default()
}

/// The name at the end of an ARN or URL.
fn short(resource: &str) -> String {
    resource.rsplit([':', '/']).next().unwrap().to_owned()
}

/// `(resource suffix, status, change)` of a check's findings.
fn marks(report: &Value, check: &str) -> Vec<(String, String, String)> {
    let mut marks: Vec<_> = findings(report, check)
        .iter()
        .map(|f| {
            let resource = f["resource"].as_str().unwrap();
            (
                short(resource),
                f["status"].as_str().unwrap().to_owned(),
                f["change"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    marks.sort();
    marks
}

/// The JSON body of the next message on the queue, and its message group (FIFO).
async fn receive(seed: &Seeder, url: &str) -> (Value, Option<String>) {
    let received = seed
        .sqs
        .receive_message()
        .queue_url(url)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .wait_time_seconds(1)
        .send()
        .await
        .unwrap();
    let message = received.messages().first().unwrap();
    let group = message
        .attributes()
        .and_then(|a| a.get(&MessageSystemAttributeName::MessageGroupId))
        .cloned();
    (
        serde_json::from_str(message.body().unwrap()).unwrap(),
        group,
    )
}

/// The fleet's accounts, reached through AssumeRole.
const ACCOUNT_A: &str = "111111111111";
const ACCOUNT_B: &str = "222222222222";
const ACCOUNT_C: &str = "333333333333";

/// An accounts file of `(id, role name, name)` in the scratch directory; returns its path.
fn accounts_file(gonogo: &Gonogo, accounts: &[(&str, &str, Option<&str>)]) -> String {
    let text: String = accounts
        .iter()
        .map(|(id, role, name)| {
            let name = name.map(|n| format!("name = \"{n}\"\n")).unwrap_or_default();
            format!("[[accounts]]\nid = \"{id}\"\nrole_arn = \"arn:aws:iam::{id}:role/{role}\"\n{name}\n")
        })
        .collect();
    gonogo
        .file("accounts.toml", &text)
        .to_str()
        .unwrap()
        .to_owned()
}

/// Account A: an unencrypted queue in each of two regions; account B: one in us-east-1;
/// account C: an encrypted one.
async fn seed_fleet(moto: &Moto) {
    let a_east = Seeder::in_account(moto, ACCOUNT_A, "us-east-1").await;
    let a_west = Seeder::in_account(moto, ACCOUNT_A, "eu-west-1").await;
    let b_east = Seeder::in_account(moto, ACCOUNT_B, "us-east-1").await;
    let c_east = Seeder::in_account(moto, ACCOUNT_C, "us-east-1").await;
    a_east.queue("a-east", &unencrypted()).await;
    a_west.queue("a-west", &unencrypted()).await;
    b_east.queue("b-east", &unencrypted()).await;
    c_east.queue("c-east", &[]).await;
    a_east.strong_password_policy().await;
}

/// A seeded fleet, a `gonogo` pointed at it, and an accounts file of `accounts`.
async fn seeded_fleet(accounts: &[(&str, &str, Option<&str>)]) -> (Moto, Gonogo, String) {
    let moto = Moto::start();
    seed_fleet(&moto).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    let file = accounts_file(&gonogo, accounts);
    (moto, gonogo, file)
}
