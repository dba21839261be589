//! The verdict's reasons, grouped by cause: the checks that fail (warn, or cannot be
//! evaluated) with the same message are one line, "15 checks fail: no logging multi-region
//! trail delivers to CloudWatch Logs (monitoring.alarm-*)". The reasons themselves stay one
//! per check; the groups are how a person reads them.

use serde::{Deserialize, Serialize};

/// Reasons that share one cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReasonGroup {
    /// Whether it makes the verdict NO-GO.
    pub blocking: bool,
    /// The checks that share the cause, in the reasons' order; empty for a reason about the
    /// whole audit (the score, the weight of errors, an interruption, a note).
    pub checks: Vec<String>,
    /// The line to show: the reason itself for one check or none, "15 checks fail: … (ids)"
    /// for several.
    pub summary: String,
}

/// One reason as the verdict found it.
#[derive(Clone, Debug)]
pub(crate) struct Reason {
    /// Whether it blocks.
    pub blocking: bool,
    /// The reason, as listed.
    pub text: String,
    /// For a check's reason: the check, what happened (`fail`, `warn`, `could not be
    /// evaluated`) and its message, the cause it may share with others.
    pub cause: Option<Cause>,
}

impl Reason {
    /// A reason about the whole audit, no check's.
    pub(crate) fn of_audit(blocking: bool, text: String) -> Self {
        Self {
            blocking,
            text,
            cause: None,
        }
    }
}

/// What a check's reason says, apart from which check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cause {
    /// The check.
    pub id: String,
    /// `fail`, `warn` or `could not be evaluated`.
    pub verb: &'static str,
    /// The check's message.
    pub message: String,
}

/// What check reasons share to be one group: blocking or not, the verb, the message.
type GroupKey<'a> = (bool, &'static str, &'a str);

/// The groups of `reasons`, in their order (a group where its first reason is): each
/// check's reason joins the earlier one with the same blocking, verb and message. `ids` are
/// every check judged, so that a pattern (`monitoring.alarm-*`) is used only where it names
/// exactly the group.
pub(crate) fn group(reasons: &[Reason], ids: &[&str]) -> Vec<ReasonGroup> {
    let mut groups: Vec<(Option<GroupKey<'_>>, Vec<&Reason>)> = Vec::new();
    for reason in reasons {
        let key = reason
            .cause
            .as_ref()
            .map(|c| (reason.blocking, c.verb, c.message.as_str()));
        match groups.iter_mut().find(|(k, _)| key.is_some() && *k == key) {
            Some((_, members)) => members.push(reason),
            None => groups.push((key, vec![reason])),
        }
    }
    groups
        .into_iter()
        .map(|(key, members)| {
            let checks: Vec<String> = members
                .iter()
                .filter_map(|r| r.cause.as_ref().map(|c| c.id.clone()))
                .collect();
            let summary = match key {
                Some((blocking, verb, message)) if members.len() > 1 => format!(
                    "{} {}checks {verb}: {message} ({})",
                    members.len(),
                    if blocking { "blocking " } else { "" },
                    id_pattern(&checks, ids)
                ),
                _ => members[0].text.clone(),
            };
            ReasonGroup {
                blocking: members[0].blocking,
                checks,
                summary,
            }
        })
        .collect()
}

/// How a group's checks are named: `monitoring.alarm-*` where that names exactly them among
/// `all`, with up to two exceptions named; else the first three and how many more.
fn id_pattern(group: &[String], all: &[&str]) -> String {
    if group.len() <= 3 {
        return group.join(", ");
    }
    let mut prefix = group[0].as_str();
    for id in &group[1..] {
        let common = prefix
            .char_indices()
            .zip(id.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        prefix = &prefix[..common];
    }
    // Back to a word boundary, past the category: `monitoring.alarm-`, never `monitoring.al`.
    let boundary = prefix.rfind(['-', '.']).map_or(0, |i| i + 1);
    let prefix = &prefix[..boundary];
    let category = prefix.find('.').map_or(usize::MAX, |i| i + 1);
    if prefix.len() > category {
        let others: Vec<&str> = all
            .iter()
            .copied()
            .filter(|id| id.starts_with(prefix) && !group.iter().any(|g| g == id))
            .collect();
        match others.len() {
            0 => return format!("{prefix}*"),
            1 | 2 => return format!("{prefix}* except {}", others.join(", ")),
            _ => {}
        }
    }
    format!("{} and {} more", group[..3].join(", "), group.len() - 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: &str, blocking: bool, verb: &'static str, message: &str) -> Reason {
        Reason {
            blocking,
            text: format!("check {id} failed: {message}"),
            cause: Some(Cause {
                id: id.to_owned(),
                verb,
                message: message.to_owned(),
            }),
        }
    }

    #[test]
    fn checks_with_one_cause_are_one_line_named_by_a_pattern_that_fits_exactly() {
        let trail = "no logging multi-region trail delivers to CloudWatch Logs";
        let alarms = [
            "monitoring.alarm-config-changes",
            "monitoring.alarm-root-use",
            "monitoring.alarm-vpc-changes",
            "monitoring.alarm-nacl-changes",
        ];
        let mut reasons: Vec<Reason> = alarms
            .iter()
            .map(|id| check(id, false, "fail", trail))
            .collect();
        reasons.insert(
            1,
            check("security.root-mfa", true, "fail", "root has no MFA"),
        );
        reasons.push(Reason {
            blocking: false,
            text: "score 40 is under go_score 90".to_owned(),
            cause: None,
        });
        let mut ids = alarms.to_vec();
        ids.push("security.root-mfa");
        let groups = group(&reasons, &ids);
        let summaries: Vec<&str> = groups.iter().map(|g| g.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "4 checks fail: no logging multi-region trail delivers to CloudWatch Logs (monitoring.alarm-*)",
                "check security.root-mfa failed: root has no MFA",
                "score 40 is under go_score 90",
            ]
        );
        assert_eq!(groups[0].checks.len(), 4);
        assert!(groups[1].blocking && !groups[0].blocking);

        ids.push("monitoring.alarm-actions");
        assert_eq!(
            group(&reasons, &ids)[0].summary,
            "4 checks fail: no logging multi-region trail delivers to CloudWatch Logs (monitoring.alarm-* except monitoring.alarm-actions)"
        );
        ids.extend(["monitoring.alarm-a", "monitoring.alarm-b"]);
        assert_eq!(
            group(&reasons, &ids)[0].summary,
            "4 checks fail: no logging multi-region trail delivers to CloudWatch Logs (monitoring.alarm-config-changes, monitoring.alarm-root-use, monitoring.alarm-vpc-changes and 1 more)"
        );
    }

    #[test]
    fn a_blocking_and_a_conditional_reason_never_share_a_line() {
        let reasons = [
            check("a.x", true, "fail", "same"),
            check("a.y", false, "fail", "same"),
            check("a.z", false, "warn", "same"),
        ];
        assert_eq!(group(&reasons, &["a.x", "a.y", "a.z"]).len(), 3);
    }
}
