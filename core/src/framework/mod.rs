//! Compliance frameworks as data: a benchmark's requirements and the checks that evaluate
//! each. A framework is a TOML file embedded in the crate that declares it
//! ([`declare_framework!`](crate::declare_framework)); frameworks register like checks, so a
//! team's crate adds its own go-live standard. A requirement's status is derived from its
//! checks' results ([`requirement_status`]); the audit's verdict still comes from the checks.

mod model;
mod registry;
mod status;

pub use model::{Assessment, Framework, FrameworkError, Profile, Requirement};
pub use registry::{FrameworkRegistration, Frameworks};
pub use status::{CheckState, RequirementStatus, requirement_status};
