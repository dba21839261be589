//! Every output of a real audit: the report files (JSON against its schema, JUnit, SARIF
//! against the OASIS schema, OCSF, Prometheus), CI annotations, and the Security Hub export.

mod annotations;
mod html_layout;
mod ocsf;
pub(crate) mod prometheus;
mod reports;
mod sarif;
mod schemas;
mod security_hub;
