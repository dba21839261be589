//! Meta-tests over the registry as the real binary sees it: every check linked, ids stable,
//! unique and well-formed, docs complete.

use gonogo_tests::Gonogo;
use serde_json::Value;

/// Every built-in check id, sorted.
/// The id of every built-in check, sorted, as `gonogo list` gives them.
pub fn catalogue_ids() -> Vec<String> {
    list()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn list() -> Vec<Value> {
    let out = Gonogo::new(None).run(&["list", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// `gonogo list`, whole: every check the binary links (sorted by id), its severity, tags,
/// presence rule and title, then the stage kinds. Adding or changing a check changes this
/// snapshot; accept it with `cargo insta review` (or `INSTA_UPDATE=always`).
#[test]
fn gonogo_list_is_the_catalogue() {
    let out = Gonogo::new(None).run(&["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("gonogo_list", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn every_check_is_registered_once_sorted_by_id() {
    let ids = catalogue_ids();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "the checks are listed sorted by id, each once");
}

#[test]
fn ids_are_category_dot_kebab_case_and_docs_are_complete() {
    for check in list() {
        let id = check["id"].as_str().unwrap();
        let (category, name) = id.split_once('.').unwrap();
        assert_eq!(category, check["category"], "{id}: prefix is the category");
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id}: kebab-case"
        );
        assert!(
            !name.starts_with("no-") && !name.starts_with("disallow-"),
            "{id}: name what is detected"
        );
        for field in ["title", "description", "remediation"] {
            assert!(
                check[field].as_str().is_some_and(|s| !s.is_empty()),
                "{id}: {field} missing"
            );
        }
        for param in check["params"].as_array().unwrap() {
            assert!(
                param["doc"].as_str().is_some_and(|s| !s.is_empty()),
                "{id}: param without doc"
            );
        }
    }
}

#[test]
fn explain_shows_every_section() {
    for id in catalogue_ids() {
        let out = Gonogo::new(None).run(&["explain", &id]);
        let text = String::from_utf8_lossy(&out.stdout);
        for heading in [
            "## What it checks",
            "## Why it matters",
            "## Remediation",
            "## Parameters",
        ] {
            assert!(
                text.contains(heading),
                "{id}: `{heading}` missing from explain"
            );
        }
    }
}

/// `docs/checks.md` is what `gonogo docs checks` generates from the catalogue (rewrite it
/// with `GONOGO_BLESS=1`), and it has a section, at the anchor `explain` and SARIF link to,
/// for every check `gonogo list` shows.
#[test]
fn the_check_reference_is_generated_from_the_catalogue() {
    let out = Gonogo::new(None).run(&["docs", "checks"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    for check in list() {
        let id = check["id"].as_str().unwrap();
        assert!(
            page.contains(&format!("\n## {id} {{ #{id} }}\n")),
            "no section for {id}"
        );
    }
    gonogo_tests::assert_page("docs/checks.md", &page);
}

#[test]
fn global_checks_are_those_of_account_wide_services() {
    // IAM, Budgets, STS and S3 (one bucket listing for the account); the trail-bucket and
    // trail-alarm checks follow the trails seen from the first audited region.
    let global: Vec<String> = list()
        .iter()
        .filter(|c| c["scope"] == "global")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        global,
        [
            "cost.budget-alerts",
            "cost.budget-exists",
            "cost.budget-forecast",
            "cost.budget-limit",
            "infrastructure.credentials",
            "infrastructure.route53-health-checks",
            "monitoring.alarm-cloudtrail-changes",
            "monitoring.alarm-config-changes",
            "monitoring.alarm-console-failures",
            "monitoring.alarm-console-without-mfa",
            "monitoring.alarm-gateway-changes",
            "monitoring.alarm-iam-policy-changes",
            "monitoring.alarm-kms-key-deletion",
            "monitoring.alarm-nacl-changes",
            "monitoring.alarm-organizations-changes",
            "monitoring.alarm-root-use",
            "monitoring.alarm-route-table-changes",
            "monitoring.alarm-s3-policy-changes",
            "monitoring.alarm-security-group-changes",
            "monitoring.alarm-unauthorized-calls",
            "monitoring.alarm-vpc-changes",
            "monitoring.cloudtrail-bucket-logging",
            "operations.plan-destroys-data",
            "security.access-key-rotation",
            "security.admin-policies",
            "security.cloudshell-full-access",
            "security.console-users-mfa",
            "security.identity-federation",
            "security.org-delegated-admins",
            "security.org-guardrails",
            "security.org-policy-delegation",
            "security.org-root-credentials",
            "security.password-policy",
            "security.password-reuse-prevention",
            "security.root-access-keys",
            "security.root-mfa",
            "security.s3-mfa-delete",
            "security.s3-public-access-block",
            "security.s3-public-policy",
            "security.s3-tls-only",
            "security.security-contact",
            "security.server-certificates",
            "security.support-role",
            "security.unused-credentials",
            "security.user-direct-policies",
        ]
    );
    assert!(
        list()
            .iter()
            .all(|c| c["scope"] == "global" || c["scope"] == "regional")
    );
}
