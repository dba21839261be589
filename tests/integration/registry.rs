//! Meta-tests over the registry as the real binary sees it: every check linked, ids stable,
//! unique and well-formed, docs complete.

use gonogo_tests::Gonogo;
use serde_json::Value;

/// Every built-in check id, sorted.
pub const EXPECTED: [&str; 122] = [
    "cost.budget-alerts",
    "cost.budget-exists",
    "cost.budget-forecast",
    "cost.budget-limit",
    "infrastructure.credentials",
    "infrastructure.dynamodb-tables",
    "infrastructure.ecs-clusters",
    "infrastructure.ecs-services-healthy",
    "infrastructure.elb-target-health",
    "infrastructure.rds-instances",
    "infrastructure.route53-health-checks",
    "infrastructure.sqs-queues",
    "monitoring.alarm-actions",
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
    "monitoring.alarms-firing",
    "monitoring.alarms-insufficient-data",
    "monitoring.api-access-logs",
    "monitoring.canary-success",
    "monitoring.cloudtrail-bucket-logging",
    "monitoring.cloudtrail-enabled",
    "monitoring.config-recording",
    "monitoring.ecs-container-insights",
    "monitoring.ecs-log-configuration",
    "monitoring.elb-access-logs",
    "monitoring.guardduty-enabled",
    "monitoring.guardduty-findings",
    "monitoring.lambda-errors",
    "monitoring.log-retention",
    "monitoring.s3-object-reads-logged",
    "monitoring.s3-object-writes-logged",
    "monitoring.security-hub-enabled",
    "monitoring.vpc-flow-logs",
    "operations.acm-certificate-expiry",
    "operations.api-throttling",
    "operations.backup-coverage",
    "operations.dynamodb-deletion-protection",
    "operations.dynamodb-pitr",
    "operations.dynamodb-ttl",
    "operations.ecs-circuit-breaker",
    "operations.ecs-image-tags",
    "operations.elb-deletion-protection",
    "operations.kms-key-deletion",
    "operations.lambda-failure-destination",
    "operations.lambda-runtime",
    "operations.rds-auto-minor-upgrade",
    "operations.rds-backups",
    "operations.rds-multi-az",
    "operations.rds-performance-insights",
    "operations.sqs-dead-letter",
    "operations.vpc-endpoints",
    "security.access-analyzer-enabled",
    "security.access-key-rotation",
    "security.acm-rsa-key-size",
    "security.acm-validation",
    "security.admin-policies",
    "security.cloudshell-full-access",
    "security.cloudtrail-kms",
    "security.cloudtrail-log-validation",
    "security.console-users-mfa",
    "security.default-sg-closed",
    "security.ebs-default-encryption",
    "security.ecs-non-root-user",
    "security.ecs-plain-secrets",
    "security.ecs-privileged",
    "security.ecs-read-only-root",
    "security.efs-encryption",
    "security.elb-drop-invalid-headers",
    "security.elb-http-redirect",
    "security.elb-tls-policy",
    "security.eventbridge-public-access",
    "security.identity-federation",
    "security.imdsv2-required",
    "security.instance-profiles",
    "security.kms-public-access",
    "security.kms-rotation",
    "security.lambda-public-access",
    "security.log-encryption",
    "security.macie-enabled",
    "security.nacl-admin-ports",
    "security.org-delegated-admins",
    "security.org-guardrails",
    "security.org-policy-delegation",
    "security.org-root-credentials",
    "security.password-policy",
    "security.password-reuse-prevention",
    "security.rds-encryption",
    "security.rds-public-access",
    "security.root-access-keys",
    "security.root-mfa",
    "security.s3-mfa-delete",
    "security.s3-public-access-block",
    "security.s3-public-policy",
    "security.s3-tls-only",
    "security.secrets-public-access",
    "security.secrets-rotation",
    "security.security-contact",
    "security.server-certificates",
    "security.sg-admin-ports-ipv4",
    "security.sg-admin-ports-ipv6",
    "security.sg-cifs",
    "security.sns-encryption",
    "security.sns-public-access",
    "security.sqs-encryption",
    "security.sqs-public-access",
    "security.support-role",
    "security.unused-credentials",
    "security.user-direct-policies",
    "security.vpc-peering-routes",
];

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

#[test]
fn every_check_is_registered_sorted_and_unique() {
    let ids: Vec<String> = list()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids, EXPECTED,
        "the binary links every built-in check, sorted by id"
    );
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
    for id in EXPECTED {
        let out = Gonogo::new(None).run(&["explain", id]);
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
fn severities_and_tags_are_the_catalogue_contract() {
    let contract: [(&str, &str, &[&str]); 122] = [
        ("cost.budget-alerts", "medium", &[]),
        ("cost.budget-exists", "high", &["quick"]),
        ("cost.budget-forecast", "high", &[]),
        ("cost.budget-limit", "medium", &[]),
        ("infrastructure.credentials", "critical", &["quick"]),
        ("infrastructure.dynamodb-tables", "high", &["quick"]),
        ("infrastructure.ecs-clusters", "high", &["quick"]),
        (
            "infrastructure.ecs-services-healthy",
            "critical",
            &["post-deploy"],
        ),
        (
            "infrastructure.elb-target-health",
            "critical",
            &["post-deploy"],
        ),
        ("infrastructure.rds-instances", "high", &[]),
        (
            "infrastructure.route53-health-checks",
            "critical",
            &["post-deploy"],
        ),
        ("infrastructure.sqs-queues", "high", &["quick"]),
        ("monitoring.alarm-actions", "medium", &[]),
        (
            "monitoring.alarm-cloudtrail-changes",
            "medium",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-config-changes",
            "low",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-console-failures",
            "low",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-console-without-mfa",
            "medium",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-gateway-changes",
            "low",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-iam-policy-changes",
            "medium",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-kms-key-deletion",
            "medium",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-nacl-changes",
            "low",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-organizations-changes",
            "low",
            &["logging", "alarms"],
        ),
        ("monitoring.alarm-root-use", "high", &["logging", "alarms"]),
        (
            "monitoring.alarm-route-table-changes",
            "low",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-s3-policy-changes",
            "medium",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-security-group-changes",
            "low",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-unauthorized-calls",
            "medium",
            &["logging", "alarms"],
        ),
        (
            "monitoring.alarm-vpc-changes",
            "low",
            &["logging", "alarms"],
        ),
        ("monitoring.alarms-firing", "critical", &["post-deploy"]),
        ("monitoring.alarms-insufficient-data", "low", &[]),
        ("monitoring.api-access-logs", "medium", &[]),
        ("monitoring.canary-success", "critical", &["post-deploy"]),
        (
            "monitoring.cloudtrail-bucket-logging",
            "low",
            &["logging", "s3"],
        ),
        ("monitoring.cloudtrail-enabled", "high", &["logging"]),
        ("monitoring.config-recording", "medium", &["logging"]),
        ("monitoring.ecs-container-insights", "low", &[]),
        (
            "monitoring.ecs-log-configuration",
            "medium",
            &["containers"],
        ),
        ("monitoring.elb-access-logs", "medium", &[]),
        ("monitoring.guardduty-enabled", "high", &[]),
        (
            "monitoring.guardduty-findings",
            "critical",
            &["post-deploy"],
        ),
        ("monitoring.lambda-errors", "high", &["post-deploy"]),
        ("monitoring.log-retention", "medium", &["logging"]),
        ("monitoring.s3-object-reads-logged", "medium", &["logging"]),
        ("monitoring.s3-object-writes-logged", "medium", &["logging"]),
        ("monitoring.security-hub-enabled", "medium", &[]),
        ("monitoring.vpc-flow-logs", "medium", &["network"]),
        ("operations.acm-certificate-expiry", "high", &[]),
        ("operations.api-throttling", "medium", &[]),
        ("operations.backup-coverage", "high", &[]),
        ("operations.dynamodb-deletion-protection", "medium", &[]),
        ("operations.dynamodb-pitr", "high", &[]),
        ("operations.dynamodb-ttl", "medium", &[]),
        ("operations.ecs-circuit-breaker", "high", &[]),
        ("operations.ecs-image-tags", "medium", &["containers"]),
        ("operations.elb-deletion-protection", "medium", &[]),
        ("operations.kms-key-deletion", "high", &[]),
        ("operations.lambda-failure-destination", "medium", &[]),
        ("operations.lambda-runtime", "high", &[]),
        ("operations.rds-auto-minor-upgrade", "medium", &[]),
        ("operations.rds-backups", "high", &[]),
        ("operations.rds-multi-az", "medium", &[]),
        ("operations.rds-performance-insights", "low", &[]),
        ("operations.sqs-dead-letter", "medium", &[]),
        ("operations.vpc-endpoints", "low", &[]),
        ("security.access-analyzer-enabled", "medium", &[]),
        ("security.access-key-rotation", "medium", &[]),
        ("security.acm-rsa-key-size", "high", &[]),
        ("security.acm-validation", "medium", &[]),
        ("security.admin-policies", "high", &[]),
        ("security.cloudshell-full-access", "low", &[]),
        ("security.cloudtrail-kms", "medium", &["logging"]),
        ("security.cloudtrail-log-validation", "medium", &["logging"]),
        ("security.console-users-mfa", "high", &[]),
        ("security.default-sg-closed", "medium", &["network"]),
        ("security.ebs-default-encryption", "medium", &[]),
        ("security.ecs-non-root-user", "medium", &["containers"]),
        ("security.ecs-plain-secrets", "high", &["containers"]),
        ("security.ecs-privileged", "high", &["containers"]),
        ("security.ecs-read-only-root", "medium", &["containers"]),
        ("security.efs-encryption", "high", &[]),
        ("security.elb-drop-invalid-headers", "medium", &[]),
        ("security.elb-http-redirect", "medium", &["encryption"]),
        ("security.elb-tls-policy", "high", &["encryption"]),
        ("security.eventbridge-public-access", "high", &["exposure"]),
        ("security.identity-federation", "low", &[]),
        ("security.imdsv2-required", "high", &[]),
        ("security.instance-profiles", "medium", &[]),
        ("security.kms-public-access", "critical", &["exposure"]),
        ("security.kms-rotation", "medium", &[]),
        ("security.lambda-public-access", "critical", &["exposure"]),
        ("security.log-encryption", "low", &["logging", "encryption"]),
        ("security.macie-enabled", "low", &[]),
        ("security.nacl-admin-ports", "medium", &["network"]),
        ("security.org-delegated-admins", "low", &["organizations"]),
        ("security.org-guardrails", "high", &["organizations"]),
        ("security.org-policy-delegation", "low", &["organizations"]),
        (
            "security.org-root-credentials",
            "medium",
            &["organizations", "root"],
        ),
        ("security.password-policy", "high", &[]),
        ("security.password-reuse-prevention", "medium", &[]),
        ("security.rds-encryption", "high", &[]),
        ("security.rds-public-access", "critical", &[]),
        ("security.root-access-keys", "critical", &[]),
        ("security.root-mfa", "critical", &[]),
        ("security.s3-mfa-delete", "low", &["s3"]),
        ("security.s3-public-access-block", "high", &["s3"]),
        ("security.s3-public-policy", "critical", &["exposure"]),
        ("security.s3-tls-only", "medium", &["s3"]),
        ("security.secrets-public-access", "critical", &["exposure"]),
        ("security.secrets-rotation", "medium", &[]),
        ("security.security-contact", "low", &[]),
        ("security.server-certificates", "medium", &[]),
        ("security.sg-admin-ports-ipv4", "high", &["network"]),
        ("security.sg-admin-ports-ipv6", "high", &["network"]),
        ("security.sg-cifs", "high", &["network"]),
        ("security.sns-encryption", "medium", &[]),
        ("security.sns-public-access", "high", &["exposure"]),
        ("security.sqs-encryption", "medium", &[]),
        ("security.sqs-public-access", "critical", &["exposure"]),
        ("security.support-role", "low", &[]),
        ("security.unused-credentials", "medium", &[]),
        ("security.user-direct-policies", "low", &[]),
        ("security.vpc-peering-routes", "medium", &[]),
    ];
    let listed: Vec<(String, String, Vec<String>)> = list()
        .iter()
        .map(|c| {
            let tags = c["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_owned())
                .collect();
            (
                c["id"].as_str().unwrap().to_owned(),
                c["severity"].as_str().unwrap().to_owned(),
                tags,
            )
        })
        .collect();
    let expected: Vec<(String, String, Vec<String>)> = contract
        .iter()
        .map(|(id, severity, tags)| {
            (
                (*id).to_owned(),
                (*severity).to_owned(),
                tags.iter().map(|t| (*t).to_owned()).collect(),
            )
        })
        .collect();
    assert_eq!(listed, expected);
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
