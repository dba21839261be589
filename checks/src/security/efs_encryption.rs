//! Flags EFS file systems that are not encrypted at rest (CIS 3.3.1).

use crate::facts::EfsFileSystems;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every EFS file system is encrypted at rest. One that does not report it fails.
    /// ## Why it matters
    /// Shared file systems hold exports, uploads and backups that nobody thinks of as a
    /// database, and leak with them.
    /// ## Remediation
    /// Encryption is chosen at creation: create an encrypted file system (`--encrypted`),
    /// copy the data over with AWS DataSync, and switch the mount targets.
    pub struct EfsEncryption;
    id: "security.efs-encryption",
    title: "EFS file systems are encrypted",
    category: Security,
    severity: High,
    facts: [EfsFileSystems],
}

const ENCRYPTED: Property = Property {
    noun: "file systems",
    holds: "is encrypted",
    lacks: "is not encrypted",
    named: "encryption",
};

#[async_trait]
impl Check for EfsEncryption {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let systems = cx.fact::<EfsFileSystems>().await?;
        Ok(cx.judge_each(
            &ENCRYPTED,
            systems
                .file_systems
                .iter()
                .map(|fs| (fs.arn.as_str(), fs.id.as_str(), fs.encrypted)),
        ))
    }
}
