//! `--security-hub`: findings imported into moto's Security Hub by one run, updated and
//! archived by the next, read back with GetFindings. moto ignores GetFindings filters, so the
//! test (like gonogo) picks gonogo's findings out of everything the hub holds.

use aws_sdk_securityhub::types::{AwsSecurityFinding, ComplianceStatus, RecordState};
use aws_sdk_sqs::types::QueueAttributeName;
use gonogo_tests::{Gonogo, Moto, Seeder};

const ENCRYPTION: &str = "security.sqs-encryption";
const PASSWORD: &str = "security.password-policy";
const ACCOUNT: &str = "123456789012";

/// Every finding in the hub, all pages.
async fn hub_findings(seed: &Seeder) -> Vec<AwsSecurityFinding> {
    let pages: Vec<_> = seed
        .securityhub
        .get_findings()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .unwrap();
    pages.iter().flat_map(|p| p.findings().to_vec()).collect()
}

/// gonogo's findings of `check` on resources whose id ends with `suffix`.
fn of<'a>(
    findings: &'a [AwsSecurityFinding],
    check: &str,
    suffix: &str,
) -> Vec<&'a AwsSecurityFinding> {
    findings
        .iter()
        .filter(|f| f.generator_id() == Some(&format!("gonogo/{check}")))
        .filter(|f| {
            f.resources()
                .first()
                .and_then(|r| r.id())
                .is_some_and(|id| id.ends_with(suffix))
        })
        .collect()
}

fn compliance(finding: &AwsSecurityFinding) -> Option<&ComplianceStatus> {
    finding.compliance().and_then(|c| c.status())
}

#[tokio::test]
async fn a_run_imports_findings_and_the_next_updates_and_archives_only_what_it_checked() {
    let moto = Moto::start();
    let seed = Seeder::new(&moto).await;
    seed.securityhub.enable_security_hub().send().await.unwrap();
    let plain = [(QueueAttributeName::SqsManagedSseEnabled, "false")];
    let fixed = seed.queue("fixed-later", &plain).await;
    let gone = seed.queue("deleted-later", &plain).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));

    let first = gonogo.audit(
        None,
        &["--check", ENCRYPTION, "--check", PASSWORD, "--security-hub"],
    );
    assert_eq!(first.code, 2, "{}", first.stderr);
    let findings = hub_findings(&seed).await;
    let fixed_finding = of(&findings, ENCRYPTION, "fixed-later");
    assert_eq!(fixed_finding.len(), 1, "{findings:#?}");
    let finding = fixed_finding[0];
    assert_eq!(finding.schema_version(), Some("2018-10-08"));
    assert_eq!(
        finding.product_arn(),
        Some(format!("arn:aws:securityhub:us-east-1:{ACCOUNT}:product/{ACCOUNT}/default").as_str())
    );
    assert_eq!(finding.aws_account_id(), Some(ACCOUNT));
    assert_eq!(compliance(finding), Some(&ComplianceStatus::Failed));
    assert_eq!(finding.record_state(), Some(&RecordState::Active));
    let severity = finding
        .finding_provider_fields()
        .and_then(|p| p.severity())
        .unwrap();
    assert_eq!(severity.label().map(|l| l.as_str()), Some("MEDIUM"));
    assert_eq!(severity.original(), Some("medium"));
    assert_eq!(
        finding.resources()[0].r#type(),
        Some("AwsSqsQueue"),
        "{finding:#?}"
    );
    assert!(
        finding
            .remediation()
            .and_then(|r| r.recommendation())
            .and_then(|r| r.text())
            .is_some_and(|t| !t.is_empty()),
        "{finding:#?}"
    );
    let first_id = finding.id().unwrap().to_owned();
    let first_created = finding.created_at().unwrap().to_owned();
    assert!(first_id.starts_with(&format!("gonogo/{ACCOUNT}/us-east-1/{ENCRYPTION}/")));
    // The password policy is account-wide: imported into the home region, under `global`.
    let password: Vec<_> = findings
        .iter()
        .filter(|f| f.generator_id() == Some(&format!("gonogo/{PASSWORD}")))
        .collect();
    assert_eq!(password.len(), 1, "{findings:#?}");
    assert!(
        password[0]
            .id()
            .unwrap()
            .starts_with(&format!("gonogo/{ACCOUNT}/global/"))
    );
    assert_eq!(compliance(password[0]), Some(&ComplianceStatus::Failed));

    // One queue fixed, one deleted; the next run checks encryption only.
    seed.encrypt_queue(&fixed).await;
    seed.sqs
        .delete_queue()
        .queue_url(&gone)
        .send()
        .await
        .unwrap();
    let second = gonogo.audit(None, &["--check", ENCRYPTION, "--security-hub"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let findings = hub_findings(&seed).await;
    // The same finding, updated: one record, now passing, its creation time kept.
    let fixed_finding = of(&findings, ENCRYPTION, "fixed-later");
    assert_eq!(fixed_finding.len(), 1, "{findings:#?}");
    assert_eq!(fixed_finding[0].id(), Some(first_id.as_str()));
    assert_eq!(
        compliance(fixed_finding[0]),
        Some(&ComplianceStatus::Passed)
    );
    assert_eq!(fixed_finding[0].created_at(), Some(first_created.as_str()));
    // The deleted queue's finding is archived.
    let gone_finding = of(&findings, ENCRYPTION, "deleted-later");
    assert_eq!(gone_finding.len(), 1, "{findings:#?}");
    assert_eq!(gone_finding[0].record_state(), Some(&RecordState::Archived));
    // The password policy did not run: its finding is left as it was (prowler#1626).
    let password: Vec<_> = findings
        .iter()
        .filter(|f| f.generator_id() == Some(&format!("gonogo/{PASSWORD}")))
        .collect();
    assert_eq!(password.len(), 1);
    assert_eq!(password[0].record_state(), Some(&RecordState::Active));
    assert_eq!(compliance(password[0]), Some(&ComplianceStatus::Failed));
}

#[tokio::test]
async fn a_hub_that_is_not_enabled_exits_3_after_the_report_is_written() {
    let moto = Moto::start();
    let seed = Seeder::new(&moto).await;
    seed.queue("q", &[]).await;
    let gonogo = Gonogo::new(Some(moto.endpoint()));
    let run = gonogo.audit(None, &["--check", ENCRYPTION, "--security-hub"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.report()["verdict"], "GO");
    assert!(
        run.stderr.contains(&format!(
            "Security Hub is not enabled in account {ACCOUNT}, region us-east-1"
        )),
        "{}",
        run.stderr
    );
}
