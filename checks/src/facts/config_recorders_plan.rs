//! The plan over AWS Config: `aws_config_configuration_recorder` (what it records) and
//! `aws_config_configuration_recorder_status` (whether it records), joined to its recorder.

use gonogo_core::Fact;

use super::{ConfigRecorder, ConfigRecorders};
use crate::plan::values::{block, boolean};
use crate::plan::{Edit, FamilyOverlay, Fill};

const RECORDER: &str = "aws_config_configuration_recorder";
const STATUS: &str = "aws_config_configuration_recorder_status";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: ConfigRecorders::KEY,
        resource_types: &[RECORDER, STATUS],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut ConfigRecorders, edit: &Edit<'_>) {
    for planned in edit.of_type(RECORDER) {
        let live = planned
            .before_str("name")
            .and_then(|name| facts.recorders.iter().position(|r| r.name == name))
            .map(|at| facts.recorders.remove(at));
        if !planned.remains() {
            continue;
        }
        let group = block(&planned.change.after, "recording_group");
        let switch = |key| group.and_then(|g| boolean(g, key));
        let name = edit.name(
            planned,
            Some(planned.after_str("name").unwrap_or("default")),
        );
        // A recorder is created stopped; its status resource starts it.
        let recording = live.as_ref().and_then(|r| r.recording).or(Some(false));
        facts.recorders.push(ConfigRecorder {
            all_supported: switch("all_supported").unwrap_or(true),
            include_global_resource_types: switch("include_global_resource_types").unwrap_or(false),
            recording,
            last_status: live.as_ref().and_then(|r| r.last_status.clone()),
            last_error: live.and_then(|r| r.last_error),
            name,
        });
    }
    for planned in edit.of_type(STATUS) {
        let Some(name) = edit.parent(planned, "name", "name") else {
            continue;
        };
        let Some(recorder) = facts.recorders.iter_mut().find(|r| r.name == name) else {
            continue;
        };
        recorder.recording = Some(if planned.remains() {
            match edit.bool(planned, &name, "is_enabled") {
                Some(enabled) => enabled,
                None => edit.fill() == Fill::High,
            }
        } else {
            // Destroying the status resource stops the recorder.
            false
        });
    }
    facts.recorders.sort_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn the_status_resource_starts_its_recorder() {
        let recorders = created::<ConfigRecorders>(serde_json::json!({"recorders": []})).await;
        let main = &recorders.recorders[0];
        assert_eq!(main.name, "main");
        assert!(main.all_supported && main.include_global_resource_types);
        assert_eq!(main.recording, Some(true));
    }
}
