//! Probes: checks declared in the policy (`[[probes.http]]`) rather than written in Rust.

mod declared;
mod http;

pub use declared::HttpProbes;
pub use http::{HttpProbeCheck, HttpProbeResults, ProbeObservation, SelectedProbes, probe_check};
