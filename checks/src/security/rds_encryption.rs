//! Flags DB instances with unencrypted storage.

use crate::facts::DbInstances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance has encrypted storage. An instance that does not report it fails:
    /// what is not known to be encrypted is not counted as encrypted.
    /// ## Why it matters
    /// Database storage and its snapshots hold the data the whole system exists for.
    /// ## Remediation
    /// Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with
    /// `--kms-key-id`, and restore from the encrypted copy.
    pub struct RdsEncryption;
    id: "security.rds-encryption",
    title: "RDS storage is encrypted",
    category: Security,
    severity: High,
    facts: [DbInstances],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for RdsEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        let findings = instances
            .instances
            .iter()
            .map(|db| match db.storage_encrypted {
                Some(true) => Finding::pass(&db.arn, format!("{} storage is encrypted", db.id)),
                Some(false) => {
                    Finding::fail(&db.arn, format!("{} storage is not encrypted", db.id))
                }
                None => Finding::fail(
                    &db.arn,
                    format!("{} does not report storage encryption", db.id),
                ),
            })
            .collect();
        Ok(cx.judge("DB instances", findings))
    }
}
