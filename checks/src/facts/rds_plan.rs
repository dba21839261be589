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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Fill;
    use crate::plan::testing::{every_family, planned};

    #[tokio::test]
    async fn written_settings_are_kept_and_computed_ones_filled() {
        let empty = || serde_json::json!({"instances": []});
        let (low, _) = planned::<DbInstances>(&every_family(), empty(), &[], Fill::Low).await;
        let (high, _) = planned::<DbInstances>(&every_family(), empty(), &[], Fill::High).await;
        let main = &low.instances[0];
        assert_eq!(main.id, "main");
        assert_eq!(main.storage_encrypted, Some(true));
        assert_eq!(main.deletion_protection, Some(true));
        assert_eq!(main.multi_az, Some(false));
        assert_eq!(main.backup_retention_days, Some(0), "computed: low fill");
        assert_eq!(high.instances[0].backup_retention_days, Some(i32::MAX));
    }
}
