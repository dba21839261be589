//! CIS 2.21: no resource policy lets everyone in. One table; a check per service that keeps
//! a policy beside its resources (S3, SQS, SNS, Lambda, KMS, Secrets Manager, EventBridge),
//! each judged by [`public_statements`].

use serde_json::Value;

use super::policy_exposure::public_statements;
use crate::facts::{
    EventBuses, KmsKeyPolicies, LambdaPolicies, ResourcePolicy, S3Buckets, SecretPolicies,
    SnsTopics, SqsQueues,
};
use crate::prelude::*;

/// A finding per resource: a pass without a policy or with one that names its callers, a
/// fail naming the statements that let everyone in. An unreadable policy is an error, never
/// a pass.
fn judge(resources: &[ResourcePolicy], kind: &str) -> Result<Vec<Finding>, CheckError> {
    resources
        .iter()
        .map(|resource| {
            let Some(policy) = resource.policy.as_deref().filter(|p| !p.is_empty()) else {
                return Ok(Finding::pass(
                    &resource.arn,
                    format!("{kind} {} has no resource policy", resource.name),
                ));
            };
            let document: Value = serde_json::from_str(policy).map_err(|err| {
                CheckError::Failed(format!(
                    "{kind} {} has an unreadable policy: {err}",
                    resource.name
                ))
            })?;
            let open = public_statements(&document);
            Ok(if open.is_empty() {
                Finding::pass(
                    &resource.arn,
                    format!("{kind} {} lets in only the callers it names", resource.name),
                )
            } else {
                Finding::fail(
                    &resource.arn,
                    format!(
                        "{kind} {} lets everyone in: statement {} allows any principal with no \
                         condition on the caller",
                        resource.name,
                        open.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// Declares a check per row: its struct, id, title, severity and scope, the fact it reads,
/// the resources in words (singular and plural), what an open policy exposes, the command
/// that fixes it, and how the fact's resources become [`ResourcePolicy`] rows.
macro_rules! public_policy_checks {
    ($(
        $name:ident, $id:literal, $title:literal, $severity:ident, $scope:ident,
        fact: $fact:ty,
        kind: $kind:literal, noun: $noun:literal,
        why: $why:literal,
        remediation: $remediation:literal,
        rows: |$fact_value:ident| $rows:expr;
    )+) => {$(
        declare_check! {
            /// ## What it checks
            /// No resource policy of these resources allows everyone: an `Allow` statement for
            /// `"Principal": "*"` (or `{"AWS": "*"}`, or `NotPrincipal`) is accepted only with
            /// a condition that limits the caller, on the source or principal account, its
            /// organization, the source ARN, VPC, endpoint or address. A condition that says
            /// nothing about the caller (`aws:SecureTransport`, a `…Not…` or `…IfExists`
            /// operator, a `*` value) does not.
            /// ## Why it matters
            #[doc = $why]
            /// ## Remediation
            /// Name the principals that need access, or add a condition such as
            /// `aws:PrincipalOrgID` or `aws:SourceArn` to the statement:
            #[doc = $remediation]
            pub struct $name;
            id: $id,
            title: $title,
            category: Security,
            severity: $severity,
            scope: $scope,
            facts: [$fact],
            tags: ["exposure"],
        }

        #[async_trait]
        impl Check for $name {
            async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
                let $fact_value = cx.fact::<$fact>().await?;
                let rows: Vec<ResourcePolicy> = $rows;
                Ok(cx.judge($noun, judge(&rows, $kind)?))
            }
        }
    )+};
}

public_policy_checks! {
    S3PublicPolicy, "security.s3-public-policy",
    "No S3 bucket policy lets everyone in", Critical, Global,
    fact: S3Buckets,
    kind: "bucket", noun: "buckets",
    why: "Anyone on the internet could read, overwrite or delete the bucket's objects; Block \
          Public Access stops this only where it is on.",
    remediation: "`aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json`.",
    rows: |buckets| buckets
        .buckets
        .iter()
        .map(|bucket| ResourcePolicy {
            name: bucket.name.clone(),
            arn: bucket.arn.clone(),
            policy: bucket.policy.clone(),
        })
        .collect();

    SqsPublicAccess, "security.sqs-public-access",
    "No SQS queue is open to everyone", Critical, Regional,
    fact: SqsQueues,
    kind: "queue", noun: "queues",
    why: "Anyone on the internet could send, read or delete the queue's messages.",
    remediation: "`aws sqs set-queue-attributes --queue-url URL --attributes file://policy.json`.",
    rows: |queues| queues
        .queues
        .iter()
        .map(|queue| ResourcePolicy {
            name: queue.name.clone(),
            arn: queue.arn.clone(),
            policy: queue.attribute("Policy").map(str::to_owned),
        })
        .collect();

    SnsPublicAccess, "security.sns-public-access",
    "No SNS topic is open to everyone", High, Regional,
    fact: SnsTopics,
    kind: "topic", noun: "topics",
    why: "Anyone could publish to the topic, reaching every subscriber with a message that \
          seems to come from you, or subscribe and read what it carries.",
    remediation: "`aws sns set-topic-attributes --topic-arn ARN --attribute-name Policy \
                  --attribute-value file://policy.json`.",
    rows: |topics| topics
        .topics
        .iter()
        .map(|topic| ResourcePolicy {
            name: topic.name.clone(),
            arn: topic.arn.clone(),
            policy: topic.attribute("Policy").map(str::to_owned),
        })
        .collect();

    LambdaPublicAccess, "security.lambda-public-access",
    "No Lambda function can be invoked by everyone", Critical, Regional,
    fact: LambdaPolicies,
    kind: "function", noun: "functions",
    why: "Anyone could invoke the function, run up its bill and reach whatever its role can.",
    remediation: "`aws lambda remove-permission --function-name NAME --statement-id SID`, then \
                  `aws lambda add-permission` with `--source-arn` or `--principal-org-id`.",
    rows: |policies| policies.policies.clone();

    KmsPublicAccess, "security.kms-public-access",
    "No KMS key policy lets everyone in", Critical, Regional,
    fact: KmsKeyPolicies,
    kind: "key", noun: "keys",
    why: "Anyone could use the key, and so decrypt the data it protects, or change its policy.",
    remediation: "`aws kms put-key-policy --key-id KEY --policy-name default --policy \
                  file://policy.json`.",
    rows: |policies| policies.policies.clone();

    SecretsPublicAccess, "security.secrets-public-access",
    "No Secrets Manager secret is open to everyone", Critical, Regional,
    fact: SecretPolicies,
    kind: "secret", noun: "secrets",
    why: "Anyone could read the secret's value: the password or key it exists to keep.",
    remediation: "`aws secretsmanager put-resource-policy --secret-id SECRET \
                  --resource-policy file://policy.json --block-public-policy`.",
    rows: |policies| policies.policies.clone();

    EventBridgePublicAccess, "security.eventbridge-public-access",
    "No EventBridge event bus accepts events from everyone", High, Regional,
    fact: EventBuses,
    kind: "event bus", noun: "event buses",
    why: "Anyone could put events on the bus and trigger every rule and target behind it.",
    remediation: "`aws events put-permission --event-bus-name BUS --policy file://policy.json`.",
    rows: |buses| buses
        .buses
        .iter()
        .map(|bus| ResourcePolicy {
            name: bus.name.clone(),
            arn: bus.arn.clone(),
            policy: bus.policy.clone(),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    fn policy(statement: &str) -> Option<String> {
        Some(format!(
            r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#
        ))
    }

    async fn judged(rows: Vec<ResourcePolicy>) -> Outcome {
        let facts = facts().in_region("us-east-1");
        facts.provide(KmsKeyPolicies { policies: rows });
        run(KmsPublicAccess, &KmsPublicAccess::META, facts, "").await
    }

    fn key(name: &str, policy: Option<String>) -> ResourcePolicy {
        ResourcePolicy {
            name: name.to_owned(),
            arn: format!("arn:aws:kms:us-east-1:123456789012:key/{name}"),
            policy,
        }
    }

    #[tokio::test]
    async fn passes_for_named_principals_and_fails_naming_the_open_statement() {
        let own = r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}"#;
        let outcome = judged(vec![key("own", policy(own))]).await;
        assert_status(&outcome, Status::Pass);

        let open = r#"{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}"#;
        let outcome = judged(vec![key("own", policy(own)), key("open", policy(open))]).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "1 of 2 keys failing: key open lets everyone in: statement Anyone allows any principal with no condition \
             on the caller"
        );
    }

    #[tokio::test]
    async fn an_unreadable_policy_is_an_error() {
        let outcome = judged(vec![key("broken", Some("{not json".to_owned()))]).await;
        assert_status(&outcome, Status::Error);
    }
}
