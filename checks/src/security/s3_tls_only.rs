//! Flags buckets whose policy does not deny requests without TLS (CIS 3.1.1).

use serde_json::Value;

use super::policy_document::{contains, statements};
use crate::facts::{Bucket, S3Buckets};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every bucket's policy has a statement that denies every principal every S3 action
    /// (`s3:*`) on the bucket's objects when `aws:SecureTransport` is `false`. A bucket
    /// without a policy, or with a policy gonogo cannot parse, fails.
    /// ## Why it matters
    /// Without the deny, a client can read and write objects over plain HTTP, in clear text
    /// to anyone on the path.
    /// ## Remediation
    /// Add to the bucket policy: `{"Effect":"Deny","Principal":"*","Action":"s3:*",
    /// "Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],
    /// "Condition":{"Bool":{"aws:SecureTransport":"false"}}}`.
    pub struct S3TlsOnly;
    id: "security.s3-tls-only",
    title: "Bucket policies deny requests without TLS",
    category: Security,
    severity: Medium,
    scope: Global,
    facts: [S3Buckets],
    tags: ["s3"],
}

/// A statement that denies everyone everything on the bucket's objects without TLS.
fn denies_plain_http(statement: &Value, bucket: &Bucket) -> bool {
    let everyone = match statement.get("Principal") {
        Some(Value::String(principal)) => principal == "*",
        Some(principal) => contains(principal.get("AWS"), "*"),
        None => false,
    };
    let every_action =
        contains(statement.get("Action"), "s3:*") || contains(statement.get("Action"), "*");
    let objects = format!("{}/*", bucket.arn);
    let on_objects =
        contains(statement.get("Resource"), &objects) || contains(statement.get("Resource"), "*");
    let without_tls = statement
        .get("Condition")
        .and_then(|condition| condition.get("Bool"))
        .and_then(|test| test.get("aws:SecureTransport"))
        .is_some_and(|value| value == "false" || value == &Value::Bool(false));
    statement.get("Effect").and_then(Value::as_str) == Some("Deny")
        && everyone
        && every_action
        && on_objects
        && without_tls
}

fn finding(bucket: &Bucket) -> Finding {
    let name = &bucket.name;
    let Some(policy) = &bucket.policy else {
        return Finding::fail(&bucket.arn, format!("{name} has no bucket policy"));
    };
    match serde_json::from_str::<Value>(policy) {
        Ok(document)
            if statements(&document)
                .iter()
                .any(|statement| denies_plain_http(statement, bucket)) =>
        {
            Finding::pass(&bucket.arn, format!("{name} denies requests without TLS"))
        }
        Ok(_) => Finding::fail(&bucket.arn, format!("{name} allows requests without TLS")),
        Err(err) => Finding::fail(
            &bucket.arn,
            format!("{name} has a policy that is not valid JSON ({err})"),
        ),
    }
}

#[async_trait]
impl Check for S3TlsOnly {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let buckets = cx.fact::<S3Buckets>().await?;
        let findings = buckets.buckets.iter().map(finding).collect();
        Ok(cx.judge("buckets", findings))
    }
}
