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
}

const PRIVATE: Property = Property {
    noun: "DB instances",
    holds: "is private",
    lacks: "is publicly accessible",
    named: "public accessibility",
};

#[async_trait]
impl Check for RdsPublicAccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        Ok(cx.judge_each(
            &PRIVATE,
            instances.instances.iter().map(|db| {
                let private = db.publicly_accessible.map(|public| !public);
                (db.arn.as_str(), db.id.as_str(), private)
            }),
        ))
    }
}
