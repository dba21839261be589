//! Flags customer-managed keys scheduled for deletion.

use crate::facts::KmsKeys;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No customer-managed key is pending deletion. Waive the finding for a key whose
    /// deletion is intended.
    /// ## Why it matters
    /// When the waiting period ends the key is gone, and with it every object, volume,
    /// secret and backup it encrypts: nothing can decrypt them again.
    /// ## Remediation
    /// `aws kms cancel-key-deletion --key-id KEY`, then `aws kms enable-key --key-id KEY`.
    pub struct KmsKeyDeletion;
    id: "operations.kms-key-deletion",
    title: "No KMS key is scheduled for deletion",
    category: Operations,
    severity: High,
    facts: [KmsKeys],
}

#[async_trait]
impl Check for KmsKeyDeletion {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let keys = cx.fact::<KmsKeys>().await?;
        let findings = keys
            .keys
            .iter()
            .map(|key| {
                if key.state == "PendingDeletion" || key.state == "PendingReplicaDeletion" {
                    Finding::fail(&key.arn, format!("{} is scheduled for deletion", key.id))
                } else {
                    Finding::pass(&key.arn, format!("{} is {}", key.id, key.state))
                }
            })
            .collect();
        Ok(cx.judge("customer-managed keys", findings))
    }
}
