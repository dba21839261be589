//! Findings into AWS Security Hub (ASFF 2018-10-08, BatchImportFindings), and the archive of
//! the earlier runs' findings this run saw resolved.
//!
//! What is touched is bounded: only gonogo's findings (its uid prefix) in the one account
//! and region imported into, and among those only the findings of checks this run evaluated.
//! A narrower run (fewer checks, other regions) never archives a wider run's findings.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_securityhub::Client;
use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, Compliance, ComplianceStatus,
    FindingProviderFields, FindingProviderSeverity, Recommendation, RecordState, Remediation,
    Resource, Severity, SeverityLabel, StringFilter, StringFilterComparison, Workflow,
    WorkflowStatus,
};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use gonogo_reports::{HubCompliance, HubFinding};

use gonogo_checks::aws::{describe, find_call};

/// The ASFF version written.
pub const ASFF_SCHEMA_VERSION: &str = "2018-10-08";
/// Most findings one BatchImportFindings request carries (the API's limit).
pub const MAX_FINDINGS_PER_IMPORT: usize = 100;
/// BatchImportFindings allows 10 requests a second (burst 30): one at most every 100 ms.
const IMPORT_INTERVAL: Duration = Duration::from_millis(100);
/// Longest remediation text ASFF takes.
const MAX_REMEDIATION_CHARS: usize = 512;
/// Longest description ASFF takes.
const MAX_DESCRIPTION_CHARS: usize = 1024;
/// Longest title ASFF takes.
const MAX_TITLE_CHARS: usize = 256;

/// What one import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Findings imported (new or updated).
    pub imported: usize,
    /// Earlier findings archived.
    pub archived: usize,
    /// BatchImportFindings requests.
    pub requests: usize,
}

/// Imports `findings` into the Security Hub of `account` in `region`, with `config`'s
/// credentials, and archives gonogo's earlier findings there whose uid starts with one of
/// `owned` and whose check is in `evaluated` but that this run did not report.
pub async fn import_findings(
    config: &SdkConfig,
    account: &str,
    region: &str,
    owned: &[String],
    findings: &[HubFinding],
    evaluated: &BTreeSet<String>,
    now: &str,
) -> Result<ImportOutcome, String> {
    // Through the call labels, so an access-denied error names the IAM action.
    let aws = gonogo_checks::aws::AwsConfig::new(config.clone());
    let client = gonogo_checks::aws_client!(aws_sdk_securityhub, aws, region: region);
    import_findings_with(&client, account, region, owned, findings, evaluated, now).await
}

/// [`import_findings`] through a given client (whose region is `region`).
pub async fn import_findings_with(
    client: &Client,
    account: &str,
    region: &str,
    owned: &[String],
    findings: &[HubFinding],
    evaluated: &BTreeSet<String>,
    now: &str,
) -> Result<ImportOutcome, String> {
    let place = format!("account {account}, region {region}");
    if let Err(err) = client.describe_hub().send().await {
        let code = err.as_service_error().and_then(ProvideErrorMetadata::code);
        if code == Some("InvalidAccessException") || code == Some("ResourceNotFoundException") {
            return Err(format!(
                "Security Hub is not enabled in {place}: nothing was imported"
            ));
        }
        return Err(format!(
            "could not reach Security Hub in {place}: {}",
            describe(&err, declared)
        ));
    }
    let product_arn = format!("arn:aws:securityhub:{region}:{account}:product/{account}/default");
    let earlier = earlier_findings(client, &product_arn, owned)
        .await
        .map_err(|err| format!("could not read Security Hub findings in {place}: {err}"))?;
    let created: BTreeMap<&str, &str> = earlier
        .iter()
        .filter_map(|f| Some((f.id()?, f.created_at()?)))
        .collect();

    let mut batch: Vec<AwsSecurityFinding> = findings
        .iter()
        .map(|f| {
            let created_at = created.get(f.id.as_str()).copied().unwrap_or(now);
            asff(f, &product_arn, account, region, created_at, now)
        })
        .collect();
    let imported = batch.len();
    let reported: BTreeSet<&str> = findings.iter().map(|f| f.id.as_str()).collect();
    let resolved: Vec<AwsSecurityFinding> = earlier
        .iter()
        .filter(|f| !f.id().is_some_and(|id| reported.contains(id)))
        .filter(|f| {
            f.generator_id()
                .and_then(|g| g.strip_prefix(GENERATOR_PREFIX))
                .is_some_and(|check| evaluated.contains(check))
        })
        .map(|f| {
            let mut archived = f.clone();
            archived.record_state = Some(RecordState::Archived);
            archived.updated_at = Some(now.to_owned());
            archived
        })
        .collect();
    let archived = resolved.len();
    batch.extend(resolved);

    let mut requests = 0;
    for chunk in batch.chunks(MAX_FINDINGS_PER_IMPORT) {
        if requests > 0 {
            tokio::time::sleep(IMPORT_INTERVAL).await;
        }
        let out = client
            .batch_import_findings()
            .set_findings(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|err| {
                format!(
                    "could not import findings into Security Hub in {place}: {}",
                    describe(&err, declared)
                )
            })?;
        requests += 1;
        if out.failed_count().unwrap_or(0) > 0 {
            let first = out.failed_findings().first();
            return Err(format!(
                "Security Hub refused {} of {} findings in {place}; the first, {}: {} {}",
                out.failed_count().unwrap_or(0),
                chunk.len(),
                first.and_then(|f| f.id()).unwrap_or("?"),
                first.and_then(|f| f.error_code()).unwrap_or(""),
                first.and_then(|f| f.error_message()).unwrap_or(""),
            ));
        }
    }
    Ok(ImportOutcome {
        imported,
        archived,
        requests,
    })
}

/// Generator ids are `gonogo/CHECK`.
const GENERATOR_PREFIX: &str = "gonogo/";

/// gonogo's findings under `product_arn` whose id starts with `uid_prefix`, every page.
/// The filters ask Security Hub for just those; they are applied here again, since not
/// every endpoint applies them (moto ignores GetFindings filters).
async fn earlier_findings(
    client: &Client,
    product_arn: &str,
    owned: &[String],
) -> Result<Vec<AwsSecurityFinding>, String> {
    let filter = |value: &str, comparison| {
        StringFilter::builder()
            .value(value)
            .comparison(comparison)
            .build()
    };
    let mut filters = AwsSecurityFindingFilters::builder()
        .product_arn(filter(product_arn, StringFilterComparison::Equals))
        .record_state(filter("ACTIVE", StringFilterComparison::Equals));
    // Filters on one field are ORed.
    for prefix in owned {
        filters = filters.id(filter(prefix, StringFilterComparison::Prefix));
    }
    let pages: Vec<_> = client
        .get_findings()
        .filters(filters.build())
        .max_results(100)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| describe(&err, declared))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.findings().to_vec())
        .filter(|f| f.product_arn() == Some(product_arn))
        .filter(|f| f.record_state() != Some(&RecordState::Archived))
        .filter(|f| {
            f.id()
                .is_some_and(|id| owned.iter().any(|p| id.starts_with(p.as_str())))
        })
        .collect())
}

/// The ASFF finding of `finding`.
fn asff(
    finding: &HubFinding,
    product_arn: &str,
    account: &str,
    region: &str,
    created_at: &str,
    now: &str,
) -> AwsSecurityFinding {
    let compliance = match finding.compliance {
        HubCompliance::Passed => ComplianceStatus::Passed,
        HubCompliance::Failed => ComplianceStatus::Failed,
        HubCompliance::Warning => ComplianceStatus::Warning,
        HubCompliance::NotAvailable => ComplianceStatus::NotAvailable,
    };
    let label = match finding.severity {
        gonogo_core::Severity::Critical => SeverityLabel::Critical,
        gonogo_core::Severity::High => SeverityLabel::High,
        gonogo_core::Severity::Medium => SeverityLabel::Medium,
        gonogo_core::Severity::Low => SeverityLabel::Low,
        gonogo_core::Severity::Info => SeverityLabel::Informational,
    };
    let mut builder = AwsSecurityFinding::builder()
        .schema_version(ASFF_SCHEMA_VERSION)
        .id(&finding.id)
        .product_arn(product_arn)
        .product_name("gonogo")
        .company_name("gonogo")
        .generator_id(format!("{GENERATOR_PREFIX}{}", finding.check))
        .aws_account_id(account)
        .region(region)
        .types(&finding.finding_type)
        .created_at(created_at)
        .updated_at(now)
        .severity(Severity::builder().label(label.clone()).build())
        .finding_provider_fields(
            FindingProviderFields::builder()
                .severity(
                    FindingProviderSeverity::builder()
                        .label(label)
                        .original(finding.severity.to_string())
                        .build(),
                )
                .types(&finding.finding_type)
                .build(),
        )
        .title(truncate(&finding.title, MAX_TITLE_CHARS))
        .description(truncate(
            if finding.description.is_empty() {
                &finding.title
            } else {
                &finding.description
            },
            MAX_DESCRIPTION_CHARS,
        ))
        .resources(
            Resource::builder()
                .r#type(&finding.resource_type)
                .id(&finding.resource_id)
                .region(region)
                .build(),
        )
        .compliance(Compliance::builder().status(compliance).build())
        .record_state(RecordState::Active);
    if !finding.remediation.is_empty() {
        builder = builder.remediation(
            Remediation::builder()
                .recommendation(
                    Recommendation::builder()
                        .text(truncate(&finding.remediation, MAX_REMEDIATION_CHARS))
                        .build(),
                )
                .build(),
        );
    }
    if finding.waived {
        builder = builder.workflow(
            Workflow::builder()
                .status(WorkflowStatus::Suppressed)
                .build(),
        );
    }
    builder.build()
}

/// At most `max` characters, the last an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn declared(service: &str, operation: &str) -> Option<gonogo_core::ApiCall> {
    find_call(super::SECURITY_HUB_CALLS, service, operation)
}

#[cfg(test)]
mod tests {
    //! Batching at the API's limit, and a refused finding, which moto never answers: these use
    //! `aws-smithy-mocks`. Import and archive are tested against moto in
    //! tests/integration/security_hub.rs.

    use aws_sdk_securityhub::operation::batch_import_findings::BatchImportFindingsOutput;
    use aws_sdk_securityhub::operation::describe_hub::DescribeHubOutput;
    use aws_sdk_securityhub::operation::get_findings::GetFindingsOutput;
    use aws_sdk_securityhub::types::ImportFindingsError;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    fn findings(n: usize) -> Vec<HubFinding> {
        (0..n)
            .map(|i| HubFinding {
                id: format!("gonogo/1/us-east-1/security.x/{i}"),
                check: "security.x".to_owned(),
                title: "X".to_owned(),
                description: "x".repeat(2000),
                severity: gonogo_core::Severity::High,
                compliance: HubCompliance::Failed,
                waived: false,
                finding_type: "Software and Configuration Checks/AWS Security Best Practices"
                    .to_owned(),
                resource_id: format!("arn:aws:s3:::b{i}"),
                resource_type: "AwsS3Bucket".to_owned(),
                remediation: String::new(),
            })
            .collect()
    }

    fn prefixes() -> Vec<String> {
        vec!["gonogo/1/us-east-1/".to_owned()]
    }

    #[tokio::test]
    async fn batches_never_exceed_the_api_limit_and_texts_are_cut_to_fit() {
        let hub = mock!(Client::describe_hub).then_output(|| DescribeHubOutput::builder().build());
        let earlier =
            mock!(Client::get_findings).then_output(|| GetFindingsOutput::builder().build());
        let import = mock!(Client::batch_import_findings)
            .match_requests(|r| {
                r.findings().len() <= MAX_FINDINGS_PER_IMPORT
                    && r.findings()
                        .iter()
                        .all(|f| f.description().is_some_and(|d| d.chars().count() <= 1024))
            })
            .then_output(|| {
                BatchImportFindingsOutput::builder()
                    .failed_count(0)
                    .success_count(100)
                    .build()
            });
        let client = mock_client!(
            aws_sdk_securityhub,
            RuleMode::MatchAny,
            [&hub, &earlier, &import]
        );
        let evaluated = BTreeSet::from(["security.x".to_owned()]);
        let outcome = import_findings_with(
            &client,
            "1",
            "us-east-1",
            &prefixes(),
            &findings(250),
            &evaluated,
            "2026-12-01T00:00:00.000Z",
        )
        .await
        .unwrap();
        assert_eq!(outcome.requests, 3);
        assert_eq!(outcome.imported, 250);
        assert_eq!(import.num_calls(), 3);
    }

    #[tokio::test]
    async fn a_refused_finding_is_an_error() {
        let hub = mock!(Client::describe_hub).then_output(|| DescribeHubOutput::builder().build());
        let earlier =
            mock!(Client::get_findings).then_output(|| GetFindingsOutput::builder().build());
        let import = mock!(Client::batch_import_findings).then_output(|| {
            BatchImportFindingsOutput::builder()
                .failed_count(1)
                .success_count(0)
                .failed_findings(
                    ImportFindingsError::builder()
                        .id("gonogo/1/us-east-1/security.x/0")
                        .error_code("InvalidInput")
                        .error_message("bad")
                        .build(),
                )
                .build()
        });
        let client = mock_client!(
            aws_sdk_securityhub,
            RuleMode::MatchAny,
            [&hub, &earlier, &import]
        );
        let err = import_findings_with(
            &client,
            "1",
            "us-east-1",
            &prefixes(),
            &findings(1),
            &BTreeSet::new(),
            "2026-12-01T00:00:00.000Z",
        )
        .await
        .unwrap_err();
        assert!(err.contains("refused 1 of 1"), "{err}");
        assert!(err.contains("InvalidInput bad"), "{err}");
    }
}
