//! Flags customer-managed keys whose material does not rotate (CIS 4.6).

use crate::facts::KmsKeys;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every enabled, symmetric customer-managed key with KMS-made material has automatic
    /// rotation on. Asymmetric and HMAC keys, keys with imported material and disabled keys
    /// cannot rotate and are not judged; AWS-managed keys rotate on their own.
    /// ## Why it matters
    /// Rotation limits how much data one key version protects, and how long a leaked version
    /// stays useful.
    /// ## Remediation
    /// `aws kms enable-key-rotation --key-id KEY`.
    pub struct KmsRotation;
    id: "security.kms-rotation",
    title: "Customer-managed KMS keys rotate",
    category: Security,
    severity: Medium,
    facts: [KmsKeys],
}

const ROTATES: Property = Property {
    noun: "customer-managed keys",
    holds: "rotates",
    lacks: "does not rotate",
    named: "its rotation status",
};

#[async_trait]
impl Check for KmsRotation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let keys = cx.fact::<KmsKeys>().await?;
        Ok(cx.judge_each(
            &ROTATES,
            keys.keys
                .iter()
                .filter(|key| key.rotatable)
                .map(|key| (key.arn.as_str(), key.id.as_str(), key.rotation_enabled)),
        ))
    }
}
