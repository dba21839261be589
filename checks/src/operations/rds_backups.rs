//! Flags DB instances with short backup retention or no deletion protection.

use crate::facts::DbInstances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance keeps automated backups at least `min_retention_days` days and
    /// has deletion protection on.
    /// ## Why it matters
    /// A bad migration is undone from backups; a mistyped command cannot delete a protected
    /// database.
    /// ## Remediation
    /// `aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7
    /// --deletion-protection`.
    pub struct RdsBackups;
    id: "operations.rds-backups",
    title: "RDS instances are backed up and protected from deletion",
    category: Operations,
    severity: High,
    facts: [DbInstances],
    params: ["min_retention_days": Integer = "7" => "shortest acceptable backup retention, in days"],
}

#[async_trait]
impl Check for RdsBackups {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        let min_days: i64 = cx.param("min_retention_days")?;
        let findings = instances
            .instances
            .iter()
            .map(|db| {
                let mut problems = Vec::new();
                match db.backup_retention_days {
                    Some(days) if i64::from(days) >= min_days => {}
                    Some(days) => problems.push(format!("backups kept {days} days < {min_days}")),
                    None => problems.push("backup retention not reported".to_owned()),
                }
                if db.deletion_protection != Some(true) {
                    problems.push("deletion protection off".to_owned());
                }
                if problems.is_empty() {
                    Finding::pass(&db.arn, format!("{} keeps backups and is protected", db.id))
                } else {
                    Finding::fail(&db.arn, format!("{}: {}", db.id, problems.join(", ")))
                }
            })
            .collect();
        Ok(cx.judge("DB instances", findings))
    }
}
