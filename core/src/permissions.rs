//! Least privilege, from declarations: every fact names the AWS API calls it makes and the IAM
//! action each needs, every check the facts it reads, every stage the calls of its plan,
//! apply and rollback. `gonogo permissions` derives the policy a selection needs from them,
//! and an access-denied error names the action from them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::CheckMeta;
use crate::engine::AuditPlan;
use crate::policy::{Policy, StageSpec};
use crate::registry::{Registry, Selection};
use crate::stage::stage_kinds;

/// One AWS API operation that gonogo calls, and the IAM action that allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ApiCall {
    /// The SDK's service name, as its call metadata says (`SQS`, `CloudWatch`, `synthetics`).
    pub service: &'static str,
    /// The operation (`ListQueues`).
    pub operation: &'static str,
    /// The IAM action the Service Authorization Reference documents for it
    /// (`sqs:ListQueues`; Budgets' `DescribeBudgets` is `budgets:ViewBudget`).
    pub action: &'static str,
}

impl ApiCall {
    /// A call whose action is `prefix:Operation`, the usual case.
    pub const fn new(service: &'static str, operation: &'static str, action: &'static str) -> Self {
        Self {
            service,
            operation,
            action,
        }
    }

    /// Whether this is `service`'s `operation` (the service name in any case, as the SDK's
    /// call metadata and the interceptor's labels spell it).
    pub fn is(&self, service: &str, operation: &str) -> bool {
        self.service.eq_ignore_ascii_case(service) && self.operation == operation
    }
}

/// Declares the calls of one service whose IAM actions are `<prefix>:<Operation>`:
/// `api_calls!("SQS", "sqs": ListQueues, GetQueueAttributes)`.
#[macro_export]
macro_rules! api_calls {
    ($service:literal, $prefix:literal: $($operation:ident),+ $(,)?) => {
        &[$($crate::permissions::ApiCall::new(
            $service,
            stringify!($operation),
            concat!($prefix, ":", stringify!($operation)),
        )),+]
    };
}

/// What a fact declares, for permissions and error messages: its calls, and the facts its
/// collection asks for in turn.
#[derive(Debug)]
pub struct FactInfo {
    /// The fact's key ([`Fact::KEY`](crate::facts::Fact::KEY)).
    pub key: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The calls its collection makes.
    pub calls: &'static [ApiCall],
    /// The facts its collection asks for.
    pub needs: &'static [&'static FactInfo],
}

impl FactInfo {
    /// Its calls and those of every fact it needs, transitively.
    pub fn all_calls(&self, into: &mut BTreeSet<ApiCall>) {
        into.extend(self.calls.iter().copied());
        for need in self.needs {
            need.all_calls(into);
        }
    }

    /// The declared call of `service`'s `operation`, among its own and its needs'.
    pub fn call(&self, service: &str, operation: &str) -> Option<ApiCall> {
        let mut calls = BTreeSet::new();
        self.all_calls(&mut calls);
        calls.into_iter().find(|c| c.is(service, operation))
    }
}

/// The calls of each step of a deploy stage.
#[derive(Debug, Default)]
pub struct StageCalls {
    /// What `plan` calls (reads).
    pub plan: &'static [ApiCall],
    /// What `apply` calls.
    pub apply: &'static [ApiCall],
    /// What `rollback` calls.
    pub rollback: &'static [ApiCall],
    /// The stage runs the checks its `tags` and `categories` select (an audit gate,
    /// validation): it needs their permissions too.
    pub runs_checks: bool,
}

impl StageCalls {
    /// Every call of the three steps.
    pub fn all(&self) -> impl Iterator<Item = ApiCall> + '_ {
        self.plan
            .iter()
            .chain(self.apply)
            .chain(self.rollback)
            .copied()
    }
}

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
        registry: &Registry,
        policy: &Policy,
        specs: &[StageSpec],
    ) -> Result<(), String> {
        let kinds = stage_kinds()?;
        for spec in specs {
            let registration = kinds
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
                let plan = AuditPlan::new(registry, policy.clone(), &selection, None)
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

    static IDENTITY: FactInfo = FactInfo {
        key: "sts.identity",
        name: "identity",
        calls: api_calls!("STS", "sts": GetCallerIdentity),
        needs: &[],
    };
    static QUEUES: FactInfo = FactInfo {
        key: "sqs.queues",
        name: "queues",
        calls: api_calls!("SQS", "sqs": ListQueues, GetQueueAttributes),
        needs: &[&IDENTITY],
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
