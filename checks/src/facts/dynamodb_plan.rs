//! The plan over DynamoDB: `aws_dynamodb_table` edits the table list, each table's
//! deletion protection, time to live and point-in-time recovery.

use std::collections::BTreeMap;

use gonogo_core::Fact;

use super::{
    DynamoDbBackups, DynamoDbTable, DynamoDbTableNames, DynamoDbTables, DynamoDbTimeToLive,
};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const TABLE: &str = "aws_dynamodb_table";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: DynamoDbTableNames::KEY,
        resource_types: &[TABLE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_names),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: DynamoDbTables::KEY,
        resource_types: &[TABLE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_tables),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: DynamoDbTimeToLive::KEY,
        resource_types: &[TABLE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, |ttl: &mut DynamoDbTimeToLive, edit| {
            apply_status(&mut ttl.by_table, "ttl", edit);
        }),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: DynamoDbBackups::KEY,
        resource_types: &[TABLE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, |backups: &mut DynamoDbBackups, edit| {
            apply_status(&mut backups.point_in_time_recovery, "point_in_time_recovery", edit);
        }),
    }
}

/// The table's name before and after the change (`None` where it does not exist).
fn names(planned: &Planned) -> (Option<&str>, Option<&str>) {
    (
        planned.before_str("name"),
        planned
            .remains()
            .then(|| planned.after_str("name"))
            .flatten(),
    )
}

fn apply_names(facts: &mut DynamoDbTableNames, edit: &Edit<'_>) {
    for planned in edit.of_type(TABLE) {
        let (before, after) = names(planned);
        facts.names.retain(|name| Some(name.as_str()) != before);
        if let Some(name) = after {
            facts.names.push(edit.name(planned, Some(name)));
        }
    }
    facts.names.sort();
    facts.names.dedup();
}

fn apply_tables(facts: &mut DynamoDbTables, edit: &Edit<'_>) {
    for planned in edit.of_type(TABLE) {
        let (before, after) = names(planned);
        facts
            .tables
            .retain(|table| Some(table.name.as_str()) != before);
        let Some(name) = after else {
            continue;
        };
        let arn = edit.name(planned, planned.after_str("arn"));
        facts.tables.push(DynamoDbTable {
            name: edit.name(planned, Some(name)),
            // Not written: off, AWS's default.
            deletion_protection: edit
                .bool(planned, &arn, "deletion_protection_enabled")
                .or(Some(false)),
            arn,
            status: "ACTIVE".to_owned(),
        });
    }
    facts.tables.sort_by(|a, b| a.name.cmp(&b.name));
}

/// A per-table status (`ENABLED`/`DISABLED`) from the table's `block { enabled }`.
fn apply_status(by_table: &mut BTreeMap<String, String>, block_name: &str, edit: &Edit<'_>) {
    for planned in edit.of_type(TABLE) {
        let (before, after) = names(planned);
        if let Some(before) = before {
            by_table.remove(before);
        }
        let Some(name) = after else {
            continue;
        };
        let name = edit.name(planned, Some(name));
        // Written: as written; computed (the block left out): filled; else off.
        let enabled = match edit.block_value(planned, &name, &format!("{block_name}.enabled")) {
            Ok(value) => value.and_then(serde_json::Value::as_bool).unwrap_or(false),
            Err(fill) => fill == Fill::High,
        };
        let status = if enabled { "ENABLED" } else { "DISABLED" };
        by_table.insert(name, status.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_table_enters_every_table_fact() {
        let names = created::<DynamoDbTableNames>(serde_json::json!({"names": []})).await;
        assert_eq!(names.names, ["sessions"]);
        let tables = created::<DynamoDbTables>(serde_json::json!({"tables": []})).await;
        assert_eq!(tables.tables[0].deletion_protection, Some(true));
        assert_eq!(tables.tables[0].arn, "aws_dynamodb_table.sessions");
        let backups =
            created::<DynamoDbBackups>(serde_json::json!({"point_in_time_recovery": {}})).await;
        assert_eq!(backups.point_in_time_recovery["sessions"], "ENABLED");
        let ttl = created::<DynamoDbTimeToLive>(serde_json::json!({"by_table": {}})).await;
        assert_eq!(ttl.by_table["sessions"], "DISABLED");
    }
}
