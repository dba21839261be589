//! Flags DB instances that are not available.

use crate::facts::DbInstances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance is `available`.
    /// ## Why it matters
    /// A database that is rebooting, modifying or failed takes its service down with it.
    /// ## Remediation
    /// Wait for maintenance to finish, or investigate the instance's events
    /// (`aws rds describe-events --source-type db-instance`).
    pub struct RdsInstancesAvailable;
    id: "infrastructure.rds-instances",
    title: "RDS instances are available",
    category: Infrastructure,
    severity: High,
    facts: [DbInstances],
}

#[async_trait]
impl Check for RdsInstancesAvailable {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        let findings = instances
            .instances
            .iter()
            .map(|db| {
                if db.status == "available" {
                    Finding::pass(&db.arn, format!("{} is available", db.id))
                } else {
                    Finding::fail(&db.arn, format!("{} is {}", db.id, db.status))
                }
            })
            .collect();
        Ok(cx.judge("DB instances", findings))
    }
}
