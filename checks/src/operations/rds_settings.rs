//! DB instance settings that are on or off: automatic minor upgrades (CIS 3.2.2) and Multi-AZ
//! (CIS 3.2.4). One table, a check per row; an instance that does not report the setting
//! fails.

use crate::facts::{DbInstance, DbInstances};
use crate::prelude::*;

/// One row: the setting, and what its states are called.
/// One setting: how an instance reports it, and how findings word it.
struct Setting {
    read: fn(&DbInstance) -> Option<bool>,
    property: Property,
}

const AUTO_MINOR_UPGRADE: Setting = Setting {
    read: |db| db.auto_minor_version_upgrade,
    property: Property {
        noun: "DB instances",
        holds: "upgrades minor versions automatically",
        lacks: "does not upgrade minor versions automatically",
        named: "automatic minor version upgrade",
    },
};

const MULTI_AZ: Setting = Setting {
    read: |db| db.multi_az,
    property: Property {
        noun: "DB instances",
        holds: "is Multi-AZ",
        lacks: "runs in one availability zone",
        named: "Multi-AZ",
    },
};

impl Setting {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let instances = cx.fact::<DbInstances>().await?;
        Ok(cx.judge_each(
            &self.property,
            instances
                .instances
                .iter()
                .map(|db| (db.arn.as_str(), db.id.as_str(), (self.read)(db))),
        ))
    }
}

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance upgrades minor engine versions automatically, in its maintenance
    /// window.
    /// ## Why it matters
    /// Minor versions carry the engine's security fixes; an instance left behind keeps known
    /// vulnerabilities.
    /// ## Remediation
    /// `aws rds modify-db-instance --db-instance-identifier ID --auto-minor-version-upgrade`.
    pub struct RdsAutoMinorUpgrade;
    id: "operations.rds-auto-minor-upgrade",
    title: "RDS instances upgrade minor versions automatically",
    category: Operations,
    severity: Medium,
    facts: [DbInstances],
}

#[async_trait]
impl Check for RdsAutoMinorUpgrade {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        AUTO_MINOR_UPGRADE.run(cx).await
    }
}

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance is deployed Multi-AZ, with a standby in another availability
    /// zone.
    /// ## Why it matters
    /// A single-AZ database is down for as long as its zone or host is, and a failover is
    /// minutes instead of an outage.
    /// ## Remediation
    /// `aws rds modify-db-instance --db-instance-identifier ID --multi-az --apply-immediately`.
    pub struct RdsMultiAz;
    id: "operations.rds-multi-az",
    title: "RDS instances are Multi-AZ",
    category: Operations,
    severity: Medium,
    facts: [DbInstances],
}

#[async_trait]
impl Check for RdsMultiAz {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        MULTI_AZ.run(cx).await
    }
}
