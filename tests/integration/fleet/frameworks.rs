//! A framework over a fleet: each account's own view, the fleet's worst, and the CSV row per
//! requirement, account and region; `gonogo merge` of the shards gives the same views.

use serde_json::Value;

use super::{ACCOUNT_A, ACCOUNT_B, ACCOUNT_C, seeded_fleet};

/// `id`'s status in each account's view, in account order.
fn per_account(framework: &Value, id: &str) -> Vec<(String, String)> {
    framework["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|account| {
            let status = account["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .map(|r| r["status"].as_str().unwrap().to_owned())
                .unwrap();
            (account["account_id"].as_str().unwrap().to_owned(), status)
        })
        .collect()
}

#[tokio::test]
async fn a_fleet_framework_view_has_each_account_and_the_fleets_worst_and_merges_the_same() {
    let (_moto, gonogo, file) = seeded_fleet(&[
        (ACCOUNT_A, "audit", Some("prod")),
        (ACCOUNT_B, "audit", None),
        (ACCOUNT_C, "audit", None),
    ])
    .await;
    let csv = gonogo.dir().join("fleet.csv");
    let args = [
        "--framework",
        "cis-aws-7.0",
        "--accounts",
        &file,
        "--regions",
        "us-east-1,eu-west-1",
    ];
    let run = gonogo.audit(
        None,
        &[&args[..], &["--framework-csv", csv.to_str().unwrap()]].concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let cis = &run.report()["frameworks"][0];
    // Only account A has a strong password policy: the fleet's 2.8 is its worst.
    assert_eq!(
        per_account(cis, "2.8"),
        [
            (ACCOUNT_A.to_owned(), "pass".to_owned()),
            (ACCOUNT_B.to_owned(), "fail".to_owned()),
            (ACCOUNT_C.to_owned(), "fail".to_owned()),
        ]
    );
    let fleet_status = |id: &str| {
        cis["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(fleet_status("2.8"), "fail");
    assert_eq!(cis["accounts"][0]["name"], "prod");
    assert_eq!(
        cis["accounts"][0]["regions"],
        serde_json::json!(["eu-west-1", "us-east-1"])
    );
    let own = |account: usize| cis["accounts"][account]["summary"]["automated_passed"].clone();
    assert_eq!(
        own(0).as_u64().unwrap(),
        own(1).as_u64().unwrap() + 2,
        "A passes 2.8 and 2.9 (its password policy) where B does not"
    );

    // The CSV: account-wide requirements once per account, regional ones per region.
    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let cells = |id: &str| -> Vec<(String, String, String)> {
        rows.iter()
            .filter(|r| &r[3] == id)
            .map(|r| (r[9].to_owned(), r[10].to_owned(), r[8].to_owned()))
            .collect()
    };
    assert_eq!(
        cells("2.8"),
        [
            (ACCOUNT_A.to_owned(), "global".to_owned(), "pass".to_owned()),
            (ACCOUNT_B.to_owned(), "global".to_owned(), "fail".to_owned()),
            (ACCOUNT_C.to_owned(), "global".to_owned(), "fail".to_owned()),
        ]
    );
    let ebs = cells("6.1.1");
    assert_eq!(ebs.len(), 6, "{ebs:?}");
    assert!(ebs.iter().all(|(_, _, status)| status == "fail"), "{ebs:?}");
    assert_eq!(
        (ebs[0].0.as_str(), ebs[0].1.as_str(), ebs[1].1.as_str()),
        (ACCOUNT_A, "us-east-1", "eu-west-1")
    );
    assert_eq!(cells("2.1.3").len(), 3, "manual: once per account");
    assert!(
        cells("2.1.3")
            .iter()
            .all(|(_, region, status)| region == "all" && status == "manual")
    );

    // Shards merged: the same views.
    let mut shards = Vec::new();
    for index in 0..3 {
        let shard = format!("{index}/3");
        let run = gonogo.audit(None, &[&args[..], &["--shard", &shard]].concat());
        let path = gonogo.file(&format!("cis-{index}.json"), &run.report().to_string());
        shards.push(path.to_str().unwrap().to_owned());
    }
    let merged = gonogo.dir().join("merged.json");
    let mut merge = vec!["merge".to_owned()];
    merge.extend(shards);
    merge.extend(["--json".to_owned(), merged.to_str().unwrap().to_owned()]);
    let out = gonogo.run(&merge.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(2));
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&merged).unwrap()).unwrap();
    assert!(
        merged["frameworks"][0]["accounts"] == cis["accounts"],
        "merged account views differ:\n{}\n{}",
        merged["frameworks"][0]["accounts"],
        cis["accounts"]
    );
    assert!(merged["frameworks"][0]["requirements"] == cis["requirements"]);
}
