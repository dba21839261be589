//! The plan over GuardDuty: `aws_guardduty_detector` (enabled or not).

use gonogo_core::Fact;

use super::{Detector, GuardDutyDetectors};
use crate::plan::{Edit, FamilyOverlay};

const DETECTOR: &str = "aws_guardduty_detector";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: GuardDutyDetectors::KEY,
        resource_types: &[DETECTOR],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut GuardDutyDetectors, edit: &Edit<'_>) {
    for planned in edit.of_type(DETECTOR) {
        if let Some(id) = planned.before_str("id") {
            facts.detectors.retain(|detector| detector.id != id);
        }
        if !planned.remains() {
            continue;
        }
        let id = edit.name(planned, planned.after_str("id"));
        // Not written: enabled, the provider's default.
        let enabled = edit.bool(planned, &id, "enable").unwrap_or(true);
        facts.detectors.push(Detector {
            id,
            status: if enabled { "ENABLED" } else { "DISABLED" }.to_owned(),
        });
    }
    facts.detectors.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_detector_is_enabled() {
        let detectors = created::<GuardDutyDetectors>(serde_json::json!({"detectors": []})).await;
        assert_eq!(detectors.detectors[0].status, "ENABLED");
    }
}
