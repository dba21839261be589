//! Probes: checks declared in the policy (`[[probes.http]]`) rather than written in Rust.

mod http;

pub use http::{HttpProbeCheck, HttpProbeResults, ProbeObservation, SelectedProbes, probe_check};
