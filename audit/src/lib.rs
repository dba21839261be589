//! gonogo-audit: the audit service below the CLI.
//!
//! An [`AuditRequest`] in plain types (which checks under which policy, live AWS or a
//! snapshot, which accounts and regions, the baseline, the clock) is prepared
//! ([`PreparedAudit::prepare`]: every mistake in it found before any AWS call) and run
//! ([`PreparedAudit::run`]): plan → stores → each account's audit with bounded fan-out →
//! merge → framework views. Its outcome goes to the [`destinations`]. The CLI maps its
//! arguments to a request and prints; the deploy stages audit through the same service
//! ([`PipelineAuditor`]); `gonogo merge` merges through [`merge`]. Nothing here parses
//! arguments, prints or installs a signal handler: the caller hears the run through
//! [`RunHooks`].
#![warn(missing_docs)]

mod account;
pub mod destinations;
mod error;
mod hooks;
pub mod merge;
mod plan_verdict;
pub mod planning;
pub mod request;
mod service;
mod snapshot;
mod stage_auditor;
pub mod targets;
mod views;

pub use account::live_facts;
pub use destinations::{Destination, deliver};
pub use error::{AuditError, DeliveryError};
pub use hooks::RunHooks;
pub use request::{
    AuditRequest, CheckRequest, FactSource, OrganizationScope, RunSettings, Shard, ShardIndex,
    ShardSpec, Targets,
};
pub use service::{Audited, PreparedAudit, load_report};
pub use snapshot::record_snapshot;
pub use stage_auditor::PipelineAuditor;
pub use views::framework_views;
