//! Least privilege, from declarations: every fact names the AWS API calls it makes and the IAM
//! action each needs, every check the facts it reads, every stage the calls of its plan,
//! apply and rollback. `gonogo permissions` derives the policy a selection needs from them,
//! and an access-denied error names the action from them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::calls::ApiCall;
use crate::catalogue::Catalogue;
use crate::engine::AuditPlan;
use crate::meta::CheckMeta;
use crate::policy::{Policy, StageSpec};
use crate::registry::Selection;

/// What a selection needs: each call, and who needs it (check ids, stages).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Needs(BTreeMap<ApiCall, BTreeSet<String>>);

impl Needs {
    /// The calls of these checks, through the facts they declare.
    pub fn of_checks<'a>(checks: impl IntoIterator<Item = &'a CheckMeta>) -> Self {
        let mut needs = Self::default();
        for meta in checks {
            let mut calls = BTreeSet::new();
            for fact in meta.facts {
                fact.all_calls(&mut calls);
            }
            for call in calls {
                needs.add(call, meta.id);
            }
        }
        needs
    }

    /// `call` is needed by `who`.
    pub fn add(&mut self, call: ApiCall, who: &str) {
        self.0.entry(call).or_default().insert(who.to_owned());
    }

    /// Adds what the deploy stages need: each stage's own calls, and for a stage that runs
    /// checks (an audit gate, validation) the calls of the checks its `tags` and
    /// `categories` select under `policy`.
    pub fn add_stages(
        &mut self,
        catalogue: &Catalogue,
        policy: &Policy,
        specs: &[StageSpec],
    ) -> Result<(), String> {
        for spec in specs {
            let registration = catalogue
                .stages
                .get(spec.kind.as_str())
                .ok_or_else(|| format!("unknown stage kind `{}`", spec.kind))?;
            let who = format!("stage {} ({})", spec.name, spec.kind);
            for call in registration.calls.all() {
                self.add(call, &who);
            }
            if registration.calls.runs_checks {
                let selection = Selection {
                    categories: strings(&spec.params, "categories")
                        .iter()
                        .map(|c| c.parse())
                        .collect::<Result<_, _>>()?,
                    tags: strings(&spec.params, "tags"),
                    ..Selection::default()
                };
                let plan = AuditPlan::new(&catalogue.checks, policy.clone(), &selection, None)
                    .map_err(|err| format!("stage {}: {err}", spec.name))?;
                for (call, _) in Self::of_checks(plan.checks().iter().map(|c| c.meta)).0 {
                    self.add(call, &who);
                }
            }
        }
        Ok(())
    }

    /// Each call and who needs it, sorted by action.
    pub fn calls(&self) -> Vec<(ApiCall, Vec<&str>)> {
        let mut calls: Vec<(ApiCall, Vec<&str>)> = self
            .0
            .iter()
            .map(|(call, who)| (*call, who.iter().map(String::as_str).collect()))
            .collect();
        calls.sort_by_key(|(call, _)| (call.action, call.service, call.operation));
        calls
    }

    /// The IAM policy that allows exactly these calls.
    pub fn document(&self) -> PolicyDocument {
        PolicyDocument::allowing(&self.0.keys().copied().collect())
    }
}

/// A stage parameter that is a list of strings; empty when absent.
fn strings(params: &toml::Table, key: &str) -> Vec<String> {
    params
        .get(key)
        .and_then(toml::Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// An IAM policy document: one Allow statement of sorted, unique actions on every resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyDocument {
    /// `2012-10-17`.
    #[serde(rename = "Version")]
    pub version: &'static str,
    /// The one statement.
    #[serde(rename = "Statement")]
    pub statement: Vec<Statement>,
}

/// One statement of a [`PolicyDocument`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    /// `Allow`.
    #[serde(rename = "Effect")]
    pub effect: &'static str,
    /// The actions, sorted.
    #[serde(rename = "Action")]
    pub action: Vec<&'static str>,
    /// `*`.
    #[serde(rename = "Resource")]
    pub resource: &'static str,
}

impl PolicyDocument {
    /// The policy that allows exactly the actions of `calls`.
    pub fn allowing(calls: &BTreeSet<ApiCall>) -> Self {
        let actions: BTreeSet<&'static str> = calls.iter().map(|c| c.action).collect();
        Self {
            version: "2012-10-17",
            statement: vec![Statement {
                effect: "Allow",
                action: actions.into_iter().collect(),
                resource: "*",
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_calls;
    use crate::calls::FactInfo;

    static IDENTITY: FactInfo = FactInfo {
        key: "sts.identity",
        name: "identity",
        calls: api_calls!("STS", "sts": GetCallerIdentity),
        needs: &[],
        given: false,
    };
    static QUEUES: FactInfo = FactInfo {
        key: "sqs.queues",
        name: "queues",
        calls: api_calls!("SQS", "sqs": ListQueues, GetQueueAttributes),
        needs: &[&IDENTITY],
        given: false,
    };

    #[test]
    fn a_fact_needs_its_calls_and_its_needs_calls() {
        let mut calls = BTreeSet::new();
        QUEUES.all_calls(&mut calls);
        let document = PolicyDocument::allowing(&calls);
        assert_eq!(
            serde_json::to_value(&document).unwrap(),
            serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["sqs:GetQueueAttributes", "sqs:ListQueues", "sts:GetCallerIdentity"],
                    "Resource": "*",
                }],
            })
        );
        assert_eq!(
            QUEUES.call("sts", "GetCallerIdentity").map(|c| c.action),
            Some("sts:GetCallerIdentity")
        );
        assert_eq!(QUEUES.call("SQS", "DeleteQueue"), None);
    }
}
