//! End-to-end tests: a real moto server per test, seeded through the AWS SDK, audited by the
//! real `gonogo` binary of this checkout.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod checks;
mod cli;
mod deploy;
mod fleet;
mod formats;
mod meta;
mod plan;

use gonogo_tests::{AuditRun, Gonogo, Moto, Seeder};

/// A fresh moto server, SDK clients to seed it, and a `gonogo` pointed at it.
pub async fn account() -> (Moto, Seeder, Gonogo) {
    let moto = Moto::start();
    let seeder = Seeder::new(&moto).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    (moto, seeder, gonogo)
}

/// Audits one check (with `policy` as the body of its `[checks."<id>"]` table) and returns
/// the run, asserting the check has `status`.
pub fn expect_status(gonogo: &Gonogo, id: &str, policy: &str, status: &str) -> AuditRun {
    let policy = format!("[checks.\"{id}\"]\n{policy}");
    let run = gonogo.audit(Some(&policy), &["--check", id]);
    assert_eq!(
        run.status(id),
        status,
        "{id}: {}\nstderr:\n{}",
        serde_json::to_string_pretty(run.check(id)).unwrap_or_default(),
        run.stderr
    );
    run
}
