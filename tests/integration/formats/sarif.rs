//! SARIF 2.1.0 for GitHub code scanning, from the demo snapshot: it validates against the
//! OASIS schema, has a rule per check and a result per failing or warning finding, anchored
//! at the policy file, with fingerprints that the next run repeats. Waived findings are left
//! out. GitLab Code Quality lists the same problems, anchored the same way.

use std::collections::BTreeSet;
use std::path::Path;

use gonogo_tests::Gonogo;
use serde_json::Value;

/// The OASIS schema, kept outside the repository beside it (`../shared/schemas`).
fn sarif_schema() -> Option<Value> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas/sarif-schema-2.1.0.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).unwrap()),
        Err(err) => {
            println!(
                "skipping the SARIF schema validation: {} cannot be read ({err})",
                path.display()
            );
            None
        }
    }
}

/// `gonogo audit --snapshot demo --policy POLICY --sarif out.sarif` in the scratch directory,
/// the policy named by a relative path as a CI job would; the log and the JSON report.
fn sarif_of_demo(gonogo: &Gonogo, policy: &str) -> (Value, Value) {
    gonogo.file("gonogo-ci.toml", policy);
    gonogo.audit_demo(&[
        "--policy",
        "gonogo-ci.toml",
        "--sarif",
        "out.sarif",
        "--json",
        "report.json",
        "--gitlab-codequality",
        "codequality.json",
    ]);
    (
        gonogo.read_json("out.sarif"),
        gonogo.read_json("report.json"),
    )
}

#[test]
fn the_demo_snapshot_as_sarif_validates_against_the_schema() {
    let gonogo = Gonogo::new(None);
    let (log, _) = sarif_of_demo(&gonogo, "");
    let Some(schema) = sarif_schema() else {
        return;
    };
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken), "the schema bites");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());

    // `--format sarif` prints the same log.
    let out = gonogo.audit_demo(&["--format", "sarif"]);
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(validator.is_valid(&printed));
    assert_eq!(
        printed["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "gonogo.toml",
        "no policy named: the default policy's path"
    );
}

#[test]
fn each_problem_is_a_result_at_the_policy_file_with_its_arn_and_a_stable_fingerprint() {
    let gonogo = Gonogo::new(None);
    let (log, report) = sarif_of_demo(&gonogo, "");
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "gonogo");

    // A rule per check that ran, described from its docs.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let checks = report["checks"].as_array().unwrap();
    assert_eq!(rules.len(), checks.len());
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let root_mfa = rule("security.root-mfa");
    assert_eq!(
        root_mfa["shortDescription"]["text"],
        "The root user has MFA enabled"
    );
    assert_ne!(
        root_mfa["fullDescription"]["text"], root_mfa["shortDescription"]["text"],
        "the full description is the check's What it checks"
    );
    assert!(!root_mfa["help"]["text"].as_str().unwrap().is_empty());
    assert_eq!(root_mfa["properties"]["tags"][0], "security");
    assert_eq!(root_mfa["properties"]["security-severity"], "9.5");
    let budget = rule("cost.budget-exists");
    assert!(
        budget["properties"].get("security-severity").is_none(),
        "only security checks carry a security severity"
    );

    // A result per failing or warning finding, and nothing else.
    let problems: usize = checks
        .iter()
        .map(|c| {
            let findings = c["findings"].as_array().unwrap();
            let problems = findings
                .iter()
                .filter(|f| f["status"] == "fail" || f["status"] == "warn")
                .count();
            let whole = problems == 0 && (c["status"] == "fail" || c["status"] == "warn");
            problems + usize::from(whole)
        })
        .sum();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), problems);
    let root = results
        .iter()
        .find(|r| r["ruleId"] == "security.root-mfa")
        .unwrap();
    assert_eq!(root["level"], "error");
    assert_eq!(
        rules[root["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "security.root-mfa"
    );
    let location = &root["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "gonogo-ci.toml"
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 1);
    let arn = "arn:aws:iam::123456789012:root";
    assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], arn);
    assert!(
        root["message"]["text"].as_str().unwrap().contains(arn),
        "{root:#}"
    );

    // Fingerprints: one per result, unique, and the same on the next run.
    let fingerprints = |log: &Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["gonogoFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let first = fingerprints(&log);
    assert_eq!(
        first.iter().collect::<BTreeSet<_>>().len(),
        first.len(),
        "unique per check and resource"
    );
    let (again, _) = sarif_of_demo(&Gonogo::new(None), "");
    assert_eq!(fingerprints(&again), first);
}

#[test]
fn waived_findings_are_left_out() {
    let expires = (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%d");
    let waiver = format!(
        "[[waivers]]\ncheck = \"security.root-mfa\"\nresource = \"arn:aws:iam::*:root\"\nreason = \"break-glass account\"\nowner = \"platform\"\nexpires = {expires}\n"
    );
    let (log, report) = sarif_of_demo(&Gonogo::new(None), &waiver);
    let root_check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "security.root-mfa")
        .unwrap();
    assert_eq!(root_check["status"], "waived");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|r| r["ruleId"] != "security.root-mfa"),
        "{results:#?}"
    );
}

#[test]
fn gitlab_code_quality_lists_the_same_problems_at_the_policy_file() {
    let gonogo = Gonogo::new(None);
    let (log, _) = sarif_of_demo(&gonogo, "");
    let issues = gonogo.read_json("codequality.json");
    let issues = issues.as_array().unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(issues.len(), results.len());
    for (issue, result) in issues.iter().zip(results) {
        assert_eq!(issue["check_name"], result["ruleId"]);
        assert_eq!(
            issue["fingerprint"],
            result["partialFingerprints"]["gonogoFinding/v1"]
        );
        assert_eq!(issue["location"]["path"], "gonogo-ci.toml");
        assert_eq!(issue["location"]["lines"]["begin"], 1);
    }
    let root = issues
        .iter()
        .find(|i| i["check_name"] == "security.root-mfa")
        .unwrap();
    assert_eq!(root["severity"], "blocker", "critical is GitLab's blocker");
    assert!(
        root["description"]
            .as_str()
            .unwrap()
            .contains("arn:aws:iam::123456789012:root")
    );
}
