//! `--pushgateway`: a fleet's metrics read back from a real Pushgateway, one group per
//! account, and a push nobody answers exiting 3 after the report is written.

use gonogo_tests::{Pushgateway, free_port};

use super::{ACCOUNT_A, ACCOUNT_C, ENCRYPTION, seeded_fleet};
use crate::formats::prometheus::sample;

#[tokio::test]
async fn each_account_is_pushed_as_its_own_group_and_a_failed_push_exits_3() {
    let gateway = match Pushgateway::start() {
        Ok(gateway) => gateway,
        Err(why) => {
            println!("skipping the Pushgateway test: {why}");
            return;
        }
    };
    // Account A has an unencrypted queue in us-east-1, account C an encrypted one.
    let (_moto, gonogo, file) =
        seeded_fleet(&[(ACCOUNT_A, "audit", None), (ACCOUNT_C, "audit", None)]).await;
    let push_to = |url: &str| {
        gonogo.audit(
            None,
            &[
                "--check",
                ENCRYPTION,
                "--accounts",
                &file,
                "--pushgateway",
                url,
            ],
        )
    };
    let run = push_to(&gateway.url());
    assert_eq!(run.code, 2, "{}", run.stderr);
    let scraped = tokio::task::spawn_blocking(move || gateway.scrape())
        .await
        .unwrap();
    // The gateway writes labels sorted by name, the grouping labels among them.
    let of = |name: &str, account: &str, labels: &[(&str, &str)]| {
        let mut all = vec![("account", account), ("instance", ""), ("job", "gonogo")];
        all.extend_from_slice(labels);
        all.sort();
        let labels: Vec<String> = all.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        let series = format!("{name}{{{}}}", labels.join(","));
        sample(&scraped, &series).unwrap_or_else(|| panic!("no {series} in\n{scraped}"))
    };
    assert_eq!(of("gonogo_verdict", ACCOUNT_A, &[]), 2.0);
    assert_eq!(of("gonogo_verdict", ACCOUNT_C, &[]), 0.0);
    let security = |status| [("category", "security"), ("status", status)];
    assert_eq!(of("gonogo_checks", ACCOUNT_A, &security("fail")), 1.0);
    assert_eq!(of("gonogo_checks", ACCOUNT_C, &security("pass")), 1.0);
    assert_eq!(of("gonogo_checks", ACCOUNT_A, &security("pass")), 0.0);
    // The gateway's record of each push: one group per account.
    for account in [ACCOUNT_A, ACCOUNT_C] {
        assert!(of("push_time_seconds", account, &[]) > 0.0);
    }

    // Nobody listens: the report is written, the push fails, exit 3.
    let run = push_to(&format!("http://127.0.0.1:{}", free_port()));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.report()["verdict"], "NO-GO");
    assert!(
        run.stderr.contains("could not push metrics"),
        "{}",
        run.stderr
    );
}
