//! Compliance frameworks: the data files, browsing them, and the framework view of an audit.

use std::collections::BTreeSet;

use gonogo_tests::{DbSettings, Gonogo};
use serde_json::{Value, json};

use crate::account;

/// Every framework file of the built-in catalogue, parsed.
fn framework_files() -> Vec<toml::Table> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../checks/frameworks");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().parse().unwrap())
        .collect()
}

/// The status of requirement `id` in a report's framework view.
pub fn requirement_status(framework: &Value, id: &str) -> String {
    framework["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no requirement {id}"))
}

/// The framework file whose id is `id`.
fn framework_file(id: &str) -> toml::Table {
    framework_files()
        .into_iter()
        .find(|f| f["id"].as_str() == Some(id))
        .unwrap()
}

fn requirements(framework: &toml::Table) -> &Vec<toml::Value> {
    framework["requirements"].as_array().unwrap()
}

#[test]
fn every_named_check_exists_and_every_automated_requirement_is_covered_or_says_why() {
    let list = Gonogo::new(None).run(&["list", "--format", "json"]);
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: BTreeSet<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for framework in framework_files() {
        for r in requirements(&framework) {
            let checks = r.get("checks").and_then(|c| c.as_array());
            for check in checks.into_iter().flatten() {
                let check = check.as_str().unwrap();
                assert!(ids.contains(check), "{}: unknown check {check}", r["id"]);
            }
            if r["assessment"].as_str() == Some("automated") {
                let covered = checks.is_some_and(|c| !c.is_empty());
                let why = r.get("not_covered").and_then(|w| w.as_str());
                assert!(
                    covered != why.is_some_and(|w| !w.is_empty()),
                    "{}: an automated requirement names checks or says why not, not both",
                    r["id"]
                );
            }
        }
    }
}

#[test]
fn frameworks_list_their_counts_and_explain_describes_them() {
    let gonogo = Gonogo::new(None);
    let out = gonogo.run(&["frameworks", "--format", "json"]);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_id = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()
            .clone()
    };
    let cis = &by_id("cis-aws-7.0");
    assert_eq!(cis["requirements"], 70);
    assert_eq!(cis["automated"], 34);
    let covered = requirements(&framework_file("cis-aws-7.0"))
        .iter()
        .filter(|r| r.get("checks").is_some())
        .count();
    assert_eq!(cis["covered"], covered);

    let out = gonogo.run(&["explain", "cis-aws-7.0:2.8"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("level: 1  assessment: automated"), "{text}");
    assert!(text.contains("checks: security.password-policy"), "{text}");
    let out = gonogo.run(&["explain", "cis-aws-7.0"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("70 requirements, 34 automated"), "{text}");
    let out = gonogo.run(&["explain", "security.root-mfa"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("- cis-aws-7.0:2.5 The root user has MFA"),
        "{text}"
    );
    let out = gonogo.run(&["explain", "cis-aws-7.0:9.9"]);
    assert_ne!(out.status.code(), Some(0));

    // FSBP: AWS's control ids and severities; every control is automated.
    let fsbp = &by_id("aws-fsbp");
    let file = framework_file("aws-fsbp");
    assert_eq!(fsbp["requirements"], requirements(&file).len());
    assert_eq!(fsbp["automated"], fsbp["requirements"]);
    let out = gonogo.run(&["explain", "aws-fsbp:ECS.4"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("assessment: automated  severity: high"),
        "{text}"
    );
    assert!(text.contains("checks: security.ecs-privileged"), "{text}");
    let out = gonogo.run(&["explain", "security.lambda-public-access"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("- aws-fsbp:Lambda.1 Function policies prohibit public access"),
        "{text}"
    );
}

#[tokio::test]
async fn a_framework_audit_runs_the_mapped_checks_and_reports_every_requirement() {
    let (_moto, seed, gonogo) = account().await;
    seed.strong_password_policy().await;
    seed.user("alice", true, false, true).await;
    seed.db_instance("orders-db", DbSettings::GOOD).await;
    let run = gonogo.audit(None, &["--framework", "cis-aws-7.0"]);
    let report = run.report();
    let ran: BTreeSet<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // Exactly the checks the framework file names, no more.
    let mapped: BTreeSet<String> = requirements(&framework_file("cis-aws-7.0"))
        .iter()
        .filter_map(|r| r.get("checks").and_then(|c| c.as_array()))
        .flatten()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ran,
        mapped.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    let cis = &report["frameworks"][0];
    assert_eq!(cis["id"], "cis-aws-7.0");
    assert_eq!(cis["regions"], serde_json::json!(["us-east-1"]));
    let requirements = cis["requirements"].as_array().unwrap();
    assert_eq!(requirements.len(), 70, "every requirement is listed");
    let status = |id: &str| requirement_status(cis, id);
    // moto's root user has no MFA; alice signs in to the console without MFA.
    for (id, expected) in [
        ("2.5", "fail"),
        ("2.8", "pass"),
        ("2.9", "pass"),
        ("3.2.2", "pass"),
        ("3.2.4", "pass"),
        ("2.10", "fail"),
        ("2.12", "pass"),
        ("3.2.1", "pass"),
        ("3.2.3", "pass"),
        ("2.4", "pass"),
        // No security contact, no identity provider; alice's password and key are new.
        ("2.3", "fail"),
        ("2.19", "fail"),
        ("2.11", "pass"),
        ("2.17", "not-applicable"),
        // moto has no Access Analyzer: unknown, so an error, never a pass.
        ("2.18", "error"),
        // alice has no policies of her own; nothing is attached (moto without AWS-managed
        // policies), so no AWSSupportAccess and no AWSCloudShellFullAccess.
        ("2.13", "pass"),
        ("2.14", "not-applicable"),
        ("2.15", "fail"),
        ("2.20", "pass"),
        // No trail delivers to CloudWatch Logs: every alarm requirement fails.
        ("5.3", "fail"),
        // moto's default VPC: no flow log, an allow-all network ACL, a default group with its
        // egress rule, EBS encryption by default off, no instances, no open group.
        ("2.16", "not-applicable"),
        ("4.7", "fail"),
        ("6.1.1", "fail"),
        ("6.1.2", "pass"),
        ("6.2", "fail"),
        ("6.3", "pass"),
        ("6.4", "pass"),
        ("6.5", "fail"),
        ("6.7", "not-applicable"),
        // No peering and no VPC but the default one.
        ("6.6", "not-applicable"),
        ("6.8", "not-applicable"),
        ("4.10", "not-applicable"),
        // moto's Macie dates cannot be read.
        ("3.1.3", "error"),
        // No trail, no Config recorder, no customer-managed key.
        ("4.1", "fail"),
        ("4.2", "not-applicable"),
        ("4.3", "fail"),
        ("4.5", "not-applicable"),
        ("4.6", "not-applicable"),
        ("4.8", "fail"),
        ("4.9", "fail"),
        // No bucket, and no account-wide Block Public Access.
        ("3.1.1", "not-applicable"),
        ("3.1.2", "not-applicable"),
        ("3.1.4", "fail"),
        ("4.4", "not-applicable"),
        ("3.3.1", "not-applicable"),
        ("5.16", "fail"),
    ] {
        assert_eq!(status(id), expected, "requirement {id}");
    }
    assert_eq!(cis["summary"]["automated_evaluated"], 25);
    assert_eq!(cis["summary"]["automated_passed"], 12);
    assert_eq!(cis["summary"]["pass_percent"], 48.0);
    // The verdict is still the policy's over the checks.
    assert_eq!(report["verdict"], "NO-GO");

    let level1 = gonogo.audit(
        None,
        &[
            "--framework",
            "cis-aws-7.0",
            "--framework-profile",
            "level1",
        ],
    );
    let requirements = level1.report()["frameworks"][0]["requirements"]
        .as_array()
        .unwrap()
        .clone();
    assert!(requirements.iter().all(|r| r["level"] == 1));
    assert_eq!(level1.report()["frameworks"][0]["profile"], "level1");

    let table = gonogo.run(&["audit", "--quiet", "--framework", "cis-aws-7.0"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("(cis-aws-7.0): 12 of 25 evaluated automated requirements pass (48%); regions audited: us-east-1"),
        "{text}"
    );

    let junit = gonogo.dir().join("junit.xml");
    let markdown = gonogo.dir().join("summary.md");
    let out = gonogo
        .command()
        .args(["audit", "--quiet", "--framework", "cis-aws-7.0", "--junit"])
        .arg(&junit)
        .arg("--markdown")
        .arg(&markdown)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let xml = std::fs::read_to_string(&junit).unwrap();
    let parsed = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
    let suite = parsed
        .suites
        .iter()
        .find(|s| s.name == "cis-aws-7.0")
        .unwrap();
    assert_eq!(suite.cases.len(), 70);
    assert_eq!(
        suite.failures, 30,
        "2.3, 2.5, 2.10, 2.15, 2.19, 3.1.4, 4.1, 4.3, 4.7, 4.8, 4.9, 5.1 to 5.16, 6.1.1, 6.2 and 6.5"
    );
    assert_eq!(suite.errors, 2, "2.18 and 3.1.3");
    assert_eq!(
        suite.skipped, 23,
        "manual, not covered and not applicable requirements"
    );
    let case = suite
        .cases
        .iter()
        .find(|c| c.original_name == "2.5 The root user has MFA")
        .unwrap();
    assert_eq!(
        case.classname.as_deref(),
        Some("2 Identity and Access Management")
    );
    let summary = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        summary.contains("### CIS Amazon Web Services Foundations Benchmark 7.0.0"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "| 2 Identity and Access Management | 8 pass, 5 fail, 1 error, 7 not-applicable, 5 manual |"
        ),
        "{summary}"
    );

    let csv_path = gonogo.dir().join("cis.csv");
    let out = gonogo
        .command()
        .args([
            "audit",
            "--quiet",
            "--framework",
            "cis-aws-7.0",
            "--framework-csv",
        ])
        .arg(&csv_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let mut rows = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "framework",
            "version",
            "profile",
            "requirement",
            "title",
            "section",
            "level",
            "assessment",
            "status",
            "account",
            "region",
            "checks",
            "failing_resources",
        ]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    // One region audited: a row per requirement, account-wide ones as `global`.
    assert_eq!(rows.len(), 70);
    let row = |id: &str| rows.iter().find(|r| &r[3] == id).unwrap().clone();
    let root = row("2.5");
    assert_eq!(
        (&root[8], &root[9], &root[10], &root[12]),
        (
            "fail",
            "123456789012",
            "global",
            "arn:aws:iam::123456789012:root"
        )
    );
    assert_eq!(&row("2.10")[12], "arn:aws:iam::123456789012:user/alice");
    assert_eq!(&row("5.3")[8], "fail");
    assert_eq!((&row("2.1.3")[8], &row("2.1.3")[10]), ("manual", "all"));
    assert_eq!(
        (&row("2.1.2")[8], &row("2.1.2")[10]),
        ("not-applicable", "global")
    );
    assert_eq!((&row("6.1.1")[8], &row("6.1.1")[10]), ("fail", "us-east-1"));

    let page = gonogo.dir().join("cis.html");
    let out = gonogo
        .command()
        .args(["audit", "--quiet", "--framework", "cis-aws-7.0", "--html"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let page = scraper::Html::parse_document(&std::fs::read_to_string(&page).unwrap());
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let section = page
        .select(&select("section#framework-cis-aws-7\\.0"))
        .next()
        .expect("a section for the framework");
    assert_eq!(
        section.select(&select("div.bar")).count(),
        5,
        "a bar per section"
    );
    assert_eq!(
        section
            .select(&select("table.requirements tbody tr"))
            .count(),
        70
    );
    assert_eq!(section.select(&select("tr[data-status=fail]")).count(), 30);

    let listed = gonogo.run(&["list", "--framework", "cis-aws-7.0", "--format", "json"]);
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), ran.len());

    let unknown = gonogo.run(&["audit", "--framework", "nope"]);
    assert_eq!(unknown.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown framework `nope`"));
}

/// Checks the table between `<!-- NAME:start -->` and `<!-- NAME:end -->` of the manual's
/// frameworks page against `expected`; with `GONOGO_BLESS=1` rewrites it.
fn assert_frameworks_table(name: &str, expected: &str) {
    const PAGE: &str = "docs/frameworks.md";
    let text = gonogo_tests::manual_page(PAGE);
    let open = format!("<!-- {name}:start -->\n");
    let start = text.find(&open).unwrap() + open.len();
    let end = text.find(&format!("<!-- {name}:end -->")).unwrap();
    let blessed = format!("{}{expected}{}", &text[..start], &text[end..]);
    gonogo_tests::assert_page(PAGE, &blessed);
}

/// What evaluates a requirement, as the coverage tables say it.
fn evaluated_by(r: &toml::Value) -> String {
    let checks: Vec<String> = r
        .get("checks")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .map(|c| format!("`{}`", c.as_str().unwrap()))
        .collect();
    match (checks.is_empty(), r.get("not_covered")) {
        (false, _) => checks.join(", "),
        (true, Some(why)) => format!("not covered: {}", why.as_str().unwrap()),
        (true, None) => "manual".to_owned(),
    }
}

#[test]
fn the_manuals_cis_coverage_matches_the_framework_file() {
    let mut expected = String::from(
        "| Requirement | Level | Assessment | Title | Evaluated by |\n|---|---|---|---|---|\n",
    );
    for r in requirements(&framework_file("cis-aws-7.0")) {
        expected.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r["id"].as_str().unwrap(),
            r["level"].as_integer().unwrap(),
            r["assessment"].as_str().unwrap(),
            r["title"].as_str().unwrap(),
            evaluated_by(r),
        ));
    }
    // Out of date with checks/frameworks/cis-aws-7.0.toml when it fails.
    assert_frameworks_table("cis-coverage", &expected);
}

#[test]
fn the_manuals_fsbp_coverage_matches_the_framework_file() {
    let mut expected = String::from(
        "| Control | Severity | Service | Title | Evaluated by |\n|---|---|---|---|---|\n",
    );
    for r in requirements(&framework_file("aws-fsbp")) {
        expected.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r["id"].as_str().unwrap(),
            r["severity"].as_str().unwrap(),
            r["section"].as_str().unwrap(),
            r["title"].as_str().unwrap(),
            evaluated_by(r),
        ));
    }
    // Out of date with checks/frameworks/aws-fsbp.toml when it fails.
    assert_frameworks_table("fsbp-coverage", &expected);
}

#[tokio::test]
async fn an_fsbp_audit_reports_each_control_with_aws_severity() {
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    seed.ecs_service("prod", "web", 1, None).await;
    let run = gonogo.audit(None, &["--framework", "aws-fsbp"]);
    let fsbp = &run.report()["frameworks"][0];
    assert_eq!(fsbp["id"], "aws-fsbp");
    let control = |id: &str| {
        fsbp["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let ecs4 = control("ECS.4");
    assert_eq!(
        (&ecs4["status"], &ecs4["severity"], &ecs4["section"]),
        (&json!("pass"), &json!("high"), &json!("ECS"))
    );
    assert_eq!(control("IAM.9")["status"], "fail", "moto's root has no MFA");
    assert_eq!(
        control("GuardDuty.1")["status"],
        "fail",
        "the account has no detector"
    );
    assert_eq!(
        control("Route53.2")["status"],
        "manual",
        "not covered: no check"
    );
    // Only the checks FSBP maps ran.
    let ran: BTreeSet<&str> = run.report()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ran.contains("security.ecs-privileged") && !ran.contains("cost.budget-exists"));
}

#[tokio::test]
async fn an_fsbp_audit_writes_the_control_report_in_every_format() {
    let (_moto, seed, gonogo) = account().await;
    seed.ecs_cluster("prod", true).await;
    seed.ecs_service("prod", "web", 1, None).await;
    let controls = requirements(&framework_file("aws-fsbp")).len();
    let dir = gonogo.dir();
    let out = gonogo
        .command()
        .args(["audit", "--quiet", "--framework", "aws-fsbp", "--json"])
        .arg(dir.join("fsbp.json"))
        .arg("--junit")
        .arg(dir.join("fsbp.xml"))
        .arg("--markdown")
        .arg(dir.join("fsbp.md"))
        .arg("--html")
        .arg(dir.join("fsbp.html"))
        .arg("--framework-csv")
        .arg(dir.join("fsbp.csv"))
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(2),
        "moto's root has no MFA: {table}"
    );
    assert!(
        table.contains("(aws-fsbp): ") && table.contains("evaluated automated requirements pass"),
        "{table}"
    );

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("fsbp.json")).unwrap()).unwrap();
    let fsbp = &report["frameworks"][0];
    assert_eq!(fsbp["id"], "aws-fsbp");
    assert_eq!(fsbp["requirements"].as_array().unwrap().len(), controls);
    let failing = fsbp["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .count();
    assert!(failing > 0);

    let xml = std::fs::read_to_string(dir.join("fsbp.xml")).unwrap();
    let junit = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
    let suite = junit.suites.iter().find(|s| s.name == "aws-fsbp").unwrap();
    assert_eq!(suite.cases.len(), controls);
    assert_eq!(suite.failures as usize, failing);
    let iam9 = suite
        .cases
        .iter()
        .find(|c| c.original_name.starts_with("IAM.9 "))
        .unwrap();
    assert_eq!(iam9.classname.as_deref(), Some("IAM"));

    let summary = std::fs::read_to_string(dir.join("fsbp.md")).unwrap();
    assert!(
        summary.contains("### AWS Foundational Security Best Practices"),
        "{summary}"
    );
    assert!(summary.contains("| ECS | "), "{summary}");

    let mut rows = csv::Reader::from_path(dir.join("fsbp.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), controls);
    let ecs4 = rows.iter().find(|r| &r[3] == "ECS.4").unwrap();
    assert_eq!((&ecs4[0], &ecs4[5], &ecs4[8]), ("aws-fsbp", "ECS", "pass"));

    let page =
        scraper::Html::parse_document(&std::fs::read_to_string(dir.join("fsbp.html")).unwrap());
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let section = page
        .select(&select("section#framework-aws-fsbp"))
        .next()
        .expect("a section for the framework");
    assert_eq!(
        section
            .select(&select("table.requirements tbody tr"))
            .count(),
        controls
    );
    assert_eq!(
        section.select(&select("tr[data-status=fail]")).count(),
        failing
    );
}

#[tokio::test]
async fn a_policy_can_ask_for_the_framework_view_on_every_audit() {
    let (_moto, seed, gonogo) = account().await;
    seed.strong_password_policy().await;
    let run = gonogo.audit(
        Some("frameworks = [\"cis-aws-7.0\"]\n"),
        &["--check", "security.password-policy"],
    );
    let cis = &run.report()["frameworks"][0];
    assert_eq!(cis["id"], "cis-aws-7.0");
    let status = |id: &str| requirement_status(cis, id);
    assert_eq!(status("2.8"), "pass");
    assert_eq!(
        status("2.5"),
        "error",
        "its check did not run: never a pass"
    );

    let bad = gonogo.audit(Some("go_score = 90\nframeworks = [\"nope\"]\n"), &[]);
    assert_eq!(bad.code, 3);
    assert!(
        bad.stderr
            .contains("policy.toml:2:15: unknown framework `nope`"),
        "{}",
        bad.stderr
    );
}
