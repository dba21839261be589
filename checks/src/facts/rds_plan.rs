//! The plan over RDS: `aws_db_instance` (encryption, exposure, backups, deletion
//! protection, Performance Insights, minor upgrades, Multi-AZ).

use gonogo_core::Fact;

use super::{DbInstance, DbInstances};
use crate::plan::{Edit, FamilyOverlay};

const INSTANCE: &str = "aws_db_instance";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: DbInstances::KEY,
        resource_types: &[INSTANCE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut DbInstances, edit: &Edit<'_>) {
    for planned in edit.of_type(INSTANCE) {
        if let Some(id) = planned.before_str("identifier") {
            facts.instances.retain(|instance| instance.id != id);
        }
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let flag = |attribute| edit.bool(planned, &arn, attribute);
        facts.instances.push(DbInstance {
            id: edit.name(planned, planned.after_str("identifier")),
            engine: planned.after_str("engine").unwrap_or_default().to_owned(),
            status: "available".to_owned(),
            storage_encrypted: flag("storage_encrypted"),
            publicly_accessible: flag("publicly_accessible"),
            backup_retention_days: edit.int(planned, &arn, "backup_retention_period"),
            deletion_protection: flag("deletion_protection"),
            performance_insights: flag("performance_insights_enabled"),
            auto_minor_version_upgrade: flag("auto_minor_version_upgrade"),
            multi_az: flag("multi_az"),
            arn,
        });
    }
    facts.instances.sort_by(|a, b| a.id.cmp(&b.id));
}
