//! Flags DB instances reachable from the internet.

use crate::facts::DbInstances;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// No RDS DB instance is publicly accessible. An instance that does not report it fails.
    /// ## Why it matters
    /// A public endpoint puts the database one leaked password away from the internet.
    /// ## Remediation
    /// `aws rds modify-db-instance --db-instance-identifier ID --no-publicly-accessible
    /// --apply-immediately`, and reach it through the VPC.
    pub struct RdsPublicAccess;
    id: "security.rds-public-access",
    title: "No RDS instance is publicly accessible",
    category: Security,
    severity: Critical,
    facts: [DbInstances],
    tags: [],
    params: [],
}

#[async_trait]
impl Check for RdsPublicAccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        let findings = instances
            .instances
            .iter()
            .map(|db| match db.publicly_accessible {
                Some(false) => Finding::pass(&db.arn, format!("{} is private", db.id)),
                Some(true) => Finding::fail(&db.arn, format!("{} is publicly accessible", db.id)),
                None => Finding::fail(
                    &db.arn,
                    format!("{} does not report public accessibility", db.id),
                ),
            })
            .collect();
        Ok(cx.judge("DB instances", findings))
    }
}
