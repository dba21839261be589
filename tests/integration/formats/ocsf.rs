//! `--ocsf`: the demo snapshot's findings as OCSF 1.5 Detection Findings, mapped as Prowler's
//! OCSF output maps its own, with uids the next run repeats.

use std::collections::BTreeSet;

use gonogo_tests::Gonogo;
use serde_json::Value;

/// The demo audited with `--ocsf`: the findings and the JSON report.
fn ocsf_of_demo(gonogo: &Gonogo) -> (Vec<Value>, Value) {
    gonogo.audit_demo(&["--ocsf", "findings.ocsf.json", "--json", "report.json"]);
    let findings = gonogo
        .read_json("findings.ocsf.json")
        .as_array()
        .unwrap()
        .clone();
    (findings, gonogo.read_json("report.json"))
}

#[test]
fn every_finding_is_a_detection_finding_with_prowler_status_words() {
    let gonogo = Gonogo::new(None);
    let (findings, report) = ocsf_of_demo(&gonogo);
    let checks = report["checks"].as_array().unwrap();
    let resource_findings: usize = checks
        .iter()
        .map(|c| c["findings"].as_array().unwrap().len())
        .sum();
    assert!(
        findings.len() >= resource_findings,
        "{} < {resource_findings}",
        findings.len()
    );
    for finding in &findings {
        assert_eq!(finding["class_uid"], 2004);
        assert_eq!(finding["category_uid"], 2);
        assert_eq!(finding["type_uid"], 200401);
        assert_eq!(finding["metadata"]["version"], "1.5.0");
        assert_eq!(finding["metadata"]["product"]["name"], "gonogo");
        assert_eq!(finding["cloud"]["provider"], "aws");
        assert_eq!(
            finding["cloud"]["account"]["uid"],
            report["target"]["account_id"]
        );
        assert_eq!(finding["cloud"]["account"]["type_id"], 10);
        assert!(finding["time"].as_i64().unwrap() > 1_600_000_000);
        assert!(
            !finding["finding_info"]["title"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert_eq!(finding["resources"].as_array().unwrap().len(), 1);
        let ours = finding["unmapped"]["gonogo_status"].as_str().unwrap();
        let expected = match ours {
            "pass" => "PASS",
            "fail" | "warn" | "waived" => "FAIL",
            "error" | "skip" => "MANUAL",
            other => panic!("status {other}"),
        };
        assert_eq!(finding["status_code"], expected, "{finding}");
        let suppressed = if ours == "waived" { 3 } else { 1 };
        assert_eq!(finding["status_id"], suppressed, "{finding}");
        let severity = match finding["unmapped"]["check_severity"].as_str().unwrap() {
            "info" => 1,
            "low" => 2,
            "medium" => 3,
            "high" => 4,
            "critical" => 5,
            other => panic!("severity {other}"),
        };
        assert_eq!(finding["severity_id"], severity);
    }
    let codes: BTreeSet<&str> = findings
        .iter()
        .map(|f| f["status_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        BTreeSet::from(["FAIL", "MANUAL", "PASS"]),
        "the demo has all three"
    );

    // A failing finding of the report is there, on its resource, with the remediation.
    let (check, failing) = checks
        .iter()
        .find_map(|c| {
            c["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| {
                    f["status"] == "fail" && f["resource"].as_str().unwrap().starts_with("arn:")
                })
                .map(|f| (c, f))
        })
        .unwrap();
    let found = findings
        .iter()
        .find(|f| {
            f["metadata"]["event_code"] == check["id"]
                && f["resources"][0]["uid"] == failing["resource"]
        })
        .unwrap();
    assert_eq!(found["status_code"], "FAIL");
    assert_eq!(found["message"], failing["message"]);
    assert_eq!(found["remediation"]["desc"], check["remediation"]);

    // Uids are unique, and the next run repeats them.
    let uids: Vec<String> = findings
        .iter()
        .map(|f| f["finding_info"]["uid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(uids.iter().collect::<BTreeSet<_>>().len(), uids.len());
    let (again, _) = ocsf_of_demo(&Gonogo::new(None));
    let again: Vec<String> = again
        .iter()
        .map(|f| f["finding_info"]["uid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(uids, again);
}
