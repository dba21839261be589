//! The policy (`gonogo.toml`): weights, thresholds, blocking severities, per-check settings
//! and waivers.

mod init;
mod model;
mod parse;
mod probes;
mod schema;

pub use init::default_policy_toml;
pub use model::{
    CheckPolicy, ErrorHandling, GateOn, MAX_REQUESTS_PER_SECOND, Policy, Scoring, StageSpec,
    Waiver, Weights,
};
pub use probes::{HttpProbe, MAX_PROBE_REQUESTS, RateLimit};
pub use schema::policy_schema;
