//! The plan over what watches the multi-region trails (CIS 5.1 to 5.15): trails that start
//! or stop delivering to CloudWatch Logs (`aws_cloudtrail`), metric filters on their log
//! groups (`aws_cloudwatch_log_metric_filter`), alarms on the filters' metrics
//! (`aws_cloudwatch_metric_alarm`) and subscriptions to the alarms' topics
//! (`aws_sns_topic_subscription`). What the account has besides the plan (the alarms' other
//! actions, the topics with subscribers) is read from the account as it is.

use std::collections::BTreeSet;

use gonogo_core::Fact;

use super::cloudtrail_plan::{TRAIL, planned_trail};
use super::cloudwatch_plan::{METRIC_ALARM, alarm_actions, alarm_metric};
use super::{
    AlarmMetric, Alarms, FilterAlarm, MonitoredTrail, SnsSubscriptions, TrailFilter,
    TrailMetricAlarms,
};
use crate::plan::values::{block, string};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const METRIC_FILTER: &str = "aws_cloudwatch_log_metric_filter";
const SUBSCRIPTION: &str = "aws_sns_topic_subscription";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: TrailMetricAlarms::KEY,
        resource_types: &[TRAIL, METRIC_FILTER, METRIC_ALARM, SUBSCRIPTION],
        regional: false,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut TrailMetricAlarms, edit: &Edit<'_>) {
    let subscribed = subscribed_topics(edit);
    for planned in edit.of_type(TRAIL) {
        apply_trail(facts, planned, edit);
    }
    for planned in edit.of_type(METRIC_FILTER) {
        apply_filter(facts, planned, edit, &subscribed);
    }
    for planned in edit.of_type(METRIC_ALARM) {
        apply_alarm(facts, planned, edit, &subscribed);
    }
    resubscribe(facts, edit, &subscribed);
    unsubscribe(facts, edit);
    facts.trails.sort_by(|a, b| a.trail_arn.cmp(&b.trail_arn));
}

/// The topics with a subscriber once the plan is applied: the account's, and those the plan
/// subscribes someone to (by ARN, or by address while the topic's ARN is unknown).
fn subscribed_topics(edit: &Edit<'_>) -> BTreeSet<String> {
    let mut topics = edit
        .as_is::<SnsSubscriptions>()
        .map(|subscriptions| subscriptions.subscribed_topics.clone())
        .unwrap_or_default();
    for planned in edit.of_type(SUBSCRIPTION) {
        if planned.remains()
            && let Some(topic) = edit.parent(planned, "topic_arn", "arn")
        {
            topics.insert(topic);
        }
    }
    topics
}

/// A trail the plan changes stops being watched as it was; as the plan leaves it, it is
/// watched through its log group's filters when it logs everything.
fn apply_trail(facts: &mut TrailMetricAlarms, planned: &Planned, edit: &Edit<'_>) {
    let before = planned
        .before_str("arn")
        .and_then(|arn| facts.trails.iter().position(|t| t.trail_arn == arn))
        .map(|at| facts.trails.remove(at));
    if !planned.remains() {
        return;
    }
    let trail = planned_trail(planned, edit);
    let Some(log_group) = log_group_of(planned, edit) else {
        return;
    };
    if !trail.logs_everything() {
        return;
    }
    // The filters on that log group, as far as the account shows them: a log group another
    // trail already delivers to has its filters listed there.
    let filters = before
        .filter(|b| b.log_group == log_group)
        .map(|b| b.filters)
        .or_else(|| {
            facts
                .trails
                .iter()
                .find(|t| t.log_group == log_group)
                .map(|t| t.filters.clone())
        })
        .unwrap_or_default();
    facts.trails.push(MonitoredTrail {
        trail: trail.name,
        trail_arn: trail.arn,
        log_group,
        region: planned.region.clone(),
        filters,
    });
}

/// The name of the log group a trail delivers to: from its ARN, or, while that is known
/// only after apply, from the log group resource it refers to.
fn log_group_of(planned: &Planned, edit: &Edit<'_>) -> Option<String> {
    match planned.after_str("cloud_watch_logs_group_arn") {
        Some(arn) => {
            let (_, rest) = arn.split_once(":log-group:")?;
            Some(rest.strip_suffix(":*").unwrap_or(rest).to_owned())
        }
        None => edit.parent(planned, "cloud_watch_logs_group_arn", "name"),
    }
}

fn apply_filter(
    facts: &mut TrailMetricAlarms,
    planned: &Planned,
    edit: &Edit<'_>,
    subscribed: &BTreeSet<String>,
) {
    if let (Some(group), Some(name)) = (
        planned.before_str("log_group_name"),
        planned.before_str("name"),
    ) {
        for trail in facts.trails.iter_mut().filter(|t| t.log_group == group) {
            trail.filters.retain(|filter| filter.name != name);
        }
    }
    if !planned.remains() {
        return;
    }
    let Some(group) = edit.parent(planned, "log_group_name", "name") else {
        return;
    };
    let metric = block(&planned.change.after, "metric_transformation").and_then(|m| {
        Some(AlarmMetric {
            namespace: string(m, "namespace")?,
            name: string(m, "name")?,
        })
    });
    let alarms = metric
        .as_ref()
        .map(|metric| alarms_on(facts, metric, edit, subscribed))
        .unwrap_or_default();
    let filter = TrailFilter {
        name: planned
            .after_str("name")
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        pattern: edit
            .string(planned, planned.address(), "pattern")
            .unwrap_or_default(),
        metric,
        alarms,
    };
    for trail in facts.trails.iter_mut().filter(|t| t.log_group == group) {
        trail.filters.push(filter.clone());
    }
}

/// The alarms on `metric` once the plan is applied: those the account already has on it,
/// and those the plan creates.
fn alarms_on(
    facts: &TrailMetricAlarms,
    metric: &AlarmMetric,
    edit: &Edit<'_>,
    subscribed: &BTreeSet<String>,
) -> Vec<FilterAlarm> {
    let mut alarms: Vec<FilterAlarm> = Vec::new();
    for filter in facts.trails.iter().flat_map(|t| &t.filters) {
        if filter.metric.as_ref() == Some(metric) {
            for alarm in &filter.alarms {
                if !alarms.iter().any(|a| a.name == alarm.name) {
                    alarms.push(alarm.clone());
                }
            }
        }
    }
    for planned in edit.of_type(METRIC_ALARM) {
        if planned.remains() && alarm_metric(planned).as_ref() == Some(metric) {
            let alarm = filter_alarm(planned, edit, subscribed);
            alarms.retain(|a| a.name != alarm.name);
            alarms.push(alarm);
        }
    }
    alarms
}

fn filter_alarm(planned: &Planned, edit: &Edit<'_>, subscribed: &BTreeSet<String>) -> FilterAlarm {
    FilterAlarm {
        name: planned
            .after_str("alarm_name")
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        arn: edit.name(planned, planned.after_str("arn")),
        subscribed_topics: alarm_actions(planned, edit)
            .into_iter()
            .filter(|topic| subscribed.contains(topic))
            .collect(),
    }
}

/// An alarm the plan changes leaves every filter on its old metric, and joins every filter
/// on its new one.
fn apply_alarm(
    facts: &mut TrailMetricAlarms,
    planned: &Planned,
    edit: &Edit<'_>,
    subscribed: &BTreeSet<String>,
) {
    let names: Vec<&str> = [
        planned.before_str("alarm_name"),
        planned.after_str("alarm_name"),
    ]
    .into_iter()
    .flatten()
    .collect();
    for filter in facts.trails.iter_mut().flat_map(|t| &mut t.filters) {
        filter
            .alarms
            .retain(|alarm| !names.contains(&alarm.name.as_str()));
    }
    if !planned.remains() {
        return;
    }
    let Some(metric) = alarm_metric(planned) else {
        return;
    };
    let alarm = filter_alarm(planned, edit, subscribed);
    for filter in facts.trails.iter_mut().flat_map(|t| &mut t.filters) {
        if filter.metric.as_ref() == Some(&metric) {
            filter.alarms.push(alarm.clone());
        }
    }
}

/// A subscription the plan deletes may have been its topic's last: whether the topic keeps a
/// subscriber is known only after apply, for every alarm that notifies it.
fn unsubscribe(facts: &mut TrailMetricAlarms, edit: &Edit<'_>) {
    for planned in edit.of_type(SUBSCRIPTION) {
        if planned.remains() {
            continue;
        }
        let Some(topic) = planned.before_str("topic_arn") else {
            continue;
        };
        for alarm in facts
            .trails
            .iter_mut()
            .flat_map(|t| &mut t.filters)
            .flat_map(|f| &mut f.alarms)
            .filter(|alarm| alarm.subscribed_topics.iter().any(|t| t == topic))
        {
            edit.record_unknown(&alarm.arn, "subscriptions");
            if edit.fill() == Fill::Low {
                alarm.subscribed_topics.retain(|t| t != topic);
            }
        }
    }
}

/// An alarm the account has notifies a topic the plan subscribes someone to: that topic
/// now counts (its actions are read from the account's alarms).
fn resubscribe(facts: &mut TrailMetricAlarms, edit: &Edit<'_>, subscribed: &BTreeSet<String>) {
    let Some(alarms) = edit.as_is::<Alarms>() else {
        return;
    };
    for alarm in facts
        .trails
        .iter_mut()
        .flat_map(|t| &mut t.filters)
        .flat_map(|f| &mut f.alarms)
    {
        let Some(live) = alarms.alarms.iter().find(|a| a.name == alarm.name) else {
            continue;
        };
        for topic in live.action_arns.iter().filter(|t| subscribed.contains(*t)) {
            if !alarm.subscribed_topics.contains(topic) {
                alarm.subscribed_topics.push(topic.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_new_trail_filter_alarm_and_subscription_make_a_chain() {
        let watched = created::<TrailMetricAlarms>(serde_json::json!({"trails": []})).await;
        let trail = &watched.trails[0];
        assert_eq!(trail.log_group, "trail");
        let filter = &trail.filters[0];
        assert_eq!(filter.name, "root-use");
        assert_eq!(filter.alarms[0].name, "root-use");
        assert_eq!(
            filter.alarms[0].subscribed_topics,
            ["aws_sns_topic.alerts"],
            "the topic the plan subscribes someone to, by its address"
        );
    }
}
