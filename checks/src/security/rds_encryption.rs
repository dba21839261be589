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
}

const ENCRYPTED: Property = Property {
    noun: "DB instances",
    holds: "storage is encrypted",
    lacks: "storage is not encrypted",
    named: "storage encryption",
};

#[async_trait]
impl Check for RdsEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        Ok(cx.judge_each(
            &ENCRYPTED,
            instances
                .instances
                .iter()
                .map(|db| (db.arn.as_str(), db.id.as_str(), db.storage_encrypted)),
        ))
    }
}
