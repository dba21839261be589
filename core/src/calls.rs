//! What the plugins declare about AWS: each API call and the IAM action it needs
//! ([`ApiCall`]), each fact's calls and the facts it needs ([`FactInfo`]), each deploy
//! stage's calls ([`StageCalls`]). The permissions a selection needs are derived from these
//! (the `permissions` module); an access-denied error names the action from them.

use std::collections::BTreeSet;

use serde::Serialize;

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
        &[$($crate::calls::ApiCall::new(
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
    /// The fact's key (`Fact::KEY`).
    pub key: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The calls its collection makes.
    pub calls: &'static [ApiCall],
    /// The facts its collection asks for.
    pub needs: &'static [&'static FactInfo],
    /// Given by the audit (the Terraform plan of `--plan`), not read from the account: a
    /// snapshot does not hold it, and every audit provides it.
    pub given: bool,
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
    /// A stage that calls AWS only through the checks it runs (an audit gate, validation,
    /// the Terraform plan's audit).
    pub const CHECKS_ONLY: StageCalls = StageCalls {
        plan: &[],
        apply: &[],
        rollback: &[],
        runs_checks: true,
    };

    /// Every call of the three steps.
    pub fn all(&self) -> impl Iterator<Item = ApiCall> + '_ {
        self.plan
            .iter()
            .chain(self.apply)
            .chain(self.rollback)
            .copied()
    }
}
