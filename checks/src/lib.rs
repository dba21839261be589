//! gonogo-checks: the built-in plugins.
//!
//! [`aws`] loads the SDK configuration; [`facts`] collects what checks read (one file per
//! service, each fact collected once per audit and paginated fully); the check catalogue is one
//! file per check, a folder per category. Checks never call AWS themselves. [`fleet`] reaches
//! other accounts (STS AssumeRole) and lists enabled regions. Sending an audit's outcome out
//! is the audit service's (`gonogo-audit`'s destinations).

pub mod aws;
pub mod facts;
pub mod fleet;
mod frameworks;
pub mod plan;

mod cost;
mod infrastructure;
mod monitoring;
mod operations;
mod prelude;
pub mod probes;
mod security;
pub mod stages;
#[cfg(test)]
mod testing;

/// Makes sure a binary links this crate, and with it every check registered here.
///
/// `inventory` registrations live in this crate's object code; a binary that never names the
/// crate may have it dropped by the linker, leaving no checks. Call this from `main`.
pub fn link() {}
