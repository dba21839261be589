//! The plan over CloudWatch alarms: `aws_cloudwatch_metric_alarm` (its actions and metric).

use gonogo_core::Fact;
use serde_json::Value;

use super::{Alarm, AlarmKind, AlarmMetric, Alarms};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

/// The alarm resource type.
pub(super) const METRIC_ALARM: &str = "aws_cloudwatch_metric_alarm";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: Alarms::KEY,
        resource_types: &[METRIC_ALARM],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut Alarms, edit: &Edit<'_>) {
    for planned in edit.of_type(METRIC_ALARM) {
        if let Some(name) = planned.before_str("alarm_name") {
            facts.alarms.retain(|alarm| alarm.name != name);
        }
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let actions = alarm_actions(planned, edit);
        // What state a new alarm settles in is known only after it has evaluated.
        edit.record_unknown(&arn, "state");
        let state = match edit.fill() {
            Fill::Low => "INSUFFICIENT_DATA",
            Fill::High => "OK",
        };
        facts.alarms.push(Alarm {
            name: planned
                .after_str("alarm_name")
                .map_or_else(|| planned.address().to_owned(), str::to_owned),
            arn,
            kind: AlarmKind::Metric,
            state: state.to_owned(),
            state_reason: "created by the plan".to_owned(),
            actions_enabled: planned.after_bool("actions_enabled").unwrap_or(true),
            alarm_actions: actions.len(),
            action_arns: actions,
            metric: alarm_metric(planned),
        });
    }
    facts.alarms.sort_by(|a, b| a.name.cmp(&b.name));
}

/// The alarm's actions: the ARNs the plan knows, and for a list known only after apply the
/// resource it refers to (a topic the plan creates, named by its address until then).
pub(super) fn alarm_actions(planned: &Planned, edit: &Edit<'_>) -> Vec<String> {
    let known: Vec<String> = planned
        .after("alarm_actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if !known.is_empty() || !planned.is_unknown("alarm_actions") {
        return known;
    }
    edit.parent(planned, "alarm_actions", "arn")
        .into_iter()
        .collect()
}

/// The metric the alarm watches (`None` for metric math).
pub(super) fn alarm_metric(planned: &Planned) -> Option<AlarmMetric> {
    Some(AlarmMetric {
        namespace: planned.after_str("namespace")?.to_owned(),
        name: planned.after_str("metric_name")?.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::{every_family, planned};

    #[tokio::test]
    async fn an_alarm_notifies_its_topic_and_its_state_is_unknown() {
        let empty = || serde_json::json!({"alarms": []});
        let (low, _) = planned::<Alarms>(&every_family(), empty(), &[], Fill::Low).await;
        let (high, _) = planned::<Alarms>(&every_family(), empty(), &[], Fill::High).await;
        assert_eq!(low.alarms[0].action_arns, ["aws_sns_topic.alerts"]);
        assert_eq!(low.alarms[0].metric.as_ref().unwrap().name, "RootUse");
        assert_ne!(low.alarms[0].state, high.alarms[0].state);
    }
}
