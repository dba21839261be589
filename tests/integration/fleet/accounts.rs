//! Several accounts and regions in one run, and a role that cannot be assumed.

use gonogo_tests::{Fault, FaultProxy, Gonogo, Moto, Rule};

use super::{
    ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, ENCRYPTION, PASSWORD, accounts_file, findings, seed_fleet,
    seeded_fleet, short,
};

#[tokio::test]
async fn two_accounts_and_two_regions_in_one_run_land_findings_where_they_are() {
    let (_moto, gonogo, file) = seeded_fleet(&[
        (ACCOUNT_A, "audit", Some("prod")),
        (ACCOUNT_B, "audit", None),
    ])
    .await;
    let run = gonogo.audit(
        None,
        &[
            "--check",
            ENCRYPTION,
            "--check",
            PASSWORD,
            "--accounts",
            &file,
            "--regions",
            "us-east-1,eu-west-1",
            "--stats",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Regional facts per region, global ones once per account: 2 accounts × 2 regions of
    // ListQueues, 2 password-policy reads.
    let calls = |service: &str, operation: &str| {
        run.report()["stats"]["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["service"] == service && o["operation"] == operation)
            .map(|o| o["calls"].as_u64().unwrap())
    };
    assert_eq!(calls("SQS", "ListQueues"), Some(4));
    assert_eq!(calls("IAM", "GetAccountPasswordPolicy"), Some(2));
    let report = run.report();
    let places: Vec<(String, String, String)> = {
        let mut p: Vec<_> = findings(report, ENCRYPTION)
            .iter()
            .map(|f| {
                (
                    short(f["resource"].as_str().unwrap()),
                    f["account"].as_str().unwrap().to_owned(),
                    f["region"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        p.sort();
        p
    };
    let expect = |q: &str, a: &str, r: &str| (q.to_owned(), a.to_owned(), r.to_owned());
    assert_eq!(
        places,
        [
            expect("a-east", ACCOUNT_A, "us-east-1"),
            expect("a-west", ACCOUNT_A, "eu-west-1"),
            expect("b-east", ACCOUNT_B, "us-east-1"),
        ]
    );
    // The password policy is global: looked at once per account, never per region.
    let password: Vec<(String, String)> = findings(report, PASSWORD)
        .iter()
        .map(|f| {
            (
                f["account"].as_str().unwrap().to_owned(),
                f["region"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    assert!(
        password
            .iter()
            .all(|(_, region)| region == "global" || region == "-"),
        "{password:?}"
    );
    let accounts = report["accounts"].as_array().unwrap();
    let summary: Vec<(&str, Option<&str>, &str)> = accounts
        .iter()
        .map(|a| {
            (
                a["account_id"].as_str().unwrap(),
                a["name"].as_str(),
                a["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (ACCOUNT_A, Some("prod"), "CONDITIONAL"),
            (ACCOUNT_B, None, "NO-GO")
        ]
    );
    assert_eq!(
        accounts[0]["regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    let reasons = report["reasons"].as_array().unwrap();
    assert_eq!(reasons[0], "2 accounts: 0 GO, 1 CONDITIONAL GO, 1 NO-GO");
    // The worst account first.
    let second = reasons[1].as_str().unwrap();
    assert!(second.starts_with("222222222222 is NO-GO: "), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r
            .as_str()
            .unwrap()
            .starts_with("prod (111111111111) is CONDITIONAL GO: ")),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn a_role_that_cannot_be_assumed_is_that_accounts_error_not_the_fleets_crash() {
    let moto = Moto::start();
    seed_fleet(&moto).await;
    let proxy = FaultProxy::start(
        moto.endpoint(),
        vec![Rule {
            service: Some("sts"),
            paginating_only: false,
            first_attempts_only: false,
            body_contains: Some("locked-role"),
            every: 1,
            fault: Fault::AccessDenied,
        }],
    );
    let gonogo = Gonogo::new(Some(proxy.endpoint()));
    let file = accounts_file(
        &gonogo,
        &[
            (ACCOUNT_C, "audit", Some("good")),
            (ACCOUNT_B, "locked-role", Some("locked")),
        ],
    );
    let run = gonogo.audit(None, &["--check", ENCRYPTION, "--accounts", &file]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.report();
    assert_eq!(report["verdict"], "NO-GO");
    let accounts = report["accounts"].as_array().unwrap();
    let locked = accounts
        .iter()
        .find(|a| a["account_id"] == ACCOUNT_B)
        .unwrap();
    let error = locked["error"].as_str().unwrap();
    assert!(
        error.contains("could not assume") && error.contains("AccessDenied"),
        "{error}"
    );
    assert_eq!(
        (locked["verdict"].as_str(), locked["exit_code"].as_i64()),
        (Some("NO-GO"), Some(3))
    );
    let good = accounts
        .iter()
        .find(|a| a["account_id"] == ACCOUNT_C)
        .unwrap();
    assert_eq!(
        (good["verdict"].as_str(), good["error"].as_str()),
        (Some("GO"), None),
        "{good}"
    );
    assert_eq!(run.status(ENCRYPTION), "pass");
    assert!(
        report["reasons"].as_array().unwrap().iter().any(|r| r
            .as_str()
            .unwrap()
            .starts_with("locked (222222222222) is NO-GO: not audited")),
        "{}",
        report["reasons"]
    );

    // The framework CSV keeps the account it could not audit: a row per requirement, each an
    // error (manual ones stay manual), never a pass or a missing row.
    let csv = gonogo.dir().join("cis.csv");
    let run = gonogo.audit(
        None,
        &[
            "--framework",
            "cis-aws-7.0",
            "--accounts",
            &file,
            "--framework-csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let locked: Vec<(String, String)> = rows
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[9] == ACCOUNT_B)
        .map(|r| (r[10].to_owned(), r[8].to_owned()))
        .collect();
    assert_eq!(locked.len(), 70);
    assert!(
        locked
            .iter()
            .all(|(region, status)| region == "all" && (status == "error" || status == "manual")),
        "{locked:?}"
    );
}
